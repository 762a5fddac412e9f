"""The 0-10 score control: eleven boxes, keyboard first, the band in words as the value changes.

Keys: a digit sets the score (1 then 0 makes 10), arrows step by one, Home and End go to 0 and
10, Delete or Backspace clears it (not rated). A click on a box sets it too; the mouse wheel
scrolls the page instead (a score changed by scrolling past it would be a silent mistake).

For screen readers it is a slider with its own accessible interface (`ScoreAccessible`, made by
a factory installed with QAccessible.installFactory): the Slider role, its name the symptom with
its anchors, its value text the score in words ("7, moderate" or "not rated": what MSAA's value,
UI Automation's Value and AT-SPI's Value.Text read) and a value interface from 0 to 10 that the
platform bridges read and can set. The numeric value cannot say "not rated" (the bridges turn
every value into a number), so it is 0 then; the value text and the description tell the two
apart. The description is the score in words as well, changed as the score changes.
Colours: the band chips of ui.theme, light or dark; the chosen box is the chip turned over.
"""

from __future__ import annotations

from typing import Any, cast

import shiboken6
from PySide6.QtCore import QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleInterface,
    QAccessibleValueChangeEvent,
    QAccessibleValueInterface,
    QColor,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractSlider, QAccessibleWidget, QSizePolicy, QWidget

from carecompanion.domain.symptoms import MAX_SCORE, Symptom, band_for
from carecompanion.ui.theme import BAND_LABEL_COLOURS, is_dark

BOXES = MAX_SCORE + 1


