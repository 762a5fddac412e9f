"""Backups in the window: listed with date, kind and size; what one holds; restoring one."""

from datetime import UTC, datetime, time, timedelta

import pytest

from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.db import backup
from carecompanion.services import checkins
from carecompanion.ui.dialogs import backups, recently_deleted
from carecompanion.ui.pages.data_files import DataFilesBox

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def at_noon(store):
    zone = store.context().zone
    noon = datetime.combine(datetime.now(zone).date(), time(12), tzinfo=zone)
    store.clock = lambda: noon.astimezone(UTC)
    store._context = None
    return noon


@pytest.fixture
def closes_the_store_journal(store):
    yield
    store.journal.close()  # the restored journal the dialog opened


def take(store, reason, ago):
    now = store.context().now()
    return backup.take(store.paths.journal, store.paths.backups, reason, now - ago)


def count(store):
    return store.read(checkins.count)


def test_lists_every_backup_newest_first_with_kind_size_and_what_it_holds(at_noon, window, store):
    store.run(check_in, CheckInEntry({"pain": 3}, recorded_at=at_noon - timedelta(days=3)))
    take(store, "daily", timedelta(days=40))
    take(store, "before-import", timedelta(days=2))
    store.run(check_in, CheckInEntry({"pain": 5}, recorded_at=at_noon - timedelta(hours=3)))
    take(store, "daily", timedelta(hours=1))

    dialog = backups.show(window)

    assert dialog.table.rowCount() == 3
    cells = [[dialog.table.item(r, c).text() for c in range(3)] for r in range(3)]
    newest = at_noon - timedelta(hours=1)
    assert cells[0][0] == f"{newest:%a %d %b %Y, %H:%M}"
    assert [row[1] for row in cells] == ["Daily", "Before an import", "Monthly"]
    assert all(row[2].endswith("KB") for row in cells)
    assert dialog.holds.text().startswith("This backup holds: 2 check-ins, ")
    three_days = at_noon - timedelta(days=3)
    assert f"{three_days:%d %b %Y} to {at_noon:%d %b %Y}" in dialog.holds.text()
    dialog.table.selectRow(1)
    assert "1 check-in, " in dialog.holds.text()
    dialog.close()


def test_reading_what_a_backup_holds_leaves_nothing_beside_it(at_noon, window, store):
    store.run(check_in, CheckInEntry({"pain": 3}))
    taken = take(store, "manual", timedelta(minutes=5))
    before = sorted(p.name for p in store.paths.backups.iterdir())
    dialog = backups.show(window)
    assert "1 check-in" in dialog.holds.text()
    assert dialog.table.item(0, 1).text() == "Made by you"
    assert sorted(p.name for p in store.paths.backups.iterdir()) == before
    assert taken.path.name in before
    dialog.close()


def test_restore_after_asking_backs_up_the_present_journal_and_shows_the_backups_entries(
    at_noon, window, store, monkeypatch, qtbot, closes_the_store_journal
):
    store.run(check_in, CheckInEntry({"pain": 3}, recorded_at=at_noon - timedelta(days=1)))
    take(store, "daily", timedelta(hours=2))
    store.run(check_in, CheckInEntry({"pain": 7}, recorded_at=at_noon - timedelta(hours=1)))
    history = window.history
    window.show_view("history")
    assert count(store) == 2
    asked = []
    monkeypatch.setattr(backups, "confirm", lambda parent, text: asked.append(text) or True)
    dialog = backups.show(window)

    dialog.restore_selected()

    assert asked and "is backed up first" in asked[0]
    assert count(store) == 1  # the backup's one check-in, read through the reopened journal
    assert "Restored the backup of" in dialog.message.text()
    reasons = [b.reason for b in backup.listing(store.paths.backups)]
    assert reasons.count("before-restore") == 1
    assert dialog.table.item(0, 1).text() == "Before a restore"
    dialog.table.selectRow(0)
    assert "2 check-ins" in dialog.holds.text()  # the journal as it was, kept
    assert window.undo_stack.count() == 0
    qtbot.waitUntil(lambda: history.summary.text() == "1 check-ins")  # the page refreshed
    dialog.close()


def test_a_restore_refused_by_the_question_changes_nothing(at_noon, window, store, monkeypatch):
    store.run(check_in, CheckInEntry({"pain": 3}))
    take(store, "daily", timedelta(hours=2))
    store.run(check_in, CheckInEntry({"pain": 4}))
    monkeypatch.setattr(backups, "confirm", lambda parent, text: False)
    dialog = backups.show(window)
    dialog.restore_selected()
    assert count(store) == 2
    assert [b.reason for b in backup.listing(store.paths.backups)] == ["daily"]
    dialog.close()


def test_no_backups_yet_says_so(window, store):
    dialog = backups.show(window)
    assert dialog.table.isHidden()
    assert "No backups yet" in dialog.empty.text() and not dialog.empty.isHidden()
    assert not dialog.restore_button.isEnabled()
    dialog.close()


def test_the_export_page_opens_backups_and_recently_deleted(window):
    window.show_view("export")
    box = window.export.findChild(DataFilesBox)
    box.backups_button.click()
    opened = window.findChild(backups.BackupsDialog)
    assert opened is not None and opened.isVisible()
    opened.close()
    box.deleted_button.click()
    listed = window.findChild(recently_deleted.RecentlyDeletedDialog)
    assert listed is not None and listed.isVisible()
    listed.close()
