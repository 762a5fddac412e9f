"""The colours that tell one symptom's line from another, on screen and in the PDF.

Plain hex strings and no Qt, so the PDF export (reportlab) and the app's widgets (PySide6) both
import them. First the eight Okabe-Ito colours, chosen to stay apart for the common kinds of
colour blindness; then darker tones (Paul Tol's muted scheme) for a ninth series and on. Colour
is never the only cue: the PDF gives each series a marker shape and a dash pattern, the app
dashes every series after the first round of colours, and both name each line in words.
"""

from __future__ import annotations

BLUE = "#0072B2"
VERMILION = "#D55E00"
BLUISH_GREEN = "#009E73"
REDDISH_PURPLE = "#CC79A7"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLACK = "#000000"
OLIVE = "#999933"
WINE = "#882255"
TEAL = "#44AA99"
INDIGO = "#332288"
PURPLE = "#AA4499"
GREEN = "#117733"
BROWN = "#661100"

OKABE_ITO = (BLUE, VERMILION, BLUISH_GREEN, REDDISH_PURPLE, ORANGE, SKY_BLUE, BLACK, OLIVE)

# The PDF's series, in order: the colours repeat after 14 (its marker shapes tell them apart).
PRINT_SERIES = (*OKABE_ITO, WINE, TEAL, INDIGO, PURPLE, GREEN, BROWN)

# The app's series, in the order it has always drawn them: twelve, then the same colours
# dashed. The ninth to twelfth differ from the PDF's; kept so no line on screen changes colour.
SCREEN_SERIES = (*OKABE_ITO, WINE, TEAL, GREEN, PURPLE)
