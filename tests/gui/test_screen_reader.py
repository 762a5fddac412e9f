"""What a screen reader is told: the 0-10 control is a named slider with a value, and the flags
a save raised are announced (offscreen, through the same QAccessible interfaces the platform
bridges read)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QAccessible, QWheelEvent
from PySide6.QtWidgets import QApplication

from carecompanion.actions.settings import SettingsChange, save_settings
from carecompanion.domain.records import Profile
from carecompanion.domain.symptoms import CORE_SYMPTOMS
from carecompanion.services import profile
from carecompanion.ui.widgets import announce as announcing
from carecompanion.ui.widgets.score_input import ScoreInput

TEXT = QAccessible.Text


@pytest.fixture
def box(qtbot):
    made = ScoreInput(CORE_SYMPTOMS[0])
    qtbot.addWidget(made)
    made.show()
    return made


def test_the_score_control_is_a_named_slider_from_0_to_10(box):
    face = QAccessible.queryAccessibleInterface(box)
    assert face is not None
    assert face.role() == QAccessible.Role.Slider
    symptom = CORE_SYMPTOMS[0]
    assert face.text(TEXT.Name) == (
        f"{symptom.label}, 0 {symptom.best_anchor} to 10 {symptom.worst_anchor}"
    )
    value = face.valueInterface()
    assert value is not None
    assert (value.minimumValue(), value.maximumValue(), value.minimumStepSize()) == (0, 10, 1)
    assert face.text(TEXT.Description) == "not rated"
    assert face.state().focusable


def test_the_value_and_its_words_follow_the_score(box, qtbot):
    face = QAccessible.queryAccessibleInterface(box)
    for score, words in ((5, "5, moderate"), (2, "2, mild"), (7, "7, severe"), (0, "0, none")):
        box.set_value(score)
        assert face.valueInterface().currentValue() == score
        assert face.text(TEXT.Description) == words
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Right)
    assert face.valueInterface().currentValue() == 1
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    assert box.value() is None
    assert face.text(TEXT.Description) == "not rated"


def test_a_screen_reader_can_set_the_score(box, qtbot):
    face = QAccessible.queryAccessibleInterface(box)
    with qtbot.waitSignal(box.value_changed) as changed:
        face.valueInterface().setCurrentValue(6)
    assert changed.args == [6]
    assert box.value() == 6
    assert face.text(TEXT.Description) == "6, moderate"


def test_the_mouse_wheel_scrolls_past_without_changing_the_score(box):
    box.set_value(3)
    wheel = QWheelEvent(
        QPointF(10, 10),
        QPointF(box.mapToGlobal(QPoint(10, 10))),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(box, wheel)
    assert box.value() == 3
    assert not wheel.isAccepted()


class Recorder:
    """Stands in for QAccessible in the announce module: keeps what would have been said."""

    AnnouncementPoliteness = QAccessible.AnnouncementPoliteness
    Event = QAccessible.Event

    def __init__(self) -> None:
        self.said: list[tuple[str, object]] = []

    def updateAccessibility(self, event) -> None:
        self.said.append((event.message(), event.politeness()))


@pytest.fixture
def said(monkeypatch):
    recorder = Recorder()
    monkeypatch.setattr(announcing, "QAccessible", recorder)
    return recorder.said


@pytest.mark.qt_log_ignore("does not support propagateSizeHints")
def test_flags_after_saving_are_announced_assertively_for_call_now(window, store, said):
    nurse = profile.new_contact("Nurse line", "24-hour", "020 7946 0123", around_the_clock=True)
    store.run(save_settings, SettingsChange(Profile(contacts=(nurse,), emergency_number="999")))
    today = window.today
    today.temperature.setText("38.4")
    assert today.save() is not None
    assert len(said) == 1
    message, politeness = said[0]
    assert politeness == QAccessible.AnnouncementPoliteness.Assertive
    assert "Call now" in message
    assert "Temperature 38.4" in message
    assert "020 7946 0123" in message
    # Readers without announcements find the same words in the result's description.
    face = QAccessible.queryAccessibleInterface(today.result)
    assert face.text(TEXT.Description) == message


def test_a_quiet_save_is_announced_politely(window, said):
    today = window.today
    today.inputs["pain"].set_value(2)
    assert today.save() is not None
    message, politeness = said[-1]
    assert message.startswith("Saved at ")
    assert politeness == QAccessible.AnnouncementPoliteness.Polite


def test_announce_sends_a_real_event_without_failing(qtbot):
    from PySide6.QtWidgets import QLabel, QWidget

    holder = QWidget()
    qtbot.addWidget(holder)
    QLabel("Saved at 10:00", holder)
    QLabel("Call now", holder)
    assert announcing.announce(holder) == "Saved at 10:00. Call now."
    assert holder.accessibleDescription() == "Saved at 10:00. Call now."
    assert announcing.announce(holder, "") == ""


def test_the_value_text_says_not_rated_apart_from_a_real_0(box, qtbot):
    face = QAccessible.queryAccessibleInterface(box)
    assert face.text(TEXT.Value) == "not rated"
    box.set_value(0)
    assert face.text(TEXT.Value) == "0, none"
    box.set_value(7)
    assert face.text(TEXT.Value) == "7, severe"
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Delete)
    assert face.text(TEXT.Value) == "not rated"
    # The numeric interface has no "no value" a bridge could pass on: 0, told apart by the text.
    assert face.valueInterface().currentValue() == 0


def test_the_value_interface_is_reached_the_way_the_platform_bridges_reach_it(box):
    from shiboken6 import VoidPtr

    face = QAccessible.queryAccessibleInterface(box)
    # valueInterface() is a C++ cast through interface_cast, as in the AT-SPI and UIA bridges.
    address = face.interface_cast(QAccessible.InterfaceType.ValueInterface)
    assert isinstance(address, VoidPtr) and int(address) != 0
    value = face.valueInterface()
    value.setCurrentValue(4.4)
    assert box.value() == 4
    assert face.text(TEXT.Value) == "4, moderate"
    assert face.text(TEXT.Description) == "4, moderate"


def test_clearing_a_0_still_tells_readers_the_value_changed(box, monkeypatch):
    from carecompanion.ui.widgets import score_input

    sent: list[object] = []

    class Recorder:
        Text = QAccessible.Text
        InterfaceType = QAccessible.InterfaceType
        Role = QAccessible.Role

        @staticmethod
        def updateAccessibility(event) -> None:
            sent.append(event.type())

    box.set_value(0)
    monkeypatch.setattr(score_input, "QAccessible", Recorder)
    box.set_value(None)
    assert QAccessible.Event.ValueChanged in sent
