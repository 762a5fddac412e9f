"""One size limit per field, the domain's, whether a note is typed, or comes in JSON or CSV."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from carecompanion import paths
from carecompanion.actions import files
from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.db.journal import open_journal
from carecompanion.domain import rules
from carecompanion.domain.errors import InvalidFile, InvalidInput
from carecompanion.export import csv_file, json_file, json_values
from carecompanion.services import checkins, exports, transfer

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
WHEN = NOW - timedelta(hours=1)
LIMIT = rules.MAX_NOTE_LENGTH
# At the limit: one plain, one that CSV export neutralises (its quote must not count).
AT_LIMIT = ["y" * LIMIT, "=" + "x" * (LIMIT - 1)]


@pytest.fixture
def journals(tmp_path):
    opened = []

    def make(name):
        journal = open_journal(paths.resolve(tmp_path / name), now=NOW)
        opened.append(journal)
        return journal

    yield make
    for journal in opened:
        journal.close()


def notes(journal):
    with journal.read() as s:
        return sorted(c.note for c in transfer.checkin_records(s))


@pytest.mark.parametrize("kind", ["json", "csv"])
def test_a_note_of_exactly_the_limit_goes_from_journal_to_journal(kind, journals, tmp_path, ctx):
    source = journals("source")
    with source.write() as s:
        for minutes, note in enumerate(AT_LIMIT):
            checkins.record(
                s, {"pain": 4}, note=note, recorded_at=WHEN - timedelta(minutes=minutes), now=NOW
            )
    file = exports.export_file(source, kind, tmp_path / f"out.{kind}", None, NOW, ctx.zone)
    target = journals("target")
    files.import_file(target, ctx, file)
    assert notes(target) == notes(source) == sorted(AT_LIMIT)


def typed_refusal(journal, ctx, note):
    with pytest.raises(InvalidInput) as refused:
        check_in(journal, ctx, CheckInEntry({"pain": 4}, note=note, recorded_at=WHEN))
    return str(refused.value)


def json_file_with_note(tmp_path, note):
    doc = {
        "format": "carecompanion-journal",
        "version": 1,
        "exported_at": NOW.isoformat(),
        "checkins": [
            {
                "id": "3f0c5a52-8d0e-4d8e-9d55-0c4b8b6f7a01",
                "recorded_at": WHEN.isoformat(),
                "recorded_by": "patient",
                "scores": {"pain": 4},
                "note": note,
                "created_at": WHEN.isoformat(),
                "updated_at": WHEN.isoformat(),
                "deleted_at": None,
            }
        ],
    }
    file = tmp_path / "long.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    return file


def csv_file_with_note(tmp_path, note):
    file = tmp_path / "long.csv"
    file.write_bytes(
        b"recorded_at,recorded_by,pain,note\r\n"
        + f"{WHEN.isoformat()},patient,4,{note}\r\n".encode()
    )
    return file


def import_refusal(journal, ctx, file):
    with pytest.raises(InvalidInput) as refused:
        files.import_file(journal, ctx, file)
    return str(refused.value)


# 10,001 is one over; 200,000 is over both caps the readers used to have (JSON's 100,000 and
# the csv module's 131,072): neither may decide a note's limit before the domain does.
@pytest.mark.parametrize("length", [LIMIT + 1, 200_000])
def test_a_note_over_the_limit_is_refused_with_the_same_message_typed_or_imported(
    length, journals, tmp_path, ctx
):
    journal = journals("j")
    note = "z" * length
    typed = typed_refusal(journal, ctx, note)
    assert typed == f"note: '{length} characters' is not allowed; it holds up to {LIMIT}."
    from_json = import_refusal(journal, ctx, json_file_with_note(tmp_path, note))
    from_csv = import_refusal(journal, ctx, csv_file_with_note(tmp_path, note))
    assert from_json.startswith("checkins[0] (") and from_json.endswith("): " + typed)
    assert from_csv.startswith("line 2 (") and from_csv.endswith("): " + typed)
    assert notes(journal) == []


def test_the_readers_guard_is_far_above_every_fields_limit():
    limits = [
        v for k, v in vars(rules).items() if k.startswith("MAX_") and k.endswith(("LENGTH", "TEXT"))
    ]
    assert limits and 100 * max(limits) <= json_values.LONGEST_VALUE


def test_a_value_past_the_guard_is_refused_as_not_a_journal_file_without_quoting_it(tmp_path):
    huge = "q" * (json_values.LONGEST_VALUE + 1)
    data = json_file_with_note(tmp_path, huge).read_bytes()
    with pytest.raises(InvalidFile) as from_json:
        json_file.loads(data)
    assert str(from_json.value).startswith("checkins[0].note: it holds a value of 1,000,001 ")
    data = csv_file_with_note(tmp_path, huge).read_bytes()
    with pytest.raises(InvalidFile) as from_csv:
        csv_file.loads(data, NOW)
    assert str(from_csv.value).startswith("line 2: it holds a value of ")
    for refused in (from_json.value, from_csv.value):
        assert "qqq" not in str(refused) and len(str(refused)) < 300
