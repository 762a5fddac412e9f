"""A journal written while its computer's clock ran ahead holds times after today. Every door
that brings this journal's own records back gives them the same allowance: a backup restores,
a change file applies, and its own exported file imports, with times up to 400 days ahead;
a file that does not say it is this journal's, and any time further ahead, is refused."""

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from carecompanion import paths
from carecompanion.actions import files
from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.db.journal import open_journal
from carecompanion.domain.context import CLOCK_AHEAD_ALLOWANCE, Context, fixed_clock
from carecompanion.domain.errors import InvalidInput
from carecompanion.services import checkins, exports

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
AHEAD = NOW + timedelta(days=90)


def at(moment):
    return Context(zone=LONDON, clock=fixed_clock(moment))


def journal_with_a_check_in_from_a_clock_ahead(tmp_path, name="a"):
    """A check-in saved today and one saved while the clock read three months ahead."""
    journal = open_journal(paths.resolve(tmp_path / name), now=NOW)
    check_in(journal, at(NOW - timedelta(hours=1)), CheckInEntry({"pain": 2}))
    check_in(journal, at(AHEAD), CheckInEntry({"pain": 3}))
    return journal


def exported(journal, target):
    return exports.export_file(journal, "json", target, None, NOW, LONDON)


def times(journal):
    with journal.read() as session:
        return [c.recorded_at for c in checkins.between(session)]


def test_the_journals_own_file_imports_back_with_its_times_ahead(tmp_path):
    journal = journal_with_a_check_in_from_a_clock_ahead(tmp_path)
    file = exported(journal, tmp_path / "a.json")
    report = files.import_file(journal, at(NOW), file).value
    assert not report.changed()
    assert times(journal)[-1] == AHEAD
    journal.close()


def test_an_empty_journal_takes_the_file_as_its_own_with_its_times_ahead(tmp_path):
    source = journal_with_a_check_in_from_a_clock_ahead(tmp_path)
    file = exported(source, tmp_path / "a.json")
    empty = open_journal(paths.resolve(tmp_path / "new computer"), now=NOW)
    files.import_file(empty, at(NOW), file)
    assert times(empty) == times(source)
    empty.close()
    source.close()


def test_a_file_that_does_not_say_whose_it_is_gets_no_allowance(tmp_path):
    source = journal_with_a_check_in_from_a_clock_ahead(tmp_path)
    raw = json.loads(exported(source, tmp_path / "a.json").read_text())
    del raw["journal"]
    raw["version"] = 3
    file = tmp_path / "older.json"
    file.write_text(json.dumps(raw))
    empty = open_journal(paths.resolve(tmp_path / "b"), now=NOW)
    with pytest.raises(InvalidInput, match="the time cannot be in the future"):
        files.import_file(empty, at(NOW), file)
    assert times(empty) == []
    empty.close()
    source.close()


def test_the_journals_own_file_with_a_time_beyond_the_allowance_is_refused(tmp_path):
    journal = journal_with_a_check_in_from_a_clock_ahead(tmp_path)
    raw = json.loads(exported(journal, tmp_path / "a.json").read_text())
    beyond = NOW + CLOCK_AHEAD_ALLOWANCE + timedelta(days=1)
    raw["checkins"][-1]["recorded_at"] = beyond.isoformat()
    file = tmp_path / "edited.json"
    file.write_text(json.dumps(raw))
    with pytest.raises(InvalidInput, match="the time cannot be in the future"):
        files.import_file(journal, at(NOW), file)
    assert times(journal)[-1] == AHEAD
    journal.close()


def test_the_window_still_refuses_a_check_in_dated_ahead(tmp_path):
    """The allowance is for records a clock ahead already wrote; a new one is never ahead."""
    journal = open_journal(paths.resolve(tmp_path / "a"), now=NOW)
    with pytest.raises(InvalidInput, match="the time cannot be in the future"):
        check_in(journal, at(NOW), CheckInEntry({"pain": 2}, recorded_at=NOW + timedelta(hours=1)))
    journal.close()
