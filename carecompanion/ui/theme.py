"""Every colour the app sets, with a light and a dark value, and the choice between them.

The scheme: `apply_theme(app, "system" | "light" | "dark")`. "system" follows the desktop's
colour-scheme hint (`QStyleHints.colorScheme()`, and its `colorSchemeChanged` while running):
the platform's own palette is kept when it already matches the hint, our palette is used when it
does not (a dark desktop under a style that only draws light), and in both cases the few roles
whose contrast is too low (grey-on-grey disabled text, white on a light selection blue) are
raised to 4.5:1. "light" and "dark" force one scheme (Fusion style and our palette, unless a
`-style` was given), for people who want it and for screenshots.

Which scheme is active is read from the palette (`is_dark`), never remembered apart from it, so
a widget asks `is_dark(self)` and picks from the tables below.

The scheme can change while the window is open (the desktop switches, or `app.setPalette`).
Widgets that paint draw from their palette at paint time; widgets that set a colour of their own
register with `follow(widget, apply)`, which runs `apply` now and after every change of scheme.
As a safety net, after every application palette change `refresh` (deferred to the event loop,
once palettes have propagated) re-polishes every widget with a style sheet (Qt's style-sheet
style keeps the palette of the moment it polished a widget) and turns any of the colours below
in a style sheet, a label's rich text or a table item from the old scheme's value into the new
one's (`recolour`), so a page that set a colour once does not keep the wrong one.

Colour is never the only cue (DESIGN.md): every band and tier colour sits beside its words.
Every text pair here is at least 4.5:1 (WCAG 2.2 AA) and every graphic at least 3:1 against
what it is drawn on; `tests/gui/test_theme.py` computes the ratios from these tables and from
the live palette for both schemes.
"""

from __future__ import annotations

import contextlib
import os
import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QStyle, QTableWidget, QWidget

from carecompanion.domain.flags import Tier
from carecompanion.domain.symptoms import Band

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

THEMES = ("system", "light", "dark")
TEXT_CONTRAST = 4.5  # WCAG 2.2 AA, body text
GRAPHIC_CONTRAST = 3.0  # WCAG 2.2 AA, large text, lines, marks and control outlines

Pair = tuple[str, str]  # (text, background)
ByScheme = dict[bool, Pair]  # is_dark -> pair

# ----- the palettes Qt draws with -----

R = QPalette.ColorRole
# Roles and their colours: light, dark. Disabled text is dimmer than enabled text but still
# 4.5:1 on its background (a disabled date field must stay readable).
PALETTES: dict[bool, dict[R, str]] = {
    False: {
        R.Window: "#F2F2F2",
        R.WindowText: "#1F2328",
        R.Base: "#FFFFFF",
        R.AlternateBase: "#F6F7F8",
        R.ToolTipBase: "#FFFFFF",
        R.ToolTipText: "#1F2328",
        R.PlaceholderText: "#5F6570",
        R.Text: "#1F2328",
        R.Button: "#E9EAEC",
        R.ButtonText: "#1F2328",
        R.BrightText: "#FFFFFF",
        R.Light: "#FFFFFF",
        R.Midlight: "#E3E4E6",
        R.Mid: "#80858B",
        R.Dark: "#6E737A",
        R.Shadow: "#4A4F55",
        R.Highlight: "#1A5FB4",
        R.HighlightedText: "#FFFFFF",
        R.Link: "#1A5FB4",
        R.LinkVisited: "#7B2FA0",
        R.Accent: "#1A5FB4",
    },
    True: {
        R.Window: "#25272B",
        R.WindowText: "#E6E8EB",
        R.Base: "#1C1D20",
        R.AlternateBase: "#23252A",
        R.ToolTipBase: "#33363B",
        R.ToolTipText: "#E6E8EB",
        R.PlaceholderText: "#A3A8B0",
        R.Text: "#E6E8EB",
        R.Button: "#33363B",
        R.ButtonText: "#E6E8EB",
        R.BrightText: "#FFFFFF",
        R.Light: "#4A4E55",
        R.Midlight: "#3A3D43",
        R.Mid: "#8A9099",
        R.Dark: "#15161A",
        R.Shadow: "#000000",
        R.Highlight: "#2F6DB5",
        R.HighlightedText: "#FFFFFF",
        R.Link: "#8AB4F8",
        R.LinkVisited: "#D7AEFB",
        R.Accent: "#2F6DB5",
    },
}
DISABLED: dict[bool, dict[R, str]] = {
    False: {
        R.WindowText: "#60656C",
        R.Text: "#60656C",
        R.ButtonText: "#60656C",
        R.Base: "#F2F2F2",
        R.Button: "#E9EAEC",
        R.Window: "#F2F2F2",
    },
    True: {
        R.WindowText: "#A0A5AD",
        R.Text: "#A0A5AD",
        R.ButtonText: "#B4B8BF",  # 5:1 on the face Fusion draws for a disabled button, #404347
        R.Base: "#25272B",
        R.Button: "#2C2F33",
        R.Window: "#25272B",
    },
}
# Text roles and the background each is read on: each pair must reach 4.5:1.
TEXT_ON: tuple[tuple[R, R], ...] = (
    (R.WindowText, R.Window),
    (R.Text, R.Base),
    (R.Text, R.AlternateBase),
    (R.ButtonText, R.Button),
    (R.HighlightedText, R.Highlight),
    (R.PlaceholderText, R.Base),
    (R.PlaceholderText, R.Window),  # secondary text (widgets.common.muted) on the window
    (R.ToolTipText, R.ToolTipBase),
    (R.Link, R.Base),
    (R.LinkVisited, R.Base),
)
DISABLED_TEXT_ON: tuple[tuple[R, R], ...] = (
    (R.WindowText, R.Window),
    (R.Text, R.Base),
    (R.ButtonText, R.Button),
)
# Secondary text (widgets.common.muted) is drawn in the palette's PlaceholderText role, so it
# follows a change of palette by itself; TEXT_ON holds it to 4.5:1 on the window and the base.
SECONDARY_ROLE = R.PlaceholderText

