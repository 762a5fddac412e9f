"""The trend chart: 0-10 axis, shaded moderate and severe bands, treatment lines as spans.

Drawn with QPainter (QtCharts is deprecated and GPL-only). Hovering a point shows its date,
score, band, who recorded it and the note. Series are told apart by colour and by marker
shape, and by a dashed line once the colours repeat (DESIGN.md: never colour alone); the
legend draws the same (`legend_icon`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QIcon,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QToolTip, QWidget

from carecompanion.domain.records import TreatmentLine
from carecompanion.domain.symptoms import Band, band_for
from carecompanion.services.trends import Point
from carecompanion.ui.theme import (
    BAND_EDGE,
    BAND_TINT_ALPHA,
    GRAPHIC_CONTRAST,
    TREATMENT_SPANS,
    blend,
    is_dark,
    readable_on,
)
from carecompanion.ui.widgets.bands import SERIES_COLOURS, band_tint, series_colour
from carecompanion.ui.widgets.cached_picture import CachedPicture

LANE = 20  # a treatment strip's height at the usual text size; it grows with the font
DOTS_UP_TO = 1200
# Beyond DOTS_UP_TO points, every series still shows its shape on this many of its points.
MARKERS_WHEN_DENSE = 24
MARKER_RADIUS = 4.0

# Marker shapes, in the order series take them. With 12 colours and 8 shapes, no two of the
# first 24 series share both colour and shape; a series whose colour repeats is also dashed.
MARKERS = (
    "circle",
    "square",
    "triangle",
    "diamond",
    "triangle pointing down",
    "plus",
    "cross",
    "hollow circle",
)


@dataclass(frozen=True, slots=True)
class SeriesStyle:
    """How one series is drawn: colour, marker shape and whether its line is dashed."""

    colour: QColor
    marker: str
    dashed: bool = False

    @property
    def words(self) -> str:
        return f"{self.marker} markers" + (", dashed line" if self.dashed else "")


def series_style(index: int) -> SeriesStyle:
    """The style of the `index`-th series (the order of History's symptom toggles)."""
    return SeriesStyle(
        series_colour(index),
        MARKERS[index % len(MARKERS)],
        dashed=(index // len(SERIES_COLOURS)) % 2 == 1,
    )


def _regular(sides: int, radius: float, turn: float) -> QPolygonF:
    return QPolygonF(
        [
            QPointF(
                radius * math.cos(turn + 2 * math.pi * k / sides),
                radius * math.sin(turn + 2 * math.pi * k / sides),
            )
            for k in range(sides)
        ]
    )


def _shapes(r: float) -> dict[str, QPolygonF]:
    """Filled marker outlines around (0, 0), by name (circles and strokes are drawn apart)."""
    return {
        "square": _regular(4, r * 1.2, math.pi / 4),
        "triangle": _regular(3, r * 1.35, -math.pi / 2),
        "diamond": _regular(4, r * 1.35, 0.0),
        "triangle pointing down": _regular(3, r * 1.35, math.pi / 2),
    }


def draw_markers(
    painter: QPainter, style: SeriesStyle, at: list[QPointF], r: float = MARKER_RADIUS
) -> None:
    """One marker of the style's shape, in its colour, at each point."""
    colour = style.colour
    marker = style.marker
    if marker in ("plus", "cross"):
        painter.setPen(QPen(colour, 2.5))
        d = r * (1.2 if marker == "plus" else 0.95)
        arms = (
            ((-d, 0.0), (d, 0.0), (0.0, -d), (0.0, d))
            if marker == "plus"
            else ((-d, -d), (d, d), (-d, d), (d, -d))
        )
        lines = []
        for p in at:
            (ax, ay), (bx, by), (cx, cy), (ex, ey) = arms
            lines.append(QLineF(p.x() + ax, p.y() + ay, p.x() + bx, p.y() + by))
            lines.append(QLineF(p.x() + cx, p.y() + cy, p.x() + ex, p.y() + ey))
        painter.drawLines(lines)
        return
    painter.setPen(QPen(colour, 1.5))
    painter.setBrush(Qt.BrushStyle.NoBrush if marker == "hollow circle" else colour)
    if marker in ("circle", "hollow circle"):
        radius = r if marker == "circle" else r - 0.5
        for p in at:
            painter.drawEllipse(p, radius, radius)
        return
    shape = _shapes(r)[marker]
    for p in at:
        painter.drawPolygon(shape.translated(p))


# Above 3:1 by this much: antialiased strokes and 8-bit blending round a little either way.
CHART_MARGIN = 0.1


def on_screen(style: SeriesStyle, backgrounds: list[QColor]) -> SeriesStyle:
    """The style with its colour made lighter or darker (same hue) until it stands out 3:1
    from every background it is drawn on: black on a dark chart, sky blue on a light one."""
    colour = style.colour
    least = GRAPHIC_CONTRAST + CHART_MARGIN
    for _ in range(3):
        for background in backgrounds:
            colour = readable_on(colour, background, least)
    return SeriesStyle(colour, style.marker, style.dashed)


def legend_icon(style: SeriesStyle, height: int, background: QColor | None = None) -> QIcon:
    """A short stretch of the series' line with its marker: the legend beside a toggle, in
    the colour the chart draws on `background` (the application's window colour if not given)."""
    window = background or QApplication.palette().color(QPalette.ColorRole.Window)
    style = on_screen(style, [window])
    size = max(12, height)
    width = size * 2
    ratio = 2.0
    picture = QPixmap(int(width * ratio), int(size * ratio))
    picture.setDevicePixelRatio(ratio)
    picture.fill(Qt.GlobalColor.transparent)
    painter = QPainter(picture)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    middle = size / 2
    painter.setPen(_line_pen(style))
    painter.drawLine(QLineF(1, middle, width - 1, middle))
    draw_markers(painter, style, [QPointF(width / 2, middle)], r=size * 0.3)
    painter.end()
    return QIcon(picture)


def _line_pen(style: SeriesStyle) -> QPen:
    pen = QPen(style.colour, 2)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    if style.dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def plot_margins(metrics: QFontMetrics) -> tuple[float, float]:
    """Room left of the plot (the score axis) and right of it (the band names): the dose
    strip under the chart uses the same, so a dose sits under the moment it was taken."""
    return metrics.horizontalAdvance("10") + 14, metrics.horizontalAdvance("moderate") + 14


@dataclass
class ChartData:
    since: datetime
    until: datetime
    series: dict[str, list[Point]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    colours: dict[str, QColor] = field(default_factory=dict)
    # Colour, marker and dash per series; a series without one takes its place in `series`.
    styles: dict[str, SeriesStyle] = field(default_factory=dict)
    lines: list[TreatmentLine] = field(default_factory=list)
    bucket: str = "checkin"
    zone: tzinfo = UTC  # the profile's: dates and times on the chart are its wall clock


def describe_point(point: Point, label: str, bucket: str, zone: tzinfo) -> str:
    if bucket == "checkin":
        local = point.at.astimezone(zone)
        text = f"{local:%a %d %b %Y, %H:%M}\n{label}: {point.value} ({band_for(point.value).label})"
        if point.recorded_by == "caregiver":
            text += "\nRecorded by the caregiver"
        if point.note:
            text += f"\nNote: {point.note}"
        return text
    at = point.at.astimezone(zone)
    period = {"day": f"{at:%d %b %Y}", "week": f"Week of {at:%d %b %Y}"}.get(bucket, f"{at:%B %Y}")
    return (
        f"{period}\n{label}: highest {point.value} "
        f"({band_for(point.value).label}), average {point.average:.1f}, "
        f"{point.count} check-in{'s' if point.count != 1 else ''}"
    )


class TrendChart(CachedPicture):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: ChartData | None = None
        self._hits: list[tuple[QPointF, Point, str, str]] = []
        self._shapes: dict[str, tuple[list[QPointF], list[QLineF]]] = {}
        self._shapes_key: object = None
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

    def set_data(self, data: ChartData) -> None:
        self._data = data
        self._version += 1
        parts = []
        for key, points in data.series.items():
            if points:
                last = points[-1]
                parts.append(f"{data.labels.get(key, key)} latest {last.value}")
        self.setAccessibleDescription("; ".join(parts) or "No check-ins in this period")
        self.update()

    def data(self) -> ChartData | None:
        return self._data

    def _lane(self) -> int:
        """A treatment strip's height: its name and a little room, at any text size."""
        return max(LANE, self.fontMetrics().height() + 6)

    def _plot_area(self, lanes: int) -> QRectF:
        metrics = self.fontMetrics()
        left, right = plot_margins(metrics)
        top = 8 + lanes * self._lane()
        bottom = metrics.height() + 12
        return QRectF(left, top, self.width() - left - right, self.height() - top - bottom)

    def _x(self, area: QRectF, moment: datetime) -> float:
        assert self._data is not None
        span = (self._data.until - self._data.since).total_seconds() or 1.0
        offset = (moment - self._data.since).total_seconds()
        return area.left() + area.width() * max(0.0, min(1.0, offset / span))

    @staticmethod
    def _y(area: QRectF, score: float) -> float:
        return area.bottom() - area.height() * score / 10

    def _draw(self, device: QPixmap) -> None:
        painter = QPainter(device)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        data = self._data
        if data is None or not any(data.series.values()):
            painter.setPen(text)
            painter.drawText(
                QRectF(0, 0, self.width(), self.height()),
                Qt.AlignmentFlag.AlignCenter,
                "No check-ins in this period.",
            )
            painter.end()
            return
        lines = [
            ln
            for ln in data.lines
            if (ln.end_date is None or ln.end_date >= data.since.date())
            and ln.start_date <= data.until.date()
        ]
        area = self._plot_area(min(len(lines), 3))
        self._draw_bands(painter, area, text)
        self._draw_axes(painter, area, text, data)
        self._draw_lines(painter, area, lines, text)
        self._layout_series(area, data)
        # A marker on every point while they can be told apart; beyond that on a few points
        # of each series, so its shape still names it.
        dense = sum(len(dots) for dots, _ in self._shapes.values()) > DOTS_UP_TO
        backgrounds = self._backgrounds()
        for place, (key, (dots, segments)) in enumerate(self._shapes.items()):
            style = on_screen(self.style_of(key), backgrounds)
            painter.setPen(_line_pen(style))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            # Separate segments: Qt strokes a long zigzag polyline fifty times slower.
            painter.drawLines(segments)
            step = math.ceil(len(dots) / MARKERS_WHEN_DENSE) if dense else 1
            # Staggered, so the series' few markers do not stack on the same days.
            first = (place * step) // max(1, len(self._shapes))
            draw_markers(painter, style, dots[first::step])
        painter.end()

    def style_of(self, key: str) -> SeriesStyle:
        """The series' style from the data, or else by its place among the series."""
        data = self._data
        assert data is not None
        if key in data.styles:
            return data.styles[key]
        style = series_style(list(data.series).index(key))
        if key in data.colours:
            return SeriesStyle(data.colours[key], style.marker, style.dashed)
        return style

    def _backgrounds(self) -> list[QColor]:
        """What series are drawn on: the window, and the window under each band's tint."""
        window = self.palette().color(QPalette.ColorRole.Window)
        dark = is_dark(self)
        tints = [band_tint(band, dark) for band in Band]  # every band a line can cross
        return [window, *(blend(t, window, BAND_TINT_ALPHA / 255) for t in tints)]

    def _draw_bands(self, painter: QPainter, area: QRectF, text: QColor) -> None:
        # A faint tint, and a line at the band's lower edge (4 and 7) named in words: the
        # edges carry the meaning, in the band's chip text colour (4.5:1 or more).
        dark = is_dark(self)
        for band, low, high in ((Band.MODERATE, 4, 7), (Band.SEVERE, 7, 10)):
            colour = band_tint(band, dark)
            colour.setAlpha(BAND_TINT_ALPHA)
            edge = QColor(BAND_EDGE[band][dark])
            rect = QRectF(
                area.left(),
                self._y(area, high),
                area.width(),
                self._y(area, low) - self._y(area, high),
            )
            painter.fillRect(rect, colour)
            painter.setPen(QPen(edge, 1, Qt.PenStyle.DashLine))
            painter.drawLine(
                QPointF(area.left(), rect.bottom()), QPointF(area.right(), rect.bottom())
            )
            painter.setPen(edge)
            painter.drawText(
                QRectF(area.right() + 6, rect.top(), 200, rect.height()),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                band.label,
            )

    def _draw_axes(self, painter: QPainter, area: QRectF, text: QColor, data: ChartData) -> None:
        grid = QColor(text)
        grid.setAlpha(40)
        for score in range(0, 11, 2):
            y = self._y(area, score)
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
            x = self._x(area, moment)
            painter.setPen(QPen(grid, 1))
            painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
            painter.setPen(text)
            label = moment.astimezone(data.zone).strftime(fmt)
            width = self.fontMetrics().horizontalAdvance(label)
            left = min(max(0.0, x - width / 2), self.width() - width - 2)
            painter.drawText(QPointF(left, area.bottom() + self.fontMetrics().ascent() + 6), label)

    def _draw_lines(
        self, painter: QPainter, area: QRectF, lines: list[TreatmentLine], text: QColor
    ) -> None:
        assert self._data is not None
        for index, line in enumerate(lines[-3:]):
            tz = self._data.since.tzinfo
            start = datetime.combine(line.start_date, datetime.min.time(), tzinfo=tz)
            stop = (
                datetime.combine(line.end_date, datetime.max.time(), tzinfo=tz)
                if line.end_date
                else self._data.until
            )
            left, right = self._x(area, start), self._x(area, stop)
            top = 4 + index * self._lane()
            ink, fill = TREATMENT_SPANS[index % len(TREATMENT_SPANS)][is_dark(self)]
            colour = QColor(fill)
            outline = self.palette().color(QPalette.ColorRole.Mid)
            painter.setPen(QPen(outline, 1))
            painter.setBrush(colour)
            painter.drawRoundedRect(
                QRectF(left, top, max(4.0, right - left), self._lane() - 4), 3, 3
            )
            name = (f"Line {line.line_number}: " if line.line_number else "") + line.regimen
            painter.setPen(QColor(ink))
            metrics = self.fontMetrics()
            shown = metrics.elidedText(
                name, Qt.TextElideMode.ElideRight, int(max(right - left, 160))
            )
            painter.drawText(QPointF(left + 4, top + metrics.ascent()), shown)
            painter.setPen(QPen(outline, 1, Qt.PenStyle.DashLine))
            for x in (left, right) if line.end_date else (left,):
                painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))

    def _layout_series(self, area: QRectF, data: ChartData) -> None:
        """Screen positions of every point, worked out again only when size or data change."""
        key = (area.getRect(), self._version)
        if key == self._shapes_key:
            return
        self._shapes_key = key
        self._shapes = {}
        self._hits = []
        for name, points in data.series.items():
            if not points:
                continue
            dots = [QPointF(self._x(area, p.at), self._y(area, p.value)) for p in points]
            segments = [QLineF(dots[i], dots[i + 1]) for i in range(len(dots) - 1)]
            self._shapes[name] = (dots, segments)
            label = data.labels.get(name, name)
            self._hits.extend((dots[i], p, label, data.bucket) for i, p in enumerate(points))

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
