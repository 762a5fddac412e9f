"""Questions for the care team: add, edit, reorder, pin three for the next visit, record answers."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecompanion.actions import Done
from carecompanion.actions import questions as question_actions
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import MAX_PINNED_QUESTIONS, Question, QuestionStatus
from carecompanion.services import questions
from carecompanion.ui.keyboard import table_keys
from carecompanion.ui.store import QUESTIONS, Store
from carecompanion.ui.theme import is_dark, problem_style
from carecompanion.ui.undo import do_undoable
from carecompanion.ui.widgets.common import Page, heading, muted
from carecompanion.ui.widgets.flow_layout import flow_of
from carecompanion.ui.widgets.spacing import INSIDE

STATUS_TEXT = {
    QuestionStatus.OPEN: "to ask",
    QuestionStatus.ASKED: "asked",
    QuestionStatus.ANSWERED: "answered",
}


def text_dialog(parent: QWidget, title: str, label: str, text: str = "") -> QInputDialog:
    """A prompt for a few lines of text whose box Tab leaves (for OK), rather than typing a tab."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
    dialog.setTextValue(text)
    for box in dialog.findChildren(QPlainTextEdit):
        box.setTabChangesFocus(True)
        box.setAccessibleName(label.rstrip(":"))
    return dialog


