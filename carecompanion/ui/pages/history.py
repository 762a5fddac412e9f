"""History: the trend chart with dose markers under it, and the tables of check-ins and doses
over a chosen period, with edit and undo.

A period is read and drawn on one worker (`history_load`); the page shows it in one step when
it arrives, and only the period chosen last: changes made meanwhile are gathered into the next
read. Until the first period arrives the chart and the table say, quietly, that the journal is
being read.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import SIGNAL, QDate, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carecompanion.actions import Change
from carecompanion.actions import checkins as checkin_actions
from carecompanion.actions.checkins import CheckInEntry
from carecompanion.domain.records import CheckIn
from carecompanion.domain.symptoms import Symptom
from carecompanion.domain.times import day_bounds
from carecompanion.services import checkins, profile, symptoms
from carecompanion.ui.dialogs.checkin_edit import CheckInDialog
from carecompanion.ui.keyboard import table_keys
from carecompanion.ui.models.checkin_table import CheckInTableModel
from carecompanion.ui.pages.history_doses import HistoryDoses
from carecompanion.ui.pages.history_load import PeriodView, Request, read_period
from carecompanion.ui.store import CHECKINS, SYMPTOMS, TREATMENTS, Store
from carecompanion.ui.undo import do_undoable
from carecompanion.ui.widgets.chart_picture import READING
from carecompanion.ui.widgets.common import Page, clear_layout, date_edit, heading, muted, to_date
from carecompanion.ui.widgets.flow_layout import FlowLayout, flow_of, keep_together
from carecompanion.ui.widgets.quiet_table import QuietTable
from carecompanion.ui.widgets.trend_chart import TrendChart, legend_icon, series_style

RANGES = (
    ("Last 7 days", 7),
    ("Last 30 days", 30),
    ("Last 90 days", 90),
    ("Last year", 365),
    ("Everything", None),
    ("Custom dates", -1),
)
CUSTOM = -1
CHART_MIN_CHARS = 24  # the chart's least width, in average characters of its font
MEDICATIONS = Change.MEDICATIONS
NONE_IN_PERIOD = "No check-ins in this period."


class HistoryPage(Page):
    title = "History"
    view_requested = Signal(str)

    def __init__(self, store: Store, undo: QUndoStack) -> None:
        super().__init__()
        self.store = store
        self.undo = undo
        self.toggles: dict[str, QCheckBox] = {}
        self.shown: list[Symptom] = []
        # Each reload takes a ticket; a period read for an older ticket is not shown.
        self._ticket = 0
        self._shown_ticket = 0
        self._reading = False  # one read at a time; `_again` when another is wanted after it
        self._again = False
        # Rows on screen from before a change to the journal: not edited or deleted until the
        # period is read again.
        self._rows_stale = False
        self._request_soon = QTimer(self)
        self._request_soon.setSingleShot(True)
        self._request_soon.setInterval(0)
        self._request_soon.timeout.connect(self._request)
        layout = self.body
        layout.addWidget(heading("History"))

        self.range = QComboBox()
        self.range.setAccessibleName("Period")
        for label, days in RANGES:
            self.range.addItem(label, days)
        self.range.setCurrentIndex(1)
        self.start = date_edit()
        self.end = date_edit()
        self.start.setAccessibleName("First day")
        self.end.setAccessibleName("Last day")
        today = QDate.currentDate()
        self.start.setDate(today.addDays(-30))
        self.end.setDate(today)
        self.end.setMaximumDate(today)
        self.summary = QLabel()
        # The period's controls and the symptom toggles wrap onto more lines where the page is
        # narrow (large text, a small screen), rather than widening the page.
        self.period_row = flow_of(
            keep_together(QLabel("Period:"), self.range),
            keep_together(QLabel("from"), self.start),
            keep_together(QLabel("to"), self.end),
            self.summary,
        )
        layout.addWidget(self.period_row)

        self.toggle_holder = QWidget()
        self.toggle_flow = FlowLayout(self.toggle_holder)
        policy = self.toggle_holder.sizePolicy()
        policy.setHeightForWidth(True)
        self.toggle_holder.setSizePolicy(policy)
        layout.addWidget(self.toggle_holder)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.chart = TrendChart()
        # Narrow enough for any window; the chart draws whatever width it is given.
        self.chart.setMinimumWidth(self.chart.fontMetrics().averageCharWidth() * CHART_MIN_CHARS)
        self.doses = HistoryDoses(store, undo, self)
        # The dose lanes share the chart's width, so a mark sits under its moment.
        self.over_time = over_time = QWidget()
        column = QVBoxLayout(over_time)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.chart, 1)
        column.addWidget(self.doses.strip)
        splitter.addWidget(over_time)
        self.model = CheckInTableModel(store)
        self.table = QuietTable()
        self.table.set_placeholder(READING)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Check-ins")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        # One line a row: a long note ends in "…" (the whole of it on hover and in the cell's
        # accessible description) rather than wrapping into a row too short to show it.
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.model.modelReset.connect(self._size_columns)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Check-ins and doses")
        self.tabs.addTab(self.table, "Check-ins")
        self.tabs.addTab(self.doses.table, "Doses")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.doses.strip.dose_clicked.connect(self.show_doses)
        self.doses.strip.dose_menu.connect(lambda *_: self.show_doses())
        splitter.addWidget(self.tabs)
        splitter.setSizes([420, 300])
        splitter.setMinimumHeight(520)
        self.splitter = splitter
        layout.addWidget(splitter, 1)

        # No check-ins yet: one sentence and the way to the first, in place of a blank chart
        # and a table of headings.
        self.empty_state = QWidget()
        empty_column = QVBoxLayout(self.empty_state)
        empty_column.setContentsMargins(0, 0, 0, 0)
        self.empty = QLabel(
            "No check-ins yet. Each one you save on Today appears here, as a line on a chart "
            "and a row in a table."
        )
        self.empty.setWordWrap(True)
        empty_column.addWidget(self.empty)
        self.go_today = QPushButton("Go to Today")
        self.go_today.setAccessibleDescription("Record the first check-in")
        self.go_today.clicked.connect(self.go_to_today)
        empty_row = QHBoxLayout()
        empty_row.addWidget(self.go_today)
        empty_row.addStretch()
        empty_column.addLayout(empty_row)
        empty_column.addStretch()
        self.empty_state.hide()
        layout.addWidget(self.empty_state, 1)

        self.action_row = QWidget()
        actions = QHBoxLayout(self.action_row)
        actions.setContentsMargins(0, 0, 0, 0)
        self.edit_button = QPushButton("Edit…")
        self.edit_button.clicked.connect(self._edit_current)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected check-in (Ctrl+Z undoes it)")
        self.delete_button.clicked.connect(self._delete_current)
        actions.addWidget(self.edit_button)
        actions.addWidget(self.delete_button)
        actions.addStretch()
        actions.addWidget(muted("Italic: recorded by the caregiver. Higher scores are worse."), 1)
        layout.addWidget(self.action_row)
        # Tab leaves the table (arrows move inside); Enter edits the row, Delete deletes it.
        table_keys(self.table, self.edit_selected, self.delete_selected)

        self.range.currentIndexChanged.connect(self._range_changed)
        self.start.dateChanged.connect(self._dates_changed)
        self.end.dateChanged.connect(self._dates_changed)
        store.changed.connect(self._on_changed)
        # The symptoms switched on (a few rows) give the toggles and the table's columns their
        # places before the first period arrives, so it fills them in without moving them; a
        # journal without check-ins (one look at an index) shows its one sentence at once.
        self.shown, first = store.read(
            lambda session: (symptoms.shown_with(session, ()), checkins.first_recorded(session))
        )
        self._build_toggles(frozenset(s.key for s in self.shown))
        self.model.show_columns([(s.key, s.label) for s in self.shown])
        self._show_empty(first is None)
        self._range_changed()

    def _size_columns(self) -> None:
        """Widths from the font, not from measuring every cell (slow with many columns), and
        never narrower than the column's heading."""
        metrics = self.table.fontMetrics()
        pad = 18
        header = self.table.horizontalHeader()
        widths = [
            metrics.horizontalAdvance("Wed 30 Sep 2026, 21:59"),
            metrics.horizontalAdvance("Caregiver"),
        ]
        for _column in range(2, self.model.vitals_column):
            widths.append(metrics.horizontalAdvance("10 moderate"))
        widths.append(metrics.horizontalAdvance("100.4 °F fever · 135.0 lb"))
        for column, width in enumerate(widths):
            header.resizeSection(column, max(width + pad, header.sectionSizeHint(column)))

    # ----- no check-ins yet -----

    def _show_empty(self, empty: bool) -> None:
        """The empty page when the journal has no check-ins and the period no doses."""
        for part in (self.period_row, self.toggle_holder, self.splitter, self.action_row):
            part.setVisible(not empty)
        self.empty_state.setVisible(empty)

    def go_to_today(self) -> None:
        """To Today, for the first check-in: through `view_requested` when the window listens,
        else through the window's own show_view."""
        if self.receivers(SIGNAL("view_requested(QString)")) > 0:
            self.view_requested.emit("today")
            return
        show_view = getattr(self.window(), "show_view", None)
        if callable(show_view):
            show_view("today")

    def _on_changed(self, what: frozenset[Change]) -> None:
        if what & {CHECKINS, SYMPTOMS, TREATMENTS, MEDICATIONS}:
            self._rows_stale = self.doses.stale = True
            self.reload()

    # ----- the two tables -----

    def showing_doses(self) -> bool:
        return self.tabs.currentWidget() is self.doses.table

    def show_doses(self) -> None:
        self.tabs.setCurrentWidget(self.doses.table)

    def _tab_changed(self) -> None:
        what = "dose" if self.showing_doses() else "check-in"
        self.delete_button.setToolTip(f"Delete the selected {what} (Ctrl+Z undoes it)")

    def _edit_current(self) -> None:
        if self.showing_doses():
            self.doses.edit_selected()
        else:
            self.edit_selected()

    def _delete_current(self) -> None:
        if self.showing_doses():
            self.doses.delete_selected()
        else:
            self.delete_selected()

    def _build_toggles(self, offered: frozenset[str]) -> None:
        """A toggle for each symptom shown; `offered`: those switched on in Settings."""
        clear_layout(self.toggle_flow)
        was = {key: box.isChecked() for key, box in self.toggles.items()}
        self.toggles = {}
        for index, symptom in enumerate(self.shown):
            box = QCheckBox(symptom.label)
            # The legend: the series' colour, marker and dash, as the chart draws them.
            style = series_style(index)
            height = box.fontMetrics().height()
            box.setIcon(legend_icon(style, height))
            box.setIconSize(QSize(height * 2, height))
            why = f"On the chart: {style.words}."
            if symptom.key not in offered:
                why += (
                    f" {symptom.label} is switched off in Settings; shown because it has "
                    "scores in this period (from the command line or an import)."
                )
            box.setToolTip(why)
            box.setAccessibleDescription(why)
            box.setChecked(was.get(symptom.key, True))
            box.toggled.connect(self.reload)
            self.toggle_flow.addWidget(box)
            self.toggles[symptom.key] = box
        # Made after the rest of the page, so Tab would reach them last: after the dates.
        previous: QWidget = self.end
        for box in self.toggles.values():
            QWidget.setTabOrder(previous, box)
            previous = box

    def _range_changed(self) -> None:
        custom = self.range.currentData() == CUSTOM
        for widget in (self.start, self.end):
            widget.setEnabled(custom)
        self.reload()

    def _dates_changed(self) -> None:
        if self.range.currentData() == CUSTOM:
            self.reload()

    def _chosen_period(self) -> tuple[datetime | None, datetime]:
        """The period chosen; None for its start when it runs from the first check-in (which
        the worker looks up)."""
        ctx = self.store.context()
        now = ctx.now()
        days = self.range.currentData()
        if days == CUSTOM:
            first, last = sorted((to_date(self.start.date()), to_date(self.end.date())))
            since, until = day_bounds(first, last, ctx.zone)
            return since, min(now, until)
        if days is None:
            return None, now
        return now - timedelta(days=days), now

    def selected_symptoms(self) -> list[str]:
        return [key for key, box in self.toggles.items() if box.isChecked()]

    def reload(self) -> None:
        """Read the chosen period again, on a worker; it is shown when it arrives. Changes
        made in the same turn of the event loop, or while a read runs, make one read after it."""
        self._ticket += 1
        self._request_soon.start()

    def _request(self) -> None:
        if self._reading:
            self._again = True
            return
        self._reading = True
        ticket = self._ticket
        request = self._snapshot()
        self.store.run_in_background(
            lambda session: read_period(session, request),
            lambda view: self._arrived(ticket, view),
            self._failed,
        )

    def _snapshot(self) -> Request:
        """The period and the page as the pictures depend on them, now."""
        since, until = self._chosen_period()
        chart, strip = self.chart.canvas(), self.doses.strip
        # The column the chart shares with the strip: its height is the splitter's to give,
        # whatever the strip's lanes (which may not have been laid out yet).
        column = self.over_time.height()
        return Request(
            since=since,
            until=until,
            zone=self.store.context().zone,
            checked={key: box.isChecked() for key, box in self.toggles.items()},
            chart=chart,
            chart_version=self.chart.version,
            chart_least=self.chart.minimumHeight(),
            column=column,
            strip=strip.canvas(width=chart.width),
        )

    def _arrived(self, ticket: int, view: PeriodView) -> None:
        self._reading = False
        if ticket == self._ticket:
            self._show(ticket, view)
        self._read_again()

    def _failed(self, error: Exception) -> None:
        self._reading = False
        self._read_again()
        raise error  # to the person, as any error on the UI thread

    def _read_again(self) -> None:
        if self._again:
            self._again = False
            self._request()

    def _show(self, ticket: int, view: PeriodView) -> None:
        """Show a period read on the worker: the dose strip first (its height is the chart's
        to share), then the chart, the table and the counts."""
        self._shown_ticket = ticket
        if [s.key for s in view.shown] != [s.key for s in self.shown]:
            self.shown = view.shown
            self._build_toggles(view.offered)
        self.doses.show_period(view.doses)
        self.chart.set_data(view.chart, view.picture)
        self.model.show_page(view.table)
        self._rows_stale = False
        self.table.set_placeholder(NONE_IN_PERIOD)
        total = view.table.total
        self.summary.setText(f"{total} check-ins")
        self.tabs.setTabText(0, f"Check-ins ({total})")
        doses = len(view.doses.doses)
        self.tabs.setTabText(1, f"Doses ({doses})" if doses else "Doses")
        self._show_empty(view.journal_empty)

    def chart_is_current(self) -> bool:
        """True once the chart, the tables and the doses show the period last chosen."""
        return self._shown_ticket == self._ticket

    def selected(self) -> CheckIn | None:
        if self._rows_stale:
            return None
        rows = self.table.selectionModel().selectedRows()
        return self.model.checkin_at(rows[0].row()) if rows else None

    def delete_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        do_undoable(
            self.undo,
            self.store,
            "Delete check-in",
            (checkin_actions.delete_checkin, (entry.id,)),
            (checkin_actions.undelete_checkin, (entry.id,)),
        )

    def edit_selected(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        # Its own scores keep their names even for a symptom switched off since.
        offered = self.store.read(lambda session: symptoms.shown_with(session, entry.scores))
        person = self.store.read(profile.get)
        units = (person.temperature_unit, person.weight_unit)
        values = CheckInDialog.ask(entry, offered, self, self.store.context(), units)
        if values is None:
            return
        edited = CheckInEntry(
            values.scores,
            values.note,
            values.activity,
            values.recorded_at,
            values.recorded_by,
            values.temperature_c,
            values.weight_kg,
        )
        edit = checkin_actions.edit_checkin
        do_undoable(
            self.undo,
            self.store,
            "Edit check-in",
            (edit, (entry.id, edited)),
            (edit, (entry.id, checkin_actions.entry_of(entry))),
        )
