"""Fault injection: `restore`, `import`, `backup` and a migration killed (SIGKILL) at random
moments and at the moments their files change, over a hundred times; after every kill the data
folder holds a usable journal.db (it passes the full integrity check, the app opens it, and it
holds either the check-ins from before or the ones the command was bringing, never a mix, never
none).

Random kill delays are drawn (seeded, so a run can be repeated) between the command's start-up
time and its whole duration, both measured here first. The moments a file appears or changes
are found by watching the data folder, never by a hook in the product.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from carecompanion import paths
from carecompanion.db import backup
from carecompanion.db.health import check_file, stored_revision
from carecompanion.db.journal import open_journal
from carecompanion.db.migrate import upgrade
from carecompanion.db.migrations import HEAD_REVISION
from carecompanion.db.models import CheckInRow
from carecompanion.services import checkins, demo, exports
from tests.journal_ids import same_journal

pytestmark = pytest.mark.slow

SEED = 1130
KILLS_PER_COMMAND = 20  # six commands: 120 kills at least
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)

Ids = frozenset[str]


def ids_in(data: paths.DataPaths) -> Ids:
    """Open the journal as the app does (finishing an interrupted update) and read its ids."""
    assert data.journal.is_file(), "no journal.db"
    check_file(data.journal, full=True)
    with open_journal(data, automatic_backup=False) as journal, journal.read() as session:
        found = frozenset(i.hex for i in session.scalars(select(CheckInRow.id)))
    assert stored_revision(data.journal) == HEAD_REVISION
    return found


def filled(root: Path, days: int, seed: int) -> tuple[paths.DataPaths, Ids]:
    data = paths.resolve(root)
    with open_journal(data, now=NOW, automatic_backup=False) as journal:
        with journal.write() as session:
            demo.generate(session, days=days, seed=seed, end=NOW, zone=ZoneInfo("UTC"), per_day=2)
        journal.backup_if_due(NOW)
    return data, ids_in(data)


def plain(root: Path, count: int) -> paths.DataPaths:
    """A journal of `count` check-ins and nothing else (no questions to clash on import)."""
    data = paths.resolve(root)
    with open_journal(data, now=NOW, automatic_backup=False) as journal, journal.write() as s:
        for n in range(count):
            checkins.record(
                s,
                {"pain": n % 11, "nausea": 2},
                recorded_at=NOW - timedelta(hours=n),
                note=f"imported {n}",
                now=NOW,
            )
    return data


def at_first_revision(path: Path, count: int) -> Ids:
    """A journal as the first version wrote it, `count` check-ins with a score each."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    upgrade(path, "0001")
    made = []
    with closing(sqlite3.connect(path)) as conn:
        for n in range(count):
            checkin = uuid.uuid4().hex
            stamp = (NOW - timedelta(minutes=n)).strftime("%Y-%m-%d %H:%M:%S.%f")
            conn.execute(
                "INSERT INTO checkins (id, recorded_at, recorded_by, note, created_at,"
                " updated_at) VALUES (?, ?, 'patient', '', ?, ?)",
                (checkin, stamp, stamp, stamp),
            )
            conn.execute(
                "INSERT INTO scores (id, checkin_id, symptom, value, created_at, updated_at)"
                " VALUES (?, ?, 'pain', 3, ?, ?)",
                (uuid.uuid4().hex, checkin, stamp, stamp),
            )
            made.append(checkin)
        conn.commit()
    os.chmod(path, 0o600)
    return frozenset(made)


def names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except FileNotFoundError:
        return []


@dataclass
class Command:
    """One command to kill: its data folder to start from, its arguments, what may be found."""

    template: Path
    argv: list[str]
    before: Ids
    after: Ids
    # Moments worth a kill, each a test on the data folder being changed.
    moments: dict[str, Callable[[Path], bool]] = field(default_factory=dict)
    check: Callable[[paths.DataPaths, bool], None] | None = None
    # A journal too damaged to open: "before" is then these very bytes, untouched.
    damaged: bytes | None = None


def appears(where: str, ending: str) -> Callable[[Path], bool]:
    def test(root: Path) -> bool:
        return any(name.endswith(ending) for name in names(root / where))

    return test


def log_written(root: Path) -> bool:
    try:
        return (root / "journal.db-wal").stat().st_size > 0
    except FileNotFoundError:
        return False


def replaced(root: Path) -> bool:
    """journal.db is another file than the one the command started with."""
    try:
        return (root / "journal.db").stat().st_ino != _first_inode[root]
    except FileNotFoundError:
        return False


_first_inode: dict[Path, int] = {}


