"""The check-in page, driven from the keyboard as a patient would."""

from datetime import UTC, datetime, time, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.actions.settings import SettingsChange, save_settings
from carecompanion.domain.flags import Tier
from carecompanion.domain.records import Profile, Recorder, WeightUnit
from carecompanion.services import checkins, profile, questions
from carecompanion.ui.dialogs.call_now import TIER_COLOURS, CallNowDialog
from carecompanion.ui.pages.today import BAND_LABEL_COLOURS
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
    assert "• Pain is 8 of 10, severe (7 or more)." in shown
    assert (
        "• Nausea is 5 of 10, now moderate (4 or more); usual 1, from 1 check-in over 28 days."
        in shown
    )
    assert "Tiredness (fatigue) is 10 of 10" in shown
    assert "Anxiety" not in shown  # 3 with no usual level raises nothing
    assert "Call your care team today: Nurse line 020 7946 0123." in shown
    # Grouped by tier, most urgent first, each in its words.
    assert shown.index("Call your care team today\n") < shown.index(
        "Tell your team at your next contact\n"
    )
    assert shown.index("Pain is 8") < shown.index("Tell your team") < shown.index("Nausea is 5")
    assert list(today.result.tier_labels) == [Tier.TODAY, Tier.NEXT_CONTACT]
    assert "baseline" not in shown.lower()
    assert today.result.call_now_button is None  # only a call-now flag offers the list
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
    assert "Give at least one symptom a score from 0 to 10, or a temperature or weight" in (
        window.today.result.text()
    )
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
    add, not_now = window.today.result.prompt_buttons
    assert add.text() == "Add the question" and not_now.text() == "Not now"
    add.click()
    add.click()  # a second click adds nothing more
    texts = [q.text for q in store.read(questions.all_questions)]
    assert len(texts) == 1 and "supportive (palliative) care" in texts[0]


def test_not_now_hides_the_supportive_prompt_for_14_days(window, store):
    now = store.context().now()
    for hours in (30, 20, 10):
        entry = CheckInEntry({"pain": 8}, recorded_at=now - timedelta(hours=hours))
        assert store.run(check_in, entry) is not None
    window.today.inputs["pain"].set_value(8)
    window.today.save()
    _add, not_now = window.today.result.prompt_buttons
    not_now.click()
    assert "not suggest this again for 14 days" in window.today.result.text()
    assert store.read(profile.get).supportive_prompt_dismissed_at is not None
    window.today.inputs["pain"].set_value(8)
    window.today.save()
    assert "supportive care team" not in window.today.result.text()
    assert window.today.result.prompt_buttons == []


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


def save_profile(store, **fields):
    nurse = profile.new_contact(
        "Nurse line", "24-hour advice", "020 7946 0123", around_the_clock=True
    )
    doctor = profile.new_contact("Dr Shah", "Oncologist", "020 7946 0456")
    change = SettingsChange(Profile(contacts=(doctor, nurse), **fields))
    assert store.run(save_settings, change) is not None


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen dialogs
def test_a_fever_is_call_now_with_the_numbers_and_the_list(window, store, qtbot):
    save_profile(store, emergency_number="999")
    today = window.today
    today.temperature.setText("38.0")
    assert today.save() is not None
    with store.journal.read() as session:
        assert checkins.latest(session, 1)[0].temperature_c == 38.0
    shown = today.result.text()
    assert "Call now\n• Temperature 38.0 °C, at or above the fever threshold of 38.0 °C." in shown
    assert "Call your care team's 24-hour line now: Nurse line 020 7946 0123." in shown
    assert "If you cannot reach them, call 999." in shown
    assert "you are fine" not in shown.lower()
    header = today.result.tier_labels[Tier.CALL_NOW]
    assert header.text() == "Call now"
    assert any(
        bg.lower() in header.styleSheet().lower() for _, bg in TIER_COLOURS[Tier.CALL_NOW].values()
    )
    today.result.call_now_button.click()
    dialog = today.call_now_dialog
    assert isinstance(dialog, CallNowDialog) and dialog.isVisible()
    listed = dialog.text.text()
    assert "38.0 °C (100.4 °F)" in listed and "A painful, swollen leg" in listed
    assert listed.index("Nurse line") < listed.index("999") < listed.index("Dr Shah")
    dialog.close()
    assert today.temperature.text() == ""  # cleared for the next check-in


def test_37_9_is_quietly_saved_at_the_default_threshold(window):
    today = window.today
    today.temperature.setText("37.9")
    assert today.save() is not None
    assert "call" not in today.result.text().lower()


def test_the_fever_threshold_follows_the_profile(window, store):
    save_profile(store, fever_threshold_c=37.5)
    today = window.today
    today.temperature.setText("37.4")
    today.save()
    assert "call" not in today.result.text().lower()
    today.temperature.setText("37.5")
    today.save()
    assert "Call now" in today.result.text()
    assert "at or above the fever threshold of 37.5 °C" in today.result.text()


def test_a_temperature_out_of_range_is_refused_naming_the_field(window, store):
    today = window.today
    today.inputs["pain"].set_value(3)
    today.temperature.setText("45")
    assert today.save() is None
    shown = today.result.text()
    assert (
        "Not saved. temperature: '45' is not allowed; a temperature from 34.0 to 43.0 °C" in shown
    )
    assert store.read(checkins.count) == 0
    assert today.temperature.text() == "45" and today.scores() == {"pain": 3}  # nothing lost


