"""CSV export of a 10-year journal against a plain sqlite3 + csv dump of the same rows (the floor).

uv run python benchmarks/csv_export.py
"""

from __future__ import annotations

import csv
import io
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).parent))

from _journals import END, demo_journal

from carecompanion.services import exports

ROUNDS = 5


def plain_dump(path: Path) -> bytes:
    """The floor: one query, one row per check-in with its scores, written with the csv module."""
    out = io.StringIO()
    writer = csv.writer(out)
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT c.id, c.recorded_at, c.recorded_by, c.activity, c.note, "
            "group_concat(s.symptom || '=' || s.value) FROM checkins c "
            "JOIN scores s ON s.checkin_id = c.id WHERE c.deleted_at IS NULL "
            "GROUP BY c.id ORDER BY c.recorded_at"
        )
        for row in rows:
            writer.writerow(row)
    conn.close()
    return out.getvalue().encode("utf-8")


def timed(action: object) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    journal = demo_journal(3650)
    target = Path(tempfile.mkdtemp()) / "journal.csv"
    zone = ZoneInfo("Europe/London")
    floor = timed(lambda: plain_dump(journal.paths.journal))
    ours = timed(lambda: exports.export_file(journal, "csv", target, None, END, zone))
    rows = target.read_text(encoding="utf-8-sig").count("\n") - 1
    print(f"plain sqlite3 + csv dump (floor): {floor * 1000:7.1f} ms")
    print(f"carecompanion export csv:         {ours * 1000:7.1f} ms ({rows} check-ins)")
    print(f"ratio: {ours / floor:.2f}x")


if __name__ == "__main__":
    main()
