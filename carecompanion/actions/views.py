"""What a page shows, read in one session per refresh (the read side of the actions)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from carecompanion.db.journal import Journal
from carecompanion.domain.context import Context
from carecompanion.domain.flags import USUAL_LONG_WINDOW, WEIGHT_WINDOW, Flag, Tier, evaluate_all
from carecompanion.domain.medications import LOOKBACK, DoseWindow, dose_window
from carecompanion.domain.records import CheckIn, Profile
from carecompanion.domain.symptoms import Symptom
from carecompanion.domain.times import day_bounds
from carecompanion.services import checkin_rows, medication_rows, profile, symptoms
from carecompanion.services.checkin_rows import Reader

# A check-in that reached "call now" or "call your care team today" keeps a standing note at
# the top of Today for a day, whichever door saved it (window, command line, import).
STANDING_FOR = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class StandingAlert:
    """The most urgent call-suggesting tier reached in the last 24 hours: the latest check-in
    that reached it, that check-in's flags of that tier, and when the note goes."""

    tier: Tier
    checkin: CheckIn
    flags: list[Flag]
    until: datetime
    count: int  # check-ins in the last 24 hours that reached this tier


@dataclass(frozen=True, slots=True)
class TodayView:
    """The symptoms offered, their names, today's check-ins (or the last one before), each
    shown check-in's flags, and the standing alert of the last 24 hours, if any."""

    active: list[Symptom]
    labels: dict[str, str]
    today: list[CheckIn]
    last: CheckIn | None
    flags: dict[uuid.UUID, list[Flag]] = field(default_factory=dict)
    alert: StandingAlert | None = None
    profile: Profile = field(default_factory=Profile)

    def tier_of(self, checkin: CheckIn) -> Tier | None:
        """The most urgent tier a check-in reached (whether or not it was raised again)."""
        found = self.flags.get(checkin.id, [])
        return min((f.tier for f in found), key=lambda t: t.value, default=None)


def today_view(source: Reader, ctx: Context) -> TodayView:
    active = symptoms.active(source)
    every_label = symptoms.labels(source)
    labels = {s.key: s.label for s in active}
    labels.update({k: v for k, v in every_label.items() if k not in labels})
    now = ctx.now()
    start, _end = day_bounds(ctx.today(), ctx.today(), ctx.zone)
    today = checkin_rows.between(source, start, now)
    last = None if today else next(iter(checkin_rows.latest(source, 1)), None)
    person = profile.get(source)
    # Every check-in shown or within the standing window, judged as the save path judges it.
    wanted_from = min(start, now - STANDING_FOR)
    if last is not None:
        wanted_from = min(wanted_from, last.recorded_at)
    judged = evaluate_all(
        _flag_history(source, wanted_from, now),
        fever_threshold_c=person.fever_threshold_c,
        labels=every_label,
        temperature_unit=person.temperature_unit,
        weight_unit=person.weight_unit,
    )
    flags = {c.id: found for c, found in judged if c.recorded_at >= wanted_from and found}
    recent = [(c, found) for c, found in judged if c.recorded_at >= now - STANDING_FOR]
    return TodayView(active, labels, today, last, flags, _standing_alert(recent), person)


def _flag_history(source: Reader, wanted_from: datetime, now: datetime) -> list[CheckIn]:
    """What the flag engine needs to judge every check-in from `wanted_from` exactly as the
    save path does (which tier each reached; `Flag.raised` is not used here): the usual level
    looks back 28 days, so those check-ins in full; the weight-loss flag six months more, so
    from before that only the weights (a heavy journal's six months take a while to judge)."""
    scored_from = wanted_from - USUAL_LONG_WINDOW
    weighed = checkin_rows.weights_between(source, scored_from - WEIGHT_WINDOW, scored_from)
    return weighed + checkin_rows.between(source, scored_from, now)


def _standing_alert(recent: list[tuple[CheckIn, list[Flag]]]) -> StandingAlert | None:
    """One note, not one per check-in: the most urgent tier, then the latest check-in."""
    for tier in (Tier.CALL_NOW, Tier.TODAY):
        reached = [(c, [f for f in found if f.tier is tier]) for c, found in recent]
        reached = [(c, found) for c, found in reached if found]
        if reached:
            checkin, found = reached[-1]  # oldest first, so the last is the latest
            return StandingAlert(
                tier, checkin, found, checkin.recorded_at + STANDING_FOR, len(reached)
            )
    return None


def ongoing_with_windows(journal: Journal, ctx: Context) -> list[DoseWindow]:
    """Each ongoing medication with its last 24 hours, for Today: one read."""
    now = ctx.now()
    with journal.rows() as connection:
        found = [m for m in medication_rows.all_medications(connection) if m.ongoing]
        recent = medication_rows.doses_between(connection, now - LOOKBACK, now)
    return [dose_window(m, recent, now) for m in found]
