"""Dose markers under History's chart: one lane per medication, a mark at each dose's time.

The lanes share the chart's time axis (`trend_chart.plot_margins`), so a dose sits under the
moment it was taken. Marks are drawn in the palette's text colour (full contrast in light and
dark, never colour alone: the lane's name says which medicine); hovering one tells the
medicine, the time and who recorded it; a click picks it in History's doses table, where the
keyboard can edit or delete it. Drawn once into a picture per size and data, as the chart is,
by `dose_picture` (here on a repaint, or for a new period on a worker).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPixmap
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from carecompanion.domain.records import Dose
from carecompanion.ui.widgets import dose_picture
from carecompanion.ui.widgets.cached_picture import CachedPicture, Canvas
from carecompanion.ui.widgets.dose_picture import (
    MARK_HEIGHT,
    MARK_WIDTH,
    DoseData,
    Hits,
    Lane,
    describe_dose,
    lanes_for,
)

__all__ = [
    "MARK_HEIGHT",
    "MARK_WIDTH",
    "DoseData",
    "DoseStrip",
    "Lane",
    "describe_dose",
    "lanes_for",
]

REACH = 5.0  # how far from a mark the pointer may be, in pixels, for its tooltip
MOST_IN_TOOLTIP = 6


class DoseStrip(CachedPicture):
    dose_clicked = Signal(object)  # the Dose under the pointer
    dose_menu = Signal(object, QPointF)  # a Dose and where (global) a right-click asked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: DoseData | None = None
        self._hits: Hits = []
        self._hits_key: object = None
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Doses over time")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()

    def lane_height(self) -> int:
        return dose_picture.lane_height(self.fontMetrics())

    def sizeHint(self) -> QSize:
        lanes = len(self._data.lanes) if self._data is not None else 0
        return QSize(700, dose_picture.strip_height(self.fontMetrics(), lanes))

    def set_data(self, data: DoseData, prepared: tuple[Canvas, QImage, Hits] | None = None) -> None:
        """Show new doses. `prepared` is their picture drawn on a worker
        (`dose_picture.prepare`), taken for the width it was drawn at."""
        self._data = data
        self._version += 1
        parts = [
            f"{lane.medication.name}: {len(lane.doses)} dose{'s' if len(lane.doses) != 1 else ''}"
            for lane in data.lanes
        ]
        self.setAccessibleDescription("; ".join(parts))
        self.setFixedHeight(self.sizeHint().height())
        self.setVisible(bool(data.lanes))
        if prepared is not None:
            canvas, image, hits = prepared
            if self.adopt_drawn(canvas, image):
                self._hits = hits
                self._hits_key = self._layout_key(canvas.width, canvas.height)
        self.update()

    def data(self) -> DoseData | None:
        return self._data

    def _layout_key(self, width: int, height: int) -> object:
        return (width, height, self._version, self.font().key())

    def _layout(self) -> Hits:
        """Each lane's marks row and the marks' x positions, again only when size or data
        change."""
        key = self._layout_key(self.width(), self.height())
        if key != self._hits_key:
            self._hits_key = key
            self._hits = dose_picture.marks(self._data, self.width(), self.fontMetrics())
        return self._hits

    def _draw(self, device: QPixmap) -> None:
        dose_picture.draw(device, self.canvas(), self._layout())

    # ----- pointing -----

    def dose_at(self, position: QPointF) -> tuple[Lane, list[Dose]] | None:
        """The doses whose marks are under the pointer (nearest first), with their lane."""
        for row, xs, lane in self._layout():
            if not row.top() - REACH <= position.y() <= row.bottom() + REACH:
                continue
            low = bisect_left(xs, position.x() - REACH)
            high = bisect_right(xs, position.x() + REACH)
            if low == high:
                return None
            near = sorted(range(low, high), key=lambda i: abs(xs[i] - position.x()))
            return lane, [lane.doses[i] for i in near]
        return None

    def tooltip_at(self, position: QPointF) -> str | None:
        found = self.dose_at(position)
        if found is None or self._data is None:
            return None
        lane, doses = found
        zone = self._data.zone
        shown = [describe_dose(lane.medication, d, zone) for d in doses[:MOST_IN_TOOLTIP]]
        text = "\n\n".join(shown)
        if len(doses) > MOST_IN_TOOLTIP:
            text += f"\n\nand {len(doses) - MOST_IN_TOOLTIP} more here"
        return text

    def marks(self) -> list[tuple[QPointF, str]]:
        """Each mark's centre with its tooltip (for tests and screen-reader checks)."""
        if self._data is None:
            return []
        zone = self._data.zone
        return [
            (QPointF(x, row.center().y()), describe_dose(lane.medication, dose, zone))
            for row, xs, lane in self._layout()
            for x, dose in zip(xs, lane.doses, strict=True)
        ]

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        text = self.tooltip_at(event.position())
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        found = self.dose_at(event.position())
        if found is None:
            super().mousePressEvent(event)
            return
        dose = found[1][0]
        if event.button() == Qt.MouseButton.RightButton:
            self.dose_menu.emit(dose, event.globalPosition())
        else:
            self.dose_clicked.emit(dose)
