"""Start-up to the first painted window, against a floor program measured in the same run.

The floor imports the same frameworks (Qt widgets, SQLAlchemy), opens a window and paints it.
CareCompanion is timed doing the same with `--screenshot`, which opens the journal, builds
every page, paints the window and exits. Budgets: 1.5x the floor; a 10-year journal no more
than 1.2x an empty one.

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

from _journals import heavy_journal

ROUNDS = 5
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


def timed(argv: list[str]) -> float:
    subprocess.run(argv, check=True, env=environment(), capture_output=True)  # warm caches
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        subprocess.run(argv, check=True, env=environment(), capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    shot = str(Path(tempfile.mkdtemp()) / "shot.png")
    empty = Path(tempfile.mkdtemp()) / "empty"
    big = heavy_journal(3650)
    big.close()
    app = [sys.executable, "-m", "carecompanion", "--screenshot", shot, "--data-dir"]
    subprocess.run([*app, str(empty)], check=True, env=environment())  # create it once
    floor = timed([sys.executable, "-c", FLOOR, shot])
    with_empty = timed([*app, str(empty)])
    with_big = timed([*app, str(big.paths.root)])
    print(f"floor (Qt + SQLAlchemy, empty window): {floor * 1000:6.0f} ms")
    print(
        f"CareCompanion, empty journal:          {with_empty * 1000:6.0f} ms "
        f"({with_empty / floor:.2f}x the floor, budget 1.5x)"
    )
    print(
        f"CareCompanion, 10-year journal:        {with_big * 1000:6.0f} ms "
        f"({with_big / with_empty:.2f}x the empty journal, budget 1.2x)"
    )


if __name__ == "__main__":
    main()
