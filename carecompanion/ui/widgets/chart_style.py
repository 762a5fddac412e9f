"""How the trend chart draws its series, and what it is given: styles (colour, marker shape,
dash), markers, the legend's icon, the plot's margins and `ChartData`.

Series are told apart by colour and by marker shape, and by a dashed line once the colours
repeat (DESIGN.md: never colour alone); the legend draws the same (`legend_icon`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QIcon,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QApplication

from carecompanion.domain.records import TreatmentLine
from carecompanion.domain.symptoms import band_for
from carecompanion.services.trends import Point
from carecompanion.ui.theme import (
    GRAPHIC_CONTRAST,
    readable_on,
)
from carecompanion.ui.widgets.bands import SERIES_COLOURS, series_colour

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
    key = (style.colour.getRgbF(), tuple(b.getRgbF() for b in backgrounds))
    found = _ON_SCREEN.get(key)
    if found is None:
        colour = style.colour
        least = GRAPHIC_CONTRAST + CHART_MARGIN
        for _ in range(3):
            for background in backgrounds:
                colour = readable_on(colour, background, least)
        found = _ON_SCREEN[key] = colour
    return SeriesStyle(QColor(found), style.marker, style.dashed)


# Worked out once per colour and backgrounds: every chart and legend asks again for the same.
_ON_SCREEN: dict[tuple[object, ...], QColor] = {}


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
    painter.setPen(line_pen(style))
    painter.drawLine(QLineF(1, middle, width - 1, middle))
    draw_markers(painter, style, [QPointF(width / 2, middle)], r=size * 0.3)
    painter.end()
    return QIcon(picture)


def line_pen(style: SeriesStyle) -> QPen:
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
