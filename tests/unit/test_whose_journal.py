"""Whose journal: another person's file is refused unless asked for; an empty journal joins."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from carecompanion import paths
from carecompanion.actions import files
from carecompanion.cli import main
from carecompanion.db.journal import open_journal
from carecompanion.domain.context import Context, fixed_clock
from carecompanion.domain.identity import OtherJournal
from carecompanion.services import checkins, exports, identity, profile, transfer

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
CTX = Context(zone=LONDON, clock=fixed_clock(NOW))


def journal_of(tmp_path, folder, name="", born=None, days=()):
    """A journal of `name` with a check-in on each of `days` (of March 2026)."""
    data = paths.resolve(tmp_path / folder)
    with open_journal(data, now=NOW) as journal, journal.write() as s:
        if name or born:
            profile.save(s, replace(profile.get(s), name=name, date_of_birth=born), CTX)
        for day in days:
            when = datetime(2026, 3, day, 9, tzinfo=UTC)
            checkins.record(s, {"pain": 3}, recorded_at=when, now=NOW)
    return data


def exported(data, target):
    with open_journal(data, now=NOW) as journal:
        return exports.export_file(journal, "json", target, None, NOW, LONDON)


def records(data):
    with open_journal(data, now=NOW) as journal, journal.read() as s:
        doc = transfer.dump(s, NOW)
    return doc


def test_the_command_line_refuses_another_persons_file_naming_both(tmp_path, capsys):
    alex = journal_of(tmp_path, "alex", "Alex Smith", date(1960, 5, 4), days=(1, 2))
    sam = journal_of(tmp_path, "sam", "Sam Jones", date(1958, 2, 1), days=(10, 12, 14))
    file = exported(sam, tmp_path / "sam.json")
    before = records(alex)
    for extra in ([], ["--dry-run"]):
        capsys.readouterr()
        assert main(["--data-dir", str(alex.root), "import", str(file), *extra]) == 2
        said = capsys.readouterr().err
        assert "Sam Jones (born 1958-02-01; check-ins from 2026-03-10 to 2026-03-14)" in said
        assert "Alex Smith (born 1960-05-04; check-ins from 2026-03-01 to 2026-03-02)" in said
        assert "--merge-other-journal" in said and "Nothing was imported" in said
    assert records(alex) == before


def test_two_journals_naming_nobody_on_the_same_days_are_told_apart_by_their_ids(tmp_path, capsys):
    first = journal_of(tmp_path, "first", days=(3,))
    second = journal_of(tmp_path, "second", days=(3,))
    file = exported(second, tmp_path / "second.json")
    assert main(["--data-dir", str(first.root), "import", str(file)]) == 2
    said = capsys.readouterr().err
    ids = []
    for data in (second, first):
        with open_journal(data, now=NOW) as journal, journal.read() as s:
            ids.append(identity.journal_id(s).hex[:8])
    shown = "a person with no name given (check-ins from 2026-03-03 to 2026-03-03; journal {})"
    assert f"another person's journal: {shown.format(ids[0])}." in said
    assert f"This journal is {shown.format(ids[1])}." in said


def test_asked_for_the_records_are_merged_and_the_journal_stays_its_own(tmp_path, capsys):
    alex = journal_of(tmp_path, "alex", "Alex Smith", date(1960, 5, 4), days=(1,))
    sam = journal_of(tmp_path, "sam", "Sam Jones", date(1958, 2, 1), days=(10, 12))
    file = exported(sam, tmp_path / "sam.json")
    before = records(alex)
    argv = ["--data-dir", str(alex.root), "import", str(file), "--merge-other-journal"]
    assert main(argv) == 0
    assert "check-ins: 2 added" in capsys.readouterr().out
    after = records(alex)
    assert after.journal.id == before.journal.id  # still Alex's journal
    assert after.profile.name == "Alex Smith" and after.profile.date_of_birth == date(1960, 5, 4)
    assert len(after.checkins) == 3


def test_an_empty_journal_adopts_the_files_id_and_then_trades_both_ways(tmp_path):
    first = journal_of(tmp_path, "laptop-1", "Alex Smith", date(1960, 5, 4), days=(1, 2))
    second = journal_of(tmp_path, "laptop-2")
    file = exported(first, tmp_path / "1.json")
    assert main(["--data-dir", str(second.root), "import", str(file)]) == 0
    assert records(second).journal.id == records(first).journal.id
    with open_journal(second, now=NOW) as journal, journal.write() as s:
        checkins.record(s, {"nausea": 2}, now=NOW)
    back = exported(second, tmp_path / "2.json")
    assert main(["--data-dir", str(first.root), "import", str(back)]) == 0
    assert len(records(first).checkins) == 3


def test_an_empty_journal_with_another_person_named_does_not_adopt(tmp_path):
    named = journal_of(tmp_path, "named", "Robin Lee")
    other = journal_of(tmp_path, "other", "Alex Smith", days=(1,))
    with open_journal(named, now=NOW) as journal, pytest.raises(OtherJournal):
        files.import_file(journal, CTX, exported(other, tmp_path / "o.json"))


def older_file(data, target, version=3):
    raw = json.loads(exported(data, target).read_text())
    raw["version"] = version
    del raw["journal"]
    target.write_text(json.dumps(raw))
    return target


def test_a_file_from_before_journal_ids_imports_as_before(tmp_path):
    alex = journal_of(tmp_path, "alex", "Alex Smith", date(1960, 5, 4), days=(1,))
    laptop = journal_of(tmp_path, "laptop", "Alex S.", date(1960, 5, 4), days=(3,))
    file = older_file(laptop, tmp_path / "old.json")
    with open_journal(alex, now=NOW) as journal:
        report = files.import_file(journal, CTX, file).value
    assert "check-ins: 1 added, 0 updated, 0 unchanged" in report.lines()


def test_a_file_from_before_journal_ids_of_another_birth_date_is_refused(tmp_path):
    alex = journal_of(tmp_path, "alex", "Alex Smith", date(1960, 5, 4), days=(1,))
    sam = journal_of(tmp_path, "sam", "Sam Jones", date(1958, 2, 1), days=(3,))
    file = older_file(sam, tmp_path / "old.json")
    with open_journal(alex, now=NOW) as journal, pytest.raises(OtherJournal) as refused:
        files.import_file(journal, CTX, file)
    assert "Sam Jones (born 1958-02-01" in str(refused.value)


def test_every_journal_has_its_own_id_and_a_file_says_whose_it_is(tmp_path):
    one = journal_of(tmp_path, "one", "Alex Smith", date(1960, 5, 4))
    two = journal_of(tmp_path, "two")
    raw = json.loads(exported(one, tmp_path / "one.json").read_text())
    assert raw["version"] == 4
    assert raw["journal"] == {
        "id": str(records(one).journal.id),
        "person": {"name": "Alex Smith", "date_of_birth": "1960-05-04"},
    }
    assert records(one).journal.id != records(two).journal.id
    with open_journal(one, now=NOW) as journal, journal.read() as s:
        assert identity.journal_id(s) == records(one).journal.id


def test_a_version_3_file_carrying_a_journal_field_is_refused_naming_it(tmp_path):
    one = journal_of(tmp_path, "one", "Alex Smith")
    raw = json.loads(exported(one, tmp_path / "one.json").read_text())
    raw["version"] = 3
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(raw))
    with open_journal(one, now=NOW) as journal, pytest.raises(ValueError) as refused:
        files.import_file(journal, CTX, bad)
    assert str(refused.value).startswith("file.journal: 'present' is not allowed;")


def test_a_journal_from_before_ids_gets_one_when_it_is_updated(tmp_path):
    from carecompanion.db.migrate import upgrade

    data = paths.resolve(tmp_path / "old").ensure()
    upgrade(data.journal, "0004")
    with open_journal(data, now=NOW) as journal, journal.read() as s:
        made = identity.journal_id(s)
    with open_journal(data, now=NOW) as journal, journal.read() as s:
        assert identity.journal_id(s) == made  # made once, then kept
