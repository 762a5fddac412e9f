"""Start-up to the first painted window, against a floor program measured in the same run.

The floor imports the same frameworks (Qt widgets, SQLAlchemy), opens a window and paints it.
CareCompanion is timed doing the same with `--screenshot`, which opens the journal, builds
the Today page, paints the window and exits. Budgets: 1.2x the floor; a 10-year journal no
more than 1.05x an empty one; three runs, median.

    uv run python benchmarks/startup.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _budget import Budget, measure
from _journals import heavy_journal

ROUNDS = 5
EMPTY = "start-up, empty journal / floor"
BIG = "start-up, 10-year journal / empty journal"
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


def main() -> None:
    shot = str(Path(tempfile.mkdtemp()) / "shot.png")
    empty = Path(tempfile.mkdtemp()) / "empty"
    big = heavy_journal(3650)
    big.close()
    app = [sys.executable, "-m", "carecompanion", "--screenshot", shot, "--data-dir"]
    subprocess.run([*app, str(empty)], check=True, env=environment())  # create it once

    def one_run(_: int) -> dict[str, float]:
        floor, with_empty, with_big = timed(
            [[sys.executable, "-c", FLOOR, shot], [*app, str(empty)], [*app, str(big.paths.root)]]
        )
        print(
            f"  floor {floor * 1000:.0f} ms, empty journal {with_empty * 1000:.0f} ms, "
            f"10-year journal {with_big * 1000:.0f} ms"
        )
        return {EMPTY: with_empty / floor, BIG: with_big / with_empty}

    measure([Budget(EMPTY, 1.2, "x"), Budget(BIG, 1.05, "x")], one_run)


if __name__ == "__main__":
    main()
