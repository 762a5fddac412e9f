"""History reads each period on a worker: only the period chosen last is shown, one read runs at
a time, an error reaches the person, the page says quietly that it is reading, and rows from
before a change are not acted on. Reads are held at a gate, so every moment in between is seen."""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta

import pytest

from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.actions.medications import add_medication, log_dose
from carecompanion.domain.records import Dose, Medication, Recorder
from carecompanion.services import checkins
from carecompanion.ui.pages import history, history_load
from carecompanion.ui.widgets import dose_picture
from carecompanion.ui.widgets.chart_picture import READING
from carecompanion.ui.widgets.dose_strip import DoseData, DoseStrip, Lane


def seed(store, days):
    now = store.context().now()
    for day in range(days):
        entry = CheckInEntry(
            {"pain": day % 11}, note=f"day {day}", recorded_at=now - timedelta(days=day, hours=1)
        )
        assert store.run(check_in, entry) is not None


def choose(page, label):
    page.range.setCurrentIndex(page.range.findText(label))


class Gate:
    """Stands in for `read_period`: counts reads and holds each at the gate until let through."""

    def __init__(self, monkeypatch, *, held: bool = True) -> None:
        self.reads = 0
        self.open = threading.Event()
        if not held:
            self.open.set()
        monkeypatch.setattr(history, "read_period", self)

    def __call__(self, session, request):
        self.reads += 1
        assert self.open.wait(timeout=30), "the test never let the read through"
        return history_load.read_period(session, request)


@pytest.fixture
def shown(window, store, qtbot):
    seed(store, 60)
    page = window.history
    window.show_view("history")
    qtbot.waitUntil(page.chart_is_current)
    return page


def test_switching_quickly_shows_the_last_period_chosen_never_an_earlier_one(
    shown, qtbot, monkeypatch
):
    page = shown
    gate = Gate(monkeypatch)
    totals: list[int] = []
    page.model.modelReset.connect(lambda: totals.append(page.model.total))
    choose(page, "Everything")
    qtbot.waitUntil(lambda: gate.reads == 1)  # read, and held
    choose(page, "Last 7 days")
    choose(page, "Last 30 days")
    assert not page.chart_is_current()
    gate.open.set()
    qtbot.waitUntil(page.chart_is_current)
    assert totals == [30]  # ten years were read, never shown
    assert gate.reads == 2  # one read at a time; the 7 days were never read
    assert page.summary.text() == "30 check-ins"
    notes = {page.model.checkin_at(row).note for row in range(page.model.rowCount())}
    assert notes == {f"day {day}" for day in range(30)}
    assert len(page.chart.data().series["pain"]) == 30


def test_an_error_while_reading_reaches_the_person_and_the_next_period_still_comes(
    shown, qtbot, monkeypatch
):
    page = shown

    def broken(session, request):
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(history, "read_period", broken)
    with qtbot.captureExceptions() as raised:
        choose(page, "Last 7 days")
        qtbot.waitUntil(lambda: len(raised) > 0)
    assert isinstance(raised[0][1], RuntimeError)
    assert not page.chart_is_current()
    monkeypatch.setattr(history, "read_period", history_load.read_period)
    choose(page, "Last 90 days")
    qtbot.waitUntil(page.chart_is_current)
    assert page.model.total == 60


def test_the_page_says_it_is_reading_until_the_first_period_arrives(
    window, store, qtbot, monkeypatch
):
    seed(store, 3)
    gate = Gate(monkeypatch)
    page = window.history
    window.show_view("history")
    qtbot.waitUntil(lambda: gate.reads == 1)
    assert page.chart.data() is None  # the chart draws READING in the secondary colour
    assert page.table.placeholder() == READING and page.model.rowCount() == 0
    # The toggles and the table's columns are in place already; rows fill them in.
    assert list(page.toggles) == [key for key, _ in page.model._symptoms]
    assert not page.empty_state.isVisible()
    gate.open.set()
    qtbot.waitUntil(page.chart_is_current)
    assert page.model.rowCount() == 3 and page.summary.text() == "3 check-ins"
    choose(page, "Custom dates")
    page.start.setDate(page.start.date().addYears(-3))
    page.end.setDate(page.start.date().addDays(5))
    qtbot.waitUntil(page.chart_is_current)
    assert page.model.rowCount() == 0
    assert page.table.placeholder() == history.NONE_IN_PERIOD


