"""The 30-day care-team PDF from a 10-year journal, against the same journal cut to its last
five weeks (the floor): the same page, with and without the history behind it.

The history behind the period must not make the summary slower (budget: ratio ≤ 1.2), and the
PDF of all ten years with every check-in in its log takes under 3 s. Three runs, median.

    uv run python benchmarks/pdf_export.py
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _budget import Budget, measure
from _journals import END, demo_journal

from carecompanion import paths
from carecompanion.db import backup
from carecompanion.db.journal import Journal, open_journal
from carecompanion.domain.report import ReportOptions
from carecompanion.export import pdf
from carecompanion.services import report

ROUNDS = 5
BUDGET = 1.2
RATIO = "30-day PDF, 10-year journal / 5 weeks"
FULL = "PDF of ten years with every check-in"


def cut_copy(journal: Journal, keep_from: datetime) -> Journal:
    """A copy of the journal without the check-ins recorded before `keep_from`."""
    folder = Path(tempfile.mkdtemp(prefix="cc-bench-cut-"))
    backup.snapshot(journal.paths.journal, folder / "journal.db")
    stamp = keep_from.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
    with sqlite3.connect(folder / "journal.db") as conn:
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("DELETE FROM checkins WHERE recorded_at < ?", (stamp,))
    conn.close()
    return open_journal(paths.resolve(folder), automatic_backup=False)


def one_export(journal: Journal, options: ReportOptions) -> float:
    """Time to build the report and lay out the PDF, telling each page as the Export page is
    told (`progress`)."""
    pages: list[int] = []
    started = time.perf_counter()
    with journal.read() as session:
        built = report.build(session, options, END, UTC)
    pdf.render_counted(built, progress=pages.append)
    return time.perf_counter() - started


def export_seconds(journal: Journal, options: ReportOptions, rounds: int = ROUNDS) -> float:
    """Median time of `rounds` exports."""
    return statistics.median(one_export(journal, options) for _ in range(rounds))


def paired_seconds(
    floor: Journal, heavy: Journal, options: ReportOptions, rounds: int = ROUNDS
) -> tuple[float, float]:
    """Median times of the same export from two journals, taken in turn (one of each a round,
    which goes first alternating), so a change in the machine's load falls on both alike."""
    times: dict[int, list[float]] = {id(floor): [], id(heavy): []}
    for n in range(rounds):
        for journal in (floor, heavy) if n % 2 == 0 else (heavy, floor):
            times[id(journal)].append(one_export(journal, options))
    return statistics.median(times[id(floor)]), statistics.median(times[id(heavy)])


def main() -> None:
    last_30 = ReportOptions(start=END.date() - timedelta(days=29), end=END.date())
    everything = ReportOptions(
        start=END.date() - timedelta(days=3649), end=END.date(), include_log=True
    )
    big = demo_journal(3650)
    small = cut_copy(big, END - timedelta(days=37))
    export_seconds(small, last_30, 2)  # warm fonts and imports

    def one_run(_: int) -> dict[str, float]:
        floor, heavy = paired_seconds(small, big, last_30)
        appendix = export_seconds(big, everything, 1)
        print(
            f"  30-day PDF: cut to 5 weeks (floor) {floor * 1000:.0f} ms, "
            f"10-year journal {heavy * 1000:.0f} ms; 10-year PDF with every check-in "
            f"{appendix:.2f} s"
        )
        return {RATIO: heavy / floor, FULL: appendix}

    measure([Budget(RATIO, BUDGET, "x"), Budget(FULL, 3.0, "s")], one_run)


if __name__ == "__main__":
    main()
