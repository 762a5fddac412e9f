"""Start-up to the first painted window, against a floor program measured in the same run.

The floor imports the same frameworks (Qt widgets, SQLAlchemy), opens a window and paints it.
CareCompanion is timed doing the same with `--screenshot`, which opens the journal, builds
the Today page, paints the window and exits. Budgets: 1.2x the floor for an empty journal; a
10-year journal no more than 1.05x the same journal without its entries (its settings kept:
thirteen symptoms on Today rather than an empty journal's four, so what is compared is the
years behind it, not a bigger page); three runs, median. How the 10-year start compares with
a new, empty journal is printed beside it.

    uv run python benchmarks/startup.py
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _budget import Budget, measure
from _journals import heavy_journal

ROUNDS = 9  # starts of each program per run (their median): a start varies by tens of ms
EMPTY = "start-up, empty journal / floor"
BIG = "start-up, 10-year journal / the same journal without its entries"
FLOOR = """
import sys
import sqlalchemy, sqlalchemy.orm
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setCentralWidget(QLabel("floor"))
window.resize(1180, 800)
window.show()
window.grab().save(sys.argv[1])
"""


def environment() -> dict[str, str]:
    # As on a user's machine: bytecode is cached after the first start. (Some shells here set
    # PYTHONDONTWRITEBYTECODE, which would make every start compile everything again.)
    found = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    found.pop("PYTHONDONTWRITEBYTECODE", None)
    return found


def timed(programs: list[list[str]]) -> list[float]:
    """Median start-up of each program, started in turn so all see the same machine."""
    for argv in programs:  # warm caches
        subprocess.run(argv, check=True, env=environment(), capture_output=True)
    times: list[list[float]] = [[] for _ in programs]
    for _ in range(ROUNDS):
        for argv, found in zip(programs, times, strict=True):
            started = time.perf_counter()
            subprocess.run(argv, check=True, env=environment(), capture_output=True)
            found.append(time.perf_counter() - started)
    return [statistics.median(found) for found in times]


def without_entries(journal: Path) -> Path:
    """A copy of a journal's data folder keeping its settings (profile, the symptoms switched
    on, treatment lines, tests, questions, medicines) but none of its check-ins or doses:
    the same Today, with nothing behind it."""
    copy = journal.with_name(f"{journal.name}-settings")
    shutil.copytree(journal, copy)
    conn = sqlite3.connect(copy / "journal.db", isolation_level=None)
    for table in ("scores", "checkins", "doses"):
        conn.execute(f"DELETE FROM {table}")
    conn.execute("VACUUM")
    conn.close()
    return copy


def main() -> None:
    shot = str(Path(tempfile.mkdtemp()) / "shot.png")
    empty = Path(tempfile.mkdtemp()) / "empty"
    big = heavy_journal(3650)
    big.close()
    settings = without_entries(big.paths.root)
    app = [sys.executable, "-m", "carecompanion", "--screenshot", shot, "--data-dir"]
    subprocess.run([*app, str(empty)], check=True, env=environment())  # create it once

    def one_run(_: int) -> dict[str, float]:
        floor, with_empty, with_settings, with_big = timed(
            [
                [sys.executable, "-c", FLOOR, shot],
                [*app, str(empty)],
                [*app, str(settings)],
                [*app, str(big.paths.root)],
            ]
        )
        print(
            f"  floor {floor * 1000:.0f} ms, empty journal {with_empty * 1000:.0f} ms, "
            f"the 10-year journal's settings without its entries {with_settings * 1000:.0f} ms, "
            f"10-year journal {with_big * 1000:.0f} ms ({with_big / with_empty:.2f}x a new, "
            "empty journal showing four symptoms instead of thirteen)"
        )
        return {EMPTY: with_empty / floor, BIG: with_big / with_settings}

    measure([Budget(EMPTY, 1.2, "x"), Budget(BIG, 1.05, "x")], one_run)


if __name__ == "__main__":
    main()