# ----- colours the app sets itself, light and dark -----

# Band chips (Today's band beside each score; the score boxes up to the chosen one), from
# DESIGN.md's contrast-checked table.
BAND_LABEL_COLOURS: dict[Band, ByScheme] = {
    Band.NONE: {False: ("#1F2328", "#E8EAED"), True: ("#E6E8EB", "#30343A")},  # 13.1 / 10.2
    Band.MILD: {False: ("#0B5A2A", "#DDF3E4"), True: ("#B8F0CB", "#163A24")},  # 7.2 / 9.8
    Band.MODERATE: {False: ("#6B3E00", "#FCE9C7"), True: ("#FFD899", "#4A3310")},  # 7.6 / 8.8
    Band.SEVERE: {False: ("#8A1C1C", "#F9D6D5"), True: ("#FFC2BF", "#4D1A1A")},  # 6.9 / 9.3
}
# Flag tiers: tier 1 is the "call now" pair, tier 2 the severe band, tier 3 the moderate band.
TIER_COLOURS: dict[Tier, ByScheme] = {
    Tier.CALL_NOW: {False: ("#FFFFFF", "#B42318"), True: ("#1A0505", "#FF8A80")},  # 6.6 / 8.6
    Tier.TODAY: {False: ("#8A1C1C", "#F9D6D5"), True: ("#FFC2BF", "#4D1A1A")},  # 6.9 / 9.3
    Tier.NEXT_CONTACT: {False: ("#6B3E00", "#FCE9C7"), True: ("#FFD899", "#4A3310")},  # 7.6 / 8.8
}
# Text that says something went wrong ("Not saved", a field's error): on the window colour.
PROBLEM_TEXT: dict[bool, str] = {False: "#8A1C1C", True: "#FFC2BF"}
# The always-visible "When to call now" toolbar button's text, on the toolbar (window colour)
# and on the button face when hovered: the call-now red, in dark the severe band's light text.
# The main window sets it through `follow`, so it is not among `recolour`'s translations.
CALL_NOW_TEXT: dict[bool, str] = {False: "#B42318", True: "#FFC2BF"}
# A highlighted table row (Tests: a result out of range), text on background.
ROW_HIGHLIGHT: ByScheme = {False: ("#1F1F1F", "#FFF1C2"), True: ("#FFE7A8", "#3F3210")}
# Chart: band tints behind the lines (faint on purpose: the labelled edges carry the meaning),
# and the edge lines and band names in the band's chip text colour.
# 32 of 255: faint enough that every series line (made 3:1 on the window, widgets.trend_chart)
# keeps 3:1 inside every band's tint too, in both schemes (tests/gui/test_theme.py).
BAND_TINT_ALPHA = 32
BAND_EDGE: dict[Band, dict[bool, str]] = {
    band: {dark: pair[0] for dark, pair in schemes.items()}
    for band, schemes in BAND_LABEL_COLOURS.items()
}
BAND_TINT: dict[Band, dict[bool, str]] = {
    Band.NONE: {False: "#8A9AA9", True: "#8A9AA9"},
    Band.MILD: {False: "#4A9A5B", True: "#4A9A5B"},
    Band.MODERATE: {False: "#D18F00", True: "#E0A020"},
    Band.SEVERE: {False: "#C2410C", True: "#E05A2A"},
}
# The check-in table's band cells: a tint (this opacity) under the palette's text.
TABLE_TINT_ALPHA = 45
# Treatment lines on the chart: text on the span's fill, one pair per lane.
TREATMENT_SPANS: tuple[ByScheme, ...] = (
    {False: ("#1F2328", "#CFE3F7"), True: ("#E6E8EB", "#1D3A5C")},
    {False: ("#1F2328", "#F5DCC2"), True: ("#E6E8EB", "#4A3319")},
    {False: ("#1F2328", "#D6ECD9"), True: ("#E6E8EB", "#1F3D26")},
)


