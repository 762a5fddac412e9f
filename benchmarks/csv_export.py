"""CSV and JSON export of the heavy 10-year journal (four check-ins a day, every symptom), each
against a plain sqlite3 dump of the same rows (csv or json module) measured in the same run.
Budgets: CSV 1.5x its floor, JSON 1.3x; three runs, judged on the median (see _budget.py).

uv run python benchmarks/csv_export.py
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).parent))

from _budget import Budget, measure
from _journals import END, heavy_journal

from carecompanion.services import exports

ROUNDS = 5
CSV = "CSV export / sqlite3 + csv"
JSON = "JSON export / sqlite3 + json"


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


def plain_json(path: Path) -> bytes:
    """The floor for JSON: every check-in row and score row as lists, through the json module."""
    with sqlite3.connect(path) as conn:
        document = {
            "checkins": conn.execute("SELECT * FROM checkins").fetchall(),
            "scores": conn.execute("SELECT * FROM scores").fetchall(),
        }
    conn.close()
    return json.dumps(document).encode("utf-8")


def timed_pair(floor: Callable[[], object], ours: Callable[[], object]) -> tuple[float, float]:
    """Median times of the floor and of ours, taken in turn so both see the same machine."""
    floor_times, our_times = [], []
    for _ in range(ROUNDS):
        for action, times in ((floor, floor_times), (ours, our_times)):
            started = time.perf_counter()
            action()
            times.append(time.perf_counter() - started)
    return statistics.median(floor_times), statistics.median(our_times)


def main() -> None:
    journal = heavy_journal(3650)
    target = Path(tempfile.mkdtemp()) / "journal.csv"
    json_target = target.with_suffix(".json")
    zone = ZoneInfo("Europe/London")
    path = journal.paths.journal

    def one_run(_: int) -> dict[str, float]:
        floor, ours = timed_pair(
            lambda: plain_dump(path),
            lambda: exports.export_file(journal, "csv", target, None, END, zone),
        )
        json_floor, json_ours = timed_pair(
            lambda: plain_json(path),
            lambda: exports.export_file(journal, "json", json_target, None, END, zone),
        )
        rows = target.read_text(encoding="utf-8-sig").count("\n") - 1
        print(
            f"  csv: floor {floor * 1000:.0f} ms, ours {ours * 1000:.0f} ms ({rows} check-ins); "
            f"json: floor {json_floor * 1000:.0f} ms, ours {json_ours * 1000:.0f} ms "
            f"({json_target.stat().st_size // 1024} KB)"
        )
        return {CSV: ours / floor, JSON: json_ours / json_floor}

    measure([Budget(CSV, 1.5, "x"), Budget(JSON, 1.3, "x")], one_run)


if __name__ == "__main__":
    main()
