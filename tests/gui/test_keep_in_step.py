"""The window keeps computers in step, names the person, and opens other journals."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from carecompanion import paths
from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.actions.settings import SettingsChange, save_settings
from carecompanion.actions.sync import choose_folder, exchange
from carecompanion.db.journal import open_journal
from carecompanion.domain.context import Context, fixed_clock
from carecompanion.services import checkins, profile, sync_choice, sync_folder
from carecompanion.ui import journals
from carecompanion.ui.dialogs.settings import SettingsDialog, SettingsResult
from carecompanion.ui.journals import RecentJournals
from tests.journal_ids import same_journal

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def other_laptop_writes(store, tmp_path, share):
    """Another computer of the same journal checks in and exchanges with the folder."""
    data = paths.resolve(tmp_path / "laptop")
    ctx = Context(zone=ZoneInfo("Europe/London"), clock=fixed_clock(NOW))
    with open_journal(data, now=NOW) as laptop:
        same_journal(laptop, store.journal)
        check_in(laptop, ctx, CheckInEntry({"pain": 4}, "from the laptop"))
        exchange(laptop, ctx, share, sync_folder.device_id(data))


def test_the_window_exchanges_and_says_when_and_with_how_many(window, store, tmp_path, qtbot):
    share = tmp_path / "Sync"
    share.mkdir()
    other_laptop_writes(store, tmp_path, share)
    assert store.run(choose_folder, str(share)) is not None
    window.sync.exchange_now()
    qtbot.waitUntil(lambda: "Last exchange" in window.sync_status.text(), timeout=20000)
    assert window.sync_status.text().endswith("with 1 other computer")
    assert store.read(checkins.count) == 1
    window.show_view("history")
    window.history.range.setCurrentIndex(window.history.range.findText("Everything"))
    qtbot.waitUntil(lambda: window.history.model.total == 1, timeout=20000)


def test_focus_and_the_five_minute_timer_start_an_exchange(window, store, tmp_path, qtbot):
    from PySide6.QtCore import Qt

    share = tmp_path / "Sync"
    share.mkdir()
    store.run(choose_folder, str(share))
    assert window.sync.timer.interval() == 5 * 60 * 1000 and window.sync.timer.isActive()
    window._state_changed(Qt.ApplicationState.ApplicationActive)
    qtbot.waitUntil(lambda: "with 0 other computers" in window.sync_status.text(), timeout=20000)


def test_an_exchange_asked_for_before_the_first_paint_starts_just_after_it(
    window, store, tmp_path, qtbot
):
    from PySide6.QtCore import Qt

    share = tmp_path / "Sync"
    share.mkdir()
    store.run(choose_folder, str(share))
    window.sync.hold()  # as the window starts (launch.first_window)
    window._state_changed(Qt.ApplicationState.ApplicationActive)
    assert not window.sync.running and window.sync_status.text() == ""
    window.sync.release()  # painted
    assert window.sync.running
    qtbot.waitUntil(lambda: "with 0 other computers" in window.sync_status.text(), timeout=20000)


def test_settings_chooses_the_folder_and_refuses_one_that_is_not_there(
    window, store, tmp_path, qtbot, monkeypatch
):
    from carecompanion.ui.widgets import sync_folder_row

    share = tmp_path / "Sync"
    share.mkdir()
    dialog = SettingsDialog(store.read(profile.get), [], None, window, store.context())
    qtbot.addWidget(dialog)
    dialog.sync_folder.path.setText(str(tmp_path / "missing"))
    dialog.try_accept()
    assert any("a folder that exists" in text for text in dialog.visible_errors())
    monkeypatch.setattr(sync_folder_row, "ask_sync_folder", lambda parent, current: str(share))
    dialog.sync_folder.choose.click()
    assert dialog.result_values().sync_folder == str(share)

    chosen = SettingsResult(store.read(profile.get), {}, sync_folder=str(share))
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, *a: chosen))
    window.open_settings()
    assert store.read_rows(sync_choice.chosen_folder) == str(share.resolve())
    qtbot.waitUntil(lambda: "Last exchange" in window.sync_status.text(), timeout=20000)


def test_the_title_bar_names_the_person(window, store):
    assert window.windowTitle() == "CareCompanion"
    person = replace(store.read(profile.get), name="Alex Smith")
    store.run(save_settings, SettingsChange(person, {}))
    assert window.windowTitle() == "Alex Smith — CareCompanion"


def test_open_journal_starts_its_window_and_remembers_it_among_recent(
    window, tmp_path, monkeypatch
):
    opened = []
    other = tmp_path / "second journal"
    window.recent = RecentJournals(tmp_path / "config" / "recent-journals.json")
    monkeypatch.setattr(journals, "ask_journal_folder", lambda parent: other)
    monkeypatch.setattr(journals, "open_journal_window", opened.append)
    window.menus.actions["open_journal"].trigger()
    assert opened == [other]
    window.menus._fill_recent()
    entries = [a.text() for a in window.menus.recent.actions()]
    assert entries == [f"&1 {other}"]
    window.menus.recent.actions()[0].trigger()
    assert opened == [other, other]


def test_the_recent_list_is_empty_at_first_and_says_so(window):
    window.menus._fill_recent()
    [only] = window.menus.recent.actions()
    assert only.text() == "No other journals yet" and not only.isEnabled()


def test_a_waiting_file_stays_in_the_status_line_at_every_exchange(window, store, tmp_path, qtbot):
    share = tmp_path / "Sync"
    share.mkdir()
    other_laptop_writes(store, tmp_path, share)
    (written,) = share.rglob("*.ccsync")
    raw = written.read_text(encoding="utf-8").replace('"version":1', '"version":99', 1)
    written.write_text(raw, encoding="utf-8")  # a newer CareCompanion wrote it
    assert store.run(choose_folder, str(share)) is not None
    for _ in range(2):
        window.sync_status.setText("")
        window.sync.exchange_now()
        qtbot.waitUntil(lambda: "Last exchange" in window.sync_status.text(), timeout=20000)
        assert "1 file waiting (hover for why)" in window.sync_status.text()
        assert "newer CareCompanion" in window.sync_status.toolTip()
