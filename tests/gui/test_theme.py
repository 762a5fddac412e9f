"""Light and dark: every colour the app sets reaches WCAG AA against what it is drawn on.

The ratios are computed from ui.theme's tables and from the palette the window really uses,
in both schemes; then the window is built in each and its coloured parts are read back.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QToolButton

from carecompanion.domain.symptoms import Band
from carecompanion.palette import SCREEN_SERIES
from carecompanion.ui import theme
from carecompanion.ui.theme import (
    BAND_EDGE,
    BAND_LABEL_COLOURS,
    BAND_TINT,
    BAND_TINT_ALPHA,
    CALL_NOW_TEXT,
    GRAPHIC_CONTRAST,
    PROBLEM_TEXT,
    ROW_HIGHLIGHT,
    TABLE_TINT_ALPHA,
    TEXT_CONTRAST,
    TIER_COLOURS,
    TREATMENT_SPANS,
    blend,
    contrast,
    palette_for,
)
from carecompanion.ui.widgets.score_input import BOXES, ScoreInput
from carecompanion.ui.widgets.trend_chart import SeriesStyle, on_screen

R = QPalette.ColorRole
SCHEMES = pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])


@contextmanager
def scheme(dark: bool):
    """The application in one scheme for the length of a test, then back as it was."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QPalette(app.palette())
    app.setPalette(palette_for(dark))
    try:
        yield app
    finally:
        app.setPalette(before)


def test_contrast_matches_known_values():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#FFFFFF", "#B42318") == pytest.approx(6.6, abs=0.05)
    assert contrast("#FFFFFF", "#D18F00") == pytest.approx(2.75, abs=0.05)  # the old white label


@SCHEMES
def test_every_text_role_of_the_palette_reaches_aa(dark):
    palette = palette_for(dark)
    assert theme.low_contrast(palette) == []
    assert theme.is_dark_palette(palette) is dark


@SCHEMES
def test_disabled_fields_stay_readable(dark):
    palette = palette_for(dark)
    disabled = QPalette.ColorGroup.Disabled
    for text, background in theme.DISABLED_TEXT_ON:
        ratio = contrast(palette.color(disabled, text), palette.color(disabled, background))
        assert ratio >= TEXT_CONTRAST, (text, ratio)
    # ... and still look disabled: dimmer than enabled text
    active = palette.color(QPalette.ColorGroup.Active, R.Text)
    assert palette.color(disabled, R.Text) != active


@SCHEMES
def test_every_colour_the_app_sets_reaches_aa_on_its_background(dark):
    window = theme.PALETTES[dark][R.Window]
    base = theme.PALETTES[dark][R.Base]
    button = theme.PALETTES[dark][R.Button]
    text = theme.PALETTES[dark][R.Text]
    pairs: list[tuple[str, QColor | str, QColor | str, float]] = []
    for band, schemes in BAND_LABEL_COLOURS.items():
        pairs.append((f"band {band.label}", *schemes[dark], TEXT_CONTRAST))
    for tier, schemes in TIER_COLOURS.items():
        pairs.append((f"tier {tier.words}", *schemes[dark], TEXT_CONTRAST))
    pairs += [
        ("problem text", PROBLEM_TEXT[dark], window, TEXT_CONTRAST),
        ("call now on the toolbar", CALL_NOW_TEXT[dark], window, TEXT_CONTRAST),
        ("call now on a button", CALL_NOW_TEXT[dark], button, TEXT_CONTRAST),
        ("highlighted row", *ROW_HIGHLIGHT[dark], TEXT_CONTRAST),
        ("secondary text", theme.PALETTES[dark][theme.SECONDARY_ROLE], window, TEXT_CONTRAST),
        ("control outline on window", theme.PALETTES[dark][R.Mid], window, GRAPHIC_CONTRAST),
        ("control outline on base", theme.PALETTES[dark][R.Mid], base, GRAPHIC_CONTRAST),
    ]  # fmt: skip
    for index, span in enumerate(TREATMENT_SPANS):
        pairs.append((f"treatment line {index}", *span[dark], TEXT_CONTRAST))
    for band in Band:
        tinted_cell = blend(BAND_TINT[band][dark], base, TABLE_TINT_ALPHA / 255)
        pairs.append((f"table cell {band.label}", text, tinted_cell, TEXT_CONTRAST))
        chart = blend(BAND_TINT[band][dark], window, BAND_TINT_ALPHA / 255)
        pairs.append((f"chart edge {band.label}", BAND_EDGE[band][dark], chart, TEXT_CONTRAST))
        pairs.append((f"chart edge {band.label} (window)", BAND_EDGE[band][dark], window, 4.5))
    failing = [
        f"{name}: {contrast(fore, back):.2f} < {least}"
        for name, fore, back, least in pairs
        if contrast(fore, back) < least
    ]
    assert failing == []


def test_each_colour_has_a_light_and_a_dark_value():
    for table in (BAND_LABEL_COLOURS, TIER_COLOURS, BAND_TINT, BAND_EDGE):
        for schemes in table.values():  # type: ignore[attr-defined]
            assert set(schemes) == {False, True}
    for table in (PROBLEM_TEXT, CALL_NOW_TEXT, ROW_HIGHLIGHT, *TREATMENT_SPANS):
        assert set(table) == {False, True}


