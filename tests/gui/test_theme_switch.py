"""A change of scheme while the window is open, and the outlines and focus the style draws.

The window is built light and switched to dark (and back), as the desktop would switch it; then
every coloured part is read back against what is under it. Check boxes, radio buttons, text
fields, focus rings and disabled buttons are grabbed to images and their pixels measured.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyleFactory,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from carecompanion.ui import theme
from carecompanion.ui.style import ClearStyle
from carecompanion.ui.theme import GRAPHIC_CONTRAST, TEXT_CONTRAST, contrast, palette_for

R = QPalette.ColorRole
SCHEMES = pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def styled(qapp):
    """The application with the app's style and the light palette, restored afterwards."""
    before_palette, before_style = QPalette(qapp.palette()), qapp.style().name() or "Fusion"
    qapp.setStyle(ClearStyle())
    qapp.setPalette(palette_for(False))
    theme.refresh()
    yield qapp
    qapp.setPalette(before_palette)
    qapp.setStyle(QStyleFactory.create(before_style))
    theme.refresh()


def switch(app: QApplication, dark: bool, qtbot) -> None:
    """What the desktop does: a new application palette; then the event loop runs."""
    app.setPalette(palette_for(dark))
    qtbot.waitUntil(lambda: not theme._State.pending and theme._State.dark is dark, timeout=1000)
    app.processEvents()


_COLOUR = re.compile(r"(?<![-\w])color:\s*(#[0-9A-Fa-f]{6})")
_BACKGROUND = re.compile(r"background(?:-color)?:\s*(#[0-9A-Fa-f]{6})")


def _shown_colours(widget: QWidget) -> tuple[QColor, QColor]:
    """The text colour a label or button draws and what it draws on."""
    sheet = widget.styleSheet()
    colour, background = _COLOUR.search(sheet), _BACKGROUND.search(sheet)
    palette = widget.palette()
    fore = QColor(colour.group(1)) if colour else palette.color(widget.foregroundRole())
    back = QColor(background.group(1)) if background else palette.color(R.Window)
    return fore, back


def _rich_pairs(text: str) -> list[tuple[str, str]]:
    pairs = []
    for style in re.findall(r'style="([^"]*)"', text):
        colour, background = _COLOUR.search(style), _BACKGROUND.search(style)
        if colour and background:
            pairs.append((colour.group(1), background.group(1)))
    return pairs


def _unreadable(window: QWidget) -> list[str]:
    window_colour = QApplication.palette().color(R.Window)
    found = []
    for widget in window.findChildren(QLabel) + window.findChildren(QToolButton):
        if not widget.isVisibleTo(window) or not widget.text():
            continue
        fore, back = _shown_colours(widget)
        if back == widget.palette().color(R.Window):
            back = window_colour  # what the window really draws under it
        if contrast(fore, back) < TEXT_CONTRAST:
            found.append(f"{widget.text()[:30]!r}: {fore.name()} on {back.name()}")
        for fore_rich, back_rich in _rich_pairs(widget.text()):
            if contrast(fore_rich, back_rich) < TEXT_CONTRAST:
                found.append(f"{widget.text()[:30]!r} (chip): {fore_rich} on {back_rich}")
    return found


def test_switching_scheme_while_open_leaves_no_stale_colour(styled, make_window, qtbot):
    window = make_window()
    today = window.today
    keys = list(today.inputs)
    today.inputs[keys[0]].set_value(5)  # a moderate chip
    today.inputs[keys[1]].set_value(8)  # a severe chip
    window.show_view("today")
    assert _unreadable(window) == []
    for dark in (True, False, True):
        switch(styled, dark, qtbot)
        assert _unreadable(window) == [], dark
        call_now = window.findChild(QToolButton, "") and next(
            b for b in window.findChildren(QToolButton) if b.text() == "When to call now"
        )
        fore, _back = _shown_colours(call_now)
        assert fore == QColor(theme.CALL_NOW_TEXT[dark])
        for role in (R.Window, R.Button):
            assert contrast(fore, palette_for(dark).color(role)) >= TEXT_CONTRAST
        band = today._bands[keys[0]]
        fore, back = _shown_colours(band)
        assert (fore.name().upper(), back.name().upper()) == theme.BAND_LABEL_COLOURS[
            theme.Band.MODERATE
        ][dark]
        # the secondary text: "0 none", the instructions
        muted = [w for w in today.findChildren(QLabel) if w.foregroundRole() == R.PlaceholderText]
        assert muted
        for label in muted:
            fore = label.palette().color(label.foregroundRole())
            assert contrast(fore, palette_for(dark).color(R.Window)) >= TEXT_CONTRAST


def test_recolour_turns_each_theme_colour_into_the_other_schemes():
    light, dark = (
        theme.BAND_LABEL_COLOURS[theme.Band.SEVERE][False],
        theme.BAND_LABEL_COLOURS[theme.Band.SEVERE][True],
    )
    sheet = f"color: {light[0]}; background: {light[1]}; border-radius: 4px;"
    assert theme.recolour(sheet, True) == (
        f"color: {dark[0]}; background: {dark[1]}; border-radius: 4px;"
    )
    rich = f'<span style="color: {dark[0]}; background-color: {dark[1]};">severe</span>'
    assert light[0] in theme.recolour(rich, False)
    assert theme.recolour("font-weight: bold;", True) == "font-weight: bold;"
    problem = f"color: {theme.PROBLEM_TEXT[False]}; font-weight: bold;"
    assert theme.PROBLEM_TEXT[True] in theme.recolour(problem, True)
    # the translations are one to one: no light pair stands for two dark ones
    for is_dark in (False, True):
        pairs, _singles = theme._translations(is_dark)
        assert len(pairs) == len({tuple(t[not is_dark]) for t in theme._pair_tables()})


