"""Adding or editing a medication as its label says: name, dose, regular or as needed, what it
is for, the label's least hours between doses and most doses in 24 hours, and its dates.

Refusals come from `rules.check_medication` and appear beside the field they name; the two
numbers are read with an exact pattern first (Python's own `float()` takes "1_0" and "٧").
"""

from __future__ import annotations

import re
import uuid

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from carecompanion.domain import rules
from carecompanion.domain.context import Context
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import Medication
from carecompanion.domain.times import local_zone
from carecompanion.ui.dialogs.form import FormDialog
from carecompanion.ui.widgets.common import date_edit, qdate, to_date

HOURS_PATTERN = re.compile(r"[0-9]{1,3}(?:[.,][0-9]{1,2})?")
COUNT_PATTERN = re.compile(r"[0-9]{1,3}")
# The words the domain uses for what is allowed (rules.check_medication), so a typed value
# that is not a number reads the same as one out of range.
HOURS_ALLOWED = f"more than 0 and at most {rules.MIN_HOURS_LIMIT} hours between doses"
COUNT_ALLOWED = f"a whole number of doses from 1 to {rules.MAX_PER_DAY_LIMIT}"


def parse_hours(text: str) -> float | None:
    """The label's least hours between doses as typed ("4", "2.5", "2,5"), or None if empty."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if not HOURS_PATTERN.fullmatch(cleaned):
        raise InvalidInput("min-hours", cleaned, HOURS_ALLOWED)
    return float(cleaned.replace(",", "."))


def parse_count(text: str) -> int | None:
    """The label's most doses in 24 hours as typed, or None if empty."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if not COUNT_PATTERN.fullmatch(cleaned):
        raise InvalidInput("max-per-day", cleaned, COUNT_ALLOWED)
    return int(cleaned)


class MedicationDialog(FormDialog):
    def __init__(
        self,
        medication: Medication | None,
        purposes: dict[str, str] | None = None,
        parent: QWidget | None = None,
        ctx: Context | None = None,
        *,
        adding: bool | None = None,
    ) -> None:
        """`purposes`: symptom key -> label, offered in "For" (any words may be typed).
        `adding`: the title says Add (by default when there is no medication to edit yet)."""
        self.ctx = ctx or Context(zone=local_zone())
        adding = medication is None if adding is None else adding
        super().__init__("Add medicine" if adding else "Edit medicine", parent)
        self._id = medication.id if medication else uuid.uuid4()
        self._notes = medication.notes if medication else ""
        self.purposes = dict(purposes or {})
        self.name = QLineEdit()
        self.name.setPlaceholderText("As on the box, e.g. Oramorph 10 mg")
        self.add_field("Name:", self.name, "medication name")
        self.dose = QLineEdit()
        self.dose.setPlaceholderText("As on the label, e.g. 5 ml oral solution (10 mg)")
        self.add_field("Dose:", self.dose, "dose")
        how = QWidget()
        row = QHBoxLayout(how)
        row.setContentsMargins(0, 0, 0, 0)
        self.regular = QRadioButton("&Regular")
        self.as_needed = QRadioButton("&As needed")
        self.regular.setChecked(True)
        row.addWidget(self.regular)
        row.addWidget(self.as_needed)
        row.addStretch()
        self.add_field("Taken:", how, "taken")
        self.purpose = QComboBox()
        self.purpose.setEditable(True)
        self.purpose.addItem("", "")
        for key, label in self.purposes.items():
            self.purpose.addItem(label, key)
        self.purpose.setToolTip("A symptom from the list, or your own words")
        self.add_field("For:", self.purpose, "for")
        self.min_hours = QLineEdit()
        self.min_hours.setPlaceholderText(f"optional, e.g. 4 (up to {rules.MIN_HOURS_LIMIT})")
        self.add_field("Hours between doses, at least:", self.min_hours, "min-hours")
        self.max_per_day = QLineEdit()
        self.max_per_day.setPlaceholderText(f"optional, e.g. 6 (1 to {rules.MAX_PER_DAY_LIMIT})")
        self.add_field("Doses in 24 hours, at most:", self.max_per_day, "max-per-day")
        for field in (self.min_hours, self.max_per_day):
            field.setMaximumWidth(field.fontMetrics().horizontalAdvance("0" * 28))
        self.start = date_edit()
        self.start.setDate(qdate(self.ctx.today()))
        self.add_field("Started:", self.start, "start date")
        stopped = QWidget()
        line = QHBoxLayout(stopped)
        line.setContentsMargins(0, 0, 0, 0)
        self.ongoing = QCheckBox("Still taking it")
        self.ongoing.setChecked(True)
        self.stop = date_edit()
        self.stop.setDate(qdate(self.ctx.today()))
        self.stop.setAccessibleName("Stopped")
        self.stop.setEnabled(False)
        self.ongoing.toggled.connect(lambda on: self.stop.setEnabled(not on))
        line.addWidget(self.ongoing)
        line.addWidget(self.stop)
        line.addStretch()
        self.add_field("Stopped:", stopped, "stop date")
        if medication is not None:
            self._fill(medication)
        self.name.setFocus()

    def _fill(self, medication: Medication) -> None:
        self.name.setText(medication.name)
        self.dose.setText(medication.dose)
        (self.as_needed if medication.as_needed else self.regular).setChecked(True)
        found = self.purpose.findData(medication.purpose)
        if medication.purpose and found >= 0:
            self.purpose.setCurrentIndex(found)
        else:
            self.purpose.setEditText(medication.purpose)
        self.min_hours.setText(f"{medication.min_hours:g}" if medication.min_hours else "")
        self.max_per_day.setText(str(medication.max_per_day) if medication.max_per_day else "")
        self.start.setDate(qdate(medication.start_date))
        self.ongoing.setChecked(medication.stop_date is None)
        if medication.stop_date is not None:
            self.stop.setDate(qdate(medication.stop_date))

    def purpose_value(self) -> str:
        """A symptom's key when its name was chosen (or typed), else the words as typed."""
        text = " ".join(self.purpose.currentText().split())
        for key, label in self.purposes.items():
            if text.casefold() in (label.casefold(), key.casefold()):
                return key
        return text

    def medication(self) -> Medication:
        """The medication as the fields say; InvalidInput for a number that is not one."""
        return Medication(
            id=self._id,
            name=self.name.text(),
            start_date=to_date(self.start.date()),
            dose=self.dose.text(),
            as_needed=self.as_needed.isChecked(),
            purpose=self.purpose_value(),
            min_hours=parse_hours(self.min_hours.text()),
            max_per_day=parse_count(self.max_per_day.text()),
            stop_date=None if self.ongoing.isChecked() else to_date(self.stop.date()),
            notes=self._notes,
        )

    def validate(self) -> None:
        rules.check_medication(self.medication(), self.ctx.today())

    @classmethod
    def ask(
        cls,
        medication: Medication | None,
        purposes: dict[str, str] | None = None,
        parent: QWidget | None = None,
        ctx: Context | None = None,
        *,
        adding: bool | None = None,
        refused: InvalidInput | None = None,
    ) -> Medication | None:
        """The medication as saved by the person, or None if they cancelled. `refused`: the
        journal's refusal of what they gave last time, shown beside its field."""
        dialog = cls(medication, purposes, parent, ctx, adding=adding)
        if refused is not None:
            dialog.show_error(refused)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return rules.check_medication(dialog.medication(), dialog.ctx.today())
