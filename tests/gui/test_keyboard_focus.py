"""Where focus goes, and who is recording (issue 15): after a check-in is saved the next one
starts on the first symptom; "Recorded by" starts as the patient at each launch unless a
caregiver recorded within the last hour, and says plainly when it is the caregiver."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from carecompanion.domain.records import Recorder
from carecompanion.services import checkins
from carecompanion.ui.settings import AppSettings


@pytest.fixture
def at_noon(store):
    """The store's clock stopped at noon today in the journal's zone (as in test_today)."""
    zone = store.context().zone
    noon = datetime.combine(datetime.now(zone).date(), time(12), tzinfo=zone)
    store.clock = lambda: noon.astimezone(UTC)
    store._context = None
    return noon


def test_after_saving_focus_returns_to_the_first_symptom(window, qtbot):
    window.activateWindow()
    qtbot.waitActive(window)
    today = window.today
    window.show_view("today")
    first, *_, last = today.inputs.values()
    last.setFocus()
    QTest.keyClick(last, Qt.Key.Key_3)
    QTest.keyClick(last, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert today.result.text().startswith("Saved at")
    assert QApplication.focusWidget() is first


def test_a_new_window_starts_as_the_patient(at_noon, window):
    assert window.today.recorder.currentData() is Recorder.PATIENT
    assert window.today.recorded_by.note.isHidden()


def test_a_caregiver_more_than_an_hour_ago_does_not_carry_over(at_noon, data, make_window):
    AppSettings(data).note_recorder(Recorder.CAREGIVER, at_noon - timedelta(hours=1, minutes=1))
    window = make_window()
    assert window.today.recorder.currentData() is Recorder.PATIENT
    window.today.inputs["pain"].set_value(3)
    assert window.today.save().recorded_by is Recorder.PATIENT


def test_a_caregiver_within_the_hour_is_kept_and_said_plainly(at_noon, data, make_window, store):
    AppSettings(data).note_recorder(Recorder.CAREGIVER, at_noon - timedelta(minutes=50))
    window = make_window()
    today = window.today
    assert today.recorder.currentData() is Recorder.CAREGIVER
    assert not today.recorded_by.note.isHidden()
    said = today.recorded_by.note.text()
    assert "Recording as the caregiver" in said and "choose “Patient”" in said
    today.inputs["pain"].set_value(3)
    saved = today.save()
    assert saved.recorded_by is Recorder.CAREGIVER
    assert today.result.text().startswith("Saved at 12:00 by the caregiver.")
    # The patient takes over: the note goes, and the next check-in is theirs.
    today.recorder.setCurrentIndex(today.recorder.findData(Recorder.PATIENT))
    assert today.recorded_by.note.isHidden()
    today.inputs["pain"].set_value(4)
    assert today.save().recorded_by is Recorder.PATIENT
    with store.journal.read() as session:
        who = [c.recorded_by for c in checkins.latest(session, 2)]
    assert sorted(w.value for w in who) == sorted(r.value for r in Recorder)


def test_a_caregiver_recording_keeps_the_hour_from_the_last_thing_recorded(
    at_noon, data, make_window, store
):
    first = make_window()
    first.today.recorder.setCurrentIndex(first.today.recorder.findData(Recorder.CAREGIVER))
    assert AppSettings(data).caregiver_seen == at_noon.astimezone(UTC)
    later = at_noon + timedelta(minutes=45)
    store.clock = lambda: later.astimezone(UTC)
    store._context = None
    first.today.inputs["nausea"].set_value(2)
    first.today.save()  # recorded by the caregiver at 12:45
    first.close()
    an_hour_after_choosing = at_noon + timedelta(minutes=70)
    store.clock = lambda: an_hour_after_choosing.astimezone(UTC)
    store._context = None
    assert make_window().today.recorder.currentData() is Recorder.CAREGIVER


def test_a_clock_set_back_does_not_keep_the_caregiver(at_noon, data, make_window):
    AppSettings(data).note_recorder(Recorder.CAREGIVER, at_noon + timedelta(minutes=30))
    assert make_window().today.recorder.currentData() is Recorder.PATIENT


def test_recorded_by_is_reached_with_alt_r(window, qtbot):
    window.activateWindow()
    qtbot.waitActive(window)
    window.show_view("today")
    QTest.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is window.today.recorder
