"""Several processes on one journal, and a process killed mid-write."""

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from datetime import UTC, datetime

import pytest

pytestmark = pytest.mark.slow

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime
    from carecompanion import paths
    from carecompanion.db.journal import open_journal
    from carecompanion.services import checkins

    journal = open_journal(paths.resolve(sys.argv[1]))
    for i in range(100000):
        with journal.write() as session:
            checkins.record(
                session, {"pain": i % 11, "nausea": 1}, note=f"write {i}", now=datetime.now(UTC)
            )
        print(i, flush=True)  # reported as saved only after the commit returned
    """
)

HOLDER = textwrap.dedent(
    """
    import sys
    from carecompanion import paths
    from carecompanion.db.journal import open_journal

    journal = open_journal(paths.resolve(sys.argv[1]))
    print("ready", flush=True)
    sys.stdin.readline()
    journal.close()
    """
)


def cli(*argv):
    return subprocess.Popen(
        [sys.executable, "-m", "carecompanion", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def notes(data):
    with sqlite3.connect(data.journal) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        found = {row[0] for row in conn.execute("SELECT note FROM checkins")}
    conn.close()
    return found


def test_two_log_commands_at_once_both_succeed(data):
    runs = [cli("--data-dir", str(data.root), "log", "--pain", str(n)) for n in (3, 4)]
    results = [(*run.communicate(timeout=60), run.returncode) for run in runs]
    assert [code for _, _, code in results] == [0, 0], results
    with sqlite3.connect(data.journal) as conn:
        scores = sorted(row[0] for row in conn.execute("SELECT value FROM scores"))
    conn.close()
    assert scores == [3, 4]


def test_sigkill_mid_burst_loses_no_reported_write(data):
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data.root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    reported = []
    for line in writer.stdout:
        reported.append(int(line))
        if len(reported) >= 150:
            break
    os.kill(writer.pid, signal.SIGKILL)
    rest, _ = writer.communicate(timeout=30)
    reported += [int(n) for n in rest.split()]
    assert writer.returncode == -signal.SIGKILL
    saved = notes(data)
    assert {f"write {i}" for i in reported} <= saved
    assert len(saved) <= len(reported) + 1  # at most the one write in flight


def test_restore_while_another_process_holds_the_journal_exits_3(data, tmp_path):
    assert cli("--data-dir", str(data.root), "log", "--pain", "2").wait(timeout=60) == 0
    snapshot = tmp_path / "snap.db"
    assert cli("--data-dir", str(data.root), "backup", "-o", str(snapshot)).wait(60) == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data.root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        before = hashlib.sha256(data.journal.read_bytes()).hexdigest()
        restore = cli("--data-dir", str(data.root), "restore", str(snapshot))
        _, err = restore.communicate(timeout=60)
        assert restore.returncode == 3
        assert "Another CareCompanion window or command is using the journal" in err
        assert hashlib.sha256(data.journal.read_bytes()).hexdigest() == before
    finally:
        holder.communicate("\n", timeout=30)
    assert holder.returncode == 0


IMPORTER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from carecompanion import paths
    from carecompanion.actions.context import journal_context
    from carecompanion.actions.files import import_file
    from carecompanion.db.journal import open_journal

    journal = open_journal(paths.resolve(sys.argv[1]))
    print("ready", flush=True)
    import_file(journal, journal_context(journal), Path(sys.argv[2]))
    print("imported", flush=True)
    """
)


def _wait_for(condition, timeout=60.0):
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.0005)


@pytest.mark.parametrize("moment", ["at start", "once the backup exists", "while writing"])
def test_sigkill_during_an_import_leaves_all_or_nothing(data, tmp_path, moment):
    from zoneinfo import ZoneInfo

    from carecompanion import paths
    from carecompanion.db.journal import open_journal
    from carecompanion.services import demo, exports
    from tests.journal_ids import same_journal

    now = datetime.now(UTC)
    source = open_journal(paths.resolve(tmp_path / "source"))
    with source.write() as session:
        demo.generate(
            session, days=900, seed=2, end=now, zone=ZoneInfo("UTC"), per_day=4, all_symptoms=True
        )
    file = exports.export_file(source, "json", tmp_path / "big.json", None, now, ZoneInfo("UTC"))
    assert cli("--data-dir", str(data.root), "log", "--pain", "1").wait(60) == 0
    with open_journal(data) as target:
        same_journal(target, source)  # the same journal, on another laptop
    source.close()
    child = subprocess.Popen(
        [sys.executable, "-c", IMPORTER, str(data.root), str(file)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "ready"
    wal = data.journal.with_name("journal.db-wal")
    if moment == "once the backup exists":
        _wait_for(lambda: any(p.name.endswith("before-import.db") for p in data.backups.iterdir()))
    elif moment == "while writing":
        _wait_for(lambda: wal.exists() and wal.stat().st_size > 256 * 1024)
    child.kill()
    child.wait(30)
    with sqlite3.connect(data.journal) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = conn.execute("SELECT count(*) FROM checkins").fetchone()[0]
    conn.close()
    assert count in (1, 1 + 3600), count  # nothing of the import, or all of it


def test_sigkill_during_a_migration_leaves_a_usable_journal(data, tmp_path):
    import uuid

    from carecompanion.db.journal import open_journal
    from carecompanion.db.migrate import upgrade
    from carecompanion.services import checkins

    data.ensure()
    upgrade(data.journal, "0001")
    with sqlite3.connect(data.journal) as conn:
        for n in range(3000):
            checkin = uuid.uuid4().hex
            stamp = f"2026-01-01 {n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}.000000"
            conn.execute(
                "INSERT INTO checkins (id, recorded_at, recorded_by, note, created_at,"
                " updated_at) VALUES (?, ?, 'patient', '', ?, ?)",
                (checkin, stamp, stamp, stamp),
            )
            conn.execute(
                "INSERT INTO scores (id, checkin_id, symptom, value, created_at,"
                " updated_at) VALUES (?, ?, 'pain', 3, ?, ?)",
                (uuid.uuid4().hex, checkin, stamp, stamp),
            )
    conn.close()
    opener = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data.root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    _wait_for(
        lambda: (
            any(p.name.endswith("before-update.db") for p in data.backups.iterdir())
            if data.backups.exists()
            else False
        )
    )
    opener.kill()
    opener.wait(30)
    with open_journal(data) as journal, journal.read() as session:  # finishes the update
        assert checkins.count(session) == 3000