@SCHEMES
def test_series_lines_stand_out_three_to_one_on_the_chart(dark):
    """Every series, as the chart draws it, on the plain window and inside every band's tint;
    also the band tints themselves stay faint (the labelled edges carry the meaning)."""
    window = QColor(theme.PALETTES[dark][R.Window])
    backgrounds = [window] + [
        blend(BAND_TINT[b][dark], window, BAND_TINT_ALPHA / 255) for b in Band
    ]
    failing = []
    for index, colour in enumerate(SCREEN_SERIES):
        # the backgrounds the chart itself computes (TrendChart._backgrounds): every band
        shown = on_screen(SeriesStyle(QColor(colour), "circle"), backgrounds).colour
        for where, background in zip(["window", *Band], backgrounds, strict=True):
            ratio = contrast(shown, background)
            if ratio < GRAPHIC_CONTRAST:
                failing.append(f"series {index} {colour} on {where}: {ratio:.2f}")
    assert failing == []


@SCHEMES
def test_the_chart_computes_every_band_tint_as_a_background(dark, qtbot):
    from carecompanion.ui.widgets.trend_chart import TrendChart

    with scheme(dark):
        chart = TrendChart()
        qtbot.addWidget(chart)
        window = QColor(theme.PALETTES[dark][R.Window])
        expected = [window] + [
            blend(BAND_TINT[b][dark], window, BAND_TINT_ALPHA / 255) for b in Band
        ]
        assert [c.name() for c in chart._backgrounds()] == [c.name() for c in expected]


@SCHEMES
def test_the_chosen_score_box_is_readable_in_every_band(dark, qtbot):
    """The old chosen box wrote white on amber (2.75:1); each box now uses its band's chip."""
    from carecompanion.domain.symptoms import CORE_SYMPTOMS

    with scheme(dark):
        box = ScoreInput(CORE_SYMPTOMS[0])
        qtbot.addWidget(box)
        for value in (None, *range(BOXES)):
            box.set_value(value)
            for score in range(BOXES):
                fore, back = box.box_colours(score)
                assert contrast(fore, back) >= TEXT_CONTRAST, (value, score)


def test_a_platform_palette_with_faint_roles_is_mended():
    faint = QPalette(palette_for(False))
    disabled = QPalette.ColorGroup.Disabled
    faint.setColor(disabled, R.Text, QColor("#BEBEBE"))  # grey on grey, as Fusion ships
    faint.setColor(disabled, R.Base, QColor("#EFEFEF"))
    faint.setColor(R.Highlight, QColor("#308CC6"))  # white on it: 3.7:1
    assert theme.low_contrast(faint)
    mended = theme.mend(faint)
    assert theme.low_contrast(mended) == []
    assert mended.color(R.Window) == faint.color(R.Window)  # the rest is kept


def _style_colours(sheet: str) -> tuple[str | None, str | None]:
    colour = re.search(r"(?<![-\w])color:\s*(#[0-9A-Fa-f]{6})", sheet)
    background = re.search(r"background(?:-color)?:\s*(#[0-9A-Fa-f]{6})", sheet)
    return (colour.group(1) if colour else None, background.group(1) if background else None)


@SCHEMES
def test_the_window_in_each_scheme_sets_only_readable_colours(dark, make_window):
    """Every label or button with its own colour, on every page, against what is under it."""
    from carecompanion.ui.main_window import VIEWS

    with scheme(dark):
        window = make_window()
        for view in VIEWS:
            window.show_view(view)
        page_today = window.page("today")
        for key, box in page_today.inputs.items():  # type: ignore[attr-defined]
            box.set_value(5)
            band = page_today._bands[key]  # type: ignore[attr-defined]
            assert band.text() == "moderate"
            break
        checked = 0
        for widget in window.findChildren(QLabel) + window.findChildren(QToolButton):
            fore, back = _style_colours(widget.styleSheet())
            if fore is None:
                continue
            palette = widget.palette()
            under = back or palette.color(R.Window).name()
            assert contrast(fore, under) >= TEXT_CONTRAST, (widget.text(), fore, under)
            checked += 1
        assert checked >= 2  # the call-now button and the band chip at least


def test_forced_themes_set_the_palette_and_fusion(qapp):
    before, style = QPalette(qapp.palette()), qapp.style().name()
    try:
        theme.apply_theme(qapp, "dark")
        assert theme.is_dark()
        assert theme.low_contrast(qapp.palette()) == []
        theme.apply_theme(qapp, "light")
        assert not theme.is_dark()
        theme.apply_theme(qapp, "system")  # offscreen: no hint, the platform's mended palette
        assert theme.low_contrast(qapp.palette()) == []
        with pytest.raises(ValueError, match="theme must be one of"):
            theme.apply_theme(qapp, "sepia")
    finally:
        qapp.setPalette(before)
        qapp.setStyle(style)
