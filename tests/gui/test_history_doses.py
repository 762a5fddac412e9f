"""History's doses: markers under the chart with tooltips, the doses table, edit and delete
with undo. The clock is stopped at noon so that "the last 7 days" never moves under a test."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent

from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.actions.medications import add_medication, log_dose
from carecompanion.domain.records import Medication, Recorder
from carecompanion.services import medications
from carecompanion.ui.dialogs.dose_edit import DoseDialog
from carecompanion.ui.widgets.dose_strip import DoseStrip


@pytest.fixture
def at_noon(store):
    zone = store.context().zone
    noon = datetime.combine(datetime.now(zone).date(), time(12), tzinfo=zone)
    store.clock = lambda: noon.astimezone(UTC)
    store._context = None
    return noon


def medicine(store, name, as_needed=True, stop_date=None) -> Medication:
    made = Medication(
        id=uuid.uuid4(),
        name=name,
        start_date=date(2025, 1, 1),
        as_needed=as_needed,
        purpose="pain",
        min_hours=2.0 if as_needed else None,
        stop_date=stop_date,
    )
    return store.run(add_medication, made).value


@pytest.fixture
def journal_with_doses(at_noon, store):
    store.run(check_in, CheckInEntry({"pain": 5}, recorded_at=at_noon - timedelta(days=3)))
    oramorph = medicine(store, "Oramorph 10 mg")
    ondansetron = medicine(store, "Ondansetron 4 mg")
    regular = medicine(store, "Morphine MR 20 mg", as_needed=False)
    first = store.run(log_dose, oramorph.id, at_noon - timedelta(days=2), Recorder.CAREGIVER)
    store.run(log_dose, oramorph.id, at_noon - timedelta(hours=5), Recorder.PATIENT)
    store.run(log_dose, ondansetron.id, at_noon - timedelta(days=1), Recorder.PATIENT)
    return {"oramorph": oramorph, "regular": regular, "first": first.value.dose}


def history_of(window, qtbot, label="Last 7 days"):
    page = window.history
    window.show_view("history")
    page.range.setCurrentIndex(page.range.findText(label))
    qtbot.waitUntil(page.chart_is_current)
    return page


def all_doses(store):
    return store.read(medications.doses_between)


def test_one_lane_per_medication_with_doses_and_tooltips(journal_with_doses, window, qtbot):
    page = history_of(window, qtbot)
    strip = page.doses.strip
    assert strip.isVisibleTo(page)
    lanes = strip.data().lanes
    # The regular medicine has no doses: no lane. Ongoing as-needed ones always have one.
    assert [lane.medication.name for lane in lanes] == ["Ondansetron 4 mg", "Oramorph 10 mg"]
    assert [len(lane.doses) for lane in lanes] == [1, 2]
    assert strip.accessibleDescription() == "Ondansetron 4 mg: 1 dose; Oramorph 10 mg: 2 doses"
    marks = strip.marks()
    assert len(marks) == 3
    zone = window.store.context().zone
    first = journal_with_doses["first"].taken_at.astimezone(zone)
    expected = f"Oramorph 10 mg\n{first:%a %d %b %Y, %H:%M}\nRecorded by the caregiver"
    where = next(at for at, text in marks if text == expected)
    assert strip.tooltip_at(where) == expected
    assert strip.tooltip_at(QPointF(where.x(), where.y() + 40)) is None  # another lane, empty


def test_marks_sit_under_the_moment_on_the_charts_axis(journal_with_doses, window, qtbot):
    page = history_of(window, qtbot)
    strip, chart = page.doses.strip, page.chart
    assert strip.width() == chart.width()
    data = strip.data()
    left, right = (
        chart._plot_area(0).left(),
        chart._plot_area(0).right(),
    )
    for at, _text in strip.marks():
        assert left <= at.x() <= right
    # The newest dose (5 hours before "now", the end of the period) is near the right edge.
    newest = max(at.x() for at, _ in strip.marks())
    span = (data.until - data.since).total_seconds()
    assert newest == pytest.approx(left + (right - left) * (1 - 5 * 3600 / span), abs=1.0)


def test_a_click_on_a_mark_picks_the_dose_in_the_table(journal_with_doses, window, qtbot):
    page = history_of(window, qtbot)
    strip = page.doses.strip
    where, _ = strip.marks()[0]
    press = QMouseEvent(
        QEvent.Type.MouseButtonPress,
        where,
        strip.mapToGlobal(where),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    strip.mousePressEvent(press)
    assert page.showing_doses()
    picked = page.doses.selected()
    assert picked is not None and picked.medication_id == strip.data().lanes[0].medication.id


def test_the_doses_table_lists_them_newest_first(journal_with_doses, window, qtbot):
    page = history_of(window, qtbot)
    model = page.doses.model
    assert page.tabs.tabText(1) == "Doses (3)"
    assert [model.text(model.dose_at(r), 1) for r in range(3)] == [
        "Oramorph 10 mg",
        "Ondansetron 4 mg",
        "Oramorph 10 mg",
    ]
    assert model.text(model.dose_at(2), 2) == "Caregiver"


def test_edit_a_doses_time_and_recorder_then_undo(journal_with_doses, window, store, qtbot):
    page = history_of(window, qtbot)
    first = journal_with_doses["first"]
    page.show_doses()
    page.doses.select(first)
    moved = first.taken_at - timedelta(minutes=30)

    def ask(cls, dose, medicine, parent=None, ctx=None):
        assert medicine == "Oramorph 10 mg"
        return type(dose)(dose.id, dose.medication_id, moved, Recorder.PATIENT)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DoseDialog, "ask", classmethod(ask))
        page.edit_button.click()  # the tab decides what Edit… edits
    qtbot.waitUntil(page.chart_is_current)
    saved = next(d for d in all_doses(store) if d.id == first.id)
    assert (saved.taken_at, saved.recorded_by) == (moved, Recorder.PATIENT)
    window.undo_stack.undo()
    qtbot.waitUntil(page.chart_is_current)
    saved = next(d for d in all_doses(store) if d.id == first.id)
    assert (saved.taken_at, saved.recorded_by) == (first.taken_at, Recorder.CAREGIVER)


def test_delete_a_dose_from_the_keyboard_then_undo(journal_with_doses, window, store, qtbot):
    page = history_of(window, qtbot)
    page.show_doses()
    table = page.doses.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    table.selectRow(0)
    newest = page.doses.selected()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert newest.id not in {d.id for d in all_doses(store)}
    qtbot.waitUntil(page.chart_is_current)
    assert len(page.doses.strip.marks()) == 2
    assert window.undo_stack.undoText() == "Delete dose of Oramorph 10 mg"
    window.undo_stack.undo()
    assert newest.id in {d.id for d in all_doses(store)}
    qtbot.waitUntil(page.chart_is_current)
    assert len(page.doses.strip.marks()) == 3


def test_a_dose_edited_into_the_future_is_refused_beside_the_time(at_noon, store, qtbot):
    med = medicine(store, "Oramorph 10 mg")
    dose = store.run(log_dose, med.id, at_noon - timedelta(hours=1), Recorder.PATIENT).value.dose
    dialog = DoseDialog(dose, med.name, None, store.context())
    qtbot.addWidget(dialog)
    dialog.when.setMaximumDateTime(dialog.when.dateTime().addDays(5))
    dialog.when.setDateTime(dialog.when.dateTime().addDays(2))
    dialog.try_accept()
    assert not dialog.errors["time"].isHidden()
    assert "future" in dialog.errors["time"].text()


def test_no_lanes_and_no_strip_without_medicines(at_noon, window, store, qtbot):
    store.run(check_in, CheckInEntry({"pain": 2}))
    page = history_of(window, qtbot)
    assert not page.doses.strip.isVisibleTo(page)
    assert isinstance(page.doses.strip, DoseStrip)
    assert page.tabs.tabText(1) == "Doses"
