"""The app as a whole: screenshots of every view, one window per journal, settings, reminders."""

from datetime import date, datetime, time

import pytest
from PySide6.QtCore import QTime
from PySide6.QtGui import QImage

from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.cli import VIEWS, main
from carecompanion.domain.records import Profile
from carecompanion.services import profile, symptoms
from carecompanion.ui.dialogs.call_now import call_now_text
from carecompanion.ui.dialogs.settings import SettingsDialog, SettingsResult
from carecompanion.ui.launch import ask_first_window_to_show, listen_for_second_launch
from carecompanion.ui.reminder import reminder_due


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    assert main(["--data-dir", str(root), "demo", "--days", "45"]) == 0
    return root


@pytest.mark.parametrize("view", VIEWS)
def test_screenshot_of_every_view(demo_dir, tmp_path, view, qapp):
    target = tmp_path / f"{view}.png"
    assert main(["--data-dir", str(demo_dir), "--screenshot", str(target), "--view", view]) == 0
    image = QImage(str(target))
    assert image.width() >= 1024 and image.height() >= 700
    assert (
        len(
            {
                image.pixel(x, y)
                for x in range(0, image.width(), 37)
                for y in range(0, image.height(), 37)
            }
        )
        > 5
    )  # not a blank picture


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen has no stacking
def test_a_second_launch_brings_the_first_window_forward(window, data, qtbot):
    listen_for_second_launch(data, window)
    window.showMinimized()
    assert ask_first_window_to_show(data)
    qtbot.waitUntil(lambda: not window.isMinimized())


def test_settings_add_a_custom_symptom_and_the_care_team(window, store, monkeypatch):
    chosen = SettingsResult(
        profile=Profile(
            name="Zoë Παπαδοπούλου-Иванова",
            contacts=(profile.new_contact("Dr Shah", "Oncologist", "020 7946 0456"),),
        ),
        active={"drowsiness": True},
        new_custom=["tingling hands"],
        reminder=QTime(9, 30),
    )
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, *a: chosen))
    window.open_settings()
    keys = list(window.today.inputs)
    assert keys[-2:] == ["drowsiness", "custom_tingling_hands"]
    assert "Tingling hands" in [box.text() for box in window.history.toggles.values()]
    assert store.read(profile.get).name == "Zoë Παπαδοπούλου-Иванова"
    assert window.settings.reminder == QTime(9, 30)
    assert "Dr Shah" in call_now_text(store.read(profile.get).contacts)


def test_settings_dialog_refuses_a_birth_date_in_the_future(qtbot):
    dialog = SettingsDialog(Profile(), [], None)
    qtbot.addWidget(dialog)
    dialog.birth.setDate(dialog.birth.date().currentDate().addDays(3))
    dialog.try_accept()
    assert dialog.errors["date of birth"].text().startswith("Date of birth: '")


def test_settings_dialog_names_a_bad_custom_symptom(store, qtbot):
    dialog = SettingsDialog(Profile(), store.read(symptoms.active), None)
    qtbot.addWidget(dialog)
    dialog.custom.setText("Pain")
    dialog.try_accept()
    assert "already in the list" in dialog.errors["symptom name"].text()


def test_call_now_list_escapes_names_and_lists_the_signs():
    text = call_now_text((profile.new_contact("<b>Nurse</b>", "", "123"),))
    assert "&lt;b&gt;Nurse" in text and "Trouble breathing" in text
    assert "Add your care team" in call_now_text(())


@pytest.mark.parametrize(
    ("clock", "at", "last", "checked_in", "due"),
    [
        (time(9, 59), time(10), None, False, False),
        (time(10, 0), time(10), None, False, True),
        (time(18, 0), time(10), None, True, False),
        (time(18, 0), time(10), date(2026, 3, 20), False, False),
        (time(18, 0), None, None, False, False),
    ],
)
def test_reminder_fires_once_a_day_after_its_time(clock, at, last, checked_in, due):
    now = datetime.combine(date(2026, 3, 20), clock)
    assert reminder_due(now, at, last, checked_in) is due


def test_about_names_version_licences_data_folder_and_not_advice(window, data, monkeypatch):
    from carecompanion import __version__
    from carecompanion.ui.dialogs.about import AboutDialog

    dialog = AboutDialog(data, window.windowIcon(), window)
    text = dialog.text.text()
    assert f"CareCompanion {__version__}" in text
    assert str(data.root) in text
    assert "Not medical advice." in text
    assert "DejaVu Sans fonts" in text and "GNU Lesser General Public License" in text
    opened = []
    monkeypatch.setattr("carecompanion.ui.dialogs.about.QDesktopServices.openUrl", opened.append)
    dialog.open_folder.click()
    assert opened[0].toLocalFile() == str(data.root)


def test_the_daily_reminder_shows_once_when_nothing_was_logged_today(window, store):
    window.settings.reminder = QTime(0, 0)
    window.check_reminder()
    assert "How are you feeling today?" in window.statusBar().currentMessage()
    window.statusBar().clearMessage()
    window.check_reminder()
    assert window.statusBar().currentMessage() == ""  # once a day only


def test_no_reminder_after_a_checkin_today(window, store):
    assert store.run(check_in, CheckInEntry({"pain": 2})) is not None
    window.settings.reminder = QTime(0, 0)
    window.check_reminder()
    assert window.statusBar().currentMessage() == ""
