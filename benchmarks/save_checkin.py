"""Saving a check-in through CareCompanion against a bare sqlite3 insert and commit with the same
pragmas (WAL, synchronous=FULL), each on its own copy of the 10-year journal, measured in turn
in the same run. "Save and flags" is the whole action behind the Save button
(actions.checkins.check_in), saves following one another as a person's do; the first save after
any other change (which reads the journal's recent weeks again), and the same for a symptom
severe every third day for ten years (whose whole past it reads), are printed beside it.
Budgets: 2x the floor for the save, 3x for the save and its flags; three runs, median.

    uv run python benchmarks/save_checkin.py
"""

from __future__ import annotations

import shutil
import sqlite3
import statistics
import sys
import time
import uuid
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).parent))

from _budget import Budget, measure
from _journals import END, heavy_journal

from carecompanion import paths
from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.db.journal import Journal, open_journal
from carecompanion.domain.context import Context, fixed_clock
from carecompanion.services import checkin_rows, checkins, profile

ROUNDS = 60
SAVE = "save / bare insert"
FLAGS = "save and flags / bare insert"
ZONE = ZoneInfo("Europe/London")
SCORES = {"pain": 4, "nausea": 1, "fatigue": 5, "anxiety": 3}


def bare_insert(conn: sqlite3.Connection, minute: int) -> None:
    """The floor: one check-in and its scores, as plain SQL in one transaction."""
    checkin_id = uuid.uuid4().hex
    stamp = f"2026-06-02 {minute // 60 % 24:02d}:{minute % 60:02d}:00.000000"
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


def one_run(
    saving: Journal, acting: Journal, conn: sqlite3.Connection, run: int
) -> tuple[float, float, float]:
    """Median times of the floor, the save alone (the service in its write transaction) and
    the whole action the Save button runs (the save, its flags, the supportive-care prompt, in
    one transaction), taken in turn each round so all three see the same machine."""
    floor, save, action = [], [], []
    for n in range(ROUNDS):
        minute = n + run * (ROUNDS + 1)
        moment = END + timedelta(minutes=minute)
        started = time.perf_counter()
        bare_insert(conn, minute)
        floor.append(time.perf_counter() - started)
        started = time.perf_counter()
        with saving.write() as session:
            checkins.record(session, SCORES, recorded_at=moment, now=moment)
        save.append(time.perf_counter() - started)
        ctx = Context(zone=ZONE, clock=fixed_clock(moment))
        started = time.perf_counter()
        check_in(acting, ctx, CheckInEntry(SCORES))
        action.append(time.perf_counter() - started)
    return statistics.median(floor), statistics.median(save), statistics.median(action)


def first_save_after_a_change(acting: Journal, run: int) -> float:
    """The Save action right after another change (a profile edit): it reads again."""
    moment = END + timedelta(minutes=run * (ROUNDS + 1) - 1)
    ctx = Context(zone=ZONE, clock=fixed_clock(moment))
    with acting.write() as session:
        person = profile.get(session)
        profile.save(session, replace(person, name=f"Run {run}"), ctx)
    started = time.perf_counter()
    check_in(acting, ctx, CheckInEntry(SCORES))
    return time.perf_counter() - started


def severe_every_third_day(journal: Journal) -> None:
    """Tiredness 7 on the check-ins of every third day for all ten years: a run of flags with
    no 7-day gap, so the first save of it after a change reads tiredness's whole past."""
    with journal.write() as session:
        checkin_rows.driver(session).execute(
            "UPDATE scores SET value = 7 WHERE symptom = 'fatigue' AND checkin_id IN (SELECT "
            "id FROM checkins WHERE CAST(julianday(recorded_at) AS INTEGER) % 3 = 0)"
        )


def first_severe_save_after_a_change(chronic: Journal, run: int) -> float:
    """The Save action of tiredness 7 right after another change, on the journal above."""
    moment = END + timedelta(hours=run)
    ctx = Context(zone=ZONE, clock=fixed_clock(moment))
    with chronic.write() as session:
        person = profile.get(session)
        profile.save(session, replace(person, name=f"Run {run}"), ctx)
    started = time.perf_counter()
    check_in(chronic, ctx, CheckInEntry({**SCORES, "fatigue": 7}))
    return time.perf_counter() - started


def copies(count: int) -> list[Path]:
    """Data folders each holding the same 10-year journal."""
    journal = heavy_journal(3650)
    source = journal.paths.root
    journal.close()
    folders = [source]
    for n in range(1, count):
        folders.append(source.with_name(f"{source.name}-copy{n}"))
        shutil.copytree(source, folders[-1])
    return folders


def main() -> None:
    floor_folder, saving_folder, acting_folder, chronic_folder = copies(4)
    saving = open_journal(paths.resolve(saving_folder), automatic_backup=False)
    acting = open_journal(paths.resolve(acting_folder), automatic_backup=False)
    chronic = open_journal(paths.resolve(chronic_folder), automatic_backup=False)
    severe_every_third_day(chronic)

    conn = sqlite3.connect(paths.resolve(floor_folder).journal, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")

    def measured(run: int) -> dict[str, float]:
        first = first_save_after_a_change(acting, run)
        severe = first_severe_save_after_a_change(chronic, run)
        floor, save, save_and_flags = one_run(saving, acting, conn, run)
        print(
            f"  floor {floor * 1000:.2f} ms, save {save * 1000:.2f} ms, "
            f"save and flags {save_and_flags * 1000:.2f} ms (the first after another change "
            f"{first * 1000:.1f} ms; of a symptom severe every third day for ten years "
            f"{severe * 1000:.0f} ms)"
        )
        return {SAVE: save / floor, FLAGS: save_and_flags / floor}

    measure([Budget(SAVE, 2.0, "x"), Budget(FLAGS, 3.0, "x")], measured)
    conn.close()
    saving.close()
    acting.close()
    chronic.close()


if __name__ == "__main__":
    main()