def test_weight_is_typed_in_the_profiles_unit(window, store):
    save_profile(store, weight_unit=WeightUnit.LB)
    today = window.today
    assert "lb" in today.weight.placeholderText()
    today.weight.setText("135")
    assert today.save() is not None
    with store.journal.read() as session:
        assert abs(checkins.latest(session, 1)[0].weight_kg - 61.23) < 0.01
    assert "weight 135.0 lb" in today.earlier.text()


def test_next_contact_suggests_no_call(window, store):
    now = store.context().now()
    for hours in (40, 30):
        entry = CheckInEntry({"nausea": 1}, recorded_at=now - timedelta(hours=hours))
        assert store.run(check_in, entry) is not None
    window.today.inputs["nausea"].set_value(4)
    window.today.save()
    shown = window.today.result.text()
    assert "Tell your team at your next contact" in shown
    assert "usual 1, median of 2 check-ins over 7 days" in shown
    assert "call" not in shown.lower()


def contrast(a, b):
    def luminance(hex_colour):
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_tier_and_band_colours_meet_wcag_aa_in_light_and_dark():
    for table in (TIER_COLOURS, BAND_LABEL_COLOURS):
        for schemes in table.values():
            assert set(schemes) == {False, True}  # a light and a dark value
            for text, background in schemes.values():
                assert contrast(text, background) >= 4.5, (text, background)


@pytest.fixture
def at_noon(store):
    """The store's clock stopped at noon today in the journal's zone, so that check-ins from
    minutes or hours ago fall on the same day whenever the suite runs (midnight included)."""
    zone = store.context().zone
    noon = datetime.combine(datetime.now(zone).date(), time(12), tzinfo=zone)
    store.clock = lambda: noon.astimezone(UTC)
    store._context = None  # the context is made again with the stopped clock
    return noon


def record_elsewhere(store, scores, ago, temperature_c=None):
    """A check-in written as the command line or an import writes it, not through Today."""
    now = store.context().now()
    with store.journal.write() as session:
        return checkins.record(
            session, scores, recorded_at=now - ago, now=now, temperature_c=temperature_c
        )


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen dialogs
def test_a_call_now_checkin_saved_elsewhere_shows_its_tier_and_a_standing_note(
    at_noon, window, store
):
    save_profile(store, emergency_number="999")
    today = window.today
    assert today.banner.isHidden()
    saved = record_elsewhere(store, {"breathless": 9}, timedelta(minutes=2), temperature_c=38.3)
    window.refresh_if_changed()  # as when the window regains focus
    earlier = today.earlier.accessibleDescription()
    assert "Shortness of breath 9, temperature 38.3 °C — Call now" in earlier
    assert "Call now" in today.earlier.text()
    assert not today.banner.isHidden()
    assert today.banner.tier_label.text() == "Call now"
    local = saved.recorded_at.astimezone(store.context().zone)
    shown = today.banner.text()
    assert f"at {local:%H:%M}" in shown
    assert "Shortness of breath is 9 of 10" in shown and "Temperature 38.3 °C" in shown
    assert "Nurse line 020 7946 0123" in shown and "call 999" in shown
    assert "24 hours after that check-in" in shown
    assert today.result.isHidden()  # the window did not save it, yet it still tells
    today.banner.call_now_button.click()
    assert isinstance(today.call_now_dialog, CallNowDialog)
    assert today.call_now_dialog.isVisible()
    today.call_now_dialog.close()


def test_one_standing_note_for_many_flagged_checkins_the_most_urgent_first(at_noon, window, store):
    record_elsewhere(store, {"pain": 8}, timedelta(minutes=3))
    record_elsewhere(store, {"breathless": 8}, timedelta(minutes=2))
    record_elsewhere(store, {"pain": 9}, timedelta(minutes=1))
    window.refresh_if_changed()
    today = window.today
    banners = today.findChildren(type(today.banner))
    assert len([b for b in banners if not b.isHidden()]) == 1
    assert today.banner.tier_label.text() == "Call now"  # not the later "today" one
    earlier = today.earlier.accessibleDescription().split("\n")
    assert earlier[0].endswith("Pain 9 — Call your care team today")
    assert earlier[1].endswith("Shortness of breath 8 — Call now")
    assert earlier[2].endswith("Pain 8 — Call your care team today")


def test_the_standing_note_goes_after_24_hours(at_noon, window, store):
    record_elsewhere(store, {"breathless": 9}, timedelta(hours=24, minutes=5))
    window.refresh_if_changed()
    today = window.today
    assert today.banner.isHidden()
    record_elsewhere(store, {"nausea": 8}, timedelta(hours=23))
    window.refresh_if_changed()
    assert not today.banner.isHidden()
    assert today.banner.tier_label.text() == "Call your care team today"
    assert today.banner.call_now_button.isHidden()  # the call-now list is for tier 1
    assert "Nausea is 8 of 10, severe" in today.banner.text()
    # Goes an hour from now (times are stored to the second, and a second is added).
    assert 0 < today._banner_timer.remainingTime() <= (60 * 60 + 3) * 1000


def test_a_quiet_checkin_shows_no_tier_and_no_note(at_noon, window, store):
    record_elsewhere(store, {"pain": 2}, timedelta(minutes=1))
    window.refresh_if_changed()
    assert window.today.banner.isHidden()
    assert "—" not in window.today.earlier.accessibleDescription()
