"""Exports and imports shared by the command line and the window.

Every export is written atomically and private to the user. An import is read and checked in
full before anything changes, a backup is taken, and the merge runs in one transaction: one bad
record rejects the whole file and the journal stays as it was.
"""

from __future__ import annotations

import os
import stat
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
from carecompanion.export.files import check_target, write_atomic
from carecompanion.services import export_rows, medications, report, symptoms, transfer

DEFAULT_DAYS = 30
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9998, 12, 31)  # the span a period may cover
FORMATS = ("pdf", "json", "csv", "fhir")
MB = 1024 * 1024
MAX_IMPORT_BYTES = 512 * MB
PATIENT_NAMESPACE = uuid.UUID("9d3e6f20-4b1a-4c8e-8f27-61a5c0d4e2b7")


def parse_period(
    start: str | None, end: str | None, today: date, *, include_log: bool = False
) -> ReportOptions:
    """Days from --from and --to, the last 30 by default; a backwards period, or one that ends
    after today (a summary cannot speak for days to come), is refused."""
    last = _in_range(parse_date(end, "--to"), "--to") if end else today
    if last > today:
        raise InvalidInput("--to", last.isoformat(), f"a day on or before today, {today}")
    first = (
        _in_range(parse_date(start, "--from"), "--from")
        if start
        else last - timedelta(days=DEFAULT_DAYS - 1)
    )
    if first > last:
        raise InvalidInput("--from", first.isoformat(), f"it must be on or before {last}")
    return ReportOptions(start=first, end=last, include_log=include_log)


def _in_range(day: date, option: str) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidInput(option, day.isoformat(), f"a date from {FIRST_DAY} to {LAST_DAY}")
    return day


def export_file(
    journal: Journal,
    kind: str,
    target: Path,
    options: ReportOptions | None,
    now: datetime,
    zone: tzinfo,
) -> Path:
    """Write one export. `options` limits check-ins and doses to a period (the PDF defaults to
    30 days). A CSV export with doses also writes them beside it (`csv_file.doses_file`)."""
    if kind == "pdf":
        from carecompanion.export import pdf

        chosen = options or parse_period(None, None, now.astimezone(zone).date())
        with journal.read() as session:
            built = report.build(session, chosen, now, zone)
        pdf.write(built, target)
        return target
    since, until = _bounds(options, zone)
    if kind == "json":
        from carecompanion.export import json_lines

        with journal.read() as session:
            header, lines, doses = export_rows.document(session, now, since, until)
        return write_atomic(target, json_lines.dumps(header, lines, doses))
    if kind == "csv":
        return _export_csv(journal, target, since, until, zone)
    with journal.read() as session:
        live = transfer.checkin_records(session, since, until, include_deleted=False)
        labels = symptoms.labels(session)
        person = transfer.profile_record(session)
        patient_id = _patient_id(session.scalar(select(ProfileRow.id).limit(1)), live)
        # Neither deleted nor of a deleted medication; every medication not deleted.
        taken = medications.doses_between(session, since, until)
        known = medications.all_medications(session)
    if kind == "fhir":
        from carecompanion.export import fhir

        built_bundle = fhir.bundle(
            live, labels, person, patient_id, now, zone, medications=known, doses=taken
        )
        return write_atomic(target, fhir.dumps(built_bundle))
    raise InvalidInput("format", kind, "choose one of " + ", ".join(FORMATS))


def _export_csv(
    journal: Journal, target: Path, since: datetime | None, until: datetime | None, zone: tzinfo
) -> Path:
    """Check-ins not deleted, one row each, and their doses in a second file beside it."""
    from carecompanion.export import csv_file

    with journal.read() as session:
        live = export_rows.checkin_lines(session, since, until, include_deleted=False)
        labels = symptoms.labels(session)
        # Neither deleted nor of a deleted medication; every medication not deleted.
        taken = export_rows.dose_lines(session, since, until, live_only=True)
        known = medications.all_medications(session) if taken else []
    used = {key for keys in {c.symptoms for c in live} if keys for key in keys.split(",")}
    order = [k for k in labels if k in used] + sorted(used - set(labels))
    doses_target = csv_file.doses_file(target)
    if taken:  # refused before anything is written, like the check-ins file
        doses_target = _beside(doses_target)
    written = write_atomic(target, csv_file.dumps_lines(live, order, zone))
    if taken:
        by_id = {str(m.id): m for m in known}
        write_atomic(doses_target, csv_file.dumps_dose_lines(taken, by_id, zone))
    return written


