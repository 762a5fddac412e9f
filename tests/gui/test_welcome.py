"""The welcome on a new journal: three steps, skippable, shown once, saved through Settings'
own action."""

from datetime import UTC, datetime, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.actions.settings import SettingsChange, save_settings
from carecompanion.domain.records import Profile, Recorder
from carecompanion.services import profile, symptoms
from carecompanion.ui.dialogs import welcome
from carecompanion.ui.settings import AppSettings

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def at_noon(store):
    zone = store.context().zone
    noon = datetime.combine(datetime.now(zone).date(), time(12), tzinfo=zone)
    store.clock = lambda: noon.astimezone(UTC)
    store._context = None
    return noon


def test_a_new_journal_is_welcomed_and_finishing_saves_numbers_symptoms_and_who(
    at_noon, window, store, data, qtbot
):
    assert window.today.recorder.currentData() is Recorder.PATIENT  # built before, as at start
    dialog = welcome.maybe_show(window)
    assert dialog is not None and dialog.isVisible()
    assert dialog.step_label.text() == "Step 1 of 4"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.patient)
    dialog.caregiver.setChecked(True)
    dialog.next_button.click()
    assert dialog.step_label.text() == "Step 2 of 4"
    assert QApplication.focusWidget() is dialog.team_phone
    qtbot.keyClicks(dialog.team_phone, "020 7946 0123")
    qtbot.keyClicks(dialog.emergency, "999")
    dialog.next_button.click()
    dialog.symptom_boxes["breathless"].setChecked(True)
    dialog.symptom_boxes["sleep"].setChecked(True)
    dialog.next_button.click()
    assert dialog.step_label.text() == "Step 4 of 4"
    assert dialog.finish_button.isVisible() and not dialog.next_button.isVisible()
    assert dialog.not_now.isChecked() and not dialog.private_fields.isVisible()
    dialog.finish_button.click()

    assert not dialog.isVisible()
    saved = store.read(profile.get)
    assert saved.emergency_number == "999"
    (contact,) = saved.contacts
    assert contact.phone == "020 7946 0123" and contact.around_the_clock
    assert contact.name == welcome.CARE_TEAM_NAME
    offered = {s.key for s in store.read(symptoms.active)}
    assert {"breathless", "sleep"} <= offered and "constipation" not in offered
    assert AppSettings(data).recorder is Recorder.CAREGIVER
    assert window.today.recorder.currentData() is Recorder.CAREGIVER
    assert welcome.maybe_show(window) is None  # once per journal
    # A caregiver's own computer starts as the caregiver at every launch, days later too.
    days_later = datetime(2030, 1, 1, tzinfo=UTC)
    assert AppSettings(data).recorder_at_launch(days_later) is Recorder.CAREGIVER


def test_skip_saves_nothing_and_the_welcome_does_not_come_back(window, store, data):
    dialog = welcome.maybe_show(window)
    assert dialog is not None
    dialog.next_button.click()
    dialog.emergency.setText("999")
    dialog.skip_button.click()
    assert not dialog.isVisible()
    assert store.read(profile.get) == Profile()
    assert welcome.maybe_show(window) is None
    assert AppSettings(data).value(welcome.SHOWN_KEY) == "yes"


def test_escape_is_the_same_as_skip(window, qtbot):
    dialog = welcome.maybe_show(window)
    assert dialog is not None
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert welcome.maybe_show(window) is None


def test_back_returns_to_the_step_before(window):
    dialog = welcome.maybe_show(window)
    assert dialog is not None
    assert not dialog.back_button.isEnabled()
    dialog.next_button.click()
    dialog.back_button.click()
    assert dialog.step_label.text() == "Step 1 of 4"
    dialog.skip()


def test_a_journal_with_a_profile_or_check_ins_is_not_welcomed(window, store, data):
    store.run(save_settings, SettingsChange(Profile(emergency_number="112")))
    assert welcome.maybe_show(window) is None
    store.run(save_settings, SettingsChange(Profile()))
    store.run(check_in, CheckInEntry({"pain": 2}))
    assert welcome.maybe_show(window) is None
    assert AppSettings(data).value(welcome.SHOWN_KEY) == ""  # not shown, not marked


def test_a_number_the_rules_refuse_is_said_beside_the_numbers_and_nothing_is_saved(window, store):
    dialog = welcome.maybe_show(window)
    assert dialog is not None
    dialog.next_button.click()
    dialog.emergency.setText("999\x07")  # a control character
    dialog.next_button.click()
    dialog.next_button.click()
    dialog.finish_button.click()
    assert dialog.isVisible()
    assert dialog.step_label.text() == "Step 2 of 4"
    assert "emergency number" in dialog.message.text()
    assert store.read(profile.get).emergency_number == ""
    dialog.skip()
