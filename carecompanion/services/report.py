"""Gathering what the care-team summary needs, reading only the period (and the week before it)."""

from __future__ import annotations

from bisect import bisect_left
from datetime import date, datetime, timedelta, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from carecompanion.db.models import CheckInRow
from carecompanion.domain.flags import (
    BASELINE_WINDOW,
    Flag,
    baseline,
    flags_for,
    supportive_care_prompt,
)
from carecompanion.domain.records import (
    ActivityLevel,
    CheckIn,
    EndReason,
    QuestionStatus,
    Recorder,
    TreatmentLine,
)
from carecompanion.domain.report import FlagSummary, Report, ReportOptions, SymptomSummary
from carecompanion.domain.symptoms import band_for
from carecompanion.domain.times import day_bounds
from carecompanion.services import (
    biomarkers,
    checkins,
    profile,
    questions,
    symptoms,
    treatments,
    trends,
)


def period_bounds(options: ReportOptions, zone: tzinfo) -> tuple[datetime, datetime]:
    return day_bounds(options.start, options.end, zone)


def build(session: Session, options: ReportOptions, generated_at: datetime, zone: tzinfo) -> Report:
    since, until = period_bounds(options, zone)
    known = symptoms.known(session)
    labels = {key: s.label for key, s in known.items()}
    # The week before the period gives the first check-ins their baseline.
    window = checkins.between(session, since - BASELINE_WINDOW, until)
    in_period = [c for c in window if c.recorded_at >= since]
    lines = treatments.all_lines(session)
    current, prior, last_reason = _treatment_context(lines, options.end)
    person = profile.get(session)
    every_question = questions.all_questions(session)
    active_keys = [s.key for s in symptoms.active(session)]
    scored = {key for c in in_period for key in c.scores}
    shown = active_keys + sorted(k for k in scored if k not in active_keys)
    bucket = trends.bucket_for(since, until)
    series = trends.series(
        session, since, until, shown, bucket="day" if bucket == "checkin" else bucket, zone=zone
    )
    return Report(
        options=options,
        generated_at=generated_at,
        time_zone=getattr(zone, "key", None) or str(zone),
        name=person.name,
        date_of_birth=person.date_of_birth,
        diagnosis=person.diagnosis,
        lines=tuple(lines),
        current_line=current,
        prior_lines=prior,
        last_stop_reason=last_reason,
        latest_activity=_latest_activity(session, until),
        tests=tuple(biomarkers.all_tests(session)),
        flags=tuple(_flag_summaries(window, in_period, labels)),
        supportive_prompt=supportive_care_prompt(lines, in_period, until),
        symptoms=tuple(
            _summarise(key, labels.get(key, key), window, in_period, series.get(key, []))
            for key in shown
            if key in scored or key in active_keys
        ),
        checkin_count=len(in_period),
        caregiver_count=sum(c.recorded_by is Recorder.CAREGIVER for c in in_period),
        pinned=tuple(q for q in every_question if q.pinned),
        open_questions=tuple(q for q in every_question if q.status is QuestionStatus.OPEN),
        contacts=person.contacts,
        log=tuple(reversed(in_period)) if options.include_log else (),
        labels=labels,
    )


def _treatment_context(
    lines: list[TreatmentLine], on: date
) -> tuple[TreatmentLine | None, int, EndReason | None]:
    counted = [ln for ln in lines if ln.line_number is not None and ln.start_date <= on]
    if not counted:
        return None, 0, None
    ongoing = [ln for ln in counted if ln.end_date is None or ln.end_date >= on]
    current = ongoing[-1] if ongoing else counted[-1]
    ended = [ln for ln in counted if ln.end_date is not None and ln.end_date <= on]
    last_reason = ended[-1].end_reason if ended else None
    prior = sum(1 for ln in counted if ln is not current and ln.start_date <= current.start_date)
    return current, prior, last_reason


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


def _flag_summaries(
    window: list[CheckIn], in_period: list[CheckIn], labels: dict[str, str]
) -> list[FlagSummary]:
    """The most recent flag of each symptom in the period, and how often it was flagged."""
    moments = [c.recorded_at for c in window]
    latest: dict[str, tuple[Flag, datetime]] = {}
    times: dict[str, int] = {}
    for entry in in_period:
        start = bisect_left(moments, entry.recorded_at - BASELINE_WINDOW)
        end = bisect_left(moments, entry.recorded_at)
        for flag in flags_for(entry, window[start:end], labels):
            latest[flag.symptom] = (flag, entry.recorded_at)
            times[flag.symptom] = times.get(flag.symptom, 0) + 1
    ordered = sorted(latest.items(), key=lambda item: (item[1][1], item[0]), reverse=True)
    return [
        FlagSummary(labels.get(key, key), flag.kind, flag.reason, at, times[key])
        for key, (flag, at) in ordered
    ]


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
        baseline=baseline(key, latest_at, window),
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
