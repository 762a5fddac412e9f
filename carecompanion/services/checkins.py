"""Check-ins: record with validation, list by time range, edit, delete and undo."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carecompanion.db.models import CheckInRow, ScoreRow
from carecompanion.domain import rules
from carecompanion.domain.records import ActivityLevel, CheckIn, Recorder
from carecompanion.domain.symptoms import BUILT_IN
from carecompanion.services import checkin_rows, soft_delete, symptoms

MAX_NOTE_LENGTH = rules.MAX_NOTE_LENGTH


def to_domain(row: CheckInRow) -> CheckIn:
    return CheckIn(
        id=row.id,
        recorded_at=row.recorded_at,
        recorded_by=Recorder(row.recorded_by),
        scores={s.symptom: s.value for s in row.scores},
        note=row.note,
        activity=ActivityLevel(row.activity) if row.activity is not None else None,
        updated_at=row.updated_at,
        temperature_c=row.temperature_c,
        weight_kg=row.weight_kg,
    )


def _validate(
    session: Session,
    scores: Mapping[str, int],
    recorded_at: datetime,
    note: str,
    now: datetime,
    temperature_c: float | None,
    weight_kg: float | None,
) -> None:
    # The custom symptoms are read only when a key is not a built-in one (or to list them all
    # in the refusal): most saves need no query to be checked.
    known = BUILT_IN if all(k in BUILT_IN for k in scores) else symptoms.known(session)
    rules.check_checkin(
        scores,
        recorded_at,
        note,
        known,
        now,
        temperature_c=temperature_c,
        weight_kg=weight_kg,
    )


_INSERT_CHECKIN = (
    "INSERT INTO checkins (id, recorded_at, recorded_by, note, activity, temperature_c, "
    "weight_kg, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)"
)
_INSERT_SCORE = (
    "INSERT INTO scores (id, checkin_id, symptom, value, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?)"
)


def record(
    session: Session,
    scores: Mapping[str, int],
    *,
    recorded_by: Recorder = Recorder.PATIENT,
    recorded_at: datetime | None = None,
    note: str = "",
    activity: ActivityLevel | None = None,
    now: datetime,
    checkin_id: uuid.UUID | None = None,
    temperature_c: float | None = None,
    weight_kg: float | None = None,
) -> CheckIn:
    """Add a check-in. `recorded_at` defaults to now and may be earlier, never later.

    Two statements in the session's transaction, through the driver: the check-in, then its
    scores in one executemany (the ORM's unit of work cost several times the writes).
    """
    when = recorded_at or now
    _validate(session, scores, when, note, now, temperature_c, weight_kg)
    new_id = checkin_id or uuid.uuid4()
    stamp, hex_id = checkin_rows.stored(now), new_id.hex
    checkin_rows.write(
        session,
        _INSERT_CHECKIN,
        [
            (
                hex_id,
                checkin_rows.stored(when),
                recorded_by.value,
                note,
                activity.value if activity is not None else None,
                temperature_c,
                weight_kg,
                stamp,
                stamp,
            )
        ],
    )
    checkin_rows.write(
        session,
        _INSERT_SCORE,
        [(uuid.uuid4().hex, hex_id, k, v, stamp, stamp) for k, v in scores.items()],
    )
    return CheckIn(
        id=new_id,
        recorded_at=when,
        recorded_by=recorded_by,
        scores=dict(scores),
        note=note,
        activity=activity,
        updated_at=now,
        temperature_c=temperature_c,
        weight_kg=weight_kg,
    )


def update(
    session: Session,
    checkin_id: uuid.UUID,
    scores: Mapping[str, int],
    *,
    recorded_by: Recorder,
    recorded_at: datetime,
    note: str,
    activity: ActivityLevel | None,
    now: datetime,
    temperature_c: float | None = None,
    weight_kg: float | None = None,
) -> CheckIn:
    """Change every field of a check-in; its updated time always moves, so the edit travels."""
    row = _live(session, checkin_id)
    _validate(session, scores, recorded_at, note, now, temperature_c, weight_kg)
    row.updated_at = now
    row.recorded_at = recorded_at
    row.recorded_by = recorded_by.value
    row.note = note
    row.activity = activity.value if activity is not None else None
    row.temperature_c = temperature_c
    row.weight_kg = weight_kg
    set_scores(row, scores)
    session.flush()
    return to_domain(row)


def set_scores(row: CheckInRow, scores: Mapping[str, int]) -> None:
    """Change a check-in's scores in place (replacing the rows would clash on flush)."""
    existing = {s.symptom: s for s in row.scores}
    for key in set(existing) - set(scores):
        row.scores.remove(existing[key])
    for key, value in scores.items():
        if key in existing:
            existing[key].value = value
        else:
            row.scores.append(ScoreRow(symptom=key, value=value))


def delete(session: Session, checkin_id: uuid.UUID, now: datetime) -> None:
    """Mark a check-in deleted; `undelete` brings it back."""
    soft_delete.delete(session, CheckInRow, checkin_id, "check-in", now)


def undelete(session: Session, checkin_id: uuid.UUID, now: datetime) -> CheckIn:
    return to_domain(soft_delete.undelete(session, CheckInRow, checkin_id, "check-in", now))


def get(session: Session, checkin_id: uuid.UUID) -> CheckIn:
    return to_domain(_live(session, checkin_id))


def _live(session: Session, checkin_id: uuid.UUID) -> CheckInRow:
    return soft_delete.live(session, CheckInRow, checkin_id, "check-in")


between = checkin_rows.between
latest = checkin_rows.latest
count_between = checkin_rows.count_between


def count(source: checkin_rows.Reader) -> int:
    return checkin_rows.count_between(source, None, None)


def page(
    session: Session,
    since: datetime | None,
    until: datetime | None,
    *,
    after: tuple[datetime, uuid.UUID] | None = None,
    limit: int = 500,
) -> list[CheckIn]:
    """Newest first, `limit` at a time: pass the last (recorded_at, id) seen as `after`."""
    where, params = checkin_rows.live_between(since, until)
    if after is not None:
        moment, last_id = after
        where.append("(c.recorded_at < ? OR (c.recorded_at = ? AND c.id < ?))")
        params += [checkin_rows.stored(moment), checkin_rows.stored(moment), last_id.hex]
    order = "c.recorded_at DESC, c.id DESC"
    return checkin_rows.load(session, where, params, order, limit)


def first_recorded(session: Session) -> datetime | None:
    query = select(func.min(CheckInRow.recorded_at)).where(CheckInRow.deleted_at.is_(None))
    value = session.scalar(query)
    # func.min bypasses the column type, so the stored UTC text comes back naive or as text.
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
