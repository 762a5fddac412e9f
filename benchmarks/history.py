"""History page with a 10-year journal (four check-ins a day, every symptom) against a 30-day one:
open, then switch through every range.

Prints the time for each journal, their ratio (the floor is the 30-day journal, measured in the
same run) and the longest stall of the UI thread, caught by a 5 ms heartbeat timer. Budget: the
longest stall with the 10-year journal under 50 ms (the worst of five rounds; three runs, median).
An idle window's longest stall over the same time is printed beside it: the machine's share.

    uv run python benchmarks/history.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))

from _budget import Budget, measure
from _journals import demo_journal, heavy_journal
from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from carecompanion.ui.launch import settle_memory
from carecompanion.ui.pages.history import RANGES, HistoryPage
from carecompanion.ui.store import Store

ROUNDS = 5
STALL = "History, longest pause, 10-year journal"


class Heartbeat:
    """Records the longest gap between ticks of a fast timer on the UI thread."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.longest_ms = 0
        self.timer = QTimer(interval=5)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.longest_ms = 0
        self.clock.start()
        self.timer.start()

    def _tick(self) -> None:
        self.longest_ms = max(self.longest_ms, self.clock.restart())

    def stop(self) -> int:
        self.timer.stop()
        return self.longest_ms


def settle(page: HistoryPage) -> None:
    while not page.chart_is_current():
        QCoreApplication.processEvents()
    page.chart.repaint()


def one_round(store: Store, beat: Heartbeat) -> tuple[float, int]:
    beat.start()
    started = time.perf_counter()
    page = HistoryPage(store, QUndoStack())
    page.resize(1100, 800)
    page.show()
    settle(page)
    for index in range(len(RANGES) - 1):  # every preset; custom dates need typing
        page.range.setCurrentIndex(index)
        settle(page)
    elapsed = time.perf_counter() - started
    page.close()
    page.deleteLater()
    # Deleted as the window's event loop would delete it: this script never runs that loop, and
    # pages left alive would pile up for the garbage collector to scan in every later round.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    return elapsed, beat.stop()


def idle_stall(beat: Heartbeat, seconds: float) -> int:
    """The longest pause of an idle event loop over `seconds`: what the machine alone costs
    (other programs on the same processors), measured beside the History rounds."""
    beat.start()
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        QCoreApplication.processEvents()
        time.sleep(0.001)
    return beat.stop()


def measure_rounds(store: Store, beat: Heartbeat) -> tuple[float, int]:
    """Median time of ROUNDS rounds and the longest stall of any of them."""
    results = [one_round(store, beat) for _ in range(ROUNDS)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def main() -> None:
    QApplication.instance() or QApplication([])
    small_journal, big_journal = demo_journal(30), heavy_journal(3650)
    small, big = Store(small_journal), Store(big_journal)
    beat = Heartbeat()
    settle_memory()  # as the app does once its window is up (ui/launch.py)
    one_round(small, beat)  # warm caches
    one_round(big, beat)

    def one_run(_: int) -> dict[str, float]:
        floor, floor_stall = measure_rounds(small, beat)
        ours, stall = measure_rounds(big, beat)
        idle = idle_stall(beat, ours * ROUNDS)
        print(
            f"  30-day journal {floor * 1000:.0f} ms (longest stall {floor_stall} ms), "
            f"10-year journal {ours * 1000:.0f} ms (longest stall {stall} ms), "
            f"ratio {ours / floor:.2f}x; idle window, same length: longest stall {idle} ms"
        )
        return {STALL: float(stall)}

    try:
        measure([Budget(STALL, 50, "ms")], one_run)
    finally:
        for store, journal in ((small, small_journal), (big, big_journal)):
            store.shutdown()
            journal.close()


if __name__ == "__main__":
    main()
