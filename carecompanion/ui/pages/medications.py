"""Medicines (the "medications" view): every medicine as its label says, ongoing first; add,
edit, stop and delete, each undoable. Doses are logged on Today and edited in History.

Called "Medicines" on screen, the everyday word (Today's section uses it too). A page of its
own rather than a section of Treatments: treatment lines are the cancer
treatments a doctor counts (line 1, line 2…), while these are the medicines taken every day or
when needed, read differently (the label's limits, doses per day) and changed far more often.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QWidget
from sqlalchemy.orm import Session

from carecompanion.actions import Change
from carecompanion.actions import medications as med_actions
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import Medication
from carecompanion.services import medications, symptoms
from carecompanion.ui.dialogs.medication import MedicationDialog
from carecompanion.ui.pages.records import RecordsPage
from carecompanion.ui.store import Store
from carecompanion.ui.undo import ActionCommand, do_undoable
from carecompanion.ui.undo_created import create_undoable
from carecompanion.ui.widgets.common import muted

MEDICATIONS = Change.MEDICATIONS


def describe_limits(medication: Medication) -> str:
    """The label's limits in a few words: "at least 2 h apart · at most 6 in 24 h"."""
    parts = []
    if medication.min_hours is not None:
        parts.append(f"at least {medication.min_hours:g} h apart")
    if medication.max_per_day is not None:
        parts.append(f"at most {medication.max_per_day} in 24 h")
    return " · ".join(parts) or "–"


def describe_period(medication: Medication) -> str:
    start = f"{medication.start_date:%d %b %Y}"
    if medication.stop_date is None:
        return f"since {start}"
    return f"{start} – {medication.stop_date:%d %b %Y} (stopped)"


def describe_purpose(medication: Medication, labels: dict[str, str]) -> str:
    return labels.get(medication.purpose, medication.purpose) or "–"


