"""Settings holds what the call-now list and the flags need: 24-hour numbers, the emergency
number, the fever threshold, units and the cancer type; saving keeps what it does not show."""

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from carecompanion.domain.records import Profile, TemperatureUnit, WeightUnit
from carecompanion.services import profile
from carecompanion.ui.dialogs.settings import AROUND_THE_CLOCK, SettingsDialog

DISMISSED = datetime(2026, 3, 18, 9, 0, tzinfo=UTC)


def test_the_safety_settings_come_back_as_chosen(qtbot):
    contact = profile.new_contact("Oncology hotline", "Nurse", "0800 123")
    dialog = SettingsDialog(
        Profile(contacts=(contact,), supportive_prompt_dismissed_at=DISMISSED), [], None
    )
    qtbot.addWidget(dialog)
    dialog.cancer_type.setText("  bowel cancer ")
    dialog.emergency.setText("112")
    dialog.fever.setValue(37.5)
    dialog.temperature_unit.setCurrentIndex(dialog.temperature_unit.findText("°F"))
    dialog.weight_unit.setCurrentIndex(dialog.weight_unit.findText("lb"))
    dialog.contacts.item(0, AROUND_THE_CLOCK).setCheckState(Qt.CheckState.Checked)
    chosen = dialog.result_values().profile
    assert chosen.cancer_type == "bowel cancer" and chosen.emergency_number == "112"
    assert chosen.fever_threshold_c == 37.5
    assert chosen.temperature_unit is TemperatureUnit.FAHRENHEIT
    assert chosen.weight_unit is WeightUnit.LB
    assert chosen.contacts[0].around_the_clock
    assert chosen.supportive_prompt_dismissed_at == DISMISSED  # not shown, not lost


def test_the_fever_threshold_stays_within_what_care_teams_use(qtbot):
    dialog = SettingsDialog(Profile(), [], None)
    qtbot.addWidget(dialog)
    assert dialog.fever.value() == 38.0
    dialog.fever.setValue(39.5)
    assert dialog.fever.value() == 38.5
    dialog.fever.setValue(36.0)
    assert dialog.fever.value() == 37.5


def test_an_overlong_emergency_number_is_named_beside_its_field(qtbot):
    dialog = SettingsDialog(Profile(), [], None)
    qtbot.addWidget(dialog)
    dialog.emergency.setText("9" * 300)
    dialog.try_accept()
    assert dialog.errors["emergency number"].text().startswith("Emergency number: ")


def test_f1_shows_the_emergency_number_and_the_fever_threshold_from_settings(
    window, store, monkeypatch
):
    from carecompanion.ui import main_window
    from carecompanion.ui.dialogs.call_now import call_now_text

    with store.journal.write() as session:
        profile.save(
            session, Profile(emergency_number="112", fever_threshold_c=37.5), store.context()
        )
    shown = []

    class Recorded:
        def __init__(self, person, parent):
            shown.append(call_now_text(person))

        def exec(self):
            return 0

    monkeypatch.setattr(main_window, "CallNowDialog", Recorded)
    window.show_call_now()
    assert "<b>Emergency</b>: 112" in shown[0] and "37.5 °C" in shown[0]


def test_without_a_tray_settings_says_reminders_need_the_window_open(qtbot, monkeypatch):
    from PySide6.QtWidgets import QSystemTrayIcon

    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))
    dialog = SettingsDialog(Profile(), [], None)
    qtbot.addWidget(dialog)
    assert dialog.reminder_note.isHidden()
    dialog.reminder_on.setChecked(True)
    assert not dialog.reminder_note.isHidden()
    assert "comes only while CareCompanion is open" in dialog.reminder_note.text()
    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: True))
    dialog.reminder_time.setTime(dialog.reminder_time.time().addSecs(3600))
    assert dialog.reminder_note.isHidden()
