"""Reading check-ins as domain objects straight through the driver: one statement, each
check-in with its scores gathered by SQLite, no SQL-layer row objects; and the driver access
other reads use (`rows`), from a session or from one of the journal's plain connections
(`Journal.rows`: what the first painted window reads, before the SQL layer is loaded).

Saving reads the weeks before the check-in for its flags and History pages through tens of
thousands: the SQL layer's statement building and per-value processing cost three times the
reading itself. Times are stored as SQLAlchemy writes them (UTC, "YYYY-MM-DD HH:MM:SS.ffffff")
and ids as 32 hex digits; both are checked on every journal opened from a file we did not
write (db/stored_values.py), so they are read here without the SQL layer's types.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from carecompanion.db.driver import sqlite
from carecompanion.domain.records import ActivityLevel, CheckIn, Recorder

# Where reads come from: a session (inside its transaction), or a plain connection inside a
# read transaction (`Journal.rows`).
Reader = Session | sqlite.Connection

# A check-in's scores in one visit of its index, as "keys|scores" (keys are lowercase letters,
# digits and _, scores whole numbers: neither holds a comma or a bar).
_SELECT = (
    "SELECT c.id, c.recorded_at, c.recorded_by, c.note, c.activity, c.updated_at, "
    "c.temperature_c, c.weight_kg, (SELECT group_concat(s.symptom) || '|' || "
    "group_concat(s.value) FROM scores s WHERE s.checkin_id = c.id) FROM checkins c"
)
_WEIGHTS = (
    "SELECT c.id, c.recorded_at, c.recorded_by, '', NULL, c.updated_at, NULL, c.weight_kg, "
    "NULL FROM checkins c"
)


def stored(moment: datetime) -> str:
    """A time as the journal stores it: UTC, "YYYY-MM-DD HH:MM:SS.ffffff"."""
    if moment.utcoffset() is None:  # as db.types.UTCDateTime refuses it
        raise ValueError("naive datetime refused: journal times must carry a time zone")
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


def moment(text: str) -> datetime:
    """A time as the journal stores it, back as an aware UTC time."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _scores(text: str | None) -> dict[str, int]:
    if not text:
        return {}
    keys, _, values = text.partition("|")
    return dict(zip(keys.split(","), map(int, values.split(",")), strict=True))


def driver(source: Reader) -> Any:
    """The DB-API connection of `source`: a session's own, inside its transaction, with what
    the session holds unwritten written first (as its own queries would); or the plain
    connection itself."""
    if not isinstance(source, Session):
        return source
    source.flush()
    found = source.connection().connection.driver_connection
    assert found is not None
    return found


@contextmanager
def sqlalchemy_errors(statement: str) -> Iterator[None]:
    """The driver's errors raised as SQLAlchemy raises them (what the journal turns into plain
    words: a full disk, a busy journal, unreadable text), never with the values bound."""
    try:
        yield
    except sqlite.Error as exc:
        raise DBAPIError.instance(statement, None, exc, sqlite.Error, hide_parameters=True) from exc


def rows(source: Reader, statement: str, params: Sequence[object] = ()) -> list[Any]:
    """Every row of one statement, run through the driver in the transaction of `source`."""
    with sqlalchemy_errors(statement):
        return list(driver(source).execute(statement, params).fetchall())


def write(session: Session, statement: str, params: Sequence[Sequence[object]]) -> None:
    """One statement for each set of values (executemany), in the session's transaction."""
    with sqlalchemy_errors(statement):
        driver(session).executemany(statement, params)


def live_between(since: datetime | None, until: datetime | None) -> tuple[list[str], list[str]]:
    """Conditions (and their values) for check-ins not deleted, recorded in [since, until]."""
    where, params = ["c.deleted_at IS NULL"], []
    if since is not None:
        where.append("c.recorded_at >= ?")
        params.append(stored(since))
    if until is not None:
        where.append("c.recorded_at <= ?")
        params.append(stored(until))
    return where, params


