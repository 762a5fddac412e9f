"""Symptom series for charts and summaries: every point for short periods, buckets for long ones.

A chart of ten years cannot show 20,000 check-ins one by one, and loading them all would make
the window wait. Up to 90 days every check-in is a point; up to a year each day becomes one
point, up to four years each week, and beyond that each month. A bucket carries its highest
score, because a severe day must not vanish into an average, and its average.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carecompanion.db.models import CheckInRow, ScoreRow

EVERY_POINT_UP_TO = timedelta(days=92)
DAILY_UP_TO = timedelta(days=367)
WEEKLY_UP_TO = timedelta(days=4 * 366)


@dataclass(frozen=True, slots=True)
class Point:
    at: datetime
    value: int  # the score, or the highest in the bucket
    average: float
    count: int  # check-ins behind the point
    recorded_by: str = ""
    note: str = ""
    checkin_id: uuid.UUID | None = None


def bucket_for(since: datetime, until: datetime) -> str:
    span = until - since
    if span <= EVERY_POINT_UP_TO:
        return "checkin"
    if span <= DAILY_UP_TO:
        return "day"
    return "week" if span <= WEEKLY_UP_TO else "month"


def series(
    session: Session,
    since: datetime,
    until: datetime,
    symptoms: list[str] | None = None,
    bucket: str | None = None,
    zone: tzinfo = UTC,
) -> dict[str, list[Point]]:
    """Points per symptom between `since` and `until`, oldest first, bucketed by the span.

    Buckets are days, weeks or months of `zone` (the profile's), using its offset at `until`:
    over a year, a change of clocks moves only check-ins within that hour of midnight.
    """
    bucket = bucket or bucket_for(since, until)
    live = (
        CheckInRow.deleted_at.is_(None),
        CheckInRow.recorded_at >= since,
        CheckInRow.recorded_at <= until,
    )
    wanted = () if symptoms is None else (ScoreRow.symptom.in_(symptoms),)
    found: dict[str, list[Point]] = {}
    if bucket == "checkin":
        rows = session.execute(
            select(
                ScoreRow.symptom,
                ScoreRow.value,
                CheckInRow.recorded_at,
                CheckInRow.recorded_by,
                CheckInRow.note,
                CheckInRow.id,
            )
            .join(CheckInRow, ScoreRow.checkin_id == CheckInRow.id)
            .where(*live, *wanted)
            .order_by(CheckInRow.recorded_at)
        )
        for symptom, value, at, by, note, checkin_id in rows:
            found.setdefault(symptom, []).append(
                Point(at, value, float(value), 1, by, note, checkin_id)
            )
        return found
    # SQLite keeps times as 'YYYY-MM-DD HH:MM:SS' text in UTC; shifted to the zone's wall clock.
    offset = until.astimezone(zone).utcoffset() or timedelta(0)
    shift = f"{int(offset.total_seconds()):+d} seconds"
    formats = {"day": "%Y-%m-%d", "week": "%Y-%W", "month": "%Y-%m"}
    # Each check-in's day and bucket worked out once, not once per score: the LIMIT keeps
    # SQLite from folding the subquery into the join (ten years: half the time).
    keyed = (
        select(
            CheckInRow.id.label("id"),
            func.date(CheckInRow.recorded_at, shift).label("day"),
            func.strftime(formats[bucket], CheckInRow.recorded_at, shift).label("bucket"),
        )
        .where(*live)
        .limit(-1)
        .subquery()
    )
    rows = session.execute(
        select(
            ScoreRow.symptom,
            func.min(keyed.c.day),
            func.max(ScoreRow.value),
            func.avg(ScoreRow.value),
            func.count(),
        )
        .join(keyed, ScoreRow.checkin_id == keyed.c.id)
        .where(*wanted)
        .group_by(ScoreRow.symptom, keyed.c.bucket)
        .order_by(ScoreRow.symptom, func.min(keyed.c.day))
    )
    for symptom, first_day, highest, average, count in rows:
        at = datetime.fromisoformat(first_day).replace(hour=12, tzinfo=zone).astimezone(UTC)
        found.setdefault(symptom, []).append(Point(at, int(highest), float(average), int(count)))
    return found


def weights(
    session: Session, since: datetime, until: datetime
) -> list[tuple[uuid.UUID, datetime, float]]:
    """Every weight recorded in [since, until), oldest first: (check-in id, when, kg)."""
    rows = session.execute(
        select(CheckInRow.id, CheckInRow.recorded_at, CheckInRow.weight_kg)
        .where(
            CheckInRow.deleted_at.is_(None),
            CheckInRow.weight_kg.is_not(None),
            CheckInRow.recorded_at >= since,
            CheckInRow.recorded_at < until,
        )
        .order_by(CheckInRow.recorded_at)
    )
    return [(checkin_id, at, float(kg)) for checkin_id, at, kg in rows]
