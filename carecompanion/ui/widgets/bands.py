"""Band colours, always shown with the band's name in words beside them."""

from __future__ import annotations

from PySide6.QtGui import QColor

from carecompanion.domain.symptoms import Band
from carecompanion.palette import SCREEN_SERIES

# Chosen to stay apart in greyscale and for common colour-vision differences.
BAND_COLOURS = {
    Band.NONE: QColor("#8a9aa9"),
    Band.MILD: QColor("#4a9a5b"),
    Band.MODERATE: QColor("#d18f00"),
    Band.SEVERE: QColor("#c2410c"),
}

# One colour per symptom line (carecompanion.palette: Okabe-Ito, then darker tones).
SERIES_COLOURS = SCREEN_SERIES


def series_colour(index: int) -> QColor:
    return QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)])
