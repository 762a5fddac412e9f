"""The journal's full integrity check waits for the window's first paint: opening for the window
reads and paints Today first, and the check (a second or more of reading on a large journal)
starts once the window is on screen, or as soon as something is to be written."""

from __future__ import annotations

from carecompanion.db import journal as journal_module
from carecompanion.db.journal import open_journal
from carecompanion.ui import launch as launch_module

WAIT = 30_000  # milliseconds: a bound on waiting, never a delay


def test_the_full_check_starts_once_the_window_has_painted(data, qtbot, monkeypatch):
    with open_journal(data):
        pass
    checked: list[bool] = []
    real = journal_module.check_file

    def recording(path, *, full=False, label=None):
        checked.append(full)
        real(path, full=full, label=label)

    monkeypatch.setattr(journal_module, "check_file", recording)
    journal = open_journal(data, verify_later=True, automatic_backup=False)
    window = launch_module.first_window(journal, data, None)
    assert not isinstance(window, Exception)
    qtbot.addWidget(window)
    try:
        launch_module.check_fully_after_first_paint(window)
        assert journal.first_verdict is not None
        journal.first_verdict.result(WAIT / 1000)
        assert checked == [False]  # the quick check alone, before the window is on screen
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: checked == [False, True], timeout=WAIT)
    finally:
        window.close()
        window.store.shutdown()
        journal.close()
