"""Today's medicines: "Took it" in one click or keystroke, the 24-hour count, "Log it anyway?"
before a dose sooner than the label allows, and undo. The clock is stopped at noon."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QApplication

from carecompanion.actions.medications import add_medication, log_dose, stop_medication
from carecompanion.domain.records import Medication, Recorder
from carecompanion.services import medications
from carecompanion.ui.pages import today_doses


@pytest.fixture
def at_noon(store):
    """The store's clock stopped at noon today in the journal's zone."""
    zone = store.context().zone
    noon = datetime.combine(datetime.now(zone).date(), time(12), tzinfo=zone)
    store.clock = lambda: noon.astimezone(UTC)
    store._context = None  # the context is made again with the stopped clock
    return noon


def add(store, name="Oramorph 10 mg", **fields) -> Medication:
    made = Medication(
        id=uuid.uuid4(),
        name=name,
        start_date=date(2025, 1, 1),
        dose=fields.pop("dose", "5 ml oral solution (10 mg)"),
        as_needed=fields.pop("as_needed", True),
        purpose=fields.pop("purpose", "pain"),
        min_hours=fields.pop("min_hours", 2.0),
        max_per_day=fields.pop("max_per_day", 6),
        **fields,
    )
    done = store.run(add_medication, made)
    assert done is not None
    return done.value


def doses(store):
    return store.read(medications.doses_between)


@pytest.fixture
def early_answers(monkeypatch):
    """What "Log it anyway?" was asked, answered from a list (True: Yes)."""
    asked: list[tuple[str, str]] = []
    replies: list[bool] = []

    def confirm(_parent, medication, reason):
        asked.append((medication.name, reason))
        return replies.pop(0)

    monkeypatch.setattr(today_doses, "confirm_early", confirm)
    return asked, replies


def test_took_it_records_a_dose_now_by_the_chosen_recorder(at_noon, window, store):
    med = add(store)
    today = window.today
    assert [b.text() for b in today.doses.buttons] == ["Took it · Alt+1"]
    assert today.doses.summaries[0].text() == "0 of 6 in the last 24 hours"
    today.recorder.setCurrentIndex(today.recorder.findData(Recorder.CAREGIVER))
    today.doses.buttons[0].click()
    [dose] = doses(store)
    assert dose.medication_id == med.id
    assert dose.taken_at == at_noon
    assert dose.recorded_by is Recorder.CAREGIVER
    assert today.doses.summaries[0].text() == "1 of 6 in the last 24 hours · next from 14:00"
    assert today.doses.result.text() == (
        "Recorded Oramorph 10 mg at 12:00 by the caregiver. "
        "1 of 6 in the last 24 hours · next from 14:00. Ctrl+Z undoes it."
    )


def test_took_it_at_the_earlier_time_today_offers(at_noon, window, store):
    add(store)
    today = window.today
    today.earlier_choice.setChecked(True)
    today.when.setDateTime(QDateTime(QDate(at_noon.date()), QTime(9, 15)))
    today.doses.took(0)
    [dose] = doses(store)
    assert dose.taken_at == at_noon.replace(hour=9, minute=15)
    assert dose.recorded_by is Recorder.PATIENT
    assert today.doses.summaries[0].text() == "1 of 6 in the last 24 hours"


def test_the_summary_counts_the_last_24_hours_in_neutral_words(at_noon, window, store):
    med = add(store, max_per_day=3, min_hours=None)
    for hours in (30, 20, 5, 1):  # the first is outside the 24 hours
        store.run(log_dose, med.id, at_noon - timedelta(hours=hours), Recorder.PATIENT)
    panel = window.today.doses
    # The oldest of the three (20 hours ago) leaves the 24 hours at 16:00.
    assert panel.summaries[0].text() == "3 of 3 in the last 24 hours · next from 16:00"
    for word in ("should", "must", "take", "safe", "too many"):
        assert word not in panel.summaries[0].text().lower()


def test_a_regular_medicine_says_when_it_was_last_recorded(at_noon, window, store):
    med = add(store, "Morphine MR 20 mg", as_needed=False, min_hours=None, max_per_day=None)
    panel = window.today.doses
    assert panel.summaries[0].text() == "no dose recorded in the last 3 days"
    store.run(log_dose, med.id, at_noon - timedelta(hours=4), Recorder.PATIENT)
    assert panel.summaries[0].text() == "last recorded 08:00"


def test_a_dose_too_soon_asks_and_no_records_nothing(at_noon, window, store, early_answers):
    asked, replies = early_answers
    med = add(store)
    store.run(log_dose, med.id, at_noon - timedelta(minutes=70), Recorder.PATIENT)
    replies.append(False)
    assert window.today.doses.took(0) is None
    assert asked == [
        (
            "Oramorph 10 mg",
            "the label says at least 2 hours between doses, and another was recorded "
            "1 h 10 min before",
        )
    ]
    assert len(doses(store)) == 1
    assert window.today.doses.result.text() == "Nothing recorded for Oramorph 10 mg."
    assert window.undo_stack.count() == 0


def test_a_dose_too_soon_yes_records_it_as_it_happened(at_noon, window, store, early_answers):
    asked, replies = early_answers
    med = add(store)
    store.run(log_dose, med.id, at_noon - timedelta(minutes=70), Recorder.PATIENT)
    replies.append(True)
    assert asked == []
    logged = window.today.doses.took(0)
    assert len(asked) == 1
    assert logged is not None and logged.earlier_than_label
    assert [d.taken_at for d in doses(store)] == [at_noon - timedelta(minutes=70), at_noon]
    assert "sooner than the label says" in window.today.doses.result.text()
    assert window.today.doses.summaries[0].text().startswith("2 of 6 in the last 24 hours")


def test_no_question_when_the_label_allows_it(at_noon, window, store, early_answers):
    asked, _replies = early_answers
    med = add(store)
    store.run(log_dose, med.id, at_noon - timedelta(hours=3), Recorder.PATIENT)
    window.today.doses.took(0)
    assert asked == [] and len(doses(store)) == 2


def test_undo_removes_the_dose_and_redo_brings_it_back(at_noon, window, store):
    add(store)
    panel = window.today.doses
    panel.took(0)
    assert len(doses(store)) == 1
    assert window.undo_stack.undoText() == "Dose of Oramorph 10 mg"
    window.undo_stack.undo()
    assert doses(store) == []
    assert panel.summaries[0].text() == "0 of 6 in the last 24 hours"
    window.undo_stack.redo()
    assert len(doses(store)) == 1
    assert panel.summaries[0].text().startswith("1 of 6")


def test_alt_number_presses_took_it_from_anywhere_on_today(at_noon, window, store, qtbot):
    add(store, "Ondansetron 4 mg", min_hours=8.0, max_per_day=3, purpose="nausea")
    add(store)
    today = window.today
    window.show_view("today")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is today.inputs["pain"])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    [dose] = doses(store)
    assert store.read(lambda s: medications.get(s, dose.medication_id)).name == "Oramorph 10 mg"


def test_took_it_is_in_the_tab_order_after_save(at_noon, window, store, qtbot):
    add(store)
    today = window.today
    window.show_view("today")
    button = today.doses.buttons[0]
    qtbot.waitUntil(button.isVisible)  # a row made while shown appears on the next event
    today.save_button.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is today.save_button)
    qtbot.keyClick(today.save_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is button
    assert button.accessibleName() == "Took Oramorph 10 mg"
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert len(doses(store)) == 1
    assert QApplication.focusWidget() is today.doses.buttons[0]  # stays for the next one


def test_medicines_changed_elsewhere_appear_and_stopped_ones_go(at_noon, window, store):
    panel = window.today.doses
    assert not panel.empty.isHidden() and not panel.add_button.isHidden()
    add(store)
    assert [b.accessibleName() for b in panel.buttons] == ["Took Oramorph 10 mg"]
    assert panel.empty.isHidden()
    store.run(stop_medication, "Oramorph 10 mg")
    assert panel.buttons == [] and not panel.empty.isHidden()


def test_a_time_in_the_future_is_not_recorded_and_says_why(at_noon, window, store):
    add(store)
    today = window.today
    today.earlier_choice.setChecked(True)
    today.when.setMaximumDateTime(QDateTime(QDate(2100, 1, 1), QTime(0, 0)))
    today.when.setDateTime(QDateTime(QDate(at_noon.date()).addDays(1), QTime(9, 0)))
    assert today.doses.took(0) is None
    assert doses(store) == []
    assert today.doses.result.text().startswith("Not recorded. ")
    assert window.undo_stack.count() == 0
