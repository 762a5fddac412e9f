"""The window's import asks before merging another person's journal, naming both people."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from carecompanion import paths
from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.actions.settings import SettingsChange, save_settings
from carecompanion.db.journal import open_journal
from carecompanion.domain.context import Context, fixed_clock
from carecompanion.services import checkins, exports, profile

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def sams_file(tmp_path):
    ctx = Context(zone=LONDON, clock=fixed_clock(NOW))
    with open_journal(paths.resolve(tmp_path / "sam"), now=NOW) as journal:
        with journal.write() as s:
            sam = replace(profile.get(s), name="Sam Jones", date_of_birth=date(1958, 2, 1))
            profile.save(s, sam, ctx)
            checkins.record(
                s, {"pain": 4}, recorded_at=datetime(2026, 3, 2, 9, tzinfo=UTC), now=NOW
            )
        return exports.export_file(journal, "json", tmp_path / "sam.json", None, NOW, LONDON)


def name_this_journal(store):
    person = replace(store.read(profile.get), name="Alex Smith", date_of_birth=date(1960, 5, 4))
    assert store.run(save_settings, SettingsChange(person, {})) is not None
    assert store.run(check_in, CheckInEntry({"anxiety": 5})) is not None


def test_another_persons_file_is_not_merged_when_the_question_is_declined(
    window, store, tmp_path, qtbot, monkeypatch
):
    from carecompanion.ui.pages import data_files

    name_this_journal(store)
    file = sams_file(tmp_path)
    asked = []
    monkeypatch.setattr(data_files, "ask_open_path", lambda *a: file)
    monkeypatch.setattr(
        data_files, "ask_merge_other", lambda parent, refusal: asked.append(refusal) or False
    )
    box = window.export.data_files
    box.import_file()
    qtbot.waitUntil(lambda: box.status.text().startswith("Not imported"), timeout=20000)
    assert "Sam Jones (born 1958-02-01; check-ins from 2026-03-02 to 2026-03-02)" in (
        box.status.text()
    )
    [refusal] = asked
    assert refusal.theirs.name == "Sam Jones" and refusal.ours.name == "Alex Smith"
    assert "Alex Smith (born 1960-05-04" in refusal.ours.described()
    assert store.read(checkins.count) == 1
    assert store.read(profile.get).name == "Alex Smith"


def test_another_persons_file_is_merged_when_asked_and_the_profile_stays(
    window, store, tmp_path, qtbot, monkeypatch
):
    from carecompanion.ui.pages import data_files

    name_this_journal(store)
    file = sams_file(tmp_path)
    monkeypatch.setattr(data_files, "ask_open_path", lambda *a: file)
    monkeypatch.setattr(data_files, "ask_merge_other", lambda parent, refusal: True)
    monkeypatch.setattr(data_files, "ask_confirm", lambda parent, text: "1 added" in text)
    box = window.export.data_files
    box.import_file()
    qtbot.waitUntil(lambda: box.status.text().startswith("Imported"), timeout=20000)
    assert store.read(checkins.count) == 2
    assert store.read(profile.get).name == "Alex Smith"
