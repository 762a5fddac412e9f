"""A table that says why it has no rows, in a quiet word where the rows would be: the journal
is still being read, or the period has none. Never a blank table (DESIGN.md)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QTableView, QWidget

from carecompanion.ui.theme import SECONDARY_ROLE
from carecompanion.ui.widgets.spacing import GROUP


class QuietTable(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._placeholder = ""

    def placeholder(self) -> str:
        return self._placeholder

    def set_placeholder(self, text: str) -> None:
        """What the table says while it has no rows (nothing for "")."""
        if text != self._placeholder:
            self._placeholder = text
            self.viewport().update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        model = self.model()
        if not self._placeholder or model is None or model.rowCount() > 0:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(SECONDARY_ROLE))
        area = self.viewport().rect().adjusted(GROUP, GROUP, -GROUP, -GROUP)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        painter.drawText(area, int(flags) | int(Qt.TextFlag.TextWordWrap), self._placeholder)
        painter.end()
