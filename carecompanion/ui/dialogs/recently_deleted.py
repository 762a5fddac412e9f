"""Recently deleted: entries deleted in the last 30 days, each with Restore (undoable).

Deleting only marks a record, so what was deleted last week is still in the journal after the
window was closed. The list is read through `services.recently_deleted`; Restore runs the same
undelete action Ctrl+Z runs, through the store, and goes on the window's undo stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carecompanion.actions import Done
from carecompanion.actions import checkins as checkin_actions
from carecompanion.actions import medications as med_actions
from carecompanion.actions import questions as question_actions
from carecompanion.actions import records as record_actions
from carecompanion.domain.context import Context
from carecompanion.services import recently_deleted
from carecompanion.services.recently_deleted import KEPT_DAYS, Deleted, Kind
from carecompanion.ui.dialogs.form import screen_room
from carecompanion.ui.keyboard import restore_buttons
from carecompanion.ui.store import Store
from carecompanion.ui.undo import do_undoable
from carecompanion.ui.widgets.common import heading, muted

Action = Callable[..., Done[Any]]

# What brings each kind back, and what deletes it again (for Ctrl+Z after a restore).
ACTIONS: dict[Kind, tuple[Action, Action]] = {
    Kind.CHECKIN: (checkin_actions.undelete_checkin, checkin_actions.delete_checkin),
    Kind.TREATMENT: (record_actions.undelete_line, record_actions.delete_line),
    Kind.TEST: (record_actions.undelete_test, record_actions.delete_test),
    Kind.QUESTION: (question_actions.undelete_question, question_actions.delete_question),
    Kind.MEDICATION: (med_actions.undelete_medication, med_actions.delete_medication),
    Kind.DOSE: (med_actions.undelete_dose, med_actions.delete_dose),
}
KIND_WORDS = {
    Kind.CHECKIN: "Check-in",
    Kind.TREATMENT: "Treatment",
    Kind.TEST: "Test result",
    Kind.QUESTION: "Question",
    Kind.MEDICATION: "Medicine",
    Kind.DOSE: "Dose",
}
COLUMNS = ("What", "Entry", "Of", "Deleted")


def describe_when(item: Deleted, ctx: Context) -> str:
    """The entry's own time or day, in the profile's zone; "" for a question."""
    if item.at is not None:
        return f"{ctx.local(item.at):%a %d %b %Y, %H:%M}"
    if item.on is not None:
        return f"{item.on:%d %b %Y}"
    return ""


class RecentlyDeletedDialog(QDialog):
    def __init__(self, store: Store, undo: QUndoStack | None, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo = undo
        self.items: list[Deleted] = []
        self.setWindowTitle("Recently deleted")
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Recently deleted"))
        layout.addWidget(
            muted(
                f"Entries deleted in the last {KEPT_DAYS} days, the latest first. Restore "
                "brings one back as it was; Ctrl+Z in the window deletes it again."
            )
        )
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setAccessibleName("Recently deleted entries")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab moves on to Restore
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(f"Nothing was deleted in the last {KEPT_DAYS} days.")
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.message = muted("")
        self.message.setAccessibleName("Recently deleted message")
        layout.addWidget(self.message)
        self.restore_button = restore_buttons(
            self, layout, self.table, self.restore_selected, "Restore"
        )
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.refresh()
        room = screen_room(self)  # no wider or taller than the screen
        self.setMinimumWidth(min(720, room.width()))
        self.resize(QSize(820, 460).boundedTo(room))

    def refresh(self) -> None:
        ctx = self.store.context()
        self.items = self.store.read(lambda s: recently_deleted.within(s, ctx.now()))
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            deleted = f"{ctx.local(item.deleted_at):%a %d %b %Y, %H:%M}"
            cells = (KIND_WORDS[item.kind], item.summary, describe_when(item, ctx), deleted)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(item.blocked or text)
                cell.setData(Qt.ItemDataRole.AccessibleDescriptionRole, text)
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(self.items))
        self.empty.setVisible(not self.items)
        if self.items:
            self.table.selectRow(0)
            self.table.setFocus()
        self._selection_changed()

    def selected(self) -> Deleted | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        item = self.selected()
        self.restore_button.setEnabled(item is not None and not item.blocked)
        if item is not None and item.blocked:
            self.message.setText(item.blocked)
        elif item is not None:
            self.message.setText("")

    def restore_selected(self) -> None:
        item = self.selected()
        if item is None or item.blocked:
            return
        undelete, delete = ACTIONS[item.kind]
        text = f"Restore {KIND_WORDS[item.kind].lower()}"
        if self.undo is not None:
            done = do_undoable(
                self.undo, self.store, text, (undelete, (item.id,)), (delete, (item.id,))
            )
        else:
            done = self.store.run(undelete, item.id)
        if done is None:
            return
        self.refresh()
        self.message.setText(f"Restored: {KIND_WORDS[item.kind].lower()} — {item.summary}")


def show(window: Any) -> RecentlyDeletedDialog:
    """Open the list over the window (not blocking); returns the dialog."""
    dialog = RecentlyDeletedDialog(window.store, getattr(window, "undo_stack", None), window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
