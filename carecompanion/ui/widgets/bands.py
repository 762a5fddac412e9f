"""Band colours, always shown with the band's name in words beside them (values: ui.theme)."""

from __future__ import annotations

from PySide6.QtGui import QColor

from carecompanion.domain.symptoms import Band
from carecompanion.palette import SCREEN_SERIES
from carecompanion.ui.theme import BAND_TINT

# The tint of each band (light scheme), under text in the check-in table and behind the chart;
# chosen to stay apart in greyscale and for common colour-vision differences.
BAND_COLOURS = {band: QColor(schemes[False]) for band, schemes in BAND_TINT.items()}

# One colour per symptom line (carecompanion.palette: Okabe-Ito, then darker tones).
SERIES_COLOURS = SCREEN_SERIES


def band_tint(band: Band, dark: bool) -> QColor:
    return QColor(BAND_TINT[band][dark])


def series_colour(index: int) -> QColor:
    return QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)])
