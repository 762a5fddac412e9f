"""Text for the cells of the PDF's long tables (the log, the doses), set exactly as
`pdf_style.para` sets it, for less work.

A full log holds thousands of cells. Reportlab reads each paragraph's text with its markup
parser, and wraps each cell twice (to measure its row, then to draw it). Plain text needs no
parser: its one fragment is the style's own with the text put in (`Cells`), which is what the
parser makes of it. `CellText` keeps the lines it broke for a width and gives them again when
asked for the same width; the lines depend on nothing else. Text that fits its cell on one line
is given as a plain string (`Cells.short`), which reportlab draws without breaking it into
lines, where a paragraph's one line would stand: its first baseline one font size below the
cell's padding.
"""

from __future__ import annotations

from html import escape
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText

# Text the markup parser reads as more than plain text (entities, tags, line breaks): such text
# still goes through it.
MARKUP = frozenset("&<>\"'\n")
# Reportlab's room either side of a cell's text (its default padding, which the tables keep).
CELL_PADDING = 6.0


class CellText(Paragraph):  # type: ignore[misc]  # reportlab ships no type hints
    """A paragraph that breaks its lines once for each width it is wrapped to."""

    _wrapped_to: float | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if avail_width == self._wrapped_to and "blPara" in self.__dict__:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(avail_width, avail_height)
        self._wrapped_to = avail_width
        return size

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        self._wrapped_to = None  # splitting may set or drop the lines it broke
        return super().split(avail_width, avail_height)  # type: ignore[no-any-return]


class Cells:
    """Makes the cell paragraphs of one style."""

    def __init__(self, style: ParagraphStyle) -> None:
        self.style = style
        # The fragment the parser makes of a plain word in this style: font, size, colour.
        self._fragment = Paragraph("x", style).frags[0]

    def short(self, text: str, width: float) -> str | CellText:
        """Text for a cell `width` wide: a plain string when it fits there on one line as it
        stands (the table's font must be the style's), else a paragraph, which wraps."""
        fits = stringWidth(text, self.style.fontName, self.style.fontSize)
        if fits <= width - 2 * CELL_PADDING and cleanBlockQuotedText(text) == text:
            return text
        return self(text)

    def __call__(self, text: str) -> CellText:
        """The text as `para(text, style)` sets it."""
        if MARKUP.isdisjoint(text):
            plain = cleanBlockQuotedText(text)
            frags = [self._fragment.clone(text=plain)] if plain else []
            return CellText(plain, self.style, frags=frags)
        return CellText(escape(text).replace("\n", "<br/>"), self.style)
