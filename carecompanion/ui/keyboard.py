"""Keyboard habits shared by pages and dialogs (issue 15).

- Tables and lists: Tab and Shift+Tab leave them (arrows move inside), Enter or Return opens
  the current row, Delete deletes it (Backspace too on macOS, where that key says "delete"),
  and the row that has focus is also the selected one, so what Enter and Delete act on is
  visible.
- A date field showing its "Not given" text has no parts to step through: Tab passes on.
- A form dialog's Save and Cancel come last in the Tab order and its first field has focus.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QDateTimeEdit, QWidget

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
