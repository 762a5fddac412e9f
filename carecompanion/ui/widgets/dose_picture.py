"""The dose strip's data and picture: lanes of marks drawn from a snapshot of the widget
(`Canvas`: width, pixel ratio, palette, font) with no widget at hand.

The strip draws through this when it repaints; History also draws the first picture of a
period on a worker thread, into a QImage, with the chart's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage, QPaintDevice, QPainter, QPalette, QPen

from carecompanion.domain.records import Dose, Medication, Recorder
from carecompanion.ui.widgets.cached_picture import Canvas, blank_image
from carecompanion.ui.widgets.chart_style import plot_margins
from carecompanion.ui.widgets.spacing import INSIDE

MARK_HEIGHT = 12
MARK_WIDTH = 3.0


@dataclass(frozen=True, slots=True)
class Lane:
    medication: Medication
    doses: list[Dose]  # oldest first


@dataclass
class DoseData:
    since: datetime
    until: datetime
    lanes: list[Lane] = field(default_factory=list)
    zone: tzinfo = UTC


# Per lane: its marks' row, the marks' x positions (sorted) and the lane.
Hits = list[tuple[QRectF, list[float], Lane]]


def lanes_for(medications: list[Medication], doses: list[Dose]) -> list[Lane]:
    """A lane for every medication with doses in the period, and for every ongoing one taken
    as needed (an empty lane says none were taken); in the medications' own order."""
    by_medication: dict[object, list[Dose]] = {}
    for dose in sorted(doses, key=lambda d: d.taken_at):
        by_medication.setdefault(dose.medication_id, []).append(dose)
    return [
        Lane(m, by_medication.get(m.id, []))
        for m in medications
        if m.id in by_medication or (m.as_needed and m.ongoing)
    ]


def describe_dose(medication: Medication, dose: Dose, zone: tzinfo) -> str:
    local = dose.taken_at.astimezone(zone)
    who = "the caregiver" if dose.recorded_by is Recorder.CAREGIVER else "the patient"
    return f"{medication.name}\n{local:%a %d %b %Y, %H:%M}\nRecorded by {who}"


def lane_height(metrics: QFontMetrics) -> int:
    """One lane: its caption and a row of marks."""
    return metrics.height() + MARK_HEIGHT + 2 * INSIDE


def strip_height(metrics: QFontMetrics, lanes: int) -> int:
    return lanes * lane_height(metrics) + INSIDE


def marks(data: DoseData | None, width: int, metrics: QFontMetrics) -> Hits:
    """Each lane's row of marks and the marks' x positions, on the chart's time axis."""
    if data is None:
        return []
    left, right = plot_margins(metrics)
    span = (data.until - data.since).total_seconds() or 1.0
    inner = max(1.0, width - left - right)
    found: Hits = []
    for index, lane in enumerate(data.lanes):
        top = index * lane_height(metrics) + INSIDE + metrics.height()
        row = QRectF(left, top, inner, MARK_HEIGHT)
        xs = [
            left + inner * max(0.0, min(1.0, (d.taken_at - data.since).total_seconds() / span))
            for d in lane.doses
        ]
        found.append((row, xs, lane))
    return found


def draw(device: QPaintDevice, canvas: Canvas, hits: Hits) -> None:
    painter = QPainter(device)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    text = canvas.palette.color(QPalette.ColorRole.WindowText)
    faint = QColor(text)
    faint.setAlpha(60)
    painter.setFont(canvas.font)
    metrics = QFontMetrics(canvas.font)
    for row, xs, lane in hits:
        count = len(lane.doses)
        kind = "as needed" if lane.medication.as_needed else "regular"
        words = f"{count} dose{'s' if count != 1 else ''}" if count else "no doses"
        caption = f"{lane.medication.name} · {kind} · {words} in this period"
        painter.setPen(text)
        painter.drawText(
            QPointF(row.left(), row.top() - INSIDE / 2 - metrics.descent()),
            metrics.elidedText(caption, Qt.TextElideMode.ElideRight, int(row.width())),
        )
        painter.setPen(QPen(faint, 1))
        middle = row.center().y()
        painter.drawLine(QPointF(row.left(), middle), QPointF(row.right(), middle))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(text)
        painter.drawRects(
            [QRectF(x - MARK_WIDTH / 2, row.top(), MARK_WIDTH, row.height()) for x in xs]
        )
    painter.end()


def prepare(canvas: Canvas, data: DoseData) -> tuple[Canvas, QImage, Hits]:
    """The strip's picture for `data` at the canvas's width, in a QImage (for a worker
    thread): the canvas's height becomes the strip's for its lanes."""
    metrics = QFontMetrics(canvas.font)
    sized = Canvas(
        canvas.width,
        strip_height(metrics, len(data.lanes)),
        canvas.ratio,
        canvas.palette,
        canvas.font,
    )
    hits = marks(data, sized.width, metrics)
    image = blank_image(sized)
    draw(image, sized, hits)
    return sized, image, hits
