"""Closing the window while a reminder is set: the tray where the desktop has one, a plain
note where it has not, and Quit that closes the journal cleanly."""

import pytest
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QSystemTrayIcon

from carecompanion.db.journal import open_journal
from carecompanion.ui import reminder
from carecompanion.ui.launch import close_window_journal

# Offscreen Qt has no tray and no window stacking; a real desktop has both.
pytestmark = pytest.mark.qt_log_ignore("systemTrayWindowChanged", "does not support raise")


@pytest.fixture
def tray_available(monkeypatch):
    def set_to(available):
        monkeypatch.setattr(
            QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: available)
        )

    return set_to


@pytest.fixture
def notes(monkeypatch):
    said = []
    monkeypatch.setattr(reminder, "tell", lambda parent, text: said.append(text))
    monkeypatch.setattr(
        QSystemTrayIcon, "showMessage", lambda self, title, text, *rest: said.append(text)
    )
    return said


@pytest.fixture
def keeper(window):
    quits = []
    made = reminder.TrayKeeper(window, window.settings, lambda: quits.append(True))
    made.quits = quits
    return made


def close(window, qtbot):
    window.close()
    qtbot.wait(20)  # the keeper decides once the window has handled its close


def test_with_a_reminder_and_a_tray_closing_keeps_it_in_the_tray_with_a_note_once(
    window, keeper, tray_available, notes, qtbot
):
    tray_available(True)
    window.settings.reminder = QTime(9, 30)
    close(window, qtbot)
    assert not window.isVisible()
    assert keeper.quits == []
    assert keeper.tray is not None and window.tray is keeper.tray  # the reminder's own icon
    assert len(notes) == 1 and "still running here, to remind you at 09:30" in notes[0]

    keeper._activated(QSystemTrayIcon.ActivationReason.Trigger)  # a click on the icon
    assert window.isVisible()
    close(window, qtbot)
    assert len(notes) == 1  # the note comes once
    assert keeper.quits == []

    menu = [a.text() for a in keeper.tray.contextMenu().actions() if a.text()]
    assert menu == ["Open CareCompanion", "Quit"]
    quit_action = next(a for a in keeper.tray.contextMenu().actions() if a.text() == "Quit")
    quit_action.trigger()
    assert keeper.quits == [True]


def test_quit_from_the_tray_closes_the_open_window_and_the_journal_cleanly(
    window, keeper, tray_available, notes, data, qtbot
):
    tray_available(True)
    window.settings.reminder = QTime(9, 30)
    keeper.ensure_tray()
    keeper.quit()
    assert not window.isVisible()
    assert keeper.quits == [True]
    close_window_journal(window)  # what launch does once the event loop ends
    with open_journal(data, sole_use=True, automatic_backup=False):
        pass  # nothing holds the journal any more


def test_without_a_tray_closing_quits_and_says_once_that_reminders_need_the_app_open(
    window, keeper, tray_available, notes, qtbot
):
    tray_available(False)
    window.settings.reminder = QTime(21, 0)
    close(window, qtbot)
    assert keeper.quits == [True]
    assert keeper.tray is None
    assert len(notes) == 1
    assert "reminder at 21:00 comes only while CareCompanion is open" in notes[0]
    window.show()  # the next launch: no second note
    again = reminder.TrayKeeper(window, window.settings, lambda: keeper.quits.append(True))
    close(window, qtbot)
    assert keeper.quits == [True, True] and len(notes) == 1
    assert again.tray is None


def test_without_a_reminder_closing_quits_without_a_word(
    window, keeper, tray_available, notes, qtbot
):
    tray_available(True)
    window.settings.reminder = None
    close(window, qtbot)
    assert keeper.quits == [True]
    assert keeper.tray is None and notes == []
