"""Band colours, always shown with the band's name in words beside them."""

from __future__ import annotations

from PySide6.QtGui import QColor

from carecompanion.domain.symptoms import Band

# Chosen to stay apart in greyscale and for common colour-vision differences.
BAND_COLOURS = {
    Band.NONE: QColor("#8a9aa9"),
    Band.MILD: QColor("#4a9a5b"),
    Band.MODERATE: QColor("#d18f00"),
    Band.SEVERE: QColor("#c2410c"),
}

# Okabe-Ito palette: distinguishable with colour-blindness, one colour per symptom line.
SERIES_COLOURS = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#999933",
    "#882255",
    "#44AA99",
    "#117733",
    "#AA4499",
)


def series_colour(index: int) -> QColor:
    return QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)])
