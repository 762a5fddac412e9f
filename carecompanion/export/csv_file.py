"""Check-ins as CSV for spreadsheets: one row per check-in, one column per symptom ever used.

Times are ISO 8601 in local time with their offset. The file is UTF-8 with a byte-order mark,
so spreadsheet programs read accents and Greek or Cyrillic letters correctly; notes with line
breaks are quoted. Importing reads the same shape back.

A spreadsheet runs a cell that begins with `=`, `+`, `-` or `@` as a formula. As OWASP advises,
such a cell (and one beginning with tab or carriage return, and here line feed and the
full-width forms too) is written with a single quote in front and quoted; import takes exactly
that quote away again. `neutralise` and `restore` are exact inverses for every text (see
docs/data-format.md).

Doses go to a second file beside it, `<name>-doses.csv`: one row per dose, with the
medication's name and label, for counting in a spreadsheet. It is not read back: the JSON file
brings medications across.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from pathlib import Path

from carecompanion.domain.errors import InvalidFile, InvalidInput
from carecompanion.domain.export_lines import CheckInLine, DoseLine, ScoreLayout
from carecompanion.domain.records import Dose, Medication, Recorder
from carecompanion.domain.symptoms import is_valid_key, parse_score
from carecompanion.domain.transfer import CheckInRecord, Stamps
from carecompanion.export.json_values import LONGEST_VALUE, too_long

ID, WHEN, WHO, ACTIVITY, TEMPERATURE, WEIGHT, NOTE, UPDATED = (
    "id",
    "recorded_at",
    "recorded_by",
    "activity",
    "temperature_c",
    "weight_kg",
    "note",
    "updated_at",
)
REQUIRED = (WHEN, WHO)
META = (ID, WHEN, WHO, ACTIVITY, TEMPERATURE, WEIGHT, NOTE, UPDATED)
VITALS = (TEMPERATURE, WEIGHT)
# Rows without an id get one derived from their content, so importing twice adds nothing.
ROW_NAMESPACE = uuid.UUID("0b8a4c9e-2f7d-4f61-9a55-8f3c1d2e7a10")

# The first characters that make a cell unsafe: OWASP's list (=, +, -, @, tab, carriage return),
# line feed like carriage return, and the full-width forms some spreadsheets in East Asian
# locales read as the ASCII ones.
FORMULA_STARTS = "=+-@\t\r\n\uff1d\uff0b\uff0d\uff20"
QUOTE = "'"
# A cell needs the quote when it starts with a formula character, or with quotes and then one:
# quoting those too is what lets import tell the quote we added from one the person typed.
_NEEDS_QUOTE = re.compile(f"{QUOTE}*[{re.escape(FORMULA_STARTS)}]")
_ADDED_QUOTE = re.compile(f"{QUOTE}+[{re.escape(FORMULA_STARTS)}]")
# Cells quoted anyway, as csv's QUOTE_MINIMAL does: the delimiter, a quote or a line break.
_CSV_SPECIAL = re.compile('[,"\r\n]')
# Python's csv refuses cells over 131,072 characters by default, a limit no field should meet
# before the domain's; the guard against absurd files is LONGEST_VALUE (one quote more here).
_CSV_FIELD_LIMIT = LONGEST_VALUE + len(QUOTE)


def neutralise(text: str) -> str:
    """The cell as written: a quote in front when a spreadsheet would run it as a formula."""
    return QUOTE + text if _NEEDS_QUOTE.match(text) else text


def restore(cell: str) -> str:
    """The text as the person wrote it: the inverse of `neutralise`, for every text."""
    return cell[len(QUOTE) :] if _ADDED_QUOTE.match(cell) else cell


def _cell(text: str) -> str:
    if not _NEEDS_QUOTE.match(text) and not _CSV_SPECIAL.search(text):
        return text
    # OWASP: a neutralised cell is quoted too.
    return '"' + neutralise(text).replace('"', '""') + '"'


def dumps(records: Sequence[CheckInRecord], symptom_keys: Sequence[str], zone: tzinfo) -> bytes:
    header = [ID, WHEN, WHO, ACTIVITY, TEMPERATURE, WEIGHT, *symptom_keys, NOTE, UPDATED]
    lines = [",".join(_cell(cell) for cell in header)]
    for record in records:
        # Only the note is the person's text; every other cell is an id, a time, a word of
        # ours or a number, which never needs quoting or neutralising.
        cells = [
            str(record.id),
            record.recorded_at.astimezone(zone).isoformat(timespec="seconds"),
            record.recorded_by.value,
            "" if record.activity is None else str(record.activity),
            _number(record.temperature_c),
            _number(record.weight_kg),
            *[str(record.scores[k]) if k in record.scores else "" for k in symptom_keys],
            _cell(record.note),
            record.stamps.updated_at.astimezone(zone).isoformat(),
        ]
        lines.append(",".join(cells))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def dumps_lines(lines: Sequence[CheckInLine], symptom_keys: Sequence[str], zone: tzinfo) -> bytes:
    """The same file as `dumps`, from lines read straight from the journal."""
    header = [ID, WHEN, WHO, ACTIVITY, TEMPERATURE, WEIGHT, *symptom_keys, NOTE, UPDATED]
    out = [",".join(_cell(cell) for cell in header)]
    layout = ScoreLayout(symptom_keys)
    for line in lines:
        # The time it was recorded, in full for updated_at when that is the same moment (a
        # check-in saved as it was recorded and never changed), to the second for its own cell.
        recorded = _local(line.recorded_at, zone).isoformat()
        same = line.updated_at == line.recorded_at
        cells = [
            line.id,
            _to_seconds(recorded),
            line.recorded_by,
            "" if line.activity is None else str(line.activity),
            _number(line.temperature_c),
            _number(line.weight_kg),
            *layout.cells(line),
            _cell(line.note),
            recorded if same else _local(line.updated_at, zone).isoformat(),
        ]
        out.append(",".join(cells))
    return ("\r\n".join(out) + "\r\n").encode("utf-8-sig")


def _local(iso: str, zone: tzinfo) -> datetime:
    return datetime.fromisoformat(iso).astimezone(zone)


def _to_seconds(full: str) -> str:
    """`isoformat(timespec="seconds")` from `isoformat()` of the same time: without the six
    digits of microseconds isoformat writes when there are any."""
    return full[:19] + full[26:] if full[19:20] == "." else full


DOSE_COLUMNS = ("id", "taken_at", "medication", "dose", "as_needed", "recorded_by")
DOSES_FILE = "this is a doses file; import the JSON file to bring medications across"


def doses_file(target: Path) -> Path:
    """Where the doses go beside a check-ins file: `week.csv` gives `week-doses.csv`."""
    return target.with_name(f"{target.stem}-doses.csv")


def dumps_doses(
    doses: Sequence[Dose], medications: Mapping[uuid.UUID, Medication], zone: tzinfo
) -> bytes:
    """One row per dose, oldest first as given, with its medication's name and label."""
    rows = [list(DOSE_COLUMNS)]
    for dose in doses:
        medication = medications[dose.medication_id]
        rows.append(
            [
                str(dose.id),
                dose.taken_at.astimezone(zone).isoformat(timespec="seconds"),
                medication.name,
                medication.dose,
                "yes" if medication.as_needed else "no",
                dose.recorded_by.value,
            ]
        )
    text = "".join(",".join(_cell(cell) for cell in row) + "\r\n" for row in rows)
    return text.encode("utf-8-sig")


