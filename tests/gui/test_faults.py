"""Faults a person may meet: a full disk, a read-only journal, a damaged or newer journal,
a second window, and the promise that the app makes no network connection."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import event

from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.db import backup
from carecompanion.db.journal import open_journal
from carecompanion.db.lock import LockFile
from carecompanion.services import checkins
from carecompanion.ui import launch as launch_module


def limit_writes(journal, pragma):
    """Make every new connection of the journal refuse writes the way a full or read-only
    disk does. (The tests run as root, which file modes do not stop.)"""
    journal.engine.dispose()
    event.listen(journal.engine, "connect", lambda conn, _record: conn.execute(pragma))


def test_a_full_disk_says_so_and_keeps_the_checkin_on_screen(window, store, journal):
    assert store.run(check_in, CheckInEntry({"pain": 1}, note="x" * 3000)) is not None
    with journal.read() as session:
        pages = session.connection().exec_driver_sql("PRAGMA page_count").scalar()
    limit_writes(journal, f"PRAGMA max_page_count={pages}")
    today = window.today
    today.inputs["pain"].set_value(7)
    today.note.setPlainText("Long note " * 600)
    assert today.save() is None
    assert "is full, so nothing was saved" in today.result.text()
    assert today.scores() == {"pain": 7} and today.note.toPlainText().startswith("Long note")
    assert store.read(checkins.count) == 1
    with journal.read() as session:
        ok = session.connection().exec_driver_sql("PRAGMA integrity_check").scalar()
    assert ok == "ok"


def test_a_read_only_journal_says_so_and_loses_nothing(window, store, journal):
    limit_writes(journal, "PRAGMA query_only=ON")
    today = window.today
    today.inputs["nausea"].set_value(3)
    assert today.save() is None
    assert "cannot be written to" in today.result.text()
    assert today.scores() == {"nausea": 3}


@pytest.mark.parametrize("damage", [b"", b"\0" * 16384, b"GIF89a not a journal"])
def test_a_damaged_journal_offers_the_latest_good_backup(data, now, damage, monkeypatch):
    with open_journal(data, now=now) as journal:
        with journal.write() as s:
            checkins.record(s, {"pain": 5}, note="kept safe", now=now)
        backup.take(data.journal, data.backups, "daily", now)
    data.journal.write_bytes(damage)
    asked = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a: asked.append(a[2]) or QMessageBox.StandardButton.Yes
    )
    journal = launch_module.open_or_offer_backup(data, interactive=True)
    assert asked and "Restore it? The damaged journal is kept aside" in asked[0]
    with journal.read() as session:
        assert [c.note for c in checkins.between(session)] == ["kept safe"]
    journal.close()
    aside = [p for p in data.root.iterdir() if p.name.startswith("journal-damaged-")]
    assert [p.read_bytes() for p in aside if p.suffix == ".db"] == [damage]


def test_declining_the_backup_leaves_the_damaged_file_alone(data, now, monkeypatch):
    with open_journal(data, now=now) as journal, journal.write() as s:
        checkins.record(s, {"pain": 5}, now=now)
    backup.take(data.journal, data.backups, "daily", now)
    data.journal.write_bytes(b"\0" * 8192)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.No)
    assert launch_module.open_or_offer_backup(data, interactive=True) is None
    assert data.journal.read_bytes() == b"\0" * 8192


def test_a_journal_from_a_newer_version_is_refused_with_a_message(data, now, monkeypatch):
    import sqlite3

    with open_journal(data, now=now):
        pass
    with sqlite3.connect(data.journal) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = data.journal.read_bytes()
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    assert launch_module.open_or_offer_backup(data, interactive=True) is None
    assert "newer version of CareCompanion" in shown[0]
    assert data.journal.read_bytes() == before


def test_a_second_window_on_the_same_journal_is_refused_kindly(data, monkeypatch, qapp):
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    with LockFile(data.ensure().window_lock) as first_window:
        assert first_window.exclusive()
        code = launch_module.launch(data, demo=False, screenshot=None, view="today")
    assert code == 0
    assert shown == ["CareCompanion is already open on this journal."]


SESSION = Path(__file__).with_name("offline_session.py")


def run_offline(*argv):
    return subprocess.run(
        [sys.executable, str(SESSION), *argv],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


def seccomp_guard():
    """Whether this machine can run the kernel's guard; else the reason it cannot."""
    found = run_offline("--probe", "unix")
    assert found.returncode == 0, found.stderr
    guard = found.stdout.splitlines()[0]
    if guard != "seccomp":
        pytest.skip(f"the kernel guard cannot run here: {guard}")


@pytest.mark.slow
@pytest.mark.parametrize("opener", ["python", "qt"])
def test_the_network_guard_stops_an_internet_socket_from_python_or_qt(opener):
    """The guard the session runs under is real: Qt's sockets cannot go around it."""
    seccomp_guard()
    stopped = run_offline("--probe", opener)
    assert stopped.returncode == -signal.SIGSYS, (stopped.returncode, stopped.stderr)
    assert stopped.stdout.split() == ["seccomp"]  # "opened" never came


@pytest.mark.slow
def test_no_network_connection_during_a_whole_session(tmp_path):
    """A real session, in a process the kernel stops at its first internet socket."""
    done = run_offline(str(tmp_path))
    steps = [line for line in done.stdout.splitlines() if line.startswith("step: ")]
    assert done.returncode == 0, (
        f"the session stopped (code {done.returncode}) at {steps[-1:]}; a code of "
        f"{-signal.SIGSYS} means it opened an internet socket\n{done.stderr}"
    )
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["inet_sockets"] == []
    assert found["unix_sockets"] >= 1  # the single-instance server listens on a local socket
    assert (tmp_path / "summary.pdf").read_bytes().startswith(b"%PDF")
    assert json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    if found["guard"] != "seccomp":
        pytest.skip(f"only the end-of-session socket check ran; no kernel guard: {found['guard']}")
