"""The bundled DejaVu fonts, registered once for every PDF style and chart label.

reportlab's built-in fonts draw black boxes for Greek or Cyrillic; DejaVu covers Latin, Greek
and Cyrillic, and is embedded in every PDF.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import as_file

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from carecompanion.resource_files import resource_folder

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"


@cache
def register() -> None:
    folder = resource_folder("fonts")
    for name in (REGULAR, BOLD):
        with as_file(folder / f"{name}.ttf") as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
