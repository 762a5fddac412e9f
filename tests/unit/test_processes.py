"""Several processes on one journal, and a process killed mid-write."""

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.slow

WRITER = textwrap.dedent(
    """
    import sys
    from carecompanion import paths
    from carecompanion.db.journal import open_journal
    from carecompanion.services import checkins

    journal = open_journal(paths.resolve(sys.argv[1]))
    for i in range(100000):
        with journal.write() as session:
            checkins.record(session, {"pain": i % 11, "nausea": 1}, note=f"write {i}")
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