def _beside(target: Path) -> Path:
    """A file written beside the one a person named, under a name they did not give: checked
    like theirs, and never through a symbolic link someone left at that name."""
    if target.is_symlink():
        raise InvalidInput(
            "file",
            str(target),
            "a name free of symbolic links: the doses file is written beside the CSV file "
            "and never through a link; remove the link or choose another name",
        )
    return check_target(target)


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
    data = _read_regular_file(path)
    if path.suffix.lower() == ".csv":
        from carecompanion.export import csv_file

        return JournalDocument(
            exported_at=now,
            checkins=tuple(csv_file.loads(data, now)),
            # A CSV without a vital-sign column does not speak for it: keep the journal's.
            silent_on=csv_file.missing_vitals(data),
        )
    from carecompanion.export import json_file

    return json_file.loads(data)


# What a name can be besides a regular file, and how a message calls it.
_NOT_REGULAR = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)
# Open without waiting: a FIFO swapped in after the first look opens at once instead of
# waiting for a writer, and a terminal does not become ours.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)
_CHUNK = 1024 * 1024


def _read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_IMPORT_BYTES, or InvalidInput saying why not.

    Only a regular file is read: a FIFO would wait for a writer forever while the journal is
    open, and /dev/zero never ends. The kind is checked before the file is opened, the file is
    opened without waiting (O_NONBLOCK), and what was opened is checked again in case the name
    changed in between. A file over the limit is refused from its size; reading stops one byte
    past the limit should it grow while it is read.
    """
    where = str(path)
    try:
        found = path.stat()
    except (OSError, ValueError) as exc:
        raise InvalidInput("file", where, _cannot_read(exc)) from None
    _check_kind(found, where)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except (OSError, ValueError) as exc:
        raise InvalidInput("file", where, _cannot_read(exc)) from None
    try:
        _check_kind(os.fstat(fd), where)
        data = bytearray()
        while len(data) <= MAX_IMPORT_BYTES:
            chunk = os.read(fd, min(_CHUNK, MAX_IMPORT_BYTES + 1 - len(data)))
            if not chunk:
                break
            data += chunk
    except OSError as exc:
        raise InvalidInput("file", where, _cannot_read(exc)) from None
    finally:
        os.close(fd)
    if len(data) > MAX_IMPORT_BYTES:
        raise _too_big(where)
    return bytes(data)


def _cannot_read(exc: OSError | ValueError) -> str:
    """What is allowed, for a name the system would not stat, open or read."""
    if isinstance(exc, FileNotFoundError):
        return "a file that exists"
    if isinstance(exc, IsADirectoryError):
        return _regular("a folder")
    if isinstance(exc, PermissionError):
        return "a file you are allowed to read"
    if isinstance(exc, ValueError):  # a NUL character in the name
        return "a file name without NUL characters"
    # A name too long, a loop of links, a file used as a folder, an I/O error, ...
    return f"a file that can be read ({exc.strerror or type(exc).__name__})"


def _regular(kind: str | None = None) -> str:
    regular = "a regular file such as an exported JSON or CSV file"
    return f"{regular}, not {kind}" if kind else regular


def _check_kind(found: os.stat_result, where: str) -> None:
    for test, kind in _NOT_REGULAR:
        if test(found.st_mode):
            raise InvalidInput("file", where, _regular(kind))
    if not stat.S_ISREG(found.st_mode):
        raise InvalidInput("file", where, _regular())
    if found.st_size > MAX_IMPORT_BYTES:
        raise _too_big(where)


def _too_big(where: str) -> InvalidInput:
    return InvalidInput(
        "file",
        where,
        f"a file of at most {MAX_IMPORT_BYTES // MB} MB; no journal file comes near that size",
    )
