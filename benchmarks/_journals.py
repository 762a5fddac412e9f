"""Demo journals for the benchmarks, built once per run in a temporary folder."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from carecompanion import paths
from carecompanion.db.journal import Journal, open_journal
from carecompanion.services import demo

END = datetime(2026, 6, 1, 20, 0, tzinfo=UTC)


def demo_journal(days: int, root: Path | None = None) -> Journal:
    """A journal of `days` days of demo data, ending at a fixed moment."""
    folder = root or Path(tempfile.mkdtemp(prefix=f"cc-bench-{days}-"))
    data = paths.resolve(folder)
    journal = open_journal(data, automatic_backup=False)
    if days:
        with journal.write() as session:
            demo.generate(session, days=days, seed=1, end=END, zone=ZoneInfo("Europe/London"))
    return journal
