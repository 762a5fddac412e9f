"""The full log's cells are set for less work and look exactly as before: plain text gives the
markup parser's own fragments without it, a paragraph breaks its lines once for each width,
text that fits on one line is a plain string drawn where the paragraph's line stood, and a
whole full log draws every piece of text where paragraphs in every cell put it."""

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from carecompanion.domain.records import Dose, Recorder
from carecompanion.domain.report import ReportOptions
from carecompanion.export import pdf, pdf_cells, pdf_record
from carecompanion.export.pdf_cells import Cells, CellText
from carecompanion.export.pdf_style import BOTTOM_MARGIN, MARGIN, WIDTH, para, styles
from carecompanion.services import checkins, medications
from tests.unit import test_pdf_long_notes as long_notes
from tests.unit.test_pdf_medications import medication
from tests.unit.test_pdf_page_one import NOW, OPTIONS, build, fill_busy, read, text_boxes

STYLE = styles()["cell"]
TEXTS = [
    "",
    " ",
    "01 Jun 2026 20:00",
    "Pain 3 · Nausea 1 · Tiredness (fatigue) 2",
    "  spaces   inside and\taround  ",
    "\u00a0",
    "a\u00a0b  c",
    "Ça va, 体温 38.2 °C",
    "x" * 400,
    "a & b",
    "<b>not bold</b>",
    'it\'s "quoted"',
    "two\nlines",
]


def fragments(paragraph):
    return [dict(f.__dict__) for f in paragraph.frags]


@pytest.mark.parametrize("text", TEXTS)
def test_a_cell_gives_the_fragments_the_parser_gives(text):
    assert fragments(Cells(STYLE)(text)) == fragments(para(text, STYLE))


@given(st.text(max_size=80))
def test_any_text_gives_the_fragments_the_parser_gives(text):
    made = Cells(STYLE)(text)
    assert fragments(made) == fragments(para(text, STYLE))
    for width in (40.0, 200.0):
        assert made.wrap(width, 1000) == para(text, STYLE).wrap(width, 1000)


def test_a_paragraph_breaks_its_lines_once_for_each_width(monkeypatch):
    broken = []
    original = Paragraph.breakLines
    monkeypatch.setattr(
        Paragraph,
        "breakLines",
        lambda self, widths: broken.append(widths) or original(self, widths),
    )
    cell = Cells(STYLE)("a long line of words " * 20)
    reference = para("a long line of words " * 20, STYLE)
    assert cell.wrap(120.0, 50) == cell.wrap(120.0, 900) == reference.wrap(120.0, 50)
    assert len(broken) == 2  # the cell's once, the reference's once
    assert cell.wrap(300.0, 50) == reference.wrap(300.0, 50)
    assert cell.wrap(120.0, 50) == reference.wrap(120.0, 50)
    assert len(broken) == 6


def test_a_split_cell_breaks_its_lines_again():
    cell = Cells(STYLE)("word " * 200)
    _, height = cell.wrap(100.0, 1000)
    first, rest = cell.split(100.0, height / 2)
    assert isinstance(first, CellText) and isinstance(rest, CellText)
    assert first.wrap(100.0, 1000)[1] + rest.wrap(100.0, 1000)[1] == height
    assert cell.wrap(100.0, 1000)[1] == height


def test_only_text_that_fits_on_one_line_as_it_stands_is_a_plain_string():
    cells = Cells(STYLE)
    assert cells.short("01 Jun 2026 20:00", 33 * mm) == "01 Jun 2026 20:00"
    assert isinstance(cells.short("01 Jun 2026 20:00", 20 * mm), CellText)
    assert isinstance(cells.short("word " * 40, 72 * mm), CellText)
    assert isinstance(cells.short("two  spaces", 72 * mm), CellText)  # a paragraph shows one
    assert isinstance(cells.short(" ", 72 * mm), CellText)


def fill(journal, ctx):
    """Thirteen symptoms a day (scores over two lines), long notes and short ones with markup
    characters, and doses of a medication with a name too long for one line."""
    fill_busy(journal, ctx)
    long_notes.fill(journal)
    with journal.write() as s:
        for hours in range(3):
            checkins.record(
                s,
                {"pain": 2},
                note=f'it\'s <{hours}> & "fine"\n\n  indented',
                recorded_at=NOW - timedelta(days=2, hours=hours),
                now=NOW,
            )
        name = "Oxycodone hydrochloride 5 mg immediate-release capsules, " * 3
        added = medications.add(s, medication(name.strip(), start=OPTIONS.start), ctx)
        for hours in range(0, 60, 6):
            at = NOW - timedelta(hours=hours)
            medications.add_dose(s, Dose(medications.new_id(), added.id, at, Recorder.PATIENT), ctx)


class Paragraphs:
    """Every cell a paragraph set by the markup parser: how the log was set before."""

    def __init__(self, style):
        self.style = style

    def __call__(self, text):
        return para(text, self.style)

    def short(self, text, width):
        return para(text, self.style)


def pages_of_boxes(journal):
    options = ReportOptions(OPTIONS.start, OPTIONS.end, include_log=True)
    reader, _ = read(pdf.render(build(journal, options)))
    return [
        sorted((t, tuple(round(v, 3) for v in box)) for t, box in text_boxes(p))
        for p in reader.pages
    ]


def test_the_full_log_draws_every_text_where_paragraphs_put_it(journal, ctx, monkeypatch):
    fill(journal, ctx)
    drawn = pages_of_boxes(journal)
    monkeypatch.setattr(pdf_record, "Cells", Paragraphs)
    assert len(drawn) > 10
    assert drawn == pages_of_boxes(journal)


def test_long_notes_and_names_wrap_inside_their_cells(journal, ctx):
    fill(journal, ctx)
    options = ReportOptions(OPTIONS.start, OPTIONS.end, include_log=True)
    reader, pages = read(pdf.render(build(journal, options)))
    # The table's right edge, less its padding: reportlab lets a line take up to a twentieth
    # of its spaces' width more (a fraction of a point), never the cell's edge.
    right = MARGIN + WIDTH - pdf_cells.CELL_PADDING + 1
    note_left = MARGIN + 123 * mm + pdf_cells.CELL_PADDING
    start = next(i for i, text in enumerate(pages) if "Every check-in in the period" in text)
    note_lines = 0
    for page in reader.pages[start:]:
        for text, (x0, y0, x1, _) in text_boxes(page):
            if y0 < BOTTOM_MARGIN:
                continue  # the footer, under the table
            assert x1 <= right, text  # nothing reaches past the table's last column
            if set(text) & set(long_notes.GREEK + long_notes.CYRILLIC):
                assert x0 >= note_left - 0.01, text
                note_lines += 1
    assert note_lines > 300  # the long notes are set over many lines
    doses = "".join(pages[start:])
    assert doses.count("Oxycodone hydrochloride") >= 10 * 3  # ten doses, the name on lines
