"""Keyboard habits shared by pages and dialogs (issue 15).

- Tables and lists: Tab and Shift+Tab leave them (arrows move inside), Enter or Return opens
  the current row, Delete deletes it (Backspace too on macOS, where that key says "delete"),
  and the row that has focus is also the selected one, so what Enter and Delete act on is
  visible.
- A date field showing its "Not given" text has no parts to step through: Tab passes on.
- A form dialog's Save and Cancel come last in the Tab order and its first field has focus.
- A dialog that lists things to bring back: Enter on a row restores it, Close is no default.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QWidget,
)

OPEN_KEYS = ("Return", "Enter")


def table_keys(
    view: QAbstractItemView,
    open_row: Callable[[], object],
    delete_row: Callable[[], object] | None = None,
) -> None:
    """Tab leaves `view`; Enter runs `open_row`, Delete runs `delete_row` (both act on the
    selected row, which follows the focus)."""
    view.setTabKeyNavigation(False)
    for keys in OPEN_KEYS:
        opener = QShortcut(QKeySequence(keys), view)
        opener.setContext(Qt.ShortcutContext.WidgetShortcut)
        opener.activated.connect(open_row)
    if delete_row is not None:
        deleters = [QKeySequence(QKeySequence.StandardKey.Delete)]
        if sys.platform == "darwin":
            deleters.append(QKeySequence("Backspace"))
        for sequence in deleters:
            deleter = QShortcut(sequence, view)
            deleter.setContext(Qt.ShortcutContext.WidgetShortcut)
            deleter.activated.connect(delete_row)
    view.installEventFilter(_SelectOnFocus(view))


class _SelectOnFocus(QObject):
    """When a table gets focus with nothing selected, select the current row (or the first),
    so the row that Enter opens and Delete deletes is marked."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QAbstractItemView):
            select_current_row(watched)
        return False


def select_current_row(view: QAbstractItemView) -> None:
    model, chosen = view.model(), view.selectionModel()
    if model is None or chosen is None or chosen.hasSelection() or model.rowCount() == 0:
        return
    current = view.currentIndex()
    index = current if current.isValid() else model.index(0, 0)
    flags = (
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    chosen.setCurrentIndex(index, flags)


def pass_tab_when_blank(edit: QDateTimeEdit) -> None:
    """While `edit` shows its special value ("Not given"), Tab and Shift+Tab move on to the next
    control instead of looking for a day or month to step to (Qt's own field keeps focus)."""
    edit.installEventFilter(_BlankDateTab(edit))


class _BlankDateTab(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QDateTimeEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
            and watched.specialValueText()
            and watched.dateTime() == watched.minimumDateTime()
        ):
            forward = event.key() == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            # QWidget's own step, past QDateTimeEdit's (which looks for the next part).
            QWidget.focusNextPrevChild(watched, forward)
            return True
        return False


def restore_buttons(
    dialog: QDialog,
    layout: QBoxLayout,
    table: QAbstractItemView,
    restore: Callable[[], object],
    label: str,
) -> QPushButton:
    """Restore and Close for a dialog that lists things to bring back (Backups, Recently
    deleted): Tab leaves the table for Restore, then Close; Enter on a row restores it and
    never closes (Close is no default); Enter on a focused Close closes. The buttons go at the
    end of `layout`; the Restore button is returned."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    close.setAutoDefault(False)
    close.setDefault(False)
    restore_button = QPushButton(label)
    buttons.addButton(restore_button, QDialogButtonBox.ButtonRole.ActionRole)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)  # in the dialog before the Tab order and the default are set
    restore_button.clicked.connect(restore)
    table_keys(table, restore)
    QWidget.setTabOrder(table, restore_button)
    QWidget.setTabOrder(restore_button, close)
    for keys in OPEN_KEYS:
        closer = QShortcut(QKeySequence(keys), close)
        closer.setContext(Qt.ShortcutContext.WidgetShortcut)
        closer.activated.connect(close.click)
    restore_button.setDefault(True)
    return restore_button
