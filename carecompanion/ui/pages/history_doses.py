"""History's doses: the markers under the chart and the doses table, edit and delete (undoable).

Editing happens in a table rather than on the markers alone: a table is reached with Tab, read
by a screen reader and driven from the keyboard (Enter edits, Delete deletes), which a row of
small marks cannot be. A click on a mark picks its dose in the table; a right-click also offers
Edit and Delete there. The doses of a period are read and their marks drawn on a worker, with
the chart (`read_doses`, called by `history_load`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo

from PySide6.QtCore import QObject, QPointF
from PySide6.QtGui import QImage, QUndoStack
from PySide6.QtWidgets import QAbstractItemView, QMenu, QTableView, QWidget
from sqlalchemy.orm import Session

from carecompanion.actions import medications as med_actions
from carecompanion.domain.records import Dose, Medication
from carecompanion.services import medications
from carecompanion.ui.dialogs.dose_edit import DoseDialog
from carecompanion.ui.keyboard import table_keys
from carecompanion.ui.models.dose_table import DoseTableModel
from carecompanion.ui.store import Store
from carecompanion.ui.undo import do_undoable
from carecompanion.ui.widgets import dose_picture
from carecompanion.ui.widgets.cached_picture import Canvas
from carecompanion.ui.widgets.dose_picture import DoseData, Hits, lanes_for
from carecompanion.ui.widgets.dose_strip import DoseStrip


@dataclass(frozen=True)
class PeriodDoses:
    """A period's doses, their lanes and the strip's picture of them."""

    medications: list[Medication]
    doses: list[Dose]  # newest first, as the table lists them
    data: DoseData
    picture: tuple[Canvas, QImage, Hits]


def read_doses(
    session: Session, since: datetime, until: datetime, zone: tzinfo, canvas: Canvas
) -> PeriodDoses:
    """Read the period's doses and draw their marks for a strip as wide as `canvas` (on a
    worker: no widget is touched)."""
    found = medications.all_medications(session)
    doses = medications.doses_between(session, since, until)  # oldest first
    data = DoseData(since, until, lanes_for(found, doses), zone)
    return PeriodDoses(found, doses[::-1], data, dose_picture.prepare(canvas, data))


class HistoryDoses(QObject):
    """The strip and the table; History places them and shows each period's doses."""

    def __init__(self, store: Store, undo: QUndoStack, parent: QWidget) -> None:
        super().__init__(parent)
        self.store, self.undo, self._parent = store, undo, parent
        self.medications: list[Medication] = []
        # Doses on screen from before a change to the journal: not edited or deleted until
        # the period is read again.
        self.stale = False
        self.strip = DoseStrip()
        self.model = DoseTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Doses")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.model.modelReset.connect(self._size_columns)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        # Tab leaves the table (arrows move inside); Enter edits the dose, Delete deletes it.
        table_keys(self.table, self.edit_selected, self.delete_selected)
        self.strip.dose_clicked.connect(self.select)
        self.strip.dose_menu.connect(self._menu)

    def _size_columns(self) -> None:
        metrics = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        header.resizeSection(0, metrics.horizontalAdvance("Wed 30 Sep 2026, 21:59") + 18)
        longest = max((len(m.name) for m in self.medications), default=12)
        header.resizeSection(1, metrics.horizontalAdvance("M" * min(longest, 40)) + 18)

    def show_period(self, period: PeriodDoses) -> None:
        """Show a period's doses, read and drawn on a worker (`read_doses`)."""
        self.medications = period.medications
        self.model.set_doses(period.doses, period.medications, period.data.zone)
        self.strip.set_data(period.data, period.picture)
        self.stale = False

    # ----- choosing, editing, deleting -----

    def selected(self) -> Dose | None:
        if self.stale:
            return None
        rows = self.table.selectionModel().selectedRows()
        return self.model.dose_at(rows[0].row()) if rows else None

    def select(self, dose: Dose) -> None:
        row = self.model.row_of(dose.id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _menu(self, dose: Dose, at: QPointF) -> None:
        self.select(dose)
        menu = QMenu(self._parent)
        menu.addAction("Edit dose…", self.edit_selected)
        menu.addAction("Delete dose", self.delete_selected)
        menu.popup(at.toPoint())

    def edit_selected(self) -> None:
        dose = self.selected()
        if dose is None:
            return
        edited = DoseDialog.ask(dose, self.model.name_of(dose), self._parent, self.store.context())
        if edited is None or edited == dose:
            return
        update = med_actions.update_dose
        do_undoable(self.undo, self.store, "Edit dose", (update, (edited,)), (update, (dose,)))

    def delete_selected(self) -> None:
        dose = self.selected()
        if dose is None:
            return
        do_undoable(
            self.undo,
            self.store,
            f"Delete dose of {self.model.name_of(dose)}",
            (med_actions.delete_dose, (dose.id,)),
            (med_actions.undelete_dose, (dose.id,)),
        )
