"""As-needed doses against the label's own limits: how many in the last 24 hours, and from when
the label allows the next one.

Everything is worked out in absolute time (a rolling 24 hours, not a calendar day), so midnight,
a change of clocks or a journey to another time zone changes nothing. The words are neutral
information from the numbers the person entered, never advice: the label and the care team
decide, and a dose taken earlier is still recorded as it happened.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from carecompanion.domain.records import Dose, Medication

DAY = timedelta(hours=24)
# How far back the doses that decide the next one can lie: the 24-hour window, or the label's
# longest gap between doses (72 hours at most, see rules.MIN_HOURS_LIMIT), whichever is longer.
LOOKBACK = timedelta(hours=72)


@dataclass(frozen=True, slots=True)
class DoseWindow:
    """One medication's doses in the 24 hours up to a moment, against its label."""

    medication: Medication
    taken: int  # doses in the 24 hours up to `at`
    last: datetime | None  # the latest dose at or before `at`
    next_from: datetime | None  # when the label allows the next dose; None: no limit applies
    at: datetime

    @property
    def allowed_now(self) -> bool:
        return self.next_from is None or self.next_from <= self.at

    def summary(self, zone: tzinfo) -> str:
        """ "3 of 6 in the last 24 hours · next from 14:30", from the label's numbers."""
        most = self.medication.max_per_day
        count = f"{self.taken} of {most}" if most is not None else f"{self.taken}"
        text = f"{count} in the last 24 hours"
        if not self.allowed_now and self.next_from is not None:
            text += f" · next from {_clock(self.next_from, self.at, zone)}"
        return text


def _clock(moment: datetime, now: datetime, zone: tzinfo) -> str:
    local, today = moment.astimezone(zone), now.astimezone(zone)
    if local.date() == today.date():
        return f"{local:%H:%M}"
    return f"{local:%a} {local:%H:%M}"


def dose_window(medication: Medication, doses: Iterable[Dose], at: datetime) -> DoseWindow:
    """The doses of `medication` in the 24 hours up to `at` and when the next is allowed.

    A dose exactly 24 hours before `at` has left the window. The next dose is allowed once the
    least time between doses has passed since the latest one and fewer than the most in 24 hours
    remain in the window; either limit may be missing.
    """
    taken = sorted(
        d.taken_at for d in doses if d.medication_id == medication.id and d.taken_at <= at
    )
    recent = [t for t in taken if at - DAY < t]
    last = taken[-1] if taken else None
    waits: list[datetime] = []
    if medication.min_hours is not None and last is not None:
        waits.append(last + timedelta(hours=medication.min_hours))
    most = medication.max_per_day
    if most is not None and len(recent) >= most:
        # The window drops below the most once enough of its oldest doses have left it.
        waits.append(recent[len(recent) - most] + DAY)
    next_from = max(waits) if waits else None
    return DoseWindow(medication, len(recent), last, next_from, at)


def earlier_than_label(medication: Medication, doses: Iterable[Dose], at: datetime) -> str | None:
    """Why a dose at `at` comes sooner than the label allows, in plain words, or None.

    `doses` are the medication's other doses, before and after `at` (a dose can be backdated
    between two others, or logged at the same second as one): the least time between doses is
    measured to the nearest of them either side, and the most in 24 hours over every 24 hours
    that would hold the new dose.
    """
    others = sorted(
        d.taken_at for d in doses if d.medication_id == medication.id and d.taken_at.tzinfo
    )
    parts = []
    if medication.min_hours is not None and others:
        least = timedelta(hours=medication.min_hours)
        nearest = min(others, key=lambda t: abs(t - at))
        gap = abs(nearest - at)
        if gap < least:
            side = "before" if nearest <= at else "after"
            parts.append(
                f"the label says at least {medication.min_hours:g} hours between doses, and "
                f"another was recorded {_duration(gap)} {side}"
            )
    most = medication.max_per_day
    if most is not None:
        times = sorted([*others, at])
        for end in (t for t in times if at <= t < at + DAY):
            held = sum(1 for t in times if end - DAY < t <= end)
            if held > most:
                parts.append(
                    f"the label says at most {most} in 24 hours, and with this one there "
                    f"would be {held}"
                )
                break
    return "; ".join(parts) or None


def _duration(span: timedelta) -> str:
    # Rounded down: 3 h 59 min 59 s is not "4 h" beside a label that says at least 4 hours.
    minutes = max(0, int(span.total_seconds() // 60))
    if minutes == 0:
        return "less than a minute"
    hours, minutes = divmod(minutes, 60)
    if hours and minutes:
        return f"{hours} h {minutes} min"
    return f"{hours} h" if hours else f"{minutes} min"


@dataclass(frozen=True, slots=True)
class PerDay:
    """Doses per local day over a period: the average, the most and the day it happened."""

    days: int
    total: int
    most: int
    most_on: date | None

    @property
    def average(self) -> float:
        return self.total / self.days if self.days else 0.0


def doses_per_day(doses: Iterable[Dose], first: date, last: date, zone: tzinfo) -> PerDay:
    """Doses counted by the local day they were taken on, over the days `first`..`last`."""
    counts: dict[date, int] = {}
    for dose in doses:
        day = dose.taken_at.astimezone(zone).date()
        if first <= day <= last:
            counts[day] = counts.get(day, 0) + 1
    days = (last - first).days + 1
    if not counts:
        return PerDay(max(days, 0), 0, 0, None)
    most_on = min(day for day, n in counts.items() if n == max(counts.values()))
    return PerDay(max(days, 0), sum(counts.values()), counts[most_on], most_on)
