"""Long text in History's table and the Questions list: elided or wrapped, with the whole text
on hover and in the accessible description; History with no check-ins: one sentence and the way
to Today."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from carecompanion.actions import questions as question_actions
from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.ui.models.checkin_table import CheckInTableModel

LONG_NOTE = (
    "Slept badly after the evening dose; the tingling in both hands was worse when it was cold "
    "outside, and the walk to the shop took twice as long as last week.\nBetter by the evening."
)
DESCRIPTION = Qt.ItemDataRole.AccessibleDescriptionRole


def settle(window) -> None:
    for _ in range(3):
        QApplication.processEvents()
        window.store.wait_for_background()
    QApplication.processEvents()


def test_a_long_note_is_elided_with_the_whole_of_it_on_hover_and_for_screen_readers(window, store):
    assert store.run(check_in, CheckInEntry({"pain": 3}, note=LONG_NOTE)) is not None
    window.show_view("history")
    settle(window)
    history = window.history
    model: CheckInTableModel = history.model
    note = model.index(0, model.note_column)
    assert model.data(note, Qt.ItemDataRole.ToolTipRole) == LONG_NOTE
    assert model.data(note, DESCRIPTION) == LONG_NOTE
    assert not history.table.wordWrap()
    assert history.table.textElideMode() == Qt.TextElideMode.ElideRight
    # Read as a screen reader reads the cell, through the table's accessible interface.
    face = QAccessible.queryAccessibleInterface(history.table)
    cells = [face.child(i) for i in range(face.childCount())]
    said = {
        cell.text(QAccessible.Text.Name): cell.text(QAccessible.Text.Description)
        for cell in cells
        if cell is not None and cell.role() == QAccessible.Role.Cell
    }
    assert said[LONG_NOTE.replace("\n", " ")] == LONG_NOTE
    pain = model.index(0, 2)
    assert model.data(pain, DESCRIPTION) == "Pain: 3 of 10, mild"


def test_the_vitals_heading_says_it_in_full_for_screen_readers(window):
    model = window.history.model
    column = model.vitals_column
    words = model.headerData(column, Qt.Orientation.Horizontal, DESCRIPTION)
    assert words == model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "Temperature and weight" in words


def test_questions_give_their_whole_text_on_hover_and_for_screen_readers(window, store):
    long = "Which trials could I join with a KRAS G12C change, and how far would I travel? " * 2
    store.run(question_actions.add_question, long.strip())
    window.show_view("questions")
    page = window.questions
    item = page.list.item(0)
    assert item.toolTip() == item.text()
    assert long.strip() in item.data(DESCRIPTION)
    assert page.list.wordWrap()
    assert page.list.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff


def test_an_answer_is_in_the_description_on_one_line(window, store, monkeypatch):
    from carecompanion.domain.records import QuestionStatus

    done = store.run(question_actions.add_question, "Is the tiredness from the treatment?")
    assert done is not None
    question = window.questions.items[0] if window.questions.items else None
    assert question is not None
    store.run(
        question_actions.set_question_status,
        question.id,
        QuestionStatus.ANSWERED,
        "Probably both.",
    )
    item = window.questions.list.item(0)
    assert "\n" in item.text()  # the answer on its own line in the list
    described = item.data(DESCRIPTION)
    assert "Answer: Probably both." in described and "\n" not in described


def test_history_with_no_check_ins_says_so_and_goes_to_today(window, qtbot):
    window.show_view("history")
    settle(window)
    history = window.history
    assert history.empty_state.isVisible()
    assert "No check-ins yet" in history.empty.text()
    for part in (history.splitter, history.toggle_holder, history.action_row, history.period_row):
        assert not part.isVisible()
    qtbot.mouseClick(history.go_today, Qt.MouseButton.LeftButton)
    assert window.current_view() == "today"


def test_go_to_today_goes_through_view_requested_when_someone_listens(window, qtbot):
    history = window.history
    asked: list[str] = []
    history.view_requested.connect(asked.append)
    history.go_to_today()
    assert asked == ["today"]


def test_the_first_check_in_brings_the_chart_and_table_back(window, store):
    window.show_view("history")
    settle(window)
    history = window.history
    assert history.empty_state.isVisible()
    assert store.run(check_in, CheckInEntry({"pain": 2})) is not None
    settle(window)
    assert not history.empty_state.isVisible()
    assert history.splitter.isVisible() and history.table.isVisible()
    assert history.summary.text() == "1 check-ins"
