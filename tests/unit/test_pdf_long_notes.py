"""Long notes in the full-log PDF wrap, split across pages, and are all there."""

import io
import random
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from carecompanion.cli import main
from carecompanion.domain.report import ReportOptions
from carecompanion.export import pdf, pdf_record
from carecompanion.services import checkins, report

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
OPTIONS = ReportOptions(start=date(2026, 3, 1), end=date(2026, 3, 20), include_log=True)
# Each note in an alphabet of its own, which no other text of the PDF uses, so the lines of
# each can be picked out of the extracted text, whichever page they are on.
GREEK = "αβγδεζηθικλμνξοπρστυφχψω"
CYRILLIC = "абвгдежзийклмнопрстуфхцчшщыэюя"


def words(alphabet: str, length: int, *, seed: int, sep: str = " ") -> str:
    rng = random.Random(seed)
    text = ""
    while len(text) < length:
        text += "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) + sep
    return text[: length - 1] + alphabet[0]


NOTES = {  # newest first, as the log lists them
    "3,000 characters of words": words(GREEK, 3000, seed=1),
    "10,000 characters of words": words(CYRILLIC, 10_000, seed=2),
    "one word of 10,000 characters": "".join(random.Random(3).choices(GREEK.upper(), k=10_000)),
    "thousands of short lines": words(CYRILLIC.upper(), 10_000, seed=4, sep="\n"),
}


def fill(journal):
    with journal.write() as s:
        for hours, note in enumerate(NOTES.values(), start=1):
            checkins.record(
                s, {"pain": 5}, note=note, recorded_at=NOW - timedelta(hours=hours), now=NOW
            )
        checkins.record(s, {"pain": 2}, note="short", recorded_at=NOW - timedelta(days=1), now=NOW)


def pages_of(data: bytes) -> list[list[str]]:
    return [page.extract_text().splitlines() for page in PdfReader(io.BytesIO(data)).pages]


def where(note: str, pages: list[list[str]]) -> tuple[str, set[int]]:
    """The note's characters as the PDF shows them, in order, and the pages they are on."""
    alphabet = set(note) - set(" \n")
    shown, found_on = [], set()
    for number, lines in enumerate(pages, start=1):
        for line in lines:
            letters = "".join(line.split())
            if letters and set(letters) <= alphabet:
                shown.append(letters)
                found_on.add(number)
    return "".join(shown), found_on


def test_long_notes_wrap_and_split_across_pages_with_every_character_shown(journal):
    fill(journal)
    with journal.read() as session:
        built = report.build(session, OPTIONS, NOW, UTC)
    pages = pages_of(pdf.render(built))
    spans = {}
    for name, note in NOTES.items():
        shown, found_on = where(note, pages)
        assert shown == "".join(note.split()), name
        assert found_on == set(range(min(found_on), max(found_on) + 1)), name
        spans[name] = len(found_on)
    for name in NOTES:
        if name != "3,000 characters of words":
            assert spans[name] >= 3, (name, spans)  # the one row went on over pages
    # The log's header row is on every page of it, once, at the top of each page it goes on to.
    start = next(i for i, lines in enumerate(pages) if "Every check-in in the period" in lines)
    head = ["When", "By", "Scores, temperature, weight, activity", "Note"]
    assert all(lines[:4] == head for lines in pages[start + 1 :])
    assert all(lines.count("When") == 1 for lines in pages[start:])
    assert "short" in pages[-1]


def test_export_pdf_full_log_with_long_notes_succeeds_on_the_command_line(journal, data, tmp_path):
    fill(journal)
    journal.close()
    target = tmp_path / "log.pdf"
    argv = ["--data-dir", str(data.root), "export", "pdf", "--full-log", "-o", str(target)]
    # The period runs a day past the notes, as their day depends on the computer's zone here.
    assert main([*argv, "--from", "2026-03-01", "--to", "2026-03-21"]) == 0
    pages = pages_of(target.read_bytes())
    for note in NOTES.values():
        assert where(note, pages)[0] == "".join(note.split())


@given(st.text())
def test_a_note_in_parts_keeps_every_character_that_shows(note):
    parts = pdf_record.note_parts(note)
    assert parts
    lines = [line for part in parts for line in part]
    assert "".join("".join(lines).split()) == "".join(note.split())
    for part in parts:
        assert part and len(part) <= pdf_record.PART_LINES
        assert len(part) == 1 or sum(map(len, part)) <= pdf_record.PART_CHARS
    if note.strip():
        assert lines[0].strip() and lines[-1].strip()
    else:
        assert parts == [[""]]


def test_a_run_of_blank_lines_shows_as_one():
    assert pdf_record.note_parts("\n\nfirst\n\n\n\nsecond\n\n") == [
        ["first", pdf_record.BLANK_LINE, "second"]
    ]
    assert pdf_record.note_parts("\n" * 10_000) == [[""]]
