"""The window runs every change through one place: refusals are told, undo only after success."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtGui import QUndoStack

from carecompanion.actions import Change
from carecompanion.actions.checkins import CheckInEntry, check_in, delete_checkin, undelete_checkin
from carecompanion.db.errors import JournalWriteFailed
from carecompanion.services import checkins
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