def backups_are_good(data: paths.DataPaths, done: bool) -> None:
    """Every file named as a backup is a good journal (a half-written one has another name)."""
    for found in backup.listing(data.backups):
        check_file(found.path, full=True)


def kept_aside_byte_for_byte(
    template: Path, why: str = "replaced"
) -> Callable[[paths.DataPaths, bool], None]:
    original = (template / "journal.db").read_bytes()

    def check(data: paths.DataPaths, done: bool) -> None:
        backups_are_good(data, done)
        if done:
            kept = list(data.root.glob(f"journal-{why}-*.db"))
            assert [p.read_bytes() == original for p in kept] == [True]

    return check


def damaged_copy(template: Path, root: Path) -> bytes:
    """A copy of the journal below `template` whose index lies: it passes quick_check only."""
    shutil.copytree(template, root)
    with closing(sqlite3.connect(root / "journal.db")) as conn:
        conn.execute("PRAGMA writable_schema=ON")
        conn.execute(
            "UPDATE sqlite_master SET sql='CREATE INDEX ix_checkins_recorded_at ON checkins (note)'"
            " WHERE name='ix_checkins_recorded_at'"
        )
        conn.commit()
    for suffix in ("-wal", "-shm"):
        (root / f"journal.db{suffix}").unlink(missing_ok=True)
    return (root / "journal.db").read_bytes()


@pytest.fixture(scope="module")
def commands(tmp_path_factory) -> dict[str, Command]:
    base = tmp_path_factory.mktemp("faults")
    old, old_ids = filled(base / "old", days=150, seed=3)
    new, new_ids = filled(base / "new", days=120, seed=4)
    restore_source = backup.snapshot(new.journal, base / "sources" / "new.db")
    older_source = base / "sources" / "older.db"
    older_ids = at_first_revision(older_source, 400)
    imported = plain(base / "imported", 300)
    imported_ids = ids_in(imported)
    with (
        open_journal(imported, automatic_backup=False) as journal,
        open_journal(old, automatic_backup=False) as journal_of_old,
    ):
        same_journal(journal, journal_of_old)  # the same journal, from another laptop
        exported = exports.export_file(
            journal, "json", base / "sources" / "import.json", None, NOW, ZoneInfo("UTC")
        )
    damaged = paths.resolve(base / "damaged")
    damaged_bytes = damaged_copy(old.root, damaged.root)
    first = paths.resolve(base / "first")
    first_ids = at_first_revision(first.journal, 3000)
    aside = {
        "the copy is being written": lambda root: "journal.db.restoring" in names(root),
        "the journal is kept aside": lambda root: any(
            n.startswith(("journal-replaced-", "journal-damaged-")) for n in names(root)
        ),
        "the snapshot before it is being written": appears("backups", "before-restore.db.partial"),
        "the snapshot before it exists": appears("backups", "before-restore.db"),
        "the restored journal is in place": replaced,
    }
    return {
        "restore": Command(
            old.root,
            ["restore", str(restore_source)],
            old_ids,
            new_ids,
            aside,
            kept_aside_byte_for_byte(old.root),
        ),
        "restore over a damaged journal": Command(
            damaged.root,
            ["restore", str(restore_source)],
            frozenset(),
            new_ids,
            aside,
            kept_aside_byte_for_byte(damaged.root, "damaged"),
            damaged_bytes,
        ),
        "restore of an older backup": Command(
            old.root,
            ["restore", str(older_source)],
            old_ids,
            older_ids,
            {
                **aside,
                "the snapshot before its update exists": appears("backups", "before-update.db"),
                "its update is writing": lambda root: replaced(root) and log_written(root),
            },
            kept_aside_byte_for_byte(old.root),
        ),
        "import": Command(
            old.root,
            ["import", str(exported)],
            old_ids,
            old_ids | imported_ids,
            {
                "the snapshot before it is being written": appears(
                    "backups", "before-import.db.partial"
                ),
                "the snapshot before it exists": appears("backups", "before-import.db"),
                "the merge is writing": log_written,
            },
            backups_are_good,
        ),
        "backup": Command(
            old.root,
            ["backup"],
            old_ids,
            old_ids,
            {
                "the backup is being written": appears("backups", "manual.db.partial"),
                "the backup exists": appears("backups", "manual.db"),
            },
            backups_are_good,
        ),
        "migration": Command(
            first.root,
            ["backup", "-o", str(base / "outside.db")],
            first_ids,
            first_ids,
            {
                "the snapshot before it is being written": appears(
                    "backups", "before-update.db.partial"
                ),
                "the snapshot before it exists": appears("backups", "before-update.db"),
                "it is writing": log_written,
            },
            backups_are_good,
        ),
    }


