"""Any change to a check-in on one laptop reaches the other: every edit moves its updated time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from carecompanion import paths
from carecompanion.actions.checkins import (
    CheckInEntry,
    check_in,
    delete_checkin,
    edit_checkin,
    entry_of,
)
from carecompanion.actions.files import import_file
from carecompanion.db.journal import open_journal
from carecompanion.domain.context import Context, fixed_clock
from carecompanion.domain.records import ActivityLevel, Recorder
from carecompanion.services import checkins, exports

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
LATER = START + timedelta(days=2)


def at(moment: datetime) -> Context:
    return Context(zone=ZoneInfo("Europe/London"), clock=fixed_clock(moment))


EDITS = {
    "score": lambda e: CheckInEntry({"pain": 7}, e.note, e.activity, e.recorded_at, e.recorded_by),
    "note": lambda e: CheckInEntry(e.scores, "changed", e.activity, e.recorded_at, e.recorded_by),
    "activity": lambda e: CheckInEntry(
        e.scores, e.note, ActivityLevel.MOSTLY_IN_BED, e.recorded_at, e.recorded_by
    ),
    "who": lambda e: CheckInEntry(e.scores, e.note, e.activity, e.recorded_at, Recorder.CAREGIVER),
    "time": lambda e: CheckInEntry(
        e.scores, e.note, e.activity, START - timedelta(hours=3), e.recorded_by
    ),
}


@pytest.mark.parametrize("field", list(EDITS))
def test_an_edit_of_any_field_on_a_reaches_b(field, tmp_path):
    a_paths, b_paths = paths.resolve(tmp_path / "a"), paths.resolve(tmp_path / "b")
    with open_journal(a_paths, now=START) as a:
        saved = check_in(a, at(START), CheckInEntry({"pain": 3}, "first")).value.checkin
    shared = tmp_path / "start.json"
    with open_journal(a_paths, now=START) as a:
        exports.export_file(a, "json", shared, None, START, ZoneInfo("UTC"))
    with open_journal(b_paths, now=START) as b:
        import_file(b, at(START), shared)

    with open_journal(a_paths, now=LATER) as a:
        edited = edit_checkin(a, at(LATER), saved.id, EDITS[field](entry_of(saved))).value
        assert edited.updated_at == LATER
        exports.export_file(a, "json", tmp_path / "edit.json", None, LATER, ZoneInfo("UTC"))
    with open_journal(b_paths, now=LATER) as b:
        report = import_file(b, at(LATER), tmp_path / "edit.json").value
        assert report.of("check-ins").updated == 1
        with b.read() as session:
            arrived = checkins.get(session, saved.id)
    assert arrived == edited


def test_a_deletion_travels_and_undoing_it_travels_too(tmp_path):
    a_paths, b_paths = paths.resolve(tmp_path / "a"), paths.resolve(tmp_path / "b")
    with open_journal(a_paths, now=START) as a:
        saved = check_in(a, at(START), CheckInEntry({"pain": 3})).value.checkin
        exports.export_file(a, "json", tmp_path / "1.json", None, START, ZoneInfo("UTC"))
        delete_checkin(a, at(LATER), saved.id)
        exports.export_file(a, "json", tmp_path / "2.json", None, LATER, ZoneInfo("UTC"))
    with open_journal(b_paths, now=LATER) as b:
        import_file(b, at(LATER), tmp_path / "1.json")
        import_file(b, at(LATER), tmp_path / "2.json")
        with b.read() as session:
            assert checkins.count(session) == 0