# ----- contrast -----


def luminance(colour: QColor | str) -> float:
    """WCAG 2.x relative luminance of an opaque colour."""
    c = QColor(colour)
    linear = [
        v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
        for v in (c.redF(), c.greenF(), c.blueF())
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: QColor | str, b: QColor | str) -> float:
    """WCAG 2.x contrast ratio, 1 to 21."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def blend(top: QColor | str, bottom: QColor | str, opacity: float | None = None) -> QColor:
    """`top` at its own alpha (or `opacity`) over an opaque `bottom`."""
    a, b = QColor(top), QColor(bottom)
    alpha = a.alphaF() if opacity is None else opacity
    return QColor.fromRgbF(
        a.redF() * alpha + b.redF() * (1 - alpha),
        a.greenF() * alpha + b.greenF() * (1 - alpha),
        a.blueF() * alpha + b.blueF() * (1 - alpha),
    )


def readable_on(colour: QColor | str, background: QColor | str, least: float) -> QColor:
    """`colour` made lighter or darker in steps, keeping its hue, until it reaches `least`
    against `background` (the direction away from the background's lightness)."""
    c = QColor(colour)
    darken = luminance(background) > 0.18
    for _ in range(40):
        if contrast(c, background) >= least:
            return c
        step = -0.03 if darken else 0.03
        lightness = max(0.0, min(1.0, c.lightnessF() + step))
        c = QColor.fromHslF(c.hslHueF(), c.hslSaturationF(), lightness, c.alphaF())
    return QColor("#000000" if darken else "#FFFFFF")


# ----- the active scheme -----


def is_dark(widget: QWidget | None = None) -> bool:
    """Whether the active scheme is dark (the widget's palette, or the application's)."""
    return is_dark_palette(widget.palette() if widget is not None else QApplication.palette())


def is_dark_palette(palette: QPalette) -> bool:
    """Whether a palette is dark: its window colour is darker than its text."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightnessF() < text.lightnessF()


# ----- following a change of scheme while the window is open -----


class _Follow(QObject):
    """Watches one widget's palette; `refresh` runs `apply` after every change of scheme."""

    def __init__(self, widget: QWidget, apply: Callable[[], None]) -> None:
        super().__init__(widget)
        self.apply = apply
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A palette of its own that turns the scheme (the application's is the watcher's).
        if (
            event.type() == QEvent.Type.PaletteChange
            and isinstance(watched, QWidget)
            and is_dark(watched) != _State.dark
        ):
            schedule_refresh()
        return False


class _Watcher(QWidget):
    """Never shown: Qt tells every widget of a new application palette, this one included,
    even when the widgets that follow have a style sheet (which Qt leaves out)."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationPaletteChange:
            schedule_refresh()
        return super().event(event)


class _State:
    dark: bool | None = None  # the scheme the last refresh (or the first follow) saw
    pending = False
    refreshing = False  # re-polishing sends palette events of its own: no refresh for them
    followers: list[_Follow] = []  # noqa: RUF012 - one shared list, on purpose
    watcher: _Watcher | None = None


def watch() -> None:
    """Refresh after every change of the application palette from now on (once is enough)."""
    if _State.watcher is None:
        _State.watcher = _Watcher()
        _State.watcher.setObjectName("theme watcher")
    if _State.dark is None:
        _State.dark = is_dark()


def follow(widget: QWidget, apply: Callable[[], None]) -> None:
    """Run `apply` now and after every change of scheme (it reads `is_dark(widget)` and sets
    the widget's own colours again). The registration ends with the widget."""
    watch()
    follower = _Follow(widget, apply)
    _State.followers.append(follower)
    follower.destroyed.connect(lambda *_: _forget(follower))
    apply()


def _forget(follower: _Follow) -> None:
    with contextlib.suppress(ValueError):
        _State.followers.remove(follower)


def schedule_refresh() -> None:
    """`refresh` once, when the event loop next runs (palettes have propagated by then)."""
    if not _State.pending and not _State.refreshing:
        _State.pending = True
        QTimer.singleShot(0, refresh)


def refresh() -> None:
    """Bring every widget up to the application's palette: style-sheet widgets re-polished,
    theme colours set once turned into the new scheme's, then every `follow` callback."""
    _State.pending = False
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    dark = is_dark()
    changed = _State.dark is not None and _State.dark != dark
    _State.dark = dark
    _State.refreshing = True
    try:
        for widget in app.allWidgets():
            _refresh_widget(widget, dark, changed)
        for follower in list(_State.followers):
            follower.apply()
    finally:
        _State.refreshing = False


def _refresh_widget(widget: QWidget, dark: bool, changed: bool) -> None:
    sheet = widget.styleSheet()
    if sheet:
        widget.setStyleSheet(recolour(sheet, dark) if changed else sheet)
    if not changed:
        return
    if isinstance(widget, QLabel) and "style=" in widget.text():
        widget.setText(recolour(widget.text(), dark))
    elif isinstance(widget, QTableWidget):
        _recolour_items(widget, dark)


_DECLARATION = re.compile(r"(?<![-\w])(color|background(?:-color)?)(\s*:\s*)(#[0-9A-Fa-f]{6})")
_STYLE_ATTRIBUTE = re.compile(r'style="([^"]*)"')


def _pair_tables() -> list[ByScheme]:
    return [
        *BAND_LABEL_COLOURS.values(),
        *TIER_COLOURS.values(),
        ROW_HIGHLIGHT,
        *TREATMENT_SPANS,
    ]


def _translations(dark: bool) -> tuple[dict[Pair, Pair], dict[str, str]]:
    """The other scheme's (text, background) pairs and lone text colours, to this one's."""
    pairs = {
        (table[not dark][0].upper(), table[not dark][1].upper()): table[dark]
        for table in _pair_tables()
    }
    singles = {table[not dark].upper(): table[dark] for table in (PROBLEM_TEXT,)}
    return pairs, singles


def _recolour_declarations(block: str, dark: bool) -> str:
    pairs, singles = _translations(dark)
    found = {m.group(1).split("-")[0]: m.group(3).upper() for m in _DECLARATION.finditer(block)}
    text, background = found.get("color"), found.get("background")
    new: dict[str, str] = {}
    if text is not None and background is not None and (text, background) in pairs:
        new["color"], new["background"] = pairs[(text, background)]
    elif text is not None and background is None and text in singles:
        new["color"] = singles[text]
    if not new:
        return block

    def swap(m: re.Match[str]) -> str:
        colour = new.get(m.group(1).split("-")[0], m.group(3))
        return f"{m.group(1)}{m.group(2)}{colour}"

    return _DECLARATION.sub(swap, block)


def recolour(text: str, dark: bool) -> str:
    """A style sheet, or rich text's `style="..."` attributes, with each of this module's
    colours of the other scheme turned into this scheme's (a chip's text and background as a
    pair); anything else is left as it is."""
    if 'style="' in text:
        return _STYLE_ATTRIBUTE.sub(
            lambda m: f'style="{_recolour_declarations(m.group(1), dark)}"', text
        )
    return _recolour_declarations(text, dark)


def _recolour_items(table: QTableWidget, dark: bool) -> None:
    pairs, _singles = _translations(dark)
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            item = table.item(row, column)
            if item is None or item.background().style() == Qt.BrushStyle.NoBrush:
                continue
            key = (
                item.foreground().color().name().upper(),
                item.background().color().name().upper(),
            )
            if key in pairs:
                text, background = pairs[key]
                item.setForeground(QBrush(QColor(text)))
                item.setBackground(QBrush(QColor(background)))


def tier_style(tier: Tier, dark: bool) -> str:
    text, background = TIER_COLOURS[tier][dark]
    return (
        f"color: {text}; background: {background}; font-weight: bold; "
        "border-radius: 4px; padding: 4px 8px;"
    )


def problem_style(dark: bool) -> str:
    return f"color: {PROBLEM_TEXT[dark]}; font-weight: bold;"


def palette_for(dark: bool) -> QPalette:
    """Our palette for a scheme: every group, disabled text raised to stay readable."""
    palette = QPalette()
    for role, colour in PALETTES[dark].items():
        palette.setColor(role, QColor(colour))  # all groups
    for role, colour in DISABLED[dark].items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return palette


def low_contrast(palette: QPalette) -> list[str]:
    """The text roles of `palette` below 4.5:1 on their background (also when disabled)."""
    found = []
    groups = (
        (QPalette.ColorGroup.Active, TEXT_ON),
        (QPalette.ColorGroup.Inactive, TEXT_ON),
        (QPalette.ColorGroup.Disabled, DISABLED_TEXT_ON),
    )
    for group, pairs in groups:
        for text, background in pairs:
            ratio = contrast(palette.color(group, text), palette.color(group, background))
            if ratio < TEXT_CONTRAST:
                found.append(f"{group.name} {text.name} on {background.name}: {ratio:.2f}")
    return found


def mend(palette: QPalette) -> QPalette:
    """A platform palette with each too-faint text role raised to 4.5:1 (a selection colour
    too light for white text is darkened instead); every other colour kept."""
    mended = QPalette(palette)
    groups = (
        (QPalette.ColorGroup.Active, TEXT_ON),
        (QPalette.ColorGroup.Inactive, TEXT_ON),
        (QPalette.ColorGroup.Disabled, DISABLED_TEXT_ON),
    )
    for group, pairs in groups:
        for text, background in pairs:
            fore, back = mended.color(group, text), mended.color(group, background)
            if contrast(fore, back) >= TEXT_CONTRAST:
                continue
            if text is R.HighlightedText:
                mended.setColor(group, background, readable_on(back, fore, TEXT_CONTRAST))
            else:
                mended.setColor(group, text, readable_on(fore, back, TEXT_CONTRAST))
    return mended


def app_style() -> QStyle:
    """Fusion, with control outlines and focus drawn to 3:1 in either scheme (ui.style)."""
    from carecompanion.ui.style import ClearStyle

    return ClearStyle()


def _hint_dark(app: QGuiApplication) -> bool | None:
    scheme = app.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return True
    if scheme == Qt.ColorScheme.Light:
        return False
    return None


def _style_given(arguments: Iterable[str]) -> bool:
    """Whether the person chose a style (`-style`, `-style=`, QT_STYLE_OVERRIDE)."""
    if os.environ.get("QT_STYLE_OVERRIDE"):
        return True
    return any(a.lstrip("-").split("=", 1)[0] == "style" for a in arguments if a.startswith("-"))


class _Follower:
    """Keeps the palette in step with the desktop's scheme in "system" mode."""

    def __init__(self, app: QApplication) -> None:
        self.app = app

    def follow(self) -> None:
        app = self.app
        app.setPalette(QPalette())  # back to the platform's, which follows the desktop
        platform = app.palette()
        want = _hint_dark(app)
        if want is not None and want != is_dark():
            # The style draws one scheme only: Fusion and our palette draw the wanted one.
            if not _style_given(app.arguments()):
                app.setStyle(app_style())
            app.setPalette(palette_for(want))
            return
        if low_contrast(platform):
            app.setPalette(mend(platform))


_followers: list[_Follower] = []


def apply_theme(app: QApplication, choice: str = "system") -> None:
    """Set the scheme: "system" follows the desktop (and its changes); "light" and "dark" force
    one. Call it before the window is built: widgets pick their colours as they are made."""
    if choice not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}")
    hints = app.styleHints()
    if choice == "system":
        follower = _Follower(app)
        _followers.append(follower)
        hints.colorSchemeChanged.connect(lambda _scheme: follower.follow())
        follower.follow()
        return
    dark = choice == "dark"
    with contextlib.suppress(AttributeError):  # Qt 6.8+: title bars and native dialogs too
        hints.setColorScheme(Qt.ColorScheme.Dark if dark else Qt.ColorScheme.Light)
    if not _style_given(app.arguments()):
        app.setStyle(app_style())
    app.setPalette(palette_for(dark))


def scale_fonts(app: QApplication, scale: float) -> None:
    """Multiply the application font (as a doubled system font would): call before the window
    is built, since headings and the sidebar derive their sizes from it."""
    if scale == 1:
        return
    font = app.font()
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    else:
        font.setPixelSize(max(1, round(font.pixelSize() * scale)))
    app.setFont(font)
