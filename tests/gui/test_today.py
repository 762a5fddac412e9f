"""The check-in page, driven from the keyboard as a patient would."""

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.actions.settings import SettingsChange, save_settings
from carecompanion.domain.records import Profile, Recorder
from carecompanion.services import checkins, profile, questions
from carecompanion.ui.settings import AppSettings


def focused():
    return QApplication.focusWidget()


def type_keys(qtbot, *keys):
    for key in keys:
        if isinstance(key, str):
            qtbot.keyClicks(focused(), key)
        else:
            qtbot.keyClick(focused(), key)


def test_keyboard_only_checkin_saves_and_shows_flags_with_the_care_team(window, store, qtbot):
    nurse = profile.new_contact("Nurse line", "24 hours", "020 7946 0123")
    assert store.run(save_settings, SettingsChange(Profile(contacts=(nurse,)))) is not None
    yesterday = store.context().now() - timedelta(days=1)
    entry = CheckInEntry({"nausea": 1, "fatigue": 2}, recorded_at=yesterday)
    assert store.run(check_in, entry) is not None
    today = window.today
    window.show_view("today")
    qtbot.waitUntil(lambda: focused() is today.inputs["pain"])
    type_keys(qtbot, "8", Qt.Key.Key_Tab, "5", Qt.Key.Key_Tab, "1", "0", Qt.Key.Key_Tab, "3")
    assert today.scores() == {"pain": 8, "nausea": 5, "fatigue": 10, "anxiety": 3}
    assert today._bands["pain"].text() == "severe"
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    with store.journal.read() as session:
        saved = checkins.latest(session, 1)[0]
    assert saved.scores == {"pain": 8, "nausea": 5, "fatigue": 10, "anxiety": 3}
    shown = today.result.text()
    assert "Pain is 8 of 10, in the severe range (7 or more)." in shown
    assert "Nausea is 5 of 10, now moderate; over the week before it was 1, below 4." in shown
    assert "Tiredness (fatigue) is 10 of 10" in shown
    assert "Anxiety" not in shown  # 3 with no baseline raises nothing
    assert "Nurse line 020 7946 0123" in shown
    assert today.scores() == {}  # ready for the next check-in


def test_a_checkin_without_flags_is_quietly_saved(window, qtbot):
    today = window.today
    today.inputs["pain"].set_value(2)
    assert today.save() is not None
    assert today.result.text().startswith("Saved at")
    assert "call" not in today.result.text().lower()


def test_nothing_rated_is_refused_with_a_message(window, store):
    window.today.note.setPlainText("only words")
    assert window.today.save() is None
    assert "Give at least one symptom a score" in window.today.result.text()
    assert store.read(checkins.count) == 0
    assert window.today.note.toPlainText() == "only words"  # nothing lost


def test_digit_keys_arrows_and_delete_drive_the_score(window, qtbot):
    pain = window.today.inputs["pain"]
    pain.setFocus()
    for key, expected in (
        (Qt.Key.Key_5, 5),
        (Qt.Key.Key_Right, 6),
        (Qt.Key.Key_End, 10),
        (Qt.Key.Key_Left, 9),
        (Qt.Key.Key_Home, 0),
        (Qt.Key.Key_Delete, None),
    ):
        qtbot.keyClick(pain, key)
        assert pain.value() == expected
    assert pain.accessibleDescription() == "not rated"
    qtbot.keyClick(pain, Qt.Key.Key_7)
    assert pain.accessibleDescription() == "7, severe"


def test_caregiver_choice_is_remembered_and_recorded(window, store, data, make_window):
    window.today.recorder.setCurrentIndex(1)
    window.today.inputs["anxiety"].set_value(4)
    saved = window.today.save()
    assert saved.recorded_by is Recorder.CAREGIVER
    assert AppSettings(data).recorder is Recorder.CAREGIVER
    again = make_window()
    assert again.today.recorder.currentData() is Recorder.CAREGIVER


def test_unsaved_note_and_scores_survive_closing_the_window(window, make_window, qtbot):
    window.today.note.setPlainText("Woke at 3am, sore right side")
    window.today.inputs["pain"].set_value(6)
    window.close()
    reopened = make_window()
    assert reopened.today.note.toPlainText() == "Woke at 3am, sore right side"
    assert reopened.today.scores() == {"pain": 6}


def test_supportive_care_prompt_offers_a_ready_question(window, store):
    now = store.context().now()
    for hours in (30, 20, 10):
        entry = CheckInEntry({"pain": 8}, recorded_at=now - timedelta(hours=hours))
        assert store.run(check_in, entry) is not None
    window.today.inputs["pain"].set_value(8)
    window.today.save()
    assert "supportive care team" in window.today.result.text()
    button = window.today.result.findChild(type(window.today.save_button))
    button.click()
    button.click()  # a second click adds nothing more
    texts = [q.text for q in store.read(questions.all_questions)]
    assert len(texts) == 1 and "supportive (palliative) care" in texts[0]


def test_earlier_time_in_the_future_is_refused(window, store):
    window.today.inputs["pain"].set_value(3)
    window.today.earlier_choice.setChecked(True)
    window.today.when.setMaximumDateTime(window.today.when.dateTime().addDays(5))
    window.today.when.setDateTime(window.today.when.dateTime().addDays(2))
    assert window.today.save() is None
    assert "cannot be in the future" in window.today.result.text()
    assert store.read(checkins.count) == 0


def test_ctrl_enter_saves_even_when_the_window_is_not_active(window, store):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    window.today.inputs["pain"].set_value(3)
    press = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Enter, Qt.KeyboardModifier.ControlModifier)
    QApplication.sendEvent(window.today.inputs["pain"], press)
    assert store.read(checkins.count) == 1
