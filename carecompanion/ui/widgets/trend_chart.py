"""The trend chart: 0-10 axis, shaded moderate and severe bands, treatment lines as spans.

Drawn with QPainter (QtCharts is deprecated and GPL-only) by `chart_picture`, from a snapshot
of this widget: on a repaint here, or for a new period on a worker (`set_data(..., prepared)`).
Hovering a point shows its date, score, band, who recorded it and the note. Styles, markers
and the legend are in `chart_style` (their names are also this module's).
"""

from __future__ import annotations

from datetime import UTC, tzinfo

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPixmap
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from carecompanion.services.trends import Point
from carecompanion.ui.widgets import chart_picture
from carecompanion.ui.widgets.cached_picture import CachedPicture
from carecompanion.ui.widgets.chart_picture import Canvas, Layout
from carecompanion.ui.widgets.chart_style import (
    DOTS_UP_TO,
    LANE,
    MARKER_RADIUS,
    MARKERS,
    MARKERS_WHEN_DENSE,
    ChartData,
    SeriesStyle,
    describe_point,
    draw_markers,
    legend_icon,
    on_screen,
    plot_margins,
    series_style,
)

__all__ = [
    "DOTS_UP_TO",
    "LANE",
    "MARKERS",
    "MARKERS_WHEN_DENSE",
    "MARKER_RADIUS",
    "ChartData",
    "Point",
    "SeriesStyle",
    "TrendChart",
    "describe_point",
    "draw_markers",
    "legend_icon",
    "on_screen",
    "plot_margins",
    "series_style",
]


class TrendChart(CachedPicture):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: ChartData | None = None
        self._layout = Layout()
        self.setMouseTracking(True)
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Symptom trend chart")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def sizeHint(self) -> QSize:
        return QSize(700, 320)

    @property
    def _zone(self) -> tzinfo:
        return self._data.zone if self._data is not None else UTC

    @property
    def _hits(self) -> chart_picture.Hits:
        return self._layout.hits

    @property
    def version(self) -> int:
        """The data's version as of the next `set_data` (a worker draws for it)."""
        return self._version + 1

    def set_data(
        self,
        data: ChartData,
        prepared: tuple[Canvas, QImage, Layout] | None = None,
    ) -> None:
        """Show new data. `prepared` is its picture drawn on a worker (`chart_picture.prepare`
        for a canvas of this widget and `self.version`), taken as the picture for the canvas's
        size: the one the widget has, or will have once the page's layout settles."""
        self._data = data
        self._version += 1
        parts = []
        for key, points in data.series.items():
            if points:
                last = points[-1]
                parts.append(f"{data.labels.get(key, key)} latest {last.value}")
        self.setAccessibleDescription("; ".join(parts) or "No check-ins in this period")
        if prepared is not None:
            canvas, image, placed = prepared
            if self.adopt_drawn(canvas, image):
                self._layout = placed
        self.update()

    def data(self) -> ChartData | None:
        return self._data

    def _plot_area(self, lanes: int) -> QRectF:
        return chart_picture.plot_area(self.canvas(), lanes)

    def _draw(self, device: QPixmap) -> None:
        self._layout = chart_picture.draw(
            device, self.canvas(), self._data, self._version, self._layout
        )

    def style_of(self, key: str) -> SeriesStyle:
        """The series' style from the data, or else by its place among the series."""
        assert self._data is not None
        return chart_picture.style_of(self._data, key)

    def _backgrounds(self) -> list[QColor]:
        """What series are drawn on: the window, and the window under each band's tint."""
        return chart_picture.backgrounds(self.palette())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        text = self.tooltip_at(event.position())
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()

    def tooltip_at(self, position: QPointF, reach: float = 8.0) -> str | None:
        """Text for the points under the pointer; points on top of each other are combined."""
        near = [
            ((at - position).manhattanLength(), describe_point(point, label, bucket, self._zone))
            for at, point, label, bucket in self._hits
            if abs(at.x() - position.x()) <= reach and abs(at.y() - position.y()) <= reach
        ]
        near = [(distance, text) for distance, text in near if distance <= reach]
        if not near:
            return None
        closest = min(distance for distance, _ in near)
        lines: list[str] = []
        for distance, text in near:
            if distance <= closest + 1:
                lines += [line for line in text.split("\n") if line not in lines]
        return "\n".join(lines)

    def hit_points(self) -> list[tuple[QPointF, str]]:
        return [
            (at, describe_point(p, label, bucket, self._zone))
            for at, p, label, bucket in self._hits
        ]
