"""Gathering what the care-team summary needs, reading only the period and the weeks before it
(whole check-ins for 28 days, for the usual levels; weights alone for six months, for a
weight-loss flag)."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from carecompanion.db.models import CheckInRow, DoseRow, MedicationRow
from carecompanion.domain.flags import (
    MODERATE_AT,
    SEVERE_AT,
    TEMPERATURE_KEY,
    USUAL_LONG_WINDOW,
    WEIGHT_KEY,
    WEIGHT_WINDOW,
    Flag,
    FlagKind,
    Tier,
    evaluate_all,
    is_fever,
    supportive_care_prompt,
    usual_level,
)
from carecompanion.domain.medications import doses_per_day
from carecompanion.domain.records import (
    ActivityLevel,
    CareContact,
    CheckIn,
    Dose,
    EndReason,
    Medication,
    Profile,
    QuestionStatus,
    Recorder,
    TreatmentLine,
)
from carecompanion.domain.report import (
    AsNeeded,
    FlagSummary,
    Report,
    ReportOptions,
    SymptomSummary,
    VitalSummary,
)
from carecompanion.domain.symptoms import band_for
from carecompanion.domain.times import day_bounds
from carecompanion.domain.vitals import show_temperature, show_weight
from carecompanion.services import (
    biomarkers,
    checkin_rows,
    checkins,
    medications,
    profile,
    questions,
    symptoms,
    treatments,
    trends,
)

MAX_CONTACTS = 3
DAILY_TREND_UP_TO = 92  # days in the period
WEEKLY_TREND_UP_TO = 4 * 366


def period_bounds(options: ReportOptions, zone: tzinfo) -> tuple[datetime, datetime]:
    return day_bounds(options.start, options.end, zone)


def build(session: Session, options: ReportOptions, generated_at: datetime, zone: tzinfo) -> Report:
    since, until = period_bounds(options, zone)
    known = symptoms.known(session)
    labels = {key: s.label for key, s in known.items()}
    window = _history(session, since, until)
    in_period = [c for c in window if c.recorded_at >= since]
    lines = treatments.all_lines(session)
    person = profile.get(session)
    every_question = questions.all_questions(session)
    active_keys = [s.key for s in symptoms.active(session)]
    scored = {key for c in in_period for key in c.scores}
    shown = active_keys + sorted(k for k in scored if k not in active_keys)
    bucket = trend_bucket(options)
    series = trends.series(session, since, until, shown, bucket=bucket, zone=zone)
    judged = [
        (entry, found)
        for entry, found in evaluate_all(
            window,
            fever_threshold_c=person.fever_threshold_c,
            labels=labels,
            temperature_unit=person.temperature_unit,
            weight_unit=person.weight_unit,
        )
        if entry.recorded_at >= since
    ]
    summaries = _flag_summaries(judged, labels, person)
    on = options.end
    started = [ln for ln in lines if ln.start_date <= on]
    current, prior, last_stopped = _treatment_context(lines, on)
    doses = _doses(session, since, until, as_needed_only=not options.include_log)
    dosed = {d.medication_id for d in doses}
    listed = [
        m for m in medications.all_medications(session) if m.start_date <= on or m.id in dosed
    ]
    last_day = min(on, generated_at.astimezone(zone).date())
    return Report(
        options=options,
        generated_at=generated_at,
        time_zone=getattr(zone, "key", None) or str(zone),
        name=person.name,
        date_of_birth=person.date_of_birth,
        diagnosis=person.diagnosis,
        lines=tuple(lines),
        current_line=current[-1] if current else None,
        current_lines=current,
        prior_lines=prior,
        last_stopped=last_stopped,
        local_treatments=tuple(ln for ln in started if ln.category.is_local),
        other_treatments=tuple(
            ln
            for ln in started
            if ln.line_number is None
            and not ln.category.is_local
            and (ln.end_date is None or ln.end_date >= on - timedelta(days=365))
        ),
        latest_activity=_latest_activity(session, until),
        tests=tuple(biomarkers.all_tests(session)),
        flags=tuple(summaries),
        tier_counts=_tier_counts(judged),
        supportive_prompt=_supportive(lines, in_period, until, on),
        symptoms=tuple(
            _summarise(key, labels.get(key, key), window, in_period, series.get(key, []))
            for key in shown
            if key in scored or key in active_keys
        ),
        vitals=_vitals(in_period),
        temperature_unit=person.temperature_unit,
        weight_unit=person.weight_unit,
        fever_threshold_c=person.fever_threshold_c,
        checkin_count=len(in_period),
        caregiver_count=sum(c.recorded_by is Recorder.CAREGIVER for c in in_period),
        pinned=tuple(q for q in every_question if q.pinned),
        open_questions=tuple(q for q in every_question if q.status is QuestionStatus.OPEN),
        contacts=_contacts(person.contacts),
        emergency_number=person.emergency_number,
        log=tuple(reversed(in_period)) if options.include_log else (),
        medications=tuple(listed),
        as_needed=_as_needed(listed, doses, options.start, last_day, zone, bucket),
        doses=tuple(reversed(doses)) if options.include_log else (),
        labels=labels,
        trend_bucket=bucket,
    )


def _history(session: Session, since: datetime, until: datetime) -> list[CheckIn]:
    """The check-ins the period is judged by, oldest first: every check-in from 28 days before
    the period to its end (a usual level looks back 28 days), and before those, back to six
    months before the period, the check-ins carrying a weight, with their weight alone (weight
    lost is judged over six months). The summary counts every check-in at or over a threshold,
    which rests on nothing further back; only the no-nagging rule, which it does not use, does.
    """
    whole_from = since - USUAL_LONG_WINDOW
    weights = checkin_rows.weights_between(session, since - WEIGHT_WINDOW, whole_from)
    return weights + checkins.between(session, whole_from, until)


def _doses(session: Session, since: datetime, until: datetime, as_needed_only: bool) -> list[Dose]:
    """The period's doses of medications not deleted, oldest first, in one query of plain
    columns (a year of doses is thousands of rows: no ORM object per row)."""
    query = (
        select(DoseRow.id, DoseRow.medication_id, DoseRow.taken_at, DoseRow.recorded_by)
        .join(MedicationRow, DoseRow.medication_id == MedicationRow.id)
        .where(
            DoseRow.deleted_at.is_(None),
            MedicationRow.deleted_at.is_(None),
            DoseRow.taken_at >= since,
            DoseRow.taken_at <= until,
        )
        .order_by(DoseRow.taken_at)
    )
    if as_needed_only:
        query = query.where(MedicationRow.as_needed.is_(True))
    return [Dose(i, m, at, Recorder(by)) for i, m, at, by in session.execute(query)]


def _as_needed(
    listed: list[Medication],
    doses: list[Dose],
    start: date,
    last_day: date,
    zone: tzinfo,
    bucket: str,
) -> tuple[AsNeeded, ...]:
    """Per as-needed medication on the list in the period, its doses per local day: nothing at
    all when no as-needed dose was recorded in the period (doses may simply not be logged).

    The days counted are the period's, less those before the medication started or after it
    stopped (or after the summary was made); a dose recorded outside those days still counts,
    and its day with it, so no recorded dose is left out."""
    wanted = {m.id for m in listed if m.as_needed}
    taken: dict[uuid.UUID, list[Dose]] = {}
    for dose in doses:
        if dose.medication_id in wanted:
            taken.setdefault(dose.medication_id, []).append(dose)
    if not taken:
        return ()
    found: list[AsNeeded] = []
    for medication in listed:
        if not medication.as_needed:
            continue
        mine = taken.get(medication.id, [])
        days = sorted(d.taken_at.astimezone(zone).date() for d in mine)
        first = max(start, medication.start_date)
        last = min(last_day, medication.stop_date or last_day)
        if days:
            first, last = min(first, days[0]), max(last, days[-1])
        if first > last:
            continue  # not on the list in the period, and no dose of it recorded
        per_day = doses_per_day(mine, first, last, zone) if mine else None
        points = _most_per_bucket(Counter(days), first, last, zone, bucket)
        found.append(AsNeeded(medication, first, last, per_day, points))
    return tuple(found)


def _most_per_bucket(
    counts: Counter[date], first: date, last: date, zone: tzinfo, bucket: str
) -> tuple[tuple[datetime, int], ...]:
    """The most doses taken in a day, per day, week or month (as the symptoms' trend lines
    take the highest score), each at local noon of the bucket's first day counted."""
    most: dict[date, tuple[date, int]] = {}
    day = first
    while day <= last:
        if bucket == "day":
            key = day
        elif bucket == "week":
            key = day - timedelta(days=day.weekday())
        else:
            key = day.replace(day=1)
        held = most.get(key)
        n = counts.get(day, 0)
        most[key] = (held[0], max(held[1], n)) if held else (day, n)
        day += timedelta(days=1)
    return tuple(
        (datetime.combine(on, time(12), tzinfo=zone), n) for on, n in sorted(most.values())
    )


