"""Check-ins as CSV for spreadsheets: one row per check-in, one column per symptom ever used.

Times are ISO 8601 in local time with their offset. The file is UTF-8 with a byte-order mark,
so spreadsheet programs read accents and Greek or Cyrillic letters correctly; notes with line
breaks are quoted. Importing reads the same shape back.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Sequence
from datetime import datetime, tzinfo

from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import Recorder
from carecompanion.domain.symptoms import is_valid_key, parse_score
from carecompanion.domain.transfer import CheckInRecord, Stamps

ID, WHEN, WHO, ACTIVITY, NOTE, UPDATED = (
    "id",
    "recorded_at",
    "recorded_by",
    "activity",
    "note",
    "updated_at",
)
REQUIRED = (WHEN, WHO)
META = (ID, WHEN, WHO, ACTIVITY, NOTE, UPDATED)
# Rows without an id get one derived from their content, so importing twice adds nothing.
ROW_NAMESPACE = uuid.UUID("0b8a4c9e-2f7d-4f61-9a55-8f3c1d2e7a10")


def dumps(records: Sequence[CheckInRecord], symptom_keys: Sequence[str], zone: tzinfo) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([ID, WHEN, WHO, ACTIVITY, *symptom_keys, NOTE, UPDATED])
    for record in records:
        writer.writerow(
            [
                str(record.id),
                record.recorded_at.astimezone(zone).isoformat(timespec="seconds"),
                record.recorded_by.value,
                "" if record.activity is None else str(record.activity),
                *[str(record.scores[k]) if k in record.scores else "" for k in symptom_keys],
                record.note,
                record.stamps.updated_at.astimezone(zone).isoformat(),
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def loads(data: bytes, now: datetime) -> list[CheckInRecord]:
    """Read check-ins; the first bad row rejects the file, naming its line and field."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput("file", "not UTF-8 text", "a CSV file saved as UTF-8") from exc
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidInput("file", "empty", "a header row, then one row per check-in") from None
    except csv.Error as exc:
        raise InvalidInput("line 1", str(exc), "a CSV header row") from exc
    columns = [name.strip() for name in header]
    for needed in REQUIRED:
        if needed not in columns:
            raise InvalidInput("header", ",".join(columns)[:60], f"a column named {needed}")
    symptoms = [c for c in columns if c not in META]
    for name in symptoms:
        if not is_valid_key(name):
            raise InvalidInput("header", name, "symptom columns are keys such as pain or sleep")
    if len(set(columns)) != len(columns):
        raise InvalidInput("header", ",".join(columns)[:60], "each column name once")
    records: list[CheckInRecord] = []
    line = 1
    try:
        for row in reader:
            where = f"line {reader.line_num}"
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                raise InvalidInput(where, f"{len(row)} cells", f"{len(columns)}, one per column")
            records.append(_record(dict(zip(columns, row, strict=True)), symptoms, where, now))
    except csv.Error as exc:
        raise InvalidInput(f"line {line + 1}", str(exc), "well-formed CSV") from exc
    return records


def _record(cells: dict[str, str], symptoms: list[str], where: str, now: datetime) -> CheckInRecord:
    when = _moment(cells[WHEN], f"{where}, {WHEN}")
    if when > now:
        raise InvalidInput(f"{where}, {WHEN}", cells[WHEN], "it cannot be in the future")
    try:
        who = Recorder(cells[WHO].strip())
    except ValueError as exc:
        raise InvalidInput(f"{where}, {WHO}", cells[WHO], "patient or caregiver") from exc
    scores = {
        key: parse_score(cells[key].strip(), f"{where}, {key}")
        for key in symptoms
        if cells[key].strip()
    }
    if not scores:
        raise InvalidInput(where, "no scores", "at least one symptom score from 0 to 10")
    activity_text = cells.get(ACTIVITY, "").strip()
    activity = None
    if activity_text:
        if activity_text not in {"0", "1", "2", "3", "4"}:
            raise InvalidInput(f"{where}, {ACTIVITY}", activity_text, "a whole number from 0 to 4")
        activity = int(activity_text)
    note = cells.get(NOTE, "")
    id_text = cells.get(ID, "").strip()
    if id_text:
        try:
            record_id = uuid.UUID(id_text)
        except ValueError as exc:
            raise InvalidInput(f"{where}, {ID}", id_text, "a UUID, or leave it empty") from exc
    else:
        content = f"{when.isoformat()}|{who.value}|{sorted(scores.items())}|{note}"
        record_id = uuid.uuid5(ROW_NAMESPACE, content)
    updated_text = cells.get(UPDATED, "").strip()
    updated = _moment(updated_text, f"{where}, {UPDATED}") if updated_text else when
    return CheckInRecord(
        record_id, when, who, scores, note, activity, Stamps(when, updated), origin=where
    )


def _moment(text: str, where: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(
            where, text, "an ISO 8601 time such as 2026-03-14T09:30:00+01:00"
        ) from exc
    if moment.utcoffset() is None:
        raise InvalidInput(where, text, "the time needs its offset, such as +01:00")
    return moment