def ask_text(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    """A text prompt; None when cancelled. Tests replace this."""
    dialog = text_dialog(parent, title, label, text)
    return dialog.textValue() if dialog.exec() == QDialog.DialogCode.Accepted else None


class QuestionsPage(Page):
    title = "Questions"

    def __init__(self, store: Store, undo: QUndoStack) -> None:
        super().__init__()
        self.store = store
        self.undo = undo
        self.items: list[Question] = []
        self.body.addWidget(heading("Questions for your care team"))
        self.body.addWidget(
            muted(
                f"Pin up to {MAX_PINNED_QUESTIONS} for your next visit: they are printed on the "
                "first page of the summary for your care team."
            )
        )
        adder = QHBoxLayout()
        self.new_text = QLineEdit()
        self.new_text.setPlaceholderText("Type a question and press Enter")
        self.new_text.setAccessibleName("New question")
        self.new_text.returnPressed.connect(self.add_typed)
        add = QPushButton("Add")
        add.clicked.connect(self.add_typed)
        adder.addWidget(self.new_text, 1)
        adder.addWidget(add)
        self.body.addLayout(adder)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        self.message.hide()
        self.body.addWidget(self.message)

        self.list = QListWidget()
        self.list.setAccessibleName("Questions")
        # Long questions and answers wrap to the list's width (laid out again as it resizes),
        # never wider than the page; the whole text is also on hover and in the description.
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(INSIDE)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setMinimumHeight(280)
        self.list.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        # Tab leaves the list (arrows move inside); Enter edits the question, Delete deletes it.
        table_keys(self.list, self.edit_selected, self.delete_selected)
        self.body.addWidget(self.list, 1)

        self.buttons: dict[str, QPushButton] = {}
        for name, text, action in (
            ("pin", "Pin / unpin", self.toggle_pin),
            ("up", "Move up", lambda: self.move_selected(-1)),
            ("down", "Move down", lambda: self.move_selected(1)),
            ("asked", "Mark asked", self.mark_asked),
            ("answered", "Record answer…", self.record_answer),
            ("edit", "Edit…", self.edit_selected),
            ("delete", "Delete", self.delete_selected),
        ):
            button = QPushButton(text)
            button.clicked.connect(action)
            self.buttons[name] = button
        # The buttons wrap onto a second line rather than widening the page (large text).
        self.body.addWidget(flow_of(*self.buttons.values()))
        # The empty page: one sentence pointing at the box and its Add button, at the top.
        self.empty_state = QWidget()
        empty_column = QVBoxLayout(self.empty_state)
        empty_column.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel(
            "No questions yet. Type one in the box above and press Add; Learn's panels "
            "suggest some worth asking."
        )
        self.empty.setWordWrap(True)
        empty_column.addWidget(self.empty)
        empty_column.addStretch()
        self.body.addWidget(self.empty_state, 1)
        store.changed.connect(lambda what: self.refresh() if QUESTIONS in what else None)
        self.refresh()

    def refresh(self) -> None:
        chosen = self.selected()
        self.items = self.store.read(questions.all_questions)
        self.list.clear()
        for question in self.items:
            prefix = "Pinned for next visit · " if question.pinned else ""
            text = f"{prefix}{question.text}  ({STATUS_TEXT[question.status]})"
            if question.status is QuestionStatus.ANSWERED and question.answer:
                text += f"\n    Answer: {question.answer}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, str(question.id))
            item.setToolTip(text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, text.replace("\n    ", " "))
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, text.replace("\n    ", " "))
            if question.pinned:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
            if chosen is not None and question.id == chosen.id:
                self.list.setCurrentItem(item)
        self.list.setVisible(bool(self.items))
        self.empty_state.setVisible(not self.items)
        for button in self.buttons.values():
            button.setVisible(bool(self.items))

    def selected(self) -> Question | None:
        row = self.list.currentRow() if hasattr(self, "list") else -1
        return self.items[row] if 0 <= row < len(self.items) else None

    def select(self, question_id: uuid.UUID) -> None:
        for row, question in enumerate(self.items):
            if question.id == question_id:
                self.list.setCurrentRow(row)

    def say(self, text: str, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(problem_style(is_dark(self)) if problem else "")
        self.message.show()

    def _run(self, action: Callable[..., Done[Any]], *args: Any, text: str = "") -> bool:
        if self.store.run(action, *args, on_error=self._refused) is None:
            return False
        if text:
            self.say(text)
        else:
            self.message.hide()
        return True

    def _refused(self, problem: Exception) -> None:
        if isinstance(problem, InvalidInput):
            self.say(problem.allowed[:1].upper() + problem.allowed[1:] + ".", problem=True)
        else:
            self.say(str(problem), problem=True)

    def add_typed(self) -> None:
        if self._run(question_actions.add_question, self.new_text.text(), text="Added."):
            self.new_text.clear()

    def toggle_pin(self) -> None:
        question = self.selected()
        if question is not None:
            self._run(question_actions.pin_question, question.id, not question.pinned)

    def move_selected(self, step: int) -> None:
        question = self.selected()
        if question is None:
            return
        order = [q.id for q in self.items]
        index = order.index(question.id)
        target = index + step
        if not 0 <= target < len(order):
            return
        order[index], order[target] = order[target], order[index]
        previous = [q.id for q in self.items]
        reorder = question_actions.reorder_questions
        do_undoable(
            self.undo, self.store, "Reorder questions", (reorder, (order,)), (reorder, (previous,))
        )
        self.select(question.id)

    def mark_asked(self) -> None:
        question = self.selected()
        if question is not None:
            self._run(question_actions.set_question_status, question.id, QuestionStatus.ASKED)

    def record_answer(self) -> None:
        question = self.selected()
        if question is None:
            return
        answer = ask_text(self, "Record the answer", question.text, question.answer)
        if answer is not None:
            self._run(
                question_actions.set_question_status,
                question.id,
                QuestionStatus.ANSWERED,
                answer,
            )

    def edit_selected(self) -> None:
        question = self.selected()
        if question is None:
            return
        text = ask_text(self, "Edit question", "Question:", question.text)
        if text is not None:
            self._run(question_actions.edit_question, question.id, text)

    def delete_selected(self) -> None:
        question = self.selected()
        if question is None:
            return
        do_undoable(
            self.undo,
            self.store,
            "Delete question",
            (question_actions.delete_question, (question.id,)),
            (question_actions.undelete_question, (question.id,)),
        )