def trend_bucket(options: ReportOptions) -> str:
    """What one point of the summary's trend lines is: the highest score of a day up to about
    three months, of a week up to four years (so a year's 52 points stay readable), else of a
    month."""
    days = (options.end - options.start).days + 1
    if days <= DAILY_TREND_UP_TO:
        return "day"
    return "week" if days <= WEEKLY_TREND_UP_TO else "month"


def _contacts(contacts: Sequence[CareContact]) -> tuple[CareContact, ...]:
    """Up to three contacts, those answering 24 hours a day first, otherwise in their order."""
    ordered = sorted(contacts, key=lambda c: not c.around_the_clock)
    return tuple(ordered[:MAX_CONTACTS])


def _treatment_context(
    lines: list[TreatmentLine], on: date
) -> tuple[tuple[TreatmentLine, ...], int, TreatmentLine | None]:
    """The systemic lines at the end of the period (every one ongoing then, as a combination
    is recorded one line per drug; else the last started), how many systemic lines ended
    before them (an ongoing line is never "prior"), and the systemic line that ended last."""
    counted = [ln for ln in lines if ln.line_number is not None and ln.start_date <= on]
    if not counted:
        return (), 0, None
    ongoing = [ln for ln in counted if ln.end_date is None or ln.end_date >= on]
    current = tuple(ongoing) if ongoing else (counted[-1],)
    ended = sorted(
        (ln for ln in counted if ln.end_date is not None and ln.end_date <= on),
        key=lambda ln: (ln.end_date or on, ln.start_date),
    )
    prior = sum(1 for ln in counted if ln not in current)
    return current, prior, ended[-1] if ended else None


