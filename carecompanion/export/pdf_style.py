"""Shared pieces of the care-team PDF: page geometry, colours, paragraph styles, formatting."""

from __future__ import annotations

from datetime import datetime, tzinfo
from html import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from carecompanion.export import fonts

TITLE = "Symptom summary for the care team"
MARGIN = 14 * mm
BOTTOM_MARGIN = 16 * mm  # room for the footer
WIDTH = A4[0] - 2 * MARGIN
BOX = colors.HexColor("#5b5b5b")
FLAG_FILL = colors.HexColor("#fff3e6")
ATTENTION_EDGE = colors.HexColor("#b45309")
CALL_NOW_FILL = colors.HexColor("#f6c9b8")
HEADER_FILL = colors.HexColor("#e9eef3")


def styles() -> dict[str, ParagraphStyle]:
    fonts.register()
    base = ParagraphStyle(
        "base", fontName=fonts.REGULAR, fontSize=8.6, leading=11, alignment=TA_LEFT
    )
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.4, leading=9.2),
        "title": ParagraphStyle("title", parent=base, fontName=fonts.BOLD, fontSize=14, leading=17),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=fonts.BOLD,
            fontSize=10,
            leading=13,
            spaceBefore=5,
            spaceAfter=2,
        ),
        "h3": ParagraphStyle(
            "h3", parent=base, fontName=fonts.BOLD, fontSize=9, leading=11.5, spaceAfter=1
        ),
        "bold": ParagraphStyle("bold", parent=base, fontName=fonts.BOLD),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "cellbold": ParagraphStyle(
            "cellbold", parent=base, fontName=fonts.BOLD, fontSize=8, leading=10
        ),
    }


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def one_line(text: str) -> str:
    """A field meant as one line, shown as one even when stored with line breaks."""
    return " ".join(text.split())


def day(moment: datetime | None, zone: tzinfo) -> str:
    return moment.astimezone(zone).strftime("%d %b %Y") if moment else "–"


def score(value: float | None) -> str:
    return "–" if value is None else f"{value:g}"
