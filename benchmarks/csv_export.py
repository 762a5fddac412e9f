"""CSV and JSON export of the heavy 10-year journal (four check-ins a day, every symptom), each
against a plain sqlite3 dump of the same rows (csv or json module) measured in the same run.

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
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).parent))

from _journals import END, heavy_journal

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


def plain_json(path: Path) -> bytes:
    """The floor for JSON: every check-in row and score row as lists, through the json module."""
    with sqlite3.connect(path) as conn:
        document = {
            "checkins": conn.execute("SELECT * FROM checkins").fetchall(),
            "scores": conn.execute("SELECT * FROM scores").fetchall(),
        }
    conn.close()
    return json.dumps(document).encode("utf-8")


def timed(action: object) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    journal = heavy_journal(3650)
    target = Path(tempfile.mkdtemp()) / "journal.csv"
    zone = ZoneInfo("Europe/London")
    floor = timed(lambda: plain_dump(journal.paths.journal))
    ours = timed(lambda: exports.export_file(journal, "csv", target, None, END, zone))
    rows = target.read_text(encoding="utf-8-sig").count("\n") - 1
    print(f"plain sqlite3 + csv dump (floor): {floor * 1000:7.1f} ms")
    print(f"carecompanion export csv:         {ours * 1000:7.1f} ms ({rows} check-ins)")
    print(f"ratio: {ours / floor:.2f}x")
    json_target = target.with_suffix(".json")
    json_floor = timed(lambda: plain_json(journal.paths.journal))
    json_ours = timed(lambda: exports.export_file(journal, "json", json_target, None, END, zone))
    print(f"plain sqlite3 + json dump (floor):  {json_floor * 1000:7.1f} ms")
    print(
        f"carecompanion export json:          {json_ours * 1000:7.1f} ms "
        f"({json_ours / json_floor:.2f}x, {json_target.stat().st_size // 1024} KB)"
    )


if __name__ == "__main__":
    main()