def _supportive(
    lines: list[TreatmentLine], in_period: list[CheckIn], until: datetime, on: date
) -> str | None:
    """Why the app suggests asking about supportive care, in words for the care team."""
    if supportive_care_prompt(lines, in_period, until, today=on) is None:
        return None
    grew = sum(1 for ln in lines if ln.end_reason is EndReason.REFRACTORY)
    if grew >= 2:
        return (
            f"{grew} treatment lines ended because the cancer grew; the app suggested asking "
            "about supportive (palliative) care."
        )
    return (
        "A symptom was severe on 3 or more check-ins within 14 days; the app suggested asking "
        "about supportive (palliative) care."
    )


def _latest_activity(session: Session, until: datetime) -> tuple[ActivityLevel, datetime] | None:
    row = session.execute(
        select(CheckInRow.activity, CheckInRow.recorded_at)
        .where(
            CheckInRow.deleted_at.is_(None),
            CheckInRow.activity.is_not(None),
            CheckInRow.recorded_at <= until,
        )
        .order_by(CheckInRow.recorded_at.desc())
        .limit(1)
    ).first()
    if row is None or row[0] is None:
        return None
    return ActivityLevel(row[0]), row[1]


def _tier_counts(judged: list[tuple[CheckIn, list[Flag]]]) -> tuple[tuple[Tier, int], ...]:
    """Check-ins at each tier, each counted once, at its most urgent tier."""
    counts = dict.fromkeys(Tier, 0)
    for _, found in judged:
        if found:
            counts[min((q.tier for q in found), key=lambda t: t.value)] += 1
    return tuple(counts.items())


def _fmt(value: float) -> str:
    return f"{round(value, 1):g}"


def _current_value(entry: CheckIn, key: str) -> float | None:
    if key == "temperature":
        return entry.temperature_c
    if key == "weight":
        return entry.weight_kg
    return entry.scores.get(key)


def _what(flag: Flag, entry: CheckIn, person: Profile) -> str:
    """The flag in a few words, addressed to no one: "8 of 10, severe (7 or more)"."""
    usual = flag.usual
    if flag.kind is FlagKind.FEVER:
        threshold = show_temperature(person.fever_threshold_c, person.temperature_unit)
        return f"{show_temperature(flag.value, person.temperature_unit)} (fever at {threshold})"
    if flag.kind is FlagKind.WEIGHT_LOSS:
        weight = show_weight(entry.weight_kg or 0.0, person.weight_unit)
        return f"{weight}, {flag.value:.1f} % lost within 6 months"
    if flag.kind is FlagKind.NEWLY_MODERATE and usual is not None:
        return f"{flag.score} of 10, newly moderate (usual {_fmt(usual.value)})"
    if flag.kind is FlagKind.WORSE and usual is not None:
        return (
            f"{flag.score} of 10, {_fmt(flag.value - usual.value)} points above usual "
            f"{_fmt(usual.value)}"
        )
    return f"{flag.score} of 10, severe (7 or more)"


def _shown(key: str, value: float, person: Profile) -> str:
    if key == "temperature":
        return show_temperature(value, person.temperature_unit)
    if key == "weight":
        return show_weight(value, person.weight_unit)
    return _fmt(value)


