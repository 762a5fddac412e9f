"""The sidebar's page icons, drawn in code from the palette (no image files to license or to
recolour): each page's name stays beside its icon, so the icon only helps the eye.

An icon is a few strokes in the palette's text colour, and in its highlighted-text colour on the
selected row, so it has the contrast of the text beside it in either scheme and follows a change
of scheme when `nav_icon` is asked again.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap

R = QPalette.ColorRole
UNIT = 24.0  # every icon is drawn on a 24 x 24 grid, then scaled


def _today(p: QPainter) -> None:  # a calendar page with a tick
    p.drawRoundedRect(QRectF(4, 5, 16, 15), 2, 2)
    p.drawLine(QPointF(4, 9.5), QPointF(20, 9.5))
    p.drawLine(QPointF(8, 3), QPointF(8, 6.5))
    p.drawLine(QPointF(16, 3), QPointF(16, 6.5))
    tick = QPainterPath(QPointF(8.5, 14.5))
    tick.lineTo(11, 17)
    tick.lineTo(15.5, 12.5)
    p.drawPath(tick)


def _history(p: QPainter) -> None:  # a clock
    p.drawEllipse(QPointF(12, 12), 8, 8)
    p.drawLine(QPointF(12, 12), QPointF(12, 7))
    p.drawLine(QPointF(12, 12), QPointF(15.5, 14))


def _treatments(p: QPainter) -> None:  # a drip bag and its line
    p.drawRoundedRect(QRectF(7, 3, 10, 12), 2, 2)
    p.drawLine(QPointF(7, 8), QPointF(17, 8))
    p.drawLine(QPointF(12, 15), QPointF(12, 21))


def _medications(p: QPainter) -> None:  # a capsule
    p.save()
    p.translate(12, 12)
    p.rotate(-45)
    p.drawRoundedRect(QRectF(-8.5, -4, 17, 8), 4, 4)
    p.drawLine(QPointF(0, -4), QPointF(0, 4))
    p.restore()


def _tests(p: QPainter) -> None:  # a test tube, half full
    tube = QPainterPath(QPointF(9, 3))
    tube.lineTo(9, 17)
    tube.arcTo(QRectF(9, 14, 6, 6), 180, 180)
    tube.lineTo(15, 3)
    p.drawPath(tube)
    p.drawLine(QPointF(7, 3), QPointF(17, 3))
    p.drawLine(QPointF(9, 11), QPointF(15, 11))


def _questions(p: QPainter) -> None:  # a speech bubble with a question mark
    bubble = QPainterPath()
    bubble.addRoundedRect(QRectF(3, 4, 18, 13), 3, 3)
    p.drawPath(bubble)
    p.drawLine(QPointF(8, 17), QPointF(7, 21))
    p.drawLine(QPointF(7, 21), QPointF(12, 17))
    mark = QPainterPath(QPointF(10, 8.5))
    mark.arcTo(QRectF(10, 6.5, 4, 4), 180, -270)
    mark.lineTo(12, 12.5)
    p.drawPath(mark)
    p.drawPoint(QPointF(12, 14.6))


def _learn(p: QPainter) -> None:  # an open book
    left = QPainterPath(QPointF(12, 7))
    left.cubicTo(9, 5, 6, 5, 3, 6)
    left.lineTo(3, 19)
    left.cubicTo(6, 18, 9, 18, 12, 20)
    right = QPainterPath(QPointF(12, 7))
    right.cubicTo(15, 5, 18, 5, 21, 6)
    right.lineTo(21, 19)
    right.cubicTo(18, 18, 15, 18, 12, 20)
    p.drawPath(left)
    p.drawPath(right)
    p.drawLine(QPointF(12, 7), QPointF(12, 20))


def _export(p: QPainter) -> None:  # an arrow up out of a tray
    tray = QPainterPath(QPointF(4, 14))
    tray.lineTo(4, 20)
    tray.lineTo(20, 20)
    tray.lineTo(20, 14)
    p.drawPath(tray)
    p.drawLine(QPointF(12, 4), QPointF(12, 15))
    head = QPainterPath(QPointF(8, 8))
    head.lineTo(12, 4)
    head.lineTo(16, 8)
    p.drawPath(head)


DRAWINGS: dict[str, Callable[[QPainter], None]] = {
    "today": _today,
    "history": _history,
    "treatments": _treatments,
    "medications": _medications,
    "tests": _tests,
    "questions": _questions,
    "learn": _learn,
    "export": _export,
}


def _pixmap(view: str, colour: QColor, size: int, ratio: float) -> QPixmap:
    pixmap = QPixmap(math.ceil(size * ratio), math.ceil(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / UNIT, size / UNIT)
    pen = QPen(colour, 2.0)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    DRAWINGS[view](painter)
    painter.end()
    return pixmap


def nav_icon(view: str, palette: QPalette, size: int, ratio: float = 2.0) -> QIcon:
    """The page's icon in the palette's text colour, and in its highlighted-text colour where
    the row is selected."""
    icon = QIcon()
    for mode, role in (
        (QIcon.Mode.Normal, R.Text),
        (QIcon.Mode.Active, R.Text),
        (QIcon.Mode.Selected, R.HighlightedText),
    ):
        icon.addPixmap(_pixmap(view, palette.color(role), size, ratio), mode)
    return icon
