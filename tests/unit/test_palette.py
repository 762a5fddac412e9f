"""One series palette for the PDF and the app: Qt-free, and drawing what each always drew."""

import subprocess
import sys

from carecompanion import palette
from carecompanion.export import pdf_chart

# What each drew before the palette was shared: a change here recolours lines people know.
PRINT_BEFORE = (
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999933",
    "#882255", "#44AA99", "#332288", "#AA4499", "#117733", "#661100",
)  # fmt: skip
SCREEN_BEFORE = (*PRINT_BEFORE[:10], "#117733", "#AA4499")


def test_the_pdf_and_the_app_draw_the_colours_they_always_drew():
    assert pdf_chart.COLOURS is palette.PRINT_SERIES
    assert palette.PRINT_SERIES == PRINT_BEFORE
    assert palette.SCREEN_SERIES == SCREEN_BEFORE
    assert palette.PRINT_SERIES[:8] == palette.SCREEN_SERIES[:8] == palette.OKABE_ITO
    for series in (palette.PRINT_SERIES, palette.SCREEN_SERIES):
        assert len(set(series)) == len(series)


def test_the_palette_needs_no_qt():
    code = "import sys, carecompanion.palette; print(any('PySide6' in m for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
