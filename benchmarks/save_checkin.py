"""Saving a check-in through CareCompanion against a bare sqlite3 insert and commit with the same
pragmas (WAL, synchronous=FULL), both on the 10-year journal, measured in the same run.

    uv run python benchmarks/save_checkin.py
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _journals import END, heavy_journal

from carecompanion.services import checkins

ROUNDS = 60
SCORES = {"pain": 4, "nausea": 1, "fatigue": 5, "anxiety": 3}


def bare(path: Path) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    times = []
    for n in range(ROUNDS):
        started = time.perf_counter()
        checkin_id = uuid.uuid4().hex
        stamp = f"2026-06-01 {n // 60:02d}:{n % 60:02d}:00.000000"
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO checkins (id, recorded_at, recorded_by, note, created_at, updated_at) "
            "VALUES (?, ?, 'patient', '', ?, ?)",
            (checkin_id, stamp, stamp, stamp),
        )
        conn.executemany(
            "INSERT INTO scores (id, checkin_id, symptom, value, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(uuid.uuid4().hex, checkin_id, k, v, stamp, stamp) for k, v in SCORES.items()],
        )
        conn.execute("COMMIT")
        times.append(time.perf_counter() - started)
    conn.close()
    return statistics.median(times)


def ours() -> tuple[float, float, Path]:
    journal = heavy_journal(3650)
    times, with_flags = [], []
    for n in range(ROUNDS):
        started = time.perf_counter()
        with journal.write() as session:
            saved = checkins.record(
                session, SCORES, recorded_at=END - timedelta(minutes=n), now=END
            )
        times.append(time.perf_counter() - started)
        with journal.read() as session:
            checkins.flags(session, saved)
        with_flags.append(time.perf_counter() - started)
    path = journal.paths.journal
    journal.close()
    return statistics.median(times), statistics.median(with_flags), path


def main() -> None:
    save, save_and_flags, path = ours()
    floor = bare(path)
    print(f"bare sqlite3 insert + commit (floor): {floor * 1000:6.2f} ms")
    print(f"CareCompanion save:                   {save * 1000:6.2f} ms ({save / floor:.2f}x)")
    print(
        f"save and work out its flags:          {save_and_flags * 1000:6.2f} ms "
        f"({save_and_flags / floor:.2f}x)"
    )


if __name__ == "__main__":
    main()
