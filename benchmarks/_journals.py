"""Demo journals for the benchmarks, built once per run in a temporary folder."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from carecompanion import paths
from carecompanion.db.journal import Journal, open_journal
from carecompanion.services import demo

# The demo journals end an hour ago (to the minute), so the window's own periods ("Last 7
# days" ... "Everything") and Today's flags hold what they would for a person using it today.
END = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(hours=1)


def demo_journal(
    days: int, root: Path | None = None, *, per_day: int = 0, all_symptoms: bool = False
) -> Journal:
    """A journal of `days` days of demo data, ending at a fixed moment.

    `per_day` and `all_symptoms` make the heavy journals: several check-ins a day, every symptom.
    """
    folder = root or Path(tempfile.mkdtemp(prefix=f"cc-bench-{days}-"))
    data = paths.resolve(folder)
    journal = open_journal(data, automatic_backup=False)
    if days:
        with journal.write() as session:
            demo.generate(
                session,
                days=days,
                seed=1,
                end=END,
                zone=ZoneInfo("Europe/London"),
                per_day=per_day,
                all_symptoms=all_symptoms,
            )
    return journal


def heavy_journal(days: int) -> Journal:
    """Four check-ins a day on all twelve built-in symptoms and one custom one."""
    return demo_journal(days, per_day=4, all_symptoms=True)
