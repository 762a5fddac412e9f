"""The window runs every change through one place: refusals are told, undo only after success."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtGui import QUndoStack

from carecompanion.actions import Change
from carecompanion.actions.checkins import CheckInEntry, check_in, delete_checkin, undelete_checkin
from carecompanion.actions.settings import SettingsChange, save_settings
from carecompanion.db.errors import JournalWriteFailed
from carecompanion.domain.records import Profile
from carecompanion.services import checkins
from carecompanion.ui.dialogs.settings import SettingsDialog
from carecompanion.ui.undo import do_undoable


def test_a_refused_action_is_told_and_changes_nothing(store, qtbot):
    told: list[str] = []
    store.problem.connect(told.append)
    future = store.context().now() + timedelta(days=365)
    with qtbot.assertNotEmitted(store.changed):
        assert store.run(check_in, CheckInEntry({"pain": 3}, recorded_at=future)) is None
    assert len(told) == 1 and "cannot be in the future" in told[0]
    assert store.read(checkins.count) == 0


def test_a_successful_action_says_exactly_what_changed(store, qtbot):
    with qtbot.waitSignal(store.changed) as signal:
        done = store.run(check_in, CheckInEntry({"pain": 3}))
    assert done is not None
    assert signal.args == [frozenset({Change.CHECKINS})]


def test_undo_is_recorded_only_after_the_write_succeeded(store, monkeypatch):
    saved = store.run(check_in, CheckInEntry({"pain": 3})).value.checkin
    stack = QUndoStack()
    told: list[str] = []
    store.problem.connect(told.append)

    def full_disk():
        raise JournalWriteFailed("The disk holding the journal is full, so nothing was saved.")

    monkeypatch.setattr(store.journal, "write", full_disk)
    step = (delete_checkin, (saved.id,)), (undelete_checkin, (saved.id,))
    assert do_undoable(stack, store, "Delete check-in", *step) is None
    assert stack.count() == 0
    assert told == ["The disk holding the journal is full, so nothing was saved."]
    monkeypatch.undo()

    assert do_undoable(stack, store, "Delete check-in", *step) is not None
    assert stack.count() == 1 and store.read(checkins.count) == 0
    stack.undo()
    assert store.read(checkins.count) == 1
    stack.redo()
    assert store.read(checkins.count) == 0


def test_an_undo_that_fails_is_told_and_dropped(store, monkeypatch):
    saved = store.run(check_in, CheckInEntry({"pain": 3})).value.checkin
    stack = QUndoStack()
    told: list[str] = []
    store.problem.connect(told.append)
    do_undoable(
        stack, store, "Delete", (delete_checkin, (saved.id,)), (undelete_checkin, (saved.id,))
    )

    def full_disk():
        raise JournalWriteFailed("The disk is full, so nothing was saved.")

    monkeypatch.setattr(store.journal, "write", full_disk)
    stack.undo()
    assert told == ["The disk is full, so nothing was saved."]
    assert stack.count() == 0  # nothing left claiming it can be redone


def test_the_zone_chosen_in_settings_is_the_one_every_page_uses(window, store, qtbot):
    dialog = SettingsDialog(Profile(), [], None, None, store.context())
    qtbot.addWidget(dialog)
    dialog.zone.setCurrentText("Pacific/Kiritimati")
    assert dialog.result_values().profile.time_zone == "Pacific/Kiritimati"
    dialog.zone.setCurrentText("Mars/Olympus")
    dialog.try_accept()
    assert "Mars/Olympus" in dialog.errors["time zone"].text()

    store.run(save_settings, SettingsChange(Profile(time_zone="Pacific/Kiritimati")))
    assert store.context().zone.key == "Pacific/Kiritimati"
    # A time typed as "earlier" on Today is read on Kiritimati's wall clock (UTC+14).
    today = window.today
    today.earlier_choice.setChecked(True)
    today.when.setDateTime(QDateTime(QDate(2026, 3, 1), QTime(10, 0)))
    window.today.inputs["pain"].set_value(2)
    saved = today.save()
    assert saved is not None
    assert saved.recorded_at == datetime(2026, 2, 28, 20, 0, tzinfo=UTC)
