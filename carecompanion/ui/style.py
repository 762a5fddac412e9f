"""Fusion with outlines and focus that can be seen: 3:1 (WCAG 2.2 AA, non-text contrast) in
light and dark, from whichever palette is active.

Fusion draws a control's outline as the window colour a little darker, and its focus as the
selection colour a little darker: in a dark palette an unchecked check box measured 1.13:1
against the window, a text field's border 1.15:1 and a button's focus ring 2:1. This style lets
Fusion draw, then draws over the outline of check boxes, radio buttons, text fields, spin boxes,
date fields and combo boxes in `boundary(palette)`, and the focus in `focus_colour(palette)`, two
pixels wide. Both are computed from the palette (the palette's Mid and Highlight roles, made
lighter or darker until they reach 3:1 on the window, the base and the button face), so they
follow a change of scheme without anything being rebuilt.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory, QStyleOption, QWidget

from carecompanion.ui.theme import GRAPHIC_CONTRAST, readable_on

R = QPalette.ColorRole
PE = QStyle.PrimitiveElement
CC = QStyle.ComplexControl
FOCUS_WIDTH = 2

_cache: dict[tuple[int, str], QColor] = {}


def _against_all(start: QColor, palette: QPalette, key: str) -> QColor:
    """`start`, lighter or darker, until it reaches 3:1 on the window, base and button face."""
    found = _cache.get((palette.cacheKey(), key))
    if found is not None:
        return found
    colour = QColor(start)
    backgrounds = [palette.color(role) for role in (R.Window, R.Base, R.Button)]
    for _ in range(3):
        for background in backgrounds:
            colour = readable_on(colour, background, GRAPHIC_CONTRAST)
    if len(_cache) > 64:
        _cache.clear()
    _cache[(palette.cacheKey(), key)] = colour
    return colour


def boundary(palette: QPalette) -> QColor:
    """The outline of a check box, radio button or text field: 3:1 on what is around it."""
    return _against_all(palette.color(R.Mid), palette, "boundary")


def focus_colour(palette: QPalette) -> QColor:
    """The keyboard focus ring: the selection colour, 3:1 on the window, base and buttons."""
    return _against_all(palette.color(R.Highlight), palette, "focus")


class ClearStyle(QProxyStyle):
    """Fusion, with outlines and focus from `boundary` and `focus_colour`."""

    def __init__(self) -> None:
        super().__init__(QStyleFactory.create("Fusion"))

    def drawPrimitive(
        self,
        element: PE,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == PE.PE_FrameFocusRect:
            _focus_frame(painter, option.rect, option.palette)
            return
        super().drawPrimitive(element, option, painter, widget)
        focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
        if element == PE.PE_IndicatorCheckBox:
            _outline(painter, option, focused, round_=False)
        elif element == PE.PE_IndicatorRadioButton:
            _outline(painter, option, focused, round_=True)
        elif element == PE.PE_FrameLineEdit:
            _outline(painter, option, focused, round_=False)
        elif element == PE.PE_PanelButtonCommand and focused:
            _focus_frame(painter, option.rect, option.palette)

    def drawComplexControl(
        self,
        control: CC,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawComplexControl(control, option, painter, widget)  # type: ignore[arg-type]
        if control == CC.CC_SpinBox or (
            control == CC.CC_ComboBox and getattr(option, "editable", False)
        ):
            focused = bool(option.state & QStyle.StateFlag.State_HasFocus)
            _outline(painter, option, focused, round_=False)


def _outline(painter: QPainter, option: QStyleOption, focused: bool, *, round_: bool) -> None:
    palette = option.palette
    colour = focus_colour(palette) if focused else boundary(palette)
    width = FOCUS_WIDTH if focused else 1
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, round_)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    rect = QRectF(option.rect)
    if round_:
        painter.setPen(QPen(colour, width + 0.5))
        inset = (width + 0.5) / 2
        painter.drawEllipse(rect.adjusted(inset, inset, -inset, -inset))
    else:
        painter.setPen(QPen(colour, 1))
        for step in range(width):
            painter.drawRect(QRect(option.rect).adjusted(step, step, -1 - step, -1 - step))
    painter.restore()


def _focus_frame(painter: QPainter, rect: QRect, palette: QPalette) -> None:
    """A solid ring two pixels wide just inside `rect`."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(focus_colour(palette), 1))
    for step in range(FOCUS_WIDTH):
        painter.drawRect(rect.adjusted(step, step, -1 - step, -1 - step))
    painter.restore()