def load(
    source: Reader,
    where: Sequence[str],
    params: Sequence[object],
    order: str,
    limit: int | None = None,
    *,
    weights_only: bool = False,
) -> list[CheckIn]:
    """Check-ins meeting every condition of `where` (our own SQL; values bound from
    `params`), in `order`; `weights_only` reads each with its weight alone (no scores)."""
    sql = (_WEIGHTS if weights_only else _SELECT) + " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order}" + (f" LIMIT {int(limit)}" if limit is not None else "")
    return [
        CheckIn(
            id=uuid.UUID(hex=row[0]),
            recorded_at=moment(row[1]),
            recorded_by=Recorder(row[2]),
            scores=_scores(row[8]),
            note=row[3],
            activity=ActivityLevel(row[4]) if row[4] is not None else None,
            updated_at=moment(row[5]),
            temperature_c=row[6],
            weight_kg=row[7],
        )
        for row in rows(source, sql, params)
    ]


# One value's whole series, as check-ins holding that value alone: a symptom's scores, the
# temperatures or the weights (the flags of each rest on its own earlier values alone).
_SERIES = {
    "temperature": (
        "SELECT c.id, c.recorded_at, c.recorded_by, c.updated_at, c.temperature_c "
        "FROM checkins c WHERE c.temperature_c IS NOT NULL AND "
    ),
    "weight": (
        "SELECT c.id, c.recorded_at, c.recorded_by, c.updated_at, c.weight_kg "
        "FROM checkins c WHERE c.weight_kg IS NOT NULL AND "
    ),
}
_SCORE_SERIES = (
    "SELECT c.id, c.recorded_at, c.recorded_by, c.updated_at, s.value "
    "FROM checkins c JOIN scores s ON s.checkin_id = c.id WHERE s.symptom = ? AND "
)


def series(source: Reader, key: str, until: datetime) -> list[CheckIn]:
    """Every live check-in recorded until `until` (inclusive) holding `key` (a symptom, or
    "temperature" or "weight"), each with that value alone, in time order."""
    bound = ["c.deleted_at IS NULL", "c.recorded_at <= ?"]
    params: list[object] = [stored(until)]
    if key in _SERIES:
        sql = _SERIES[key]
    else:
        sql, params = _SCORE_SERIES, [key, *params]
    found = rows(source, sql + " AND ".join(bound) + " ORDER BY c.recorded_at", params)
    return [
        CheckIn(
            id=uuid.UUID(hex=row[0]),
            recorded_at=moment(row[1]),
            recorded_by=Recorder(row[2]),
            scores={} if key in _SERIES else {key: row[4]},
            updated_at=moment(row[3]),
            temperature_c=row[4] if key == "temperature" else None,
            weight_kg=row[4] if key == "weight" else None,
        )
        for row in found
    ]


def weights_between(source: Reader, since: datetime, before: datetime) -> list[CheckIn]:
    """Live check-ins recorded in [since, before) that carry a weight, with their weight
    alone: what the weight-loss flag looks back over before the weeks read whole."""
    where, params = live_between(since, None)
    where += ["c.weight_kg IS NOT NULL", "c.recorded_at < ?"]
    params.append(stored(before))
    return load(source, where, params, "c.recorded_at", weights_only=True)


def between(
    source: Reader, since: datetime | None = None, until: datetime | None = None
) -> list[CheckIn]:
    """Check-ins recorded in [since, until], oldest first."""
    where, params = live_between(since, until)
    return load(source, where, params, "c.recorded_at")


def count_between(source: Reader, since: datetime | None, until: datetime | None) -> int:
    """How many check-ins were recorded in [since, until]."""
    where, params = live_between(since, until)
    sql = "SELECT count(*) FROM checkins c WHERE " + " AND ".join(where)  # noqa: S608 (ours)
    return int(rows(source, sql, params)[0][0])


def latest(source: Reader, count: int = 1) -> list[CheckIn]:
    """The latest `count` check-ins, newest first."""
    where, params = live_between(None, None)
    return load(source, where, params, "c.recorded_at DESC", count)