def test_a_journal_without_check_ins_says_so_at_once(window, qtbot, monkeypatch):
    gate = Gate(monkeypatch)
    page = window.history
    window.show_view("history")
    assert page.empty_state.isVisible() and not page.splitter.isVisible()
    qtbot.waitUntil(lambda: gate.reads == 1)
    gate.open.set()
    qtbot.waitUntil(page.chart_is_current)
    assert page.empty_state.isVisible() and not page.splitter.isVisible()


def test_rows_from_before_a_change_are_not_deleted_again_while_it_is_read(
    shown, store, qtbot, monkeypatch
):
    page = shown
    page.table.selectRow(0)
    newest = page.selected()
    gate = Gate(monkeypatch)
    page.delete_selected()
    qtbot.waitUntil(lambda: gate.reads == 1)
    assert page.selected() is None  # its row is still on screen, but deleted
    page.delete_selected()  # a second press of Delete: nothing
    assert page.undo.count() == 1
    gate.open.set()
    qtbot.waitUntil(page.chart_is_current)
    assert page.model.total == 29 and newest.id not in {
        page.model.checkin_at(r).id for r in range(page.model.rowCount())
    }
    assert store.read(checkins.count) == 59


def test_the_chart_and_strip_of_a_period_are_drawn_on_the_worker_not_on_the_window(
    window, store, qtbot, monkeypatch
):
    seed(store, 60)
    now = store.context().now()
    medicine = Medication(
        id=uuid.uuid4(),
        name="Morphine MR 20 mg",
        start_date=now.date() - timedelta(days=400),
        as_needed=False,  # a lane only where it has doses
    )
    store.run(add_medication, medicine)
    store.run(log_dose, medicine.id, now - timedelta(days=45), Recorder.PATIENT)
    drawn_here: list[str] = []  # pictures of data drawn by the window itself
    for kind in (history.TrendChart, DoseStrip):
        original = kind._draw

        def counted(self, device, original=original, kind=kind):
            if self.data() is not None:
                drawn_here.append(kind.__name__)
            original(self, device)

        monkeypatch.setattr(kind, "_draw", counted)
    window.resize(1280, 1000)  # room for the whole page, so its height is the splitter's
    page = window.history
    window.show_view("history")
    qtbot.waitUntil(page.chart_is_current)
    page.chart.repaint()
    assert not page.doses.strip.isVisibleTo(page)  # no doses in the last 30 days
    choose(page, "Last 90 days")  # the strip appears under the chart: the chart is shorter
    qtbot.waitUntil(page.chart_is_current)
    page.chart.repaint()
    page.doses.strip.repaint()
    assert page.doses.strip.isVisible()
    assert drawn_here == []


def test_the_strip_drawn_on_a_worker_is_the_strip_drawn_in_the_window(window, store, qtbot):
    now = store.context().now()
    medicine = Medication(
        id=uuid.uuid4(), name="Ondansetron 4 mg", start_date=now.date(), as_needed=True
    )
    doses = [
        Dose(uuid.uuid4(), medicine.id, now - timedelta(hours=h), Recorder.PATIENT)
        for h in (1, 30, 31, 100)
    ]
    data = DoseData(now - timedelta(days=7), now, [Lane(medicine, doses)], store.context().zone)
    here, there = DoseStrip(), DoseStrip()
    for strip in (here, there):
        qtbot.addWidget(strip)
        strip.resize(640, 10)
    here.set_data(data)
    there.set_data(data, dose_picture.prepare(there.canvas(width=640), data))
    assert here.size() == there.size()

    assert here.grab().toImage() == there.grab().toImage()
    assert here.marks() == there.marks()
