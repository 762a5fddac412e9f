"""A page of records in a table with Add, Edit and Delete (undoable): treatments and tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar, cast

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from carecompanion.actions import Change, Done
from carecompanion.ui.keyboard import table_keys
from carecompanion.ui.store import Store
from carecompanion.ui.theme import ROW_HIGHLIGHT, is_dark
from carecompanion.ui.undo import do_undoable
from carecompanion.ui.widgets.common import Page, heading, muted

R = TypeVar("R")


class RecordsPage(Page, Generic[R]):
    """Subclasses say what the records are, how to show a row, and which dialog edits one."""

    heading_text = ""
    intro = ""
    empty_text = ""
    columns: Sequence[str] = ()
    noun = "record"
    kind: Change  # what the store's `changed` signal calls these records

    def __init__(self, store: Store, undo: QUndoStack) -> None:
        super().__init__()
        self.store = store
        self.undo = undo
        self.records: list[R] = []
        self._fitting = False
        self.body.addWidget(heading(self.heading_text))
        if self.intro:
            self.body.addWidget(muted(self.intro))
        buttons = QHBoxLayout()
        self.add_button = QPushButton(f"Add {self.noun}…")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Ctrl+Z undoes a deletion")
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch()
        self.body.addLayout(buttons)
        self.table = QTableWidget(0, len(self.columns))
        self.table.setHorizontalHeaderLabels(list(self.columns))
        self.table.setAccessibleName(self.heading_text)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Widths are set by `fit_columns` (contents, shared out when the page is too narrow);
        # the person may still drag them, and the last column takes what is left.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.viewport().installEventFilter(self)
        self.table.setMinimumHeight(300)
        self.body.addWidget(self.table, 1)
        # The empty page: one sentence and the button that starts it, at the top, in place
        # of the table and the buttons that need a row.
        self.empty_state = QWidget()
        empty_column = QVBoxLayout(self.empty_state)
        empty_column.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel(self.empty_text)
        self.empty.setWordWrap(True)
        self.empty_add = QPushButton(f"Add {self.noun}…")
        self.empty_add.clicked.connect(self.add)
        empty_column.addWidget(self.empty)
        empty_column.addWidget(self.empty_add, 0, Qt.AlignmentFlag.AlignLeft)
        empty_column.addStretch()
        self.body.addWidget(self.empty_state, 1)
        self.button_row = buttons
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        # Tab leaves the table (arrows move inside); Enter edits the row, Delete deletes it.
        table_keys(self.table, self.edit_selected, self.delete_selected)
        store.changed.connect(lambda what: self.refresh() if self.kind in what else None)
        self.refresh()

    # ----- what subclasses provide -----

    def load(self, session: Session) -> list[R]:
        raise NotImplementedError

    def cells(self, record: R) -> list[str]:
        raise NotImplementedError

    def highlighted(self, record: R) -> bool:
        return False

    def ask(self, record: R | None) -> R | None:
        raise NotImplementedError

    # The actions that add, change, delete and bring back one record: (journal, ctx, ...).
    add_action: Callable[..., Done[Any]]
    update_action: Callable[..., Done[Any]]
    delete_action: Callable[..., Done[Any]]
    undelete_action: Callable[..., Done[Any]]

    # ----- shared behaviour -----

    def refresh(self) -> None:
        self.records = self.store.read(self.load)
        self.table.setRowCount(len(self.records))
        bold = self._bold_font()
        for row, record in enumerate(self.records):
            marked = self.highlighted(record)
            for column, text in enumerate(self.cells(record)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # the whole text, should a column still be too narrow
                item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, text)
                if marked:
                    text, background = ROW_HIGHLIGHT[is_dark(self)]
                    item.setBackground(QBrush(QColor(background)))
                    item.setForeground(QBrush(QColor(text)))
                    item.setFont(bold)
                self.table.setItem(row, column, item)
        self.fit_columns()
        self.table.setVisible(bool(self.records))
        self.empty.setVisible(not self.records)
        self.empty_state.setVisible(not self.records)
        for index in range(self.button_row.count()):
            place = self.button_row.itemAt(index)
            button = place.widget() if place is not None else None
            if button is not None:
                button.setVisible(bool(self.records))
        self.edit_button.setEnabled(bool(self.records))
        self.delete_button.setEnabled(bool(self.records))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Called for the scroll area's own viewport too, before the table exists.
        table = getattr(self, "table", None)
        if table is not None and watched is table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)

    def _bold_font(self) -> QFont:
        font = QFont(self.table.font())
        font.setBold(True)
        return font

    def fit_columns(self) -> None:
        """Every column as wide as its text when the table has room; when it has not, the
        widest columns give way alike (none narrower than a dozen characters) and their
        text wraps onto more lines, so no column is cut short while another has space."""
        columns = self.table.columnCount()
        if not columns or self._fitting:
            return
        self._fitting = True
        try:
            header = self.table.horizontalHeader()
            pad = 2 * self.table.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin) + 8
            metrics = self.table.fontMetrics()
            bold = QFontMetrics(self._bold_font())
            wanted = []
            for column in range(columns):
                widths = [metrics.horizontalAdvance(str(self.columns[column]))]
                for row in range(self.table.rowCount()):
                    item = self.table.item(row, column)
                    if item is not None:  # a highlighted row is bold, so wider
                        measure = bold if item.font().bold() else metrics
                        widths.append(measure.horizontalAdvance(item.text()))
                wanted.append(max(widths) + pad)
            room = self.table.viewport().width()
            widths = _share(wanted, room, metrics.horizontalAdvance("0" * 12) + pad)
            for column, width in enumerate(widths):
                header.resizeSection(column, width)
            self.table.resizeRowsToContents()
        finally:
            self._fitting = False

    def selected(self) -> R | None:
        rows = self.table.selectionModel().selectedRows()
        return self.records[rows[0].row()] if rows else None

    def add(self) -> None:
        record = self.ask(None)
        if record is not None:
            self.store.run(type(self).add_action, record)

    def edit_selected(self) -> None:
        current = self.selected()
        if current is None:
            return
        record = self.ask(current)
        if record is None:
            return
        update = type(self).update_action
        do_undoable(
            self.undo, self.store, f"Edit {self.noun}", (update, (record,)), (update, (current,))
        )

    def delete_selected(self) -> None:
        record = self.selected()
        if record is None:
            return
        record_id = cast(Any, record).id
        do_undoable(
            self.undo,
            self.store,
            f"Delete {self.noun}",
            (type(self).delete_action, (record_id,)),
            (type(self).undelete_action, (record_id,)),
        )


def _share(wanted: list[int], room: int, least: int) -> list[int]:
    """Column widths within `room`: each as wanted, or, when they do not fit, the widest cut
    to one common width (never below `least`), so narrow columns keep their whole text."""
    if sum(wanted) <= room:
        return wanted
    low, high = least, max(wanted)
    while low < high:  # the widest common cap that still fits
        cap = (low + high + 1) // 2
        if sum(min(w, cap) for w in wanted) <= room:
            low = cap
        else:
            high = cap - 1
    return [min(w, low) for w in wanted]
