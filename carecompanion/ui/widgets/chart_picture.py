"""The trend chart's picture, drawn from a snapshot of the widget (size, pixel ratio, palette,
font) and its data, with no widget at hand.

The widget draws through this when it repaints; History also draws the first picture of a
period on a worker thread, into a QImage (QPainter on a QImage is safe off the UI thread), so
the window does not wait while years of points are laid out and stroked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import pairwise

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QImage,
    QPaintDevice,
    QPainter,
    QPalette,
    QPen,
)

from carecompanion.domain.records import TreatmentLine
from carecompanion.domain.symptoms import Band
from carecompanion.services.trends import Point
from carecompanion.ui.theme import (
    BAND_EDGE,
    BAND_TINT_ALPHA,
    SECONDARY_ROLE,
    TREATMENT_SPANS,
    blend,
    is_dark_palette,
)
from carecompanion.ui.widgets.bands import band_tint
from carecompanion.ui.widgets.cached_picture import Canvas, blank_image
from carecompanion.ui.widgets.chart_style import (
    DOTS_UP_TO,
    LANE,
    MARKERS_WHEN_DENSE,
    ChartData,
    SeriesStyle,
    draw_markers,
    line_pen,
    on_screen,
    plot_margins,
    series_style,
)

__all__ = ["Canvas", "Hits", "Layout", "draw", "layout", "plot_area", "prepare"]

READING = "Reading the journal…"
# Per series: its points on screen, and the same as the pairs of ends of its segments.
Shapes = dict[str, tuple[list[QPointF], list[QPointF]]]
Hits = list[tuple[QPointF, Point, str, str]]


@dataclass
class Layout:
    """Where every point of every series lies, for hovering; `key` says for which plot area
    and data version."""

    key: object = None
    shapes: Shapes = field(default_factory=dict)
    # Per series: its points on screen, its data points, its name and the bucket.
    placed: list[tuple[list[QPointF], list[Point], str, str]] = field(default_factory=list)

    @property
    def hits(self) -> Hits:
        """Every point on screen with its data point, series name and bucket."""
        return [
            (at, point, label, bucket)
            for dots, points, label, bucket in self.placed
            for at, point in zip(dots, points, strict=True)
        ]


def lane(metrics: QFontMetrics) -> int:
    """A treatment strip's height: its name and a little room, at any text size."""
    return max(LANE, metrics.height() + 6)


def plot_area(canvas: Canvas, lanes: int) -> QRectF:
    metrics = QFontMetrics(canvas.font)
    left, right = plot_margins(metrics)
    top = 8 + lanes * lane(metrics)
    bottom = metrics.height() + 12
    return QRectF(left, top, canvas.width - left - right, canvas.height - top - bottom)


def backgrounds(palette: QPalette) -> list[QColor]:
    """What series are drawn on: the window, and the window under each band's tint."""
    window = palette.color(QPalette.ColorRole.Window)
    dark = is_dark_palette(palette)
    tints = [band_tint(band, dark) for band in Band]  # every band a line can cross
    return [window, *(blend(t, window, BAND_TINT_ALPHA / 255) for t in tints)]


def style_of(data: ChartData, key: str) -> SeriesStyle:
    """The series' style from the data, or else by its place among the series."""
    if key in data.styles:
        return data.styles[key]
    style = series_style(list(data.series).index(key))
    if key in data.colours:
        return SeriesStyle(data.colours[key], style.marker, style.dashed)
    return style


def x_of(data: ChartData, area: QRectF, moment: datetime) -> float:
    span = (data.until - data.since).total_seconds() or 1.0
    offset = (moment - data.since).total_seconds()
    return area.left() + area.width() * max(0.0, min(1.0, offset / span))


def y_of(area: QRectF, score: float) -> float:
    return area.bottom() - area.height() * score / 10


def shown_lines(data: ChartData) -> list[TreatmentLine]:
    return [
        ln
        for ln in data.lines
        if (ln.end_date is None or ln.end_date >= data.since.date())
        and ln.start_date <= data.until.date()
    ]


def layout(data: ChartData, area: QRectF, key: object) -> Layout:
    """Screen positions of every point, and what hovering each one says."""
    found = Layout(key)
    for name, points in data.series.items():
        if not points:
            continue
        dots = [QPointF(x_of(data, area, p.at), y_of(area, p.value)) for p in points]
        ends = [end for pair in pairwise(dots) for end in pair]
        found.shapes[name] = (dots, ends)
        found.placed.append((dots, points, data.labels.get(name, name), data.bucket))
    return found