class ScoreInput(QAbstractSlider):
    """A score from 0 to 10, or None when the symptom is not rated."""

    value_changed = Signal(object)

    def __init__(self, symptom: Symptom, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.symptom = symptom
        self._value: int | None = None
        self._last_key: str | None = None
        self._syncing = False
        self.setOrientation(Qt.Orientation.Horizontal)
        self.setRange(0, MAX_SCORE)
        self.setSingleStep(1)
        self.setPageStep(1)
        self.setTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(
            f"{symptom.label}, 0 {symptom.best_anchor} to 10 {symptom.worst_anchor}"
        )
        # A screen reader (through the value interface) may set the score: take it as typed.
        self.valueChanged.connect(self._slider_moved)
        self._describe()

    def value(self) -> int | None:  # type: ignore[override]  # None: not rated
        return self._value

    def set_value(self, value: int | None) -> None:
        if value is not None and not 0 <= value <= MAX_SCORE:
            return
        if value != self._value:
            self._value = value
            self._describe()  # the description first: the value event makes readers read it
            self._syncing = True
            try:
                before = super().value()
                self.setValue(0 if value is None else value)
            finally:
                self._syncing = False
            if super().value() == before:  # 0 to not rated or back: Qt sends no value event
                QAccessible.updateAccessibility(QAccessibleValueChangeEvent(self, before))
            self.update()
            self.value_changed.emit(value)

    def _slider_moved(self, value: int) -> None:
        if not self._syncing:
            self.set_value(value)

    def band_text(self) -> str:
        if self._value is None:
            return "not rated"
        return band_for(self._value).label

    def value_text(self) -> str:
        """The score in words, as a screen reader reads the value: "7, moderate", "not rated"."""
        return "not rated" if self._value is None else f"{self._value}, {self.band_text()}"

    def _describe(self) -> None:
        shown = self.value_text()
        self.setAccessibleDescription(shown)
        self.setToolTip(
            f"{self.symptom.label}: {shown}. Type 0-10, arrows to adjust, Delete to clear."
        )

    def sizeHint(self) -> QSize:
        height = self.fontMetrics().height() + 16
        return QSize(BOXES * (height + 4), height)

    def minimumSizeHint(self) -> QSize:
        height = self.fontMetrics().height() + 16
        return QSize(BOXES * (self.fontMetrics().horizontalAdvance("10") + 10), height)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, text = event.key(), event.text()
        if len(text) == 1 and text in "0123456789":
            if text == "0" and self._last_key == "1" and self._value == 1:
                self.set_value(10)
                self._last_key = None
            else:
                self.set_value(int(text))
                self._last_key = text
            return
        self._last_key = None
        current = self._value
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Plus):
            self.set_value(0 if current is None else min(MAX_SCORE, current + 1))
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Down, Qt.Key.Key_Minus):
            self.set_value(0 if current is None else max(0, current - 1))
        elif key == Qt.Key.Key_Home:
            self.set_value(0)
        elif key == Qt.Key.Key_End:
            self.set_value(MAX_SCORE)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.set_value(None)
        else:
            super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._last_key = None
        super().focusOutEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        width = self.width() / BOXES
        self.set_value(min(MAX_SCORE, max(0, int(event.position().x() // width))))

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()  # the page scrolls; the score stays as it was

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        dark = is_dark(self)
        outline = palette.color(QPalette.ColorRole.Mid)  # 3:1 on the window and the base
        width = self.width() / BOXES
        for score in range(BOXES):
            box = QRectF(score * width + 2, 2, width - 4, self.height() - 4)
            chosen = score == self._value
            filled = self._value is not None and score <= self._value
            ink, chip = BAND_LABEL_COLOURS[band_for(score)][dark]
            if chosen:  # the band's chip turned over: its text colour as the fill
                painter.setPen(QPen(palette.color(QPalette.ColorRole.Text), 3))
                painter.setBrush(QColor(ink))
                text_colour = QColor(chip)
            elif filled:
                painter.setPen(QPen(outline, 1))
                painter.setBrush(QColor(chip))
                text_colour = QColor(ink)
            else:
                painter.setPen(QPen(outline, 1))
                painter.setBrush(palette.base())
                text_colour = palette.color(QPalette.ColorRole.Text)
            painter.drawRoundedRect(box, 5, 5)
            font = painter.font()
            font.setBold(chosen)
            painter.setFont(font)
            painter.setPen(text_colour)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(score))
        if self.hasFocus():
            pen = QPen(palette.highlight().color(), 2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(1, 1, self.width() - 2, self.height() - 2), 6, 6)
        painter.end()

    def box_colours(self, score: int) -> tuple[QColor, QColor]:
        """(text, fill) of one box as drawn now: for the contrast tests."""
        palette = self.palette()
        ink, chip = BAND_LABEL_COLOURS[band_for(score)][is_dark(self)]
        if score == self._value:
            return QColor(chip), QColor(ink)
        if self._value is not None and score <= self._value:
            return QColor(ink), QColor(chip)
        return palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.Base)


class _ScoreValue(QAccessibleValueInterface):
    """The 0-10 value interface of one score control (0 when not rated: see the module)."""

    def __init__(self, face: ScoreAccessible) -> None:
        super().__init__()
        self._face = face

    def _control(self) -> ScoreInput:
        return self._face.control()

    def currentValue(self) -> Any:
        value = self._control().value()
        return 0 if value is None else value

    def setCurrentValue(self, value: Any) -> None:
        self._control().set_value(max(0, min(MAX_SCORE, round(float(value)))))

    def minimumValue(self) -> Any:
        return 0

    def maximumValue(self) -> Any:
        return MAX_SCORE

    def minimumStepSize(self) -> Any:
        return 1


class ScoreAccessible(QAccessibleWidget):
    """What a screen reader is given for a ScoreInput: a slider whose value text is in words."""

    def __init__(self, control: ScoreInput) -> None:
        super().__init__(control, QAccessible.Role.Slider)
        self._value = _ScoreValue(self)

    def control(self) -> ScoreInput:
        widget = self.widget()
        assert isinstance(widget, ScoreInput)
        return widget

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Value:
            return self.control().value_text()
        return super().text(kind)

    def interface_cast(self, kind: QAccessible.InterfaceType) -> int:
        # The platform bridges ask from C++ (valueInterface() is a cast): the address of the
        # value interface's C++ object, which PySide converts only from a VoidPtr (a plain int
        # crashes), whatever its stub says.
        if kind == QAccessible.InterfaceType.ValueInterface:
            return cast(int, shiboken6.VoidPtr(shiboken6.getCppPointer(self._value)[0]))
        return super().interface_cast(kind)


def _accessible(class_name: str, thing: QObject) -> QAccessibleInterface | None:
    if class_name == "ScoreInput" and isinstance(thing, ScoreInput):
        return ScoreAccessible(thing)
    return None


QAccessible.installFactory(_accessible)