def start(command: Command, root: Path, *, fresh: bool = True) -> subprocess.Popen[bytes]:
    if fresh:
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(command.template, root)
        _first_inode[root] = (root / "journal.db").stat().st_ino
    return subprocess.Popen(
        [sys.executable, "-m", "carecompanion", "--data-dir", str(root), *command.argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def timed(command: Command, root: Path, argv: list[str] | None = None) -> float:
    begun = time.monotonic()
    if argv is not None:
        command = Command(command.template, argv, command.before, command.after)
    child = start(command, root)
    _, err = child.communicate(timeout=120)
    took = time.monotonic() - begun
    if argv is None:
        assert child.returncode == 0, err.decode()
    return took


def survived(command: Command, root: Path) -> str:
    """Check the data folder after a kill; which state the journal is in."""
    data = paths.resolve(root)
    if command.damaged is not None and data.journal.read_bytes() == command.damaged:
        return "before"  # the damaged journal, untouched
    found = ids_in(data)
    assert found in (command.before, command.after), (len(found), len(command.before))
    if command.check is not None:
        command.check(data, found == command.after != command.before)
    return "after" if found == command.after else "before"


def finish(command: Command, root: Path) -> None:
    """Run the command to its end over what the last kill left: it succeeds and cleans up.

    A half-written backup is cleared once it is over an hour old (a younger one may belong to
    another process still writing it), so the last kill's is first made to look two hours old.
    """
    two_hours_ago = time.time() - 2 * 3600
    for leftover in (root / "backups").glob("*.partial*"):  # with any -journal beside it
        os.utime(leftover, (two_hours_ago, two_hours_ago))
    child = start(command, root, fresh=False)
    _, err = child.communicate(timeout=120)
    assert child.returncode == 0, err.decode()
    assert ids_in(paths.resolve(root)) == command.after
    left = [n for n in names(root) + names(root / "backups") if "restoring" in n or "partial" in n]
    assert left == []


def test_killed_at_any_moment_restore_import_backup_and_migration_leave_a_usable_journal(
    commands, tmp_path
):
    chance = random.Random(SEED)
    began = time.monotonic()
    report: dict[str, dict[str, int]] = {}
    for name, command in commands.items():
        started = time.monotonic()
        root = tmp_path / name.replace(" ", "-")
        whole = timed(command, root)
        assert survived(command, root) == "after"
        # Start-up: the same program stopping at once on a source that is not there.
        startup = timed(command, root, ["restore", str(tmp_path / "missing.db")])
        seen = report.setdefault(name, {"kills": 0, "before": 0, "after": 0, "moments": 0})
        # At each moment a file changes, twice.
        for moment, happened in list(command.moments.items()) * 2:
            child = start(command, root)
            while child.poll() is None and not happened(root):
                pass
            child.send_signal(signal.SIGKILL)
            child.communicate(timeout=60)
            if child.returncode == -signal.SIGKILL:
                seen["kills"] += 1
                seen["moments"] += 1
                seen[survived(command, root)] += 1
            else:
                assert survived(command, root) == "after", moment
        # At random moments between start-up and the end, until enough kills landed.
        attempts = 0
        while seen["kills"] < KILLS_PER_COMMAND:
            attempts += 1
            assert attempts < 4 * KILLS_PER_COMMAND, seen
            child = start(command, root)
            time.sleep(chance.uniform(0.5 * startup, whole))  # the kill delay
            child.send_signal(signal.SIGKILL)
            child.communicate(timeout=60)
            if child.returncode == -signal.SIGKILL:
                seen["kills"] += 1
            seen[survived(command, root)] += 1
        finish(command, root)
        seen["seconds"] = round(time.monotonic() - started)
        seen["whole ms"], seen["start-up ms"] = round(whole * 1000), round(startup * 1000)
    took = time.monotonic() - began
    total = sum(counts["kills"] for counts in report.values())
    for name, counts in report.items():
        print(name, counts)
    print(f"\n{total} kills in {took:.0f} s (seed {SEED}): {report}")
    assert total >= 100
    # Kills landed before and after changes took effect, so both outcomes were checked. Which
    # command's kills land on which side depends on this machine's speed, so it is asserted
    # over the commands that change the journal together, not one by one.
    changing = ("restore", "restore over a damaged journal", "restore of an older backup", "import")
    assert sum(report[name]["before"] for name in changing) > 0, report
    assert sum(report[name]["after"] for name in changing) > 0, report