def draw(
    device: QPaintDevice, canvas: Canvas, data: ChartData | None, version: int, known: Layout
) -> Layout:
    """Draw the chart on `device`; the layout of its points (`known` when it still fits)."""
    painter = QPainter(device)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    text = canvas.palette.color(QPalette.ColorRole.WindowText)
    if data is None or not any(data.series.values()):
        # Before the first data, a quiet word in the secondary text colour.
        painter.setPen(text if data is not None else canvas.palette.color(SECONDARY_ROLE))
        painter.drawText(
            QRectF(0, 0, canvas.width, canvas.height),
            Qt.AlignmentFlag.AlignCenter,
            "No check-ins in this period." if data is not None else READING,
        )
        painter.end()
        return known
    lines = shown_lines(data)
    area = plot_area(canvas, min(len(lines), 3))
    dark = is_dark_palette(canvas.palette)
    _draw_bands(painter, area, dark)
    _draw_axes(painter, canvas, area, text, data)
    _draw_lines(painter, canvas, area, lines, data, dark)
    key = (area.getRect(), version)
    placed = known if known.key == key else layout(data, area, key)
    # A marker on every point while they can be told apart; beyond that on a few points
    # of each series, so its shape still names it.
    dense = sum(len(dots) for dots, _ in placed.shapes.values()) > DOTS_UP_TO
    under = backgrounds(canvas.palette)
    for place, (name, (dots, ends)) in enumerate(placed.shapes.items()):
        style = on_screen(style_of(data, name), under)
        painter.setPen(line_pen(style))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # Separate segments: Qt strokes a long zigzag polyline fifty times slower.
        painter.drawLines(ends)
        step = math.ceil(len(dots) / MARKERS_WHEN_DENSE) if dense else 1
        # Staggered, so the series' few markers do not stack on the same days.
        first = (place * step) // max(1, len(placed.shapes))
        draw_markers(painter, style, dots[first::step])
    painter.end()
    return placed


def prepare(canvas: Canvas, data: ChartData, version: int) -> tuple[QImage, Layout]:
    """The whole picture in a QImage, for a worker thread."""
    image = blank_image(canvas)
    placed = draw(image, canvas, data, version, Layout())
    return image, placed


def _draw_bands(painter: QPainter, area: QRectF, dark: bool) -> None:
    # A faint tint, and a line at the band's lower edge (4 and 7) named in words: the
    # edges carry the meaning, in the band's chip text colour (4.5:1 or more).
    for band, low, high in ((Band.MODERATE, 4, 7), (Band.SEVERE, 7, 10)):
        colour = band_tint(band, dark)
        colour.setAlpha(BAND_TINT_ALPHA)
        edge = QColor(BAND_EDGE[band][dark])
        rect = QRectF(
            area.left(), y_of(area, high), area.width(), y_of(area, low) - y_of(area, high)
        )
        painter.fillRect(rect, colour)
        painter.setPen(QPen(edge, 1, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(area.left(), rect.bottom()), QPointF(area.right(), rect.bottom()))
        painter.setPen(edge)
        painter.drawText(
            QRectF(area.right() + 6, rect.top(), 200, rect.height()),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            band.label,
        )


def _draw_axes(
    painter: QPainter, canvas: Canvas, area: QRectF, text: QColor, data: ChartData
) -> None:
    metrics = QFontMetrics(canvas.font)
    grid = QColor(text)
    grid.setAlpha(40)
    for score in range(0, 11, 2):
        y = y_of(area, score)
        painter.setPen(QPen(grid, 1))
        painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
        painter.setPen(text)
        painter.drawText(
            QRectF(0, y - 10, area.left() - 6, 20),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            str(score),
        )
    span = data.until - data.since
    fmt = "%b %Y" if span > timedelta(days=400) else "%d %b"
    ticks = max(2, min(7, int(area.width() // 110)))
    for i in range(ticks + 1):
        moment = data.since + span * i / ticks
        x = x_of(data, area, moment)
        painter.setPen(QPen(grid, 1))
        painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
        painter.setPen(text)
        label = moment.astimezone(data.zone).strftime(fmt)
        width = metrics.horizontalAdvance(label)
        left = min(max(0.0, x - width / 2), canvas.width - width - 2)
        painter.drawText(QPointF(left, area.bottom() + metrics.ascent() + 6), label)


def _draw_lines(
    painter: QPainter,
    canvas: Canvas,
    area: QRectF,
    lines: list[TreatmentLine],
    data: ChartData,
    dark: bool,
) -> None:
    metrics = QFontMetrics(canvas.font)
    height = lane(metrics)
    outline = canvas.palette.color(QPalette.ColorRole.Mid)
    for index, line in enumerate(lines[-3:]):
        tz = data.since.tzinfo
        start = datetime.combine(line.start_date, datetime.min.time(), tzinfo=tz)
        stop = (
            datetime.combine(line.end_date, datetime.max.time(), tzinfo=tz)
            if line.end_date
            else data.until
        )
        left, right = x_of(data, area, start), x_of(data, area, stop)
        top = 4 + index * height
        ink, fill = TREATMENT_SPANS[index % len(TREATMENT_SPANS)][dark]
        painter.setPen(QPen(outline, 1))
        painter.setBrush(QColor(fill))
        painter.drawRoundedRect(QRectF(left, top, max(4.0, right - left), height - 4), 3, 3)
        name = (f"Line {line.line_number}: " if line.line_number else "") + line.regimen
        painter.setPen(QColor(ink))
        shown = metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(max(right - left, 160)))
        painter.drawText(QPointF(left + 4, top + metrics.ascent()), shown)
        painter.setPen(QPen(outline, 1, Qt.PenStyle.DashLine))
        for x in (left, right) if line.end_date else (left,):
            painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
