"""Shared pieces of the care-team PDF: page geometry, colours, paragraph styles, formatting."""

from __future__ import annotations

from datetime import date, datetime, tzinfo
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
MIN_TEXT = 7.5  # points: no text on page one is set smaller, whatever it holds
# Text in the cells of the later pages' tables: size and line height, in points.
CELL_SIZE = 8.0
CELL_LEADING = 10.0
NBSP = "\u00a0"
# Zone names that all mean Coordinated Universal Time, shown simply as "UTC".
UTC_NAMES = frozenset(
    {"UTC", "Etc/UTC", "Zulu", "Etc/Zulu", "UCT", "Etc/UCT", "Universal", "Etc/Universal"}
)


def styles(compact: bool = False) -> dict[str, ParagraphStyle]:
    """The paragraph styles; `compact` sets page one's tables in 7.5-point text on tighter
    lines, so a crowded page one still fits without shrinking anything below 7.5 points."""
    fonts.register()
    base = ParagraphStyle(
        "base",
        fontName=fonts.REGULAR,
        fontSize=8.2 if compact else 8.6,
        leading=10 if compact else 11,
        alignment=TA_LEFT,
    )
    cell_size, cell_leading = (MIN_TEXT, 9.0) if compact else (CELL_SIZE, CELL_LEADING)
    return {
        "base": base,
        "small": ParagraphStyle(
            "small", parent=base, fontSize=MIN_TEXT, leading=8.8 if compact else 9.2
        ),
        "title": ParagraphStyle("title", parent=base, fontName=fonts.BOLD, fontSize=14, leading=17),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=fonts.BOLD,
            fontSize=10,
            leading=12 if compact else 13,
            spaceBefore=3 if compact else 5,
            spaceAfter=1 if compact else 2,
        ),
        "h3": ParagraphStyle(
            "h3", parent=base, fontName=fonts.BOLD, fontSize=9, leading=11.5, spaceAfter=1
        ),
        "bold": ParagraphStyle("bold", parent=base, fontName=fonts.BOLD),
        "cell": ParagraphStyle("cell", parent=base, fontSize=cell_size, leading=cell_leading),
        "cellbold": ParagraphStyle(
            "cellbold", parent=base, fontName=fonts.BOLD, fontSize=cell_size, leading=cell_leading
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


def zone_name(name: str) -> str:
    """ "UTC" for any of the zone names meaning UTC ("Etc/UTC", "Zulu"), else the IANA name."""
    return "UTC" if name in UTC_NAMES else name


def keep(text: str) -> str:
    """Text that never breaks across lines (its spaces made no-break spaces)."""
    return text.replace(" ", NBSP)


def year_needed(start: date, end: date) -> bool:
    """Whether a day in the period needs its year: only when the period is a year or longer,
    so the same day and month can occur in it twice."""
    try:
        a_year_on = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        a_year_on = date(start.year + 1, 3, 1)
    return end >= a_year_on


def short_day(moment: datetime | date | None, zone: tzinfo, start: date, end: date) -> str:
    """ "4 Dec" for a day in the period (the header gives its years), "4 Dec 2025" for a day
    outside it or in a period of a year or more; never broken across lines."""
    if moment is None:
        return "–"
    on = moment.astimezone(zone).date() if isinstance(moment, datetime) else moment
    text = f"{on.day} {on:%b}"
    if year_needed(start, end) or not start <= on <= end:
        text += f" {on.year}"
    return keep(text)
