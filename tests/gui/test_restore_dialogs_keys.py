"""Recently deleted and Backups from the keyboard (issue 15): Enter on a row restores it (it
used to close the dialog, Close having become the default button), Tab leaves the table for
Restore and then Close, and Enter on Close closes."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from carecompanion.actions.checkins import CheckInEntry, check_in, delete_checkin
from carecompanion.actions.medications import add_medication, delete_medication
from carecompanion.db import backup
from carecompanion.domain.records import Medication
from carecompanion.services import checkins
from carecompanion.ui.dialogs import backups, recently_deleted

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def noon(store):
    zone = store.context().zone
    moment = datetime.combine(datetime.now(zone).date(), time(12), tzinfo=zone)
    store.clock = lambda: moment.astimezone(UTC)
    store._context = None
    return moment


@pytest.fixture
def deleted(store, noon):
    """A check-in and a medicine, deleted."""
    saved = store.run(check_in, CheckInEntry({"pain": 6})).value.checkin
    medicine = Medication(uuid.uuid4(), "Medicine 6", date.today() - timedelta(days=60))
    store.run(add_medication, medicine)
    store.run(delete_checkin, saved.id)
    store.run(delete_medication, medicine.id)
    return saved


def opened(dialog, qtbot):
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    QApplication.processEvents()
    return dialog


def close_button(dialog):
    box = dialog.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Close)


def tab_order_from(start, presses):
    reached = []
    for _ in range(presses):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        QApplication.processEvents()
        reached.append(QApplication.focusWidget())
    return reached


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_on_a_row_restores_it_in_recently_deleted(deleted, window, store, qtbot, key):
    dialog = opened(recently_deleted.show(window), qtbot)
    assert dialog.table.rowCount() == 2
    assert QApplication.focusWidget() is dialog.table
    row = next(r for r in range(2) if dialog.table.item(r, 0).text() == "Check-in")
    dialog.table.selectRow(row)
    QTest.keyClick(dialog.table, key)
    QApplication.processEvents()
    assert dialog.isVisible()  # not closed
    assert store.read(checkins.count) == 1
    assert dialog.table.rowCount() == 1
    assert dialog.message.text().startswith("Restored: check-in")
    close = close_button(dialog)
    assert not close.isDefault() and not close.autoDefault()
    dialog.close()


def test_tab_leaves_the_table_for_restore_then_close_in_recently_deleted(
    deleted, window, store, qtbot
):
    dialog = opened(recently_deleted.show(window), qtbot)
    dialog.table.setFocus(Qt.FocusReason.TabFocusReason)
    reached = tab_order_from(dialog.table, 3)
    close = close_button(dialog)
    assert reached[:2] == [dialog.restore_button, close]
    assert reached[2] is dialog.table  # round again
    QTest.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier
    )
    assert QApplication.focusWidget() is close
    closed = []
    dialog.finished.connect(closed.append)
    QTest.keyClick(close, Qt.Key.Key_Return)  # Enter on Close closes, restores nothing
    QApplication.processEvents()
    assert closed  # closed (and deleted, as the window's dialogs are)
    assert store.read(checkins.count) == 0


def take(store, ago):
    now = store.context().now()
    return backup.take(store.paths.journal, store.paths.backups, "daily", now - ago)


@pytest.fixture
def closes_the_store_journal(store):
    yield
    store.journal.close()  # the restored journal the dialog opened


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_on_a_row_restores_it_in_backups(
    noon, window, store, qtbot, monkeypatch, closes_the_store_journal, key
):
    store.run(check_in, CheckInEntry({"pain": 3}, recorded_at=noon - timedelta(days=1)))
    take(store, timedelta(hours=2))
    store.run(check_in, CheckInEntry({"pain": 7}, recorded_at=noon - timedelta(hours=1)))
    asked = []
    monkeypatch.setattr(backups, "confirm", lambda parent, text: asked.append(text) or True)
    dialog = opened(backups.show(window), qtbot)
    assert QApplication.focusWidget() is dialog.table
    QTest.keyClick(dialog.table, key)
    QApplication.processEvents()
    assert asked, "Enter asked to restore"
    assert dialog.isVisible()
    assert store.read(checkins.count) == 1
    assert "Restored the backup of" in dialog.message.text()
    close = close_button(dialog)
    assert not close.isDefault() and not close.autoDefault()
    dialog.close()


def test_tab_leaves_the_table_for_restore_then_close_in_backups(
    noon, window, store, qtbot, monkeypatch
):
    take(store, timedelta(hours=2))
    asked = []
    monkeypatch.setattr(backups, "confirm", lambda parent, text: asked.append(text) or False)
    dialog = opened(backups.show(window), qtbot)
    dialog.table.setFocus(Qt.FocusReason.TabFocusReason)
    reached = tab_order_from(dialog.table, 3)
    close = close_button(dialog)
    assert reached[:2] == [dialog.restore_button, close]
    assert reached[2] is dialog.table
    QTest.keyClick(
        QApplication.focusWidget(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier
    )
    assert QApplication.focusWidget() is close
    closed = []
    dialog.finished.connect(closed.append)
    QTest.keyClick(close, Qt.Key.Key_Return)
    QApplication.processEvents()
    assert closed  # closed (and deleted, as the window's dialogs are)
    assert asked == []  # Enter on Close never asked to restore
