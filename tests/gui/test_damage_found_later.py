"""Damage SQLite's quick check finds while the window is already being built or shown ends in
the same message as when the check ran before the window, and nothing is written."""

from __future__ import annotations

from concurrent.futures import Future
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtWidgets import QMessageBox

from carecompanion.cli import main
from carecompanion.db import backup
from carecompanion.db.errors import JournalDamaged
from carecompanion.db.health import check_file
from carecompanion.db.journal import Journal, open_journal
from carecompanion.ui import launch as launch_module
from carecompanion.ui.dialogs import crash
from tests.page_damage import daily_checkins, damage_leaves

WAIT = 30  # seconds: a bound on waiting for the worker, never a delay


def opening(data, now) -> Future[Journal]:
    """The journal as the app opens it for the window: checks left to the background."""
    found: Future[Journal] = Future()
    found.set_result(open_journal(data, verify_later=True, now=now))
    return found


def refused_before_the_window(data) -> Future[Journal]:
    """The opening as it was when the window waited for the quick check: refused by it."""
    found: Future[Journal] = Future()
    try:
        check_file(data.journal)
    except JournalDamaged as exc:
        found.set_exception(exc)
    assert found.done()
    return found


@pytest.fixture
def told(monkeypatch):
    """Every message box the damage path shows, answered No."""
    shown: list[str] = []

    def question(*args, **_kwargs):
        shown.append(args[2])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: shown.append(args[2]))
    monkeypatch.setattr(crash, "show", lambda text: shown.append(f"crash: {text}"))
    return shown


def test_damage_found_while_today_is_read_offers_the_backup_as_before(data, now, told, qapp):
    daily_checkins(data, now - timedelta(days=1), 60)
    backup.take(data.journal, data.backups, "daily", now)  # none due when the window opens
    damage_leaves(data.journal, "checkins")  # every check-in Today reads
    launch_module.open_or_offer_backup(data, True, refused_before_the_window(data))
    before, content = list(told), data.journal.read_bytes()
    told.clear()

    with crash.handling(interactive=True):
        code = launch_module.launch(
            data, demo=False, screenshot=None, view="today", opening=opening(data, now)
        )
    assert code == 3
    assert told == before
    assert "Restore it? The damaged journal is kept aside" in told[0]
    assert data.journal.read_bytes() == content


def test_damage_found_after_the_window_is_shown_hides_it_and_says_so(
    window, store, journal, data, told, qtbot
):
    before = data.journal.read_bytes()
    verdict: Future[None] = Future()
    journal.first_verdict = verdict  # as when the quick check runs in the background
    ended: list[int] = []

    class App:
        def exit(self, code: int) -> None:
            ended.append(code)

    launch_module.leave_if_refused(window, App(), lambda: None)
    assert window.isVisible()
    damage = JournalDamaged(f"The journal {data.journal} is damaged (page 7). It has been left ")
    verdict.set_exception(damage)
    qtbot.waitUntil(lambda: ended == [3], timeout=WAIT * 1000)
    assert told == [str(damage)]  # no backup to offer: the message alone, as at opening
    assert not window.isVisible()
    assert data.journal.read_bytes() == before


def test_damage_found_after_the_window_is_shown_offers_the_backup_and_goes_on_with_it(
    window, store, journal, data, now, qtbot, monkeypatch
):
    backup.take(data.journal, data.backups, "daily", now)
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *args: asked.append(args[2]) or QMessageBox.StandardButton.Yes,
    )
    verdict: Future[None] = Future()
    journal.first_verdict = verdict
    launch_module.leave_if_refused(window, qtbot, lambda: None)
    verdict.set_exception(JournalDamaged("The journal is damaged (page 7)."))
    qtbot.waitUntil(lambda: store.journal is not journal, timeout=WAIT * 1000)
    assert asked and asked[0].startswith("The journal is damaged (page 7).")
    assert window.isVisible()
    with store.journal.read() as session:  # the restored journal, under the same window
        assert session.connection().exec_driver_sql("PRAGMA quick_check").scalar() == "ok"


def test_a_healthy_verdict_leaves_the_window_as_it_is(window, journal, told, qtbot):
    verdict: Future[None] = Future()
    journal.first_verdict = verdict
    withdrawn: list[bool] = []
    launch_module.leave_if_refused(window, qtbot, lambda: withdrawn.append(True))
    verdict.set_result(None)
    qtbot.waitUntil(lambda: withdrawn == [True], timeout=WAIT * 1000)
    assert window.isVisible() and told == []


@pytest.mark.parametrize("table", ["checkins", "scores"])
def test_a_picture_of_a_journal_the_quick_check_refuses_is_not_taken(
    data, now, tmp_path, capsys, table, qapp
):
    daily_checkins(data, now - timedelta(days=1), 300)
    # Stamped with the computer's time, as the command's own clock is: no daily backup is due,
    # so the window is built before the verdict (a due backup waits for it at opening).
    backup.take(data.journal, data.backups, "daily", datetime.now(UTC))
    # Every check-in (Today cannot be read), or the scores of the oldest (Today reads fine).
    damage_leaves(data.journal, table, first_only=table == "scores")
    with pytest.raises(JournalDamaged) as before:
        check_file(data.journal)  # what the window waited for before it opened
    capsys.readouterr()
    picture = tmp_path / "today.png"
    assert main(["--data-dir", str(data.root), "--screenshot", str(picture)]) == 3
    assert capsys.readouterr().err == f"carecompanion: {before.value}\n"
    assert not picture.exists()
