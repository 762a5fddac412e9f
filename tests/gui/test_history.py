"""History: ranges, the table model, delete and undo, entries written by another process."""

import subprocess
import sys
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QPointF, Qt

from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.domain.records import Recorder
from carecompanion.services import checkins
from carecompanion.ui.dialogs.checkin_edit import CheckInDialog, CheckInEdit
from carecompanion.ui.models.checkin_table import PAGE_SIZE, CheckInTableModel


def seed(store, days=60):
    now = store.context().now()
    for day in range(days):
        entry = CheckInEntry(
            {"pain": day % 11, "nausea": 2},
            note=f"day {day}",
            recorded_at=now - timedelta(days=day, hours=1),
        )
        assert store.run(check_in, entry) is not None


def choose(page, label):
    page.range.setCurrentIndex(page.range.findText(label))


def test_switching_ranges_changes_table_and_chart(window, store, qtbot):
    seed(store, 60)
    page = window.history
    window.show_view("history")
    choose(page, "Last 7 days")
    qtbot.waitUntil(page.chart_is_current)
    assert page.model.total == 7 and page.model.rowCount() == 7
    assert len(page.chart.data().series["pain"]) == 7
    choose(page, "Everything")
    qtbot.waitUntil(page.chart_is_current)
    assert page.model.total == 60
    assert page.summary.text() == "60 check-ins"
    page.toggles["nausea"].setChecked(False)
    qtbot.waitUntil(page.chart_is_current)
    assert set(page.chart.data().series) == {"pain"}
    assert page.model.headerData(2, Qt.Orientation.Horizontal) == "Pain"


def test_custom_dates_show_exactly_the_days_chosen(window, store, qtbot):
    zone = store.context().zone  # the zone the page reads its dates in
    for day in (date(2026, 1, 1) + timedelta(days=n) for n in range(30)):
        noon = datetime.combine(day, time(12), tzinfo=zone)  # far from midnight and clock changes
        entry = CheckInEntry({"pain": 3}, note=day.isoformat(), recorded_at=noon)
        assert store.run(check_in, entry) is not None
    page = window.history
    choose(page, "Custom dates")
    page.start.setDate(date(2026, 1, 14))
    page.end.setDate(date(2026, 1, 10))  # either order: the earlier date starts the period
    qtbot.waitUntil(page.chart_is_current)
    assert page.model.total == 5
    shown = sorted(page.model.checkin_at(row).note for row in range(page.model.rowCount()))
    assert shown == [f"2026-01-{day}" for day in range(10, 15)]


def test_chart_tooltip_names_date_score_who_and_note(window, store, qtbot):
    seed(store, 3)
    page = window.history
    window.show_view("history")
    choose(page, "Last 7 days")
    qtbot.waitUntil(page.chart_is_current)
    page.chart.repaint()
    pain = [(at, text) for at, text in page.chart.hit_points() if "Pain:" in text]
    position, _text = pain[0]
    shown = page.chart.tooltip_at(QPointF(position))
    assert "Pain: 2 (mild)" in shown and "Note: day 2" in shown
    assert "Nausea: 2 (mild)" in shown  # the same check-in's other score, at the same spot
    assert shown.count("Note: day 2") == 1
    assert page.chart.tooltip_at(QPointF(position.x(), position.y() + 200)) is None


def test_delete_then_undo(window, store, qtbot):
    seed(store, 5)
    page = window.history
    choose(page, "Last 30 days")
    qtbot.waitUntil(page.chart_is_current)
    page.table.selectRow(0)
    newest = page.selected()
    page.delete_selected()
    qtbot.waitUntil(lambda: page.model.total == 4)
    assert newest.id not in {c.id for c in store.read(checkins.between)}
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.model.total == 5)
    assert newest.id in {c.id for c in store.read(checkins.between)}


def test_edit_then_undo(window, store, monkeypatch, qtbot):
    seed(store, 2)
    page = window.history
    qtbot.waitUntil(page.chart_is_current)
    page.table.selectRow(0)
    entry = page.selected()
    changed = CheckInEdit({"pain": 9}, entry.recorded_by, entry.recorded_at, "edited", None)
    monkeypatch.setattr(CheckInDialog, "ask", classmethod(lambda cls, *a, **k: changed))
    page.edit_selected()
    assert store.read(lambda s: checkins.get(s, entry.id)).note == "edited"
    window.undo_stack.undo()
    assert store.read(lambda s: checkins.get(s, entry.id)).note == entry.note


def test_table_model_passes_the_model_tester(store, qtmodeltester):
    seed(store, 450)
    model = CheckInTableModel(store)
    model.set_query(None, None, [("pain", "Pain"), ("nausea", "Nausea")])
    assert model.rowCount() == PAGE_SIZE and model.canFetchMore()
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == 450
    moments = [model.checkin_at(r).recorded_at for r in range(model.rowCount())]
    assert moments == sorted(moments, reverse=True)


def test_caregiver_entries_are_marked(window, store, qtbot):
    assert (
        store.run(check_in, CheckInEntry({"pain": 3}, recorded_by=Recorder.CAREGIVER)) is not None
    )
    qtbot.waitUntil(window.history.chart_is_current)
    model = window.history.model
    index = model.index(0, 1)
    assert model.data(index) == "Caregiver"
    assert model.data(index, Qt.ItemDataRole.FontRole).italic()


