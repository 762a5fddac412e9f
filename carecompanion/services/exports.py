"""Exports and imports shared by the command line and the window.

Every export is written atomically and private to the user. An import is read and checked in
full before anything changes, a backup is taken, and the merge runs in one transaction: one bad
record rejects the whole file and the journal stays as it was.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from sqlalchemy import select

from carecompanion.db.journal import Journal
from carecompanion.db.models import ProfileRow
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.report import ReportOptions
from carecompanion.domain.times import day_bounds, parse_date
from carecompanion.domain.transfer import CheckInRecord, JournalDocument
from carecompanion.export.files import write_atomic
from carecompanion.services import report, symptoms, transfer

DEFAULT_DAYS = 30
FORMATS = ("pdf", "json", "csv", "fhir")
MAX_IMPORT_BYTES = 512 * 1024 * 1024
PATIENT_NAMESPACE = uuid.UUID("9d3e6f20-4b1a-4c8e-8f27-61a5c0d4e2b7")


def parse_period(
    start: str | None, end: str | None, today: date, *, include_log: bool = False
) -> ReportOptions:
    """Days from --from and --to, the last 30 by default; a backwards period is refused."""
    last = parse_date(end, "--to") if end else today
    first = parse_date(start, "--from") if start else last - timedelta(days=DEFAULT_DAYS - 1)
    if first > last:
        raise InvalidInput("--from", first.isoformat(), f"it must be on or before {last}")
    return ReportOptions(start=first, end=last, include_log=include_log)


def export_file(
    journal: Journal,
    kind: str,
    target: Path,
    options: ReportOptions | None,
    now: datetime,
    zone: tzinfo,
) -> Path:
    """Write one export. `options` limits check-ins to a period (the PDF defaults to 30 days)."""
    if kind == "pdf":
        from carecompanion.export import pdf

        chosen = options or parse_period(None, None, now.astimezone(zone).date())
        with journal.read() as session:
            built = report.build(session, chosen, now, zone)
        pdf.write(built, target)
        return target
    since, until = _bounds(options, zone)
    if kind == "json":
        from carecompanion.export import json_file

        with journal.read() as session:
            doc = transfer.dump(session, now, since, until)
        return write_atomic(target, json_file.dumps(doc))
    with journal.read() as session:
        live = transfer.checkin_records(session, since, until, include_deleted=False)
        labels = symptoms.labels(session)
        person = transfer.profile_record(session)
        patient_id = _patient_id(session.scalar(select(ProfileRow.id).limit(1)), live)
    if kind == "csv":
        from carecompanion.export import csv_file

        used = {key for c in live for key in c.scores}
        order = [k for k in labels if k in used] + sorted(used - set(labels))
        return write_atomic(target, csv_file.dumps(live, order, zone))
    if kind == "fhir":
        from carecompanion.export import fhir

        built_bundle = fhir.bundle(live, labels, person, patient_id, now, zone)
        return write_atomic(target, fhir.dumps(built_bundle))
    raise InvalidInput("format", kind, "choose one of " + ", ".join(FORMATS))


def _bounds(options: ReportOptions | None, zone: tzinfo) -> tuple[datetime | None, datetime | None]:
    if options is None:
        return None, None
    return day_bounds(options.start, options.end, zone)


def _patient_id(profile_id: uuid.UUID | None, found: Sequence[CheckInRecord]) -> uuid.UUID:
    if profile_id is not None:
        return profile_id
    first = found[0].id if found else uuid.UUID(int=0)
    return uuid.uuid5(PATIENT_NAMESPACE, str(first))


def read_import(path: Path, now: datetime) -> JournalDocument:
    """Read and check a JSON or CSV file completely; nothing in the journal changes."""
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise InvalidInput("file", f"{size // (1024 * 1024)} MB", "at most 512 MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput("file", str(path), "a file that exists") from None
    except IsADirectoryError:
        raise InvalidInput("file", str(path), "a file, not a folder") from None
    except PermissionError:
        raise InvalidInput("file", str(path), "a file you are allowed to read") from None
    except ValueError:  # a NUL character in the name
        raise InvalidInput("file", str(path), "a file name without NUL characters") from None
    if path.suffix.lower() == ".csv":
        from carecompanion.export import csv_file

        return JournalDocument(exported_at=now, checkins=tuple(csv_file.loads(data, now)))
    from carecompanion.export import json_file

    return json_file.loads(data)