# ----- outlines, focus and disabled text, measured in pixels -----


def _pixels(image: QImage, rect) -> list[QColor]:
    return [
        image.pixelColor(x, y)
        for y in range(max(0, rect.top()), min(image.height(), rect.bottom() + 1))
        for x in range(max(0, rect.left()), min(image.width(), rect.right() + 1))
    ]


def _strongest(image: QImage, rect, against: QColor) -> float:
    return max(contrast(p, against) for p in _pixels(image, rect))


def _panel(qtbot, *widgets: QWidget) -> QWidget:
    panel = QWidget()
    column = QVBoxLayout(panel)
    for widget in widgets:
        column.addWidget(widget)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


@SCHEMES
def test_check_boxes_radios_and_fields_have_outlines_of_three_to_one(styled, qtbot, dark):
    switch(styled, dark, qtbot)
    box, radio, field = QCheckBox("Took it"), QRadioButton("Patient"), QLineEdit()
    panel = _panel(qtbot, box, radio, field)
    window_colour = styled.palette().color(R.Window)
    base = styled.palette().color(R.Base)
    from PySide6.QtWidgets import QStyle, QStyleOptionButton

    for widget, element in (
        (box, QStyle.SubElement.SE_CheckBoxIndicator),
        (radio, QStyle.SubElement.SE_RadioButtonIndicator),
    ):
        option = QStyleOptionButton()
        option.initFrom(widget)
        indicator = widget.style().subElementRect(element, option, widget)
        image = widget.grab().toImage()
        # the top edge of the indicator (its outline) against the window around it
        edge = indicator.adjusted(0, 0, 0, -(indicator.height() - 2))
        assert _strongest(image, edge, window_colour) >= GRAPHIC_CONTRAST, type(widget)
        assert _strongest(image, edge, base) >= GRAPHIC_CONTRAST, type(widget)
    image = field.grab().toImage()
    frame = field.rect()
    for inner in (
        QRect(3, 0, frame.width() - 6, 1),  # the top edge, without the rounded corners
        QRect(0, 3, 1, frame.height() - 6),  # the left edge
    ):
        colours = Counter(p.name() for p in _pixels(image, inner))
        common = QColor(colours.most_common(1)[0][0])
        assert contrast(common, window_colour) >= GRAPHIC_CONTRAST, (dark, common.name())
        assert contrast(common, base) >= GRAPHIC_CONTRAST, (dark, common.name())
    panel.close()


@SCHEMES
def test_keyboard_focus_is_a_ring_of_three_to_one(styled, qtbot, dark):
    switch(styled, dark, qtbot)
    button, box = QPushButton("Save check-in"), QCheckBox("Nausea")
    panel = _panel(qtbot, button, box)
    window_colour = styled.palette().color(R.Window)
    face = styled.palette().color(R.Button)
    for widget in (button, box):
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(widget.hasFocus)
        focused = widget.grab().toImage()
        widget.clearFocus()
        qtbot.waitUntil(lambda w=widget: not w.hasFocus())
        plain = widget.grab().toImage()
        changed = [
            focused.pixelColor(x, y)
            for y in range(focused.height())
            for x in range(focused.width())
            if focused.pixelColor(x, y) != plain.pixelColor(x, y)
        ]
        ring = [p for p in changed if contrast(p, window_colour) >= GRAPHIC_CONTRAST]
        assert len(ring) >= widget.height(), (type(widget).__name__, dark)  # a visible ring
        if isinstance(widget, QPushButton):
            assert any(contrast(p, face) >= GRAPHIC_CONTRAST for p in ring)
    panel.close()


@SCHEMES
def test_disabled_buttons_read_four_and_a_half_to_one_on_their_face(styled, qtbot, dark):
    switch(styled, dark, qtbot)
    button = QPushButton("Delete")
    button.setEnabled(False)
    panel = _panel(qtbot, button)
    image = button.grab().toImage()
    inside = button.rect().adjusted(3, 3, -3, -3)
    face = QColor(Counter(p.name() for p in _pixels(image, inside)).most_common(1)[0][0])
    text = styled.palette().color(QPalette.ColorGroup.Disabled, R.ButtonText)
    assert contrast(text, face) >= TEXT_CONTRAST, (face.name(), text.name())
    assert _strongest(image, inside, face) >= TEXT_CONTRAST  # the drawn letters too
    panel.close()


@SCHEMES
def test_sidebar_has_an_icon_per_page_and_a_clear_selected_row(styled, make_window, qtbot, dark):
    from carecompanion.ui.main_window import VIEWS

    window = make_window()
    switch(styled, dark, qtbot)  # the icons are drawn again for the new scheme
    nav = window.nav
    palette = styled.palette()
    base, highlight = palette.color(R.Base), palette.color(R.Highlight)
    assert contrast(highlight, base) >= GRAPHIC_CONTRAST  # the selected row stands out
    window.show_view("history")
    image = nav.grab().toImage()
    ratio = image.devicePixelRatio()
    for row, view in enumerate(VIEWS):
        item = nav.item(row)
        assert item.text() and not item.icon().isNull(), view
        rect = nav.visualItemRect(item)
        icon_area = QRect(
            int(rect.left() * ratio),
            int(rect.top() * ratio),
            int(nav.iconSize().width() * ratio) + 8,
            int(rect.height() * ratio),
        )
        behind = highlight if view == "history" else base
        assert _strongest(image, icon_area, behind) >= GRAPHIC_CONTRAST, (view, dark)
        row_colours = Counter(p.name() for p in _pixels(image, icon_area))
        assert QColor(row_colours.most_common(1)[0][0]) == behind, view
