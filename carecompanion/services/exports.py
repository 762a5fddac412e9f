"""Exports shared by the command line and the window: choosing the period, writing the file."""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from carecompanion.db.journal import Journal
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.report import ReportOptions
from carecompanion.domain.times import parse_date
from carecompanion.services import report

DEFAULT_DAYS = 30


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
    options: ReportOptions,
    now: datetime,
    zone: tzinfo,
) -> Path:
    if kind == "pdf":
        from carecompanion.export import pdf

        with journal.read() as session:
            built = report.build(session, options, now, zone)
        pdf.write(built, target)
        return target
    raise InvalidInput("format", kind, "choose pdf")
