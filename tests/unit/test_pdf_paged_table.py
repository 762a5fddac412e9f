"""A table handed to reportlab a page at a time lays out the same pages as the whole table."""

import io
import random

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from carecompanion.export.pdf_paged_table import PagedTable, Shape

STYLE = ParagraphStyle("cell", fontSize=8, leading=10)
WIDTHS = [120.0, 330.0]


def style(flags):
    return [("GRID", (0, 0), (-1, -1), 0.3, "grey"), ("VALIGN", (0, 0), (-1, -1), "TOP")]


def rows(count):
    rng = random.Random(7)
    found = []
    for n in range(count):
        # Mostly one line, some several, a few longer than a page (split inside the row).
        words = rng.choice([3, 3, 3, 40, 200]) if n % 50 else 2500
        text = " ".join(f"w{n}x{k}" for k in range(words))
        found.append([Paragraph(f"row {n}", STYLE), Paragraph(text, STYLE)])
    return found


def pages(flowable):
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build([flowable])
    return [page.extract_text() for page in PdfReader(io.BytesIO(buffer.getvalue())).pages]


def test_the_pages_are_those_of_the_whole_table():
    header = [Paragraph("When", STYLE), Paragraph("Note", STYLE)]
    whole = Table([header, *rows(400)], colWidths=WIDTHS, repeatRows=1, splitByRow=0, splitInRow=30)
    whole.setStyle(TableStyle(style(None)))
    body = rows(400)
    paged = PagedTable(Shape(header, WIDTHS, 30, style), body, [None] * len(body))
    expected = pages(whole)
    assert len(expected) > 10
    assert pages(paged) == expected
