"""Dose markers under History's chart: one lane per medication, a mark at each dose's time.

The lanes share the chart's time axis (`trend_chart.plot_margins`), so a dose sits under the
moment it was taken. Marks are drawn in the palette's text colour (full contrast in light and
dark, never colour alone: the lane's name says which medicine); hovering one tells the
medicine, the time and who recorded it; a click picks it in History's doses table, where the
keyboard can edit or delete it. Drawn once into a picture per size and data, as the chart is.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from carecompanion.domain.records import Dose, Medication, Recorder
from carecompanion.ui.widgets.cached_picture import CachedPicture
from carecompanion.ui.widgets.spacing import INSIDE
from carecompanion.ui.widgets.trend_chart import plot_margins

MARK_HEIGHT = 12
MARK_WIDTH = 3.0
REACH = 5.0  # how far from a mark the pointer may be, in pixels, for its tooltip
MOST_IN_TOOLTIP = 6


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


class DoseStrip(CachedPicture):
    dose_clicked = Signal(object)  # the Dose under the pointer
    dose_menu = Signal(object, QPointF)  # a Dose and where (global) a right-click asked

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data: DoseData | None = None
        # Per lane: its rectangle, the marks' x positions (sorted) and their doses.
        self._hits: list[tuple[QRectF, list[float], Lane]] = []
        self._hits_key: object = None
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Doses over time")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.hide()

    def lane_height(self) -> int:
        return self.fontMetrics().height() + MARK_HEIGHT + 2 * INSIDE

    def sizeHint(self) -> QSize:
        lanes = len(self._data.lanes) if self._data is not None else 0
        return QSize(700, lanes * self.lane_height() + INSIDE)

    def set_data(self, data: DoseData) -> None:
        self._data = data
        self._version += 1
        parts = [
            f"{lane.medication.name}: {len(lane.doses)} dose{'s' if len(lane.doses) != 1 else ''}"
            for lane in data.lanes
        ]
        self.setAccessibleDescription("; ".join(parts))
        self.setFixedHeight(self.sizeHint().height())
        self.setVisible(bool(data.lanes))
        self.update()

    def data(self) -> DoseData | None:
        return self._data

    # ----- geometry -----

    def _x(self, moment: datetime, left: float, width: float) -> float:
        assert self._data is not None
        span = (self._data.until - self._data.since).total_seconds() or 1.0
        offset = (moment - self._data.since).total_seconds()
        return left + width * max(0.0, min(1.0, offset / span))

    def _layout(self) -> list[tuple[QRectF, list[float], Lane]]:
        """Each lane's marks row and the marks' x positions, again only when size or data
        change."""
        key = (self.width(), self.height(), self._version, self.font().key())
        if key == self._hits_key:
            return self._hits
        self._hits_key = key
        self._hits = []
        if self._data is None:
            return self._hits
        left, right = plot_margins(self.fontMetrics())
        width = max(1.0, self.width() - left - right)
        label = self.fontMetrics().height()
        for index, lane in enumerate(self._data.lanes):
            top = index * self.lane_height() + INSIDE + label
            row = QRectF(left, top, width, MARK_HEIGHT)
            xs = [self._x(d.taken_at, left, width) for d in lane.doses]
            self._hits.append((row, xs, lane))
        return self._hits

    # ----- drawing -----

    def _draw(self, device: QPixmap) -> None:
        painter = QPainter(device)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        faint = QColor(text)
        faint.setAlpha(60)
        metrics = self.fontMetrics()
        for row, xs, lane in self._layout():
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
            for x in xs:
                painter.drawRect(QRectF(x - MARK_WIDTH / 2, row.top(), MARK_WIDTH, row.height()))
        painter.end()

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
        zone = self._data.zone if self._data is not None else UTC
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
