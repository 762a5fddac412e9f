"""A layout that places its widgets in a row and wraps them onto the next line when the row is
full, as words wrap: a row of toggles or buttons that fits any width at any text size.

Its minimum width is its widest item, and its height follows its width (heightForWidth), so a
page that scrolls only up and down grows taller rather than wider.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLayout, QLayoutItem, QSizePolicy, QWidget

from carecompanion.ui.widgets.spacing import RELATED


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = RELATED) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        # Heights measured for widths, until an item or its size changes (as Qt's box layouts
        # keep theirs): a layout pass asks for the same width many times.
        self._heights: dict[int, int] = {}
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()

    def invalidate(self) -> None:
        self._heights.clear()
        super().invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if not 0 <= index < len(self._items):
            return None
        self.invalidate()
        return self._items.pop(index)

    def horizontalSpacing(self) -> int:
        return self._spacing

    def verticalSpacing(self) -> int:
        return self._spacing

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._place(QRect(0, 0, width, 0), move=False)
        return height

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        """All on one line."""
        width, height = 0, 0
        for item in self._shown():
            hint = item.sizeHint()
            width += hint.width() + (self._spacing if width else 0)
            height = max(height, hint.height())
        margins = self.contentsMargins()
        return QSize(width, height) + QSize(
            margins.left() + margins.right(), margins.top() + margins.bottom()
        )

    def minimumSize(self) -> QSize:
        """As narrow as the widest item, one item to a line."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _place(self, rect: QRect, move: bool) -> int:
        """Lay the items out in `rect` (or only measure); the height they take."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line_height = area.x(), area.y(), 0
        line: list[tuple[QLayoutItem, QSize]] = []

        def finish_line() -> None:
            # Items on one line share its height, centred, so a check box sits beside a
            # taller button as in a row.
            if move:
                for item, size in line:
                    top = item.geometry().y() + (line_height - size.height()) // 2
                    item.setGeometry(QRect(QPoint(item.geometry().x(), top), size))

        for item in self._shown():
            size = item.sizeHint().boundedTo(item.maximumSize()).expandedTo(item.minimumSize())
            size.setWidth(min(size.width(), area.width()))
            if item.hasHeightForWidth():
                size.setHeight(item.heightForWidth(size.width()))
            if line and x + size.width() > area.right() + 1:
                finish_line()
                line = []
                x = area.x()
                y += line_height + self._spacing
                line_height = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), size))
            line.append((item, size))
            x += size.width() + self._spacing
            line_height = max(line_height, size.height())
        finish_line()
        return y + line_height - rect.y() + margins.bottom()


def flow_of(*widgets: QWidget, parent: QWidget | None = None) -> QWidget:
    """A widget holding `widgets` in a FlowLayout (its height follows its width)."""
    holder = QWidget(parent)
    layout = FlowLayout(holder)
    for widget in widgets:
        layout.addWidget(widget)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    holder.setSizePolicy(policy)
    return holder


def keep_together(*widgets: QWidget) -> QWidget:
    """Widgets that stay on one line inside a flow ("from" and its date)."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(RELATED)
    for widget in widgets:
        row.addWidget(widget)
    return holder
