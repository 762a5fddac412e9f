"""Every table and list from the keyboard (issue 15): arrows move, Enter opens the row for
editing, Delete deletes it (Ctrl+Z brings it back), as the Edit and Delete buttons do."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from carecompanion.actions.demo import fill_demo
from carecompanion.ui.pages import history, history_doses, medications, questions


@pytest.fixture
def filled(store):
    assert store.run(fill_demo, 30, 1) is not None
    return store


def ready(window, qtbot, view):
    window.activateWindow()
    qtbot.waitActive(window)
    window.show_view(view)
    window.store.wait_for_background()
    QApplication.processEvents()
    if view == "history":  # its period is read on a worker
        qtbot.waitUntil(window.history.chart_is_current)
    return window.page(view)


def second_row(table):
    """Tab into the table (its first row chosen with the focus), then Down to the second."""
    table.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    QTest.keyClick(table, Qt.Key.Key_Down)
    return table.currentIndex().row()


class Asked:
    def __init__(self):
        self.records = []

    def __call__(self, *args, **kwargs):
        self.records.append(args[0] if args else None)
        return None  # as when the person presses Cancel


@pytest.mark.parametrize("view", ["treatments", "tests", "medications"])
@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_enter_opens_the_row_for_editing(filled, window, qtbot, monkeypatch, view, key):
    page = ready(window, qtbot, view)
    asked = Asked()
    monkeypatch.setattr(page, "ask", asked)
    row = second_row(page.table)
    assert row == 1
    QTest.keyClick(page.table, key)
    assert asked.records == [page.records[1]]


@pytest.mark.parametrize("view", ["treatments", "tests", "medications"])
def test_delete_deletes_the_row_and_ctrl_z_brings_it_back(filled, window, qtbot, monkeypatch, view):
    monkeypatch.setattr(medications, "confirm_delete", lambda *a: True)
    page = ready(window, qtbot, view)
    second_row(page.table)
    chosen = page.records[1]
    count = len(page.records)
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    assert len(page.records) == count - 1 and chosen not in page.records
    window.undo_stack.undo()
    assert len(page.records) == count


def test_history_checkins_enter_edits_and_delete_deletes(filled, window, qtbot, monkeypatch):
    page = ready(window, qtbot, "history")
    asked = Asked()
    monkeypatch.setattr(history.CheckInDialog, "ask", asked)
    second_row(page.table)
    chosen = page.model.checkin_at(1)
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    assert [c.id for c in asked.records] == [chosen.id]
    total = page.model.total
    QTest.keyClick(page.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.model.total == total - 1)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: page.model.total == total)


def test_history_doses_enter_edits_and_delete_deletes(filled, window, qtbot, monkeypatch):
    page = ready(window, qtbot, "history")
    page.show_doses()
    asked = Asked()
    monkeypatch.setattr(history_doses.DoseDialog, "ask", asked)
    table = page.doses.table
    second_row(table)
    chosen = page.doses.model.dose_at(1)
    QTest.keyClick(table, Qt.Key.Key_Enter)
    assert [d.id for d in asked.records] == [chosen.id]
    count = page.doses.model.rowCount()
    QTest.keyClick(table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: page.doses.model.rowCount() == count - 1)
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: page.doses.model.rowCount() == count)


def test_history_edit_and_delete_buttons_act_on_the_row_the_keyboard_chose(
    filled, window, qtbot, monkeypatch
):
    page = ready(window, qtbot, "history")
    asked = Asked()
    monkeypatch.setattr(history.CheckInDialog, "ask", asked)
    second_row(page.table)
    page.edit_button.setFocus()
    QTest.keyClick(page.edit_button, Qt.Key.Key_Space)
    assert [c.id for c in asked.records] == [page.model.checkin_at(1).id]


def test_questions_enter_edits_and_delete_deletes(filled, window, qtbot, monkeypatch):
    page = ready(window, qtbot, "questions")
    if len(page.items) < 2:
        for text in ("Is it safe to travel?", "Can I take paracetamol?"):
            page.new_text.setText(text)
            page.add_typed()
    asked = []
    monkeypatch.setattr(questions, "ask_text", lambda _p, _t, _l, text="": asked.append(text))
    second_row(page.list)
    chosen = page.items[1]
    QTest.keyClick(page.list, Qt.Key.Key_Return)
    assert asked == [chosen.text]
    count = len(page.items)
    QTest.keyClick(page.list, Qt.Key.Key_Delete)
    assert len(page.items) == count - 1 and chosen.id not in [q.id for q in page.items]
    window.undo_stack.undo()
    assert len(page.items) == count