def dumps_dose_lines(
    doses: Sequence[DoseLine], medications: Mapping[str, Medication], zone: tzinfo
) -> bytes:
    """The same file as `dumps_doses`, from lines; `medications` keyed by their id's text."""
    rows = [list(DOSE_COLUMNS)]
    for dose in doses:
        medication = medications[dose.medication_id]
        rows.append(
            [
                dose.id,
                _local(dose.taken_at, zone).isoformat(timespec="seconds"),
                medication.name,
                medication.dose,
                "yes" if medication.as_needed else "no",
                dose.recorded_by,
            ]
        )
    text = "".join(",".join(_cell(cell) for cell in row) + "\r\n" for row in rows)
    return text.encode("utf-8-sig")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def missing_vitals(data: bytes) -> frozenset[str]:
    """The vital-sign columns a CSV file lacks (older exports have neither)."""
    first = data.decode("utf-8-sig", errors="replace").splitlines()[:1]
    names = {name.strip().strip('"') for name in (first[0] if first else "").split(",")}
    return frozenset(set(VITALS) - names)


def loads(data: bytes, now: datetime) -> list[CheckInRecord]:
    """Read check-ins; the first bad row rejects the file, naming its line and field."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput("file", "not UTF-8 text", "a CSV file saved as UTF-8") from exc
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:  # process-wide; only ever raised
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = _cells(next(reader), "line 1")
    except StopIteration:
        raise InvalidInput("file", "empty", "a header row, then one row per check-in") from None
    except csv.Error as exc:
        _refuse_long_field(exc, "line 1")
        raise InvalidInput("line 1", str(exc), "a CSV header row") from exc
    columns = [name.strip() for name in header]
    if WHEN not in columns and {"taken_at", "medication"} <= set(columns):
        raise InvalidFile("file", DOSES_FILE)
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
            cells = _cells(row, where)
            records.append(_record(dict(zip(columns, cells, strict=True)), symptoms, where, now))
    except csv.Error as exc:
        _refuse_long_field(exc, f"line {line + 1}")
        raise InvalidInput(f"line {line + 1}", str(exc), "well-formed CSV") from exc
    return records


def _cells(row: list[str], where: str) -> list[str]:
    texts = [restore(cell) for cell in row]
    for text in texts:
        if len(text) > LONGEST_VALUE:
            raise too_long(where, len(text))
    return texts


def _refuse_long_field(exc: csv.Error, where: str) -> None:
    """csv's own refusal of a cell over its limit, told as the guard's refusal."""
    if "field larger than field limit" in str(exc):
        raise too_long(where) from None


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
    temperature = _measure(cells.get(TEMPERATURE, ""), f"{where}, {TEMPERATURE}")
    weight = _measure(cells.get(WEIGHT, ""), f"{where}, {WEIGHT}")
    if not scores and temperature is None and weight is None:
        raise InvalidInput(
            where, "no scores", "at least one symptom score from 0 to 10, or a temperature"
        )
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
        record_id,
        when,
        who,
        scores,
        note,
        activity,
        Stamps(when, updated),
        origin=where,
        temperature_c=temperature,
        weight_kg=weight,
    )


_PLAIN_NUMBER = re.compile(r"[0-9]{1,6}(?:\.[0-9]{1,6})?")


def _measure(text: str, where: str) -> float | None:
    """A temperature (°C) or weight (kg) cell: digits and a point, as the export writes them
    and as `log` reads them; its range is the domain's rule, checked later."""
    text = text.strip()
    if not text:
        return None
    if _PLAIN_NUMBER.fullmatch(text) is None:
        raise InvalidInput(where, text, "a number such as 38.2, or leave it empty")
    return float(text)


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