def confirm_delete(parent: QWidget, medication: Medication, doses: int) -> bool:
    """Ask before deleting a medication whose doses go with it (tests replace this)."""
    recorded = f" and the {doses} doses recorded for it" if doses else ""
    answer = QMessageBox.question(
        parent,
        "Delete medicine?",
        f"Delete {medication.name}{recorded}? Ctrl+Z brings {'them' if doses else 'it'} back.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class MedicationsPage(RecordsPage[Medication]):
    title = "Medicines"
    heading_text = "Medicines"
    intro = (
        "Your medicines as their labels say, the ones you still take first. Each one you "
        "still take has a “Took it” button on Today; for a medicine taken as needed, Today "
        "counts the doses in the last 24 hours against the label's own numbers."
    )
    empty_text = (
        "No medicines recorded yet. Add the first with “Add medicine…”; Today then offers "
        "one keystroke to record each dose."
    )
    columns = ("Medicine", "Dose on the label", "Taken", "For", "Label's limits", "Dates")
    noun = "medicine"
    kind = MEDICATIONS

    def __init__(self, store: Store, undo: QUndoStack) -> None:
        self.labels: dict[str, str] = {}
        self.purposes: dict[str, str] = {}
        super().__init__(store, undo)
        self.stop_button = QPushButton("Stop today")
        self.stop_button.setToolTip("Record that it stopped today (Ctrl+Z undoes it)")
        buttons = self._button_row()
        buttons.insertWidget(buttons.indexOf(self.delete_button), self.stop_button)
        # Tab follows the screen: Add, Edit, Stop today, Delete, then the table (the button is
        # made after the table, so by itself it would come last).
        QWidget.setTabOrder(self.edit_button, self.stop_button)
        QWidget.setTabOrder(self.stop_button, self.delete_button)
        self.stop_button.setVisible(bool(self.records))  # hidden with the others when empty
        self.stop_button.clicked.connect(self.stop_selected)
        self.delete_button.setToolTip("Delete it and its doses (Ctrl+Z undoes it)")
        self.message = muted("")
        self.message.setAccessibleName("Medicines message")
        self.body.insertWidget(self.body.indexOf(self.table), self.message)
        self.message.hide()
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self._selection_changed()

    def _button_row(self) -> QHBoxLayout:
        for index in range(self.body.count()):
            item = self.body.itemAt(index)
            row = item.layout() if item is not None else None
            if isinstance(row, QHBoxLayout) and row.indexOf(self.delete_button) >= 0:
                return row
        raise LookupError("the page's button row")

    # ----- what RecordsPage asks of a page -----

    def load(self, session: Session) -> list[Medication]:
        self.labels = symptoms.labels(session)
        self.purposes = {s.key: s.label for s in symptoms.active(session)}
        return medications.all_medications(session)

    def cells(self, medication: Medication) -> list[str]:
        return [
            medication.name,
            medication.dose or "–",
            "as needed" if medication.as_needed else "regular",
            describe_purpose(medication, self.labels),
            describe_limits(medication),
            describe_period(medication),
        ]

    def ask(
        self,
        medication: Medication | None,
        *,
        adding: bool | None = None,
        refused: InvalidInput | None = None,
    ) -> Medication | None:
        offered = dict(self.purposes)
        if medication is not None and medication.purpose in self.labels:
            offered.setdefault(medication.purpose, self.labels[medication.purpose])
        return MedicationDialog.ask(
            medication, offered, self, self.store.context(), adding=adding, refused=refused
        )

    add_action = staticmethod(med_actions.add_medication)
    update_action = staticmethod(med_actions.update_medication)
    delete_action = staticmethod(med_actions.delete_medication)
    undelete_action = staticmethod(med_actions.undelete_medication)

    # ----- this page's own behaviour -----

    def refresh(self) -> None:
        super().refresh()
        if hasattr(self, "stop_button"):
            self._selection_changed()

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.stop_button.setEnabled(chosen is not None and chosen.ongoing)
        self.edit_button.setEnabled(chosen is not None)
        self.delete_button.setEnabled(chosen is not None)

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setAccessibleDescription(text)
        self.message.setVisible(bool(text))

    def add(self) -> None:
        """Add a medication (undoable); a refusal from the journal (a name another ongoing
        medicine has) opens the dialog again with the words beside the field."""
        record = self.ask(None)
        while record is not None:
            refusals: list[Exception] = []
            done = create_undoable(
                self.undo,
                self.store,
                f"Add {record.name}",
                (med_actions.add_medication, (record,)),
                (med_actions.delete_medication, (record.id,)),
                (med_actions.undelete_medication, (record.id,)),
                on_error=refusals.append,
            )
            if done is not None:
                self.say(f"Added {done.value.name}. Ctrl+Z undoes it.")
                return
            record = self._ask_again(record, refusals, adding=True)

    def edit_selected(self) -> None:
        current = self.selected()
        if current is None:
            return
        record = self.ask(current)
        while record is not None:
            refusals: list[Exception] = []
            if self._undoable(f"Edit {current.name}", record, current, refusals):
                self.say(f"Saved {record.name}. Ctrl+Z undoes it.")
                return
            record = self._ask_again(record, refusals, adding=False)

    def _undoable(
        self, text: str, new: Medication, old: Medication, refusals: list[Exception]
    ) -> bool:
        """Save `new` over `old`; Ctrl+Z puts `old` back. A refusal lands in `refusals`."""
        update = med_actions.update_medication
        done = self.store.run(update, new, on_error=refusals.append)
        if done is None:
            return False
        # Already saved: push a step whose first redo is skipped, as do_undoable does.
        self.undo.push(ActionCommand(self.store, text, (update, (new,)), (update, (old,))))
        return True

    def _ask_again(
        self, record: Medication, refusals: list[Exception], *, adding: bool
    ) -> Medication | None:
        refused = refusals[0] if refusals else None
        if not isinstance(refused, InvalidInput):
            if refused is not None:
                self.store.problem.emit(str(refused))
            return None
        return self.ask(record, adding=adding, refused=refused)

    def stop_selected(self) -> None:
        current = self.selected()
        if current is None or not current.ongoing:
            return
        today = self.store.context().today()
        stopped = replace(current, stop_date=today)
        update = med_actions.update_medication
        done = do_undoable(
            self.undo,
            self.store,
            f"Stop {current.name}",
            (update, (stopped,)),
            (update, (current,)),
        )
        if done is not None:
            self.say(f"Stopped {current.name} today. Ctrl+Z undoes it.")

    def delete_selected(self) -> None:
        current = self.selected()
        if current is None:
            return
        doses = len(
            self.store.read(lambda s: medications.doses_between(s, medication_id=current.id))
        )
        if not confirm_delete(self, current, doses):
            return
        done = do_undoable(
            self.undo,
            self.store,
            f"Delete {current.name}",
            (med_actions.delete_medication, (current.id,)),
            (med_actions.undelete_medication, (current.id,)),
        )
        if done is not None:
            self.say(f"Deleted {current.name}. Ctrl+Z brings it back.")
