"""Check-ins and doses for the CSV and JSON exports, read straight from the journal.

One query per kind through the driver's own cursor, in the session's transaction: no ORM
objects, no SQL-layer row objects, no UUID or datetime object per value. A check-in's scores
come with it, gathered by SQLite, and SQLite also cuts ids and times into the text the files
hold (see `domain/export_lines.py`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from carecompanion.domain.export_lines import CheckInLine, DoseLine
from carecompanion.domain.transfer import JournalDocument
from carecompanion.services import checkin_rows, transfer


def _uuid(column: str) -> str:
    """SQL for a stored id (32 lowercase hex digits) as `str(uuid.UUID(...))` writes it."""
    parts = [f"substr({column}, {start}, {length})" for start, length in _UUID_PARTS]
    return " || '-' || ".join(parts)


def _iso(column: str) -> str:
    """SQL for a stored UTC time ("YYYY-MM-DD HH:MM:SS.ffffff") as `datetime.isoformat()`
    writes the aware time it holds: no fraction when it is zero, then "+00:00"."""
    fraction = f"CASE WHEN substr({column}, 21) = '000000' THEN '' ELSE substr({column}, 20) END"
    return (
        f"CASE WHEN {column} IS NULL THEN NULL ELSE substr({column}, 1, 10) || 'T' || "
        f"substr({column}, 12, 8) || {fraction} || '+00:00' END"
    )


_UUID_PARTS = ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
# A check-in's scores in one visit of its index: "keys|scores", each comma-separated (keys are
# lowercase letters, digits and _, scores whole numbers, so neither holds a comma or a bar).
_SCORES = (
    "(SELECT group_concat(s.symptom) || '|' || group_concat(s.value) "
    "FROM scores s WHERE s.checkin_id = c.id)"
)
# Only our own column names and words go into the text; values are always bound.
_CHECKINS = (
    f"SELECT {_uuid('c.id')}, {_iso('c.recorded_at')}, c.recorded_by, {_SCORES}, "  # noqa: S608
    "c.note, "
    f"c.activity, c.temperature_c, c.weight_kg, {_iso('c.created_at')}, "
    f"{_iso('c.updated_at')}, {_iso('c.deleted_at')} FROM checkins c"
)
_DOSES = (
    f"SELECT {_uuid('d.id')}, {_uuid('d.medication_id')}, {_iso('d.taken_at')}, "  # noqa: S608
    f"d.recorded_by, {_iso('d.created_at')}, {_iso('d.updated_at')}, {_iso('d.deleted_at')} "
    "FROM doses d"
)
# A period that ends before it starts: it holds no check-in and no dose.
_NEVER = (datetime(9999, 1, 1, tzinfo=UTC), datetime(1900, 1, 1, tzinfo=UTC))


def _stored(moment: datetime) -> str:
    """A time as the journal stores it (UTC, "YYYY-MM-DD HH:MM:SS.ffffff")."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _period(
    column: str, since: datetime | None, until: datetime | None, *extra: str
) -> tuple[str, list[str]]:
    where, params = list(extra), []
    if since is not None:
        where.append(f"{column} >= ?")
        params.append(_stored(since))
    if until is not None:
        where.append(f"{column} <= ?")
        params.append(_stored(until))
    clause = (" WHERE " + " AND ".join(where)) if where else ""  # our own words, values bound
    return clause, params


def checkin_lines(
    session: Session,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    include_deleted: bool = True,
) -> list[CheckInLine]:
    """Check-ins recorded in [since, until], oldest first (as `transfer.checkin_records`)."""
    extra = () if include_deleted else ("c.deleted_at IS NULL",)
    clause, params = _period("c.recorded_at", since, until, *extra)
    sql = _CHECKINS + clause + " ORDER BY c.recorded_at, c.id"
    found = []
    for row in checkin_rows.rows(session, sql, params):
        symptoms, _, scores = (row[3] or "|").partition("|")
        found.append(CheckInLine._make((*row[:3], symptoms, scores, *row[4:])))
    return found


def dose_lines(
    session: Session,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    live_only: bool = False,
) -> list[DoseLine]:
    """Doses taken in [since, until], oldest first. `live_only` leaves out deleted doses and
    the doses of deleted medications (as `medications.doses_between`)."""
    extra: tuple[str, ...] = ()
    if live_only:
        extra = (
            "d.deleted_at IS NULL",
            "d.medication_id IN (SELECT id FROM medications WHERE deleted_at IS NULL)",
        )
    clause, params = _period("d.taken_at", since, until, *extra)
    # The order each export has always used: the CSV file's by time alone, the JSON file's by
    # time and id.
    sql = _DOSES + clause + (" ORDER BY d.taken_at" if live_only else " ORDER BY d.taken_at, d.id")
    return [DoseLine(*row) for row in checkin_rows.rows(session, sql, params)]


def document(
    session: Session, now: datetime, since: datetime | None = None, until: datetime | None = None
) -> tuple[JournalDocument, list[CheckInLine], list[DoseLine]]:
    """The JSON export's contents: `transfer.dump` without its check-ins and doses, which come
    as lines. The rest of the document is `transfer.dump`'s own, asked for a period that holds
    no check-in and no dose, so the header stays in one place."""
    header = transfer.dump(session, now, *_NEVER)
    return (
        replace(header, checkins=(), doses=()),
        checkin_lines(session, since, until),
        dose_lines(session, since, until),
    )