def _still_current(key: str, tier: Tier, value: float, found: list[Flag], person: Profile) -> bool:
    """Whether a symptom's latest value is at or over its flag tier's own threshold: 4 for the
    next contact (moderate or worse), 7 for today and for breathlessness, the profile's fever
    threshold for a temperature, and for weight a loss still of 5 % or more."""
    if key == WEIGHT_KEY:
        return any(f.symptom == key and f.kind is FlagKind.WEIGHT_LOSS for f in found)
    if key == TEMPERATURE_KEY:
        return is_fever(value, person.fever_threshold_c, person.temperature_unit)
    return value >= (MODERATE_AT if tier is Tier.NEXT_CONTACT else SEVERE_AT)


def _flag_summaries(
    judged: list[tuple[CheckIn, list[Flag]]],
    labels: dict[str, str],
    person: Profile,
) -> list[FlagSummary]:
    """Per symptom its worst flag in the period: its most urgent tier; at that tier the highest
    value (the latest of equals), the number of qualifying check-ins and the latest of them; and
    whether the symptom's latest value still reaches that tier's threshold."""
    tiers: dict[str, Tier] = {}
    for _, found in judged:
        for flag in found:
            held = tiers.get(flag.symptom)
            if held is None or flag.tier.value < held.value:
                tiers[flag.symptom] = flag.tier
    at_tier: dict[str, list[tuple[Flag, CheckIn]]] = {key: [] for key in tiers}
    latest: dict[str, tuple[CheckIn, list[Flag]]] = {}
    for entry, found in judged:
        for flag in found:
            if flag.tier is tiers[flag.symptom]:
                at_tier[flag.symptom].append((flag, entry))
        for key in tiers:
            if _current_value(entry, key) is not None:
                latest[key] = (entry, found)
    names = {**labels, TEMPERATURE_KEY: "Temperature", WEIGHT_KEY: "Weight"}
    summaries: list[FlagSummary] = []
    for key, tier in tiers.items():
        qualifying = at_tier[key]
        highest, entry = max(qualifying, key=lambda pair: (pair[0].value, pair[1].recorded_at))
        last_entry, last_found = latest[key]
        value = _current_value(last_entry, key)
        assert value is not None
        current = _still_current(key, tier, value, last_found, person)
        symptom = key not in (TEMPERATURE_KEY, WEIGHT_KEY)
        summaries.append(
            FlagSummary(
                key=key,
                label=names.get(key, key),
                tier=tier,
                what=_what(highest, entry, person),
                value=highest.value,
                at=entry.recorded_at,
                current=current,
                latest=_shown(key, value, person),
                latest_at=last_entry.recorded_at,
                count=len(qualifying),
                last_at=qualifying[-1][1].recorded_at,
                latest_band=band_for(round(value)).value if symptom and not current else "",
            )
        )
    summaries.sort(key=lambda f: (f.tier.value, -(f.last_at or f.at).timestamp(), f.label))
    return summaries


def _vitals(in_period: list[CheckIn]) -> tuple[VitalSummary, ...]:
    found: list[VitalSummary] = []
    for key in ("temperature", "weight"):
        values = [
            (c.recorded_at, v) for c in in_period if (v := _current_value(c, key)) is not None
        ]
        if not values:
            continue
        found.append(
            VitalSummary(
                key=key,
                previous=values[-2][1] if len(values) > 1 else None,
                latest=values[-1][1],
                latest_at=values[-1][0],
                worst=(max if key == "temperature" else min)(v for _, v in values),
                count=len(values),
                points=tuple(values),
            )
        )
    return tuple(found)


def _summarise(
    key: str,
    label: str,
    window: list[CheckIn],
    in_period: list[CheckIn],
    points: list[trends.Point],
) -> SymptomSummary:
    scored = [(c.recorded_at, c.scores[key]) for c in in_period if key in c.scores]
    if not scored:
        return SymptomSummary(key, label, None, None, None, None, None, None)
    latest_at, latest = scored[-1]
    return SymptomSummary(
        key=key,
        label=label,
        usual=usual_level(key, latest_at, window),
        previous=scored[-2][1] if len(scored) > 1 else None,
        latest=latest,
        latest_at=latest_at,
        worst=max(value for _, value in scored),
        band=band_for(latest),
        points=tuple((p.at, p.value) for p in points),
    )


def default_period(today: date, days: int = 30) -> ReportOptions:
    return ReportOptions(start=today - timedelta(days=days - 1), end=today)


def latest_activity_level(session: Session, now: datetime) -> ActivityLevel | None:
    found = _latest_activity(session, now)
    return found[0] if found else None