def test_a_log_from_the_terminal_appears_when_the_window_regains_focus(window, data, qtbot):
    qtbot.waitUntil(window.history.chart_is_current)
    assert window.history.model.total == 0
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "carecompanion",
            "--data-dir",
            str(data.root),
            "log",
            "--pain",
            "4",
            "--note",
            "from the terminal",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    window.refresh_if_changed()
    qtbot.waitUntil(window.history.chart_is_current)
    assert window.history.model.total == 1
    assert "Pain 4" in window.today.earlier.text()
    assert window.store.reload_if_changed_elsewhere() is False  # nothing new the second time


def record_elsewhere(store, scores, ago, temperature_c=None):
    """A check-in written as the command line or an import writes it, not through the window."""
    now = store.context().now()
    with store.journal.write() as session:
        checkins.record(
            session, scores, recorded_at=now - ago, now=now, temperature_c=temperature_c
        )


def headers(model):
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def test_scores_of_a_symptom_switched_off_show_in_table_toggles_and_chart(window, store, qtbot):
    seed(store, 3)  # pain and nausea only; shortness of breath is not switched on
    record_elsewhere(store, {"breathless": 9}, timedelta(days=40), temperature_c=38.3)
    window.refresh_if_changed()
    page = window.history
    choose(page, "Last 30 days")
    qtbot.waitUntil(page.chart_is_current)
    assert "breathless" not in page.toggles  # not scored in these 30 days
    assert "Shortness of breath" not in headers(page.model)
    choose(page, "Last 90 days")
    qtbot.waitUntil(page.chart_is_current)
    assert list(page.toggles)[-1] == "breathless"  # after the ones switched on
    assert "switched off in Settings" in page.toggles["breathless"].toolTip()
    assert "Shortness of breath" in headers(page.model)
    column = headers(page.model).index("Shortness of breath")
    row = next(
        r
        for r in range(page.model.rowCount())
        if page.model.checkin_at(r).scores == {"breathless": 9}
    )
    assert page.model.index(row, column).data() == "9 severe"
    assert [p.value for p in page.chart.data().series["breathless"]] == [9]
    assert page.chart.data().labels["breathless"] == "Shortness of breath"
    # The temperature at or above the profile's fever threshold says so in words.
    vitals = page.model.index(row, page.model.vitals_column)
    assert vitals.data() == "38.3 °C fever"
    assert "at or above the fever threshold of 38.0 °C" in vitals.data(Qt.ItemDataRole.ToolTipRole)
    page.toggles["breathless"].setChecked(False)
    qtbot.waitUntil(page.chart_is_current)
    assert "breathless" not in page.chart.data().series
    assert "Shortness of breath" not in headers(page.model)


def test_a_temperature_below_the_threshold_is_not_called_a_fever(window, store, qtbot):
    record_elsewhere(store, {"pain": 1}, timedelta(hours=1), temperature_c=37.9)
    window.refresh_if_changed()
    qtbot.waitUntil(window.history.chart_is_current)
    model = window.history.model
    assert model.index(0, model.vitals_column).data() == "37.9 °C"


def test_every_series_has_its_own_marker_or_dash_as_well_as_colour(window, store, qtbot):
    from carecompanion.domain.symptoms import OPTIONAL_SYMPTOMS
    from carecompanion.services import symptoms
    from carecompanion.ui.widgets.trend_chart import MARKERS, series_style

    now = store.context().now()
    with store.journal.write() as session:
        for symptom in OPTIONAL_SYMPTOMS:
            symptoms.set_active(session, symptom.key, True, now)
        symptoms.add_custom(session, "tingling hands", now)
    keys = [s.key for s in store.read(symptoms.active)]
    assert len(keys) == 13
    for day in range(400):  # more points than get a marker each: the dense drawing
        record_elsewhere(
            store, {k: (day + i) % 11 for i, k in enumerate(keys)}, timedelta(days=day)
        )
    window.refresh_if_changed()
    page = window.history
    window.show_view("history")
    choose(page, "Last 30 days")
    qtbot.waitUntil(page.chart_is_current)
    assert list(page.toggles) == keys
    styles = page.chart.data().styles
    drawn = [(styles[k].colour.name(), styles[k].marker, styles[k].dashed) for k in keys]
    assert len(set(drawn)) == 13  # no two series look alike
    assert len({(c, m) for c, m, _ in drawn}) == 13  # even without the dashes
    # Pain and the 13th series share a colour (12 in the palette), never a shape.
    assert drawn[0][0] == drawn[12][0] and drawn[0][1:] != drawn[12][1:]
    assert {m for _, m, _ in drawn} == set(MARKERS)
    for index, key in enumerate(keys):  # the legend beside each toggle names the same style
        box = page.toggles[key]
        assert styles[key] == series_style(index)
        assert not box.icon().isNull()
        assert f"On the chart: {series_style(index).words}." in box.toolTip()
    page.chart.repaint()  # every marker shape drawn
    choose(page, "Last year")
    qtbot.waitUntil(page.chart_is_current)
    page.chart.repaint()  # dense: a few markers per series
    assert sum(len(v) for v in page.chart.data().series.values()) > 1200


def test_the_vitals_heading_is_short_with_the_words_in_full_on_hover(window, store, qtbot):
    record_elsewhere(store, {"pain": 2}, timedelta(hours=1), temperature_c=38.3)
    window.refresh_if_changed()
    page = window.history
    qtbot.waitUntil(page.chart_is_current)
    model = page.model
    assert model.index(0, model.vitals_column).data() == "38.3 °C fever"
    column = model.vitals_column
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Temp., weight"
    full = model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert full.startswith("Temperature and weight")
    metrics = page.table.fontMetrics()
    width = page.table.horizontalHeader().sectionSize(column)
    assert width >= metrics.horizontalAdvance("Temp., weight")
    assert width >= metrics.horizontalAdvance(model.index(0, column).data())  # "38.3 °C fever"
