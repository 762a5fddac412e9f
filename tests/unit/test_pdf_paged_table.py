"""A table handed to reportlab a page at a time lays out the same pages as the whole table."""

import io
import random

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from carecompanion.export import pdf_paged_table
from carecompanion.export.pdf_paged_table import PagedTable, Shape

STYLE = ParagraphStyle("cell", fontSize=8, leading=10)
WIDTHS = [120.0, 330.0]


def style(flags):
    return [("GRID", (0, 0), (-1, -1), 0.3, "grey"), ("VALIGN", (0, 0), (-1, -1), "TOP")]


def rows(count, seed=7):
    rng = random.Random(seed)
    found = []
    for n in range(count):
        # Mostly one line, some several, a few longer than a page (split inside the row).
        words = rng.choice([3, 3, 3, 40, 200]) if n % 50 else 2500
        text = " ".join(f"w{n}x{k}" for k in range(words))
        first = f"row {n}" if n % 3 else Paragraph(f"row {n}", STYLE)  # text or a paragraph
        found.append([first, Paragraph(text, STYLE)])
    return found


def pages(*flowables):
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(list(flowables))
    return [page.extract_text() for page in PdfReader(io.BytesIO(buffer.getvalue())).pages]


def header():
    return [Paragraph("When", STYLE), Paragraph("Note", STYLE)]


def whole_table(count, seed=7):
    whole = Table(
        [header(), *rows(count, seed)],
        colWidths=WIDTHS,
        repeatRows=1,
        splitByRow=0,
        splitInRow=30,
    )
    whole.setStyle(TableStyle(style(None)))
    return whole


def paged_table(count, seed=7):
    body = rows(count, seed)
    return PagedTable(Shape(header(), WIDTHS, 30, style), body, [None] * len(body))


def test_the_pages_are_those_of_the_whole_table():
    expected = pages(whole_table(400))
    assert len(expected) > 10
    assert pages(paged_table(400)) == expected


@pytest.mark.parametrize("seed", range(3))
def test_rows_split_across_pages_where_the_whole_table_splits_them(seed):
    """Tables starting part-way down the page, so each page ends inside a different row."""
    above = Spacer(1, 97.0 * seed)
    expected = pages(above, whole_table(100, seed))
    assert pages(above, paged_table(100, seed)) == expected


def test_each_row_is_measured_once(monkeypatch):
    measured = []
    original = Paragraph.wrap

    def wrap(self, width, height):
        measured.append(id(self))
        return original(self, width, height)

    monkeypatch.setattr(Paragraph, "wrap", wrap)
    table = paged_table(300)
    count = {"split": 0}
    split = PagedTable.split

    def counted(self, width, height):
        count["split"] += 1
        return split(self, width, height)

    monkeypatch.setattr(PagedTable, "split", counted)
    pages(table)
    paragraphs = sum(isinstance(cell, Paragraph) for row in rows(300) for cell in row) + 2
    # Once to measure and once to draw, a few more for the rows split at a page's foot.
    assert len(measured) < 2 * paragraphs + 12 * count["split"]
    assert count["split"] > 5


def test_a_page_of_measured_rows_is_handed_over_alone():
    table = paged_table(300)
    table.heights = [20.0] * 301
    # The header and four rows fit in 100 points, the fifth reaches past the foot, and the
    # sixth takes the table more than 30 points (`split_in_row`) past it.
    assert table._count(100.0) == 6 + pdf_paged_table.SPARE_ROWS
