"""Faults a person may meet: a full disk, a read-only journal, a damaged or newer journal,
a second window, and the promise that the app makes no network connection."""

import socket

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


def test_no_network_connection_during_a_whole_session(window, store, tmp_path, monkeypatch, qtbot):
    attempts = []

    class NoNetwork(socket.socket):
        def __init__(self, family=-1, *args, **kwargs):
            if family in (socket.AF_INET, socket.AF_INET6, -1):
                attempts.append(family)
                raise OSError("network use is not allowed in CareCompanion")
            super().__init__(family, *args, **kwargs)

    monkeypatch.setattr(socket, "socket", NoNetwork)
    monkeypatch.setattr(
        socket,
        "create_connection",
        lambda *a, **k: attempts.append(a) or (_ for _ in ()).throw(OSError()),
    )
    from carecompanion.ui.pages import data_files
    from carecompanion.ui.pages import export as export_page

    window.today.inputs["pain"].set_value(4)
    window.today.save()
    for view in (
        "today",
        "history",
        "treatments",
        "tests",
        "questions",
        "learn",
        "trials",
        "export",
    ):
        window.show_view(view)
        window.repaint()
    window.history.range.setCurrentIndex(4)
    window.learn.search.setText("trial")
    target = tmp_path / "summary.pdf"
    monkeypatch.setattr(export_page, "ask_save_path", lambda *a: target)
    window.export.export()
    qtbot.waitUntil(lambda: target.exists(), timeout=20000)
    monkeypatch.setattr(data_files, "ask_save_path", lambda *a: tmp_path / "all.json")
    window.export.data_files.save()
    qtbot.waitUntil(lambda: (tmp_path / "all.json").exists(), timeout=20000)
    window.store.wait_for_background()
    assert attempts == []
