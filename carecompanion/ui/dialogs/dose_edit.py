"""Editing a dose already recorded: when it was taken and who recorded it."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QDialog, QLabel, QWidget

from carecompanion.domain import rules
from carecompanion.domain.context import Context
from carecompanion.domain.records import Dose, Recorder
from carecompanion.ui.dialogs.form import FormDialog
from carecompanion.ui.widgets.common import qdatetime, to_datetime


class DoseDialog(FormDialog):
    def __init__(
        self, dose: Dose, medicine: str, parent: QWidget | None = None, ctx: Context | None = None
    ) -> None:
        self.ctx = ctx or Context()
        super().__init__("Edit dose", parent)
        self.dose = dose
        self.medicine = QLabel(medicine)
        self.add_field("Medicine:", self.medicine, "medication")
        self.when = QDateTimeEdit(qdatetime(dose.taken_at, self.ctx.zone))
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.when.setMaximumDateTime(qdatetime(self.ctx.now(), self.ctx.zone))
        self.add_field("Taken at:", self.when, "time")
        self.recorder = QComboBox()
        self.recorder.addItem("Patient", Recorder.PATIENT)
        self.recorder.addItem("Caregiver", Recorder.CAREGIVER)
        self.recorder.setCurrentIndex(self.recorder.findData(dose.recorded_by))
        self.add_field("Recorded by:", self.recorder, "recorded by")
        self.when.setFocus()

    def edited(self) -> Dose:
        """The dose as the fields say; InvalidInput for a time the clocks skipped."""
        at = to_datetime(self.when.dateTime(), self.ctx.zone, "time")
        return replace(self.dose, taken_at=at, recorded_by=self.recorder.currentData())

    def validate(self) -> None:
        rules.check_dose(self.edited(), self.ctx.now())

    @classmethod
    def ask(
        cls, dose: Dose, medicine: str, parent: QWidget | None = None, ctx: Context | None = None
    ) -> Dose | None:
        dialog = cls(dose, medicine, parent, ctx)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return rules.check_dose(dialog.edited(), dialog.ctx.now())
