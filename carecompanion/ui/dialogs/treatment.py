"""Adding or editing a line of treatment."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from carecompanion.domain import rules
from carecompanion.domain.context import Context
from carecompanion.domain.records import (
    EndReason,
    Response,
    TreatmentCategory,
    TreatmentLine,
    TreatmentSetting,
    TrialPhase,
)
from carecompanion.domain.times import local_zone
from carecompanion.ui.dialogs.form import FormDialog
from carecompanion.ui.widgets.common import date_edit, qdate, to_date


def _combo(items: list[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    for text, data in items:
        combo.addItem(text, data)
    return combo


class TreatmentDialog(FormDialog):
    def __init__(
        self, line: TreatmentLine | None, parent: QWidget | None = None, ctx: Context | None = None
    ) -> None:
        self.ctx = ctx or Context(zone=local_zone())
        super().__init__("Edit treatment" if line else "Add treatment", parent)
        self._id = line.id if line else uuid.uuid4()
        self.category = _combo([(c.label, c) for c in TreatmentCategory])
        self.add_field("Kind of treatment:", self.category, "category")
        self.regimen = QLineEdit()
        self.regimen.setPlaceholderText("Drug or treatment names, e.g. FOLFOX")
        self.add_field("Drugs or treatment:", self.regimen, "regimen")
        self.setting = _combo(
            [
                ("Not sure", None),
                ("Aiming to cure", TreatmentSetting.CURATIVE),
                ("Advanced (control the cancer)", TreatmentSetting.ADVANCED),
            ]
        )
        self.add_field("Aim:", self.setting, "setting")
        self.start = date_edit()
        self.start.setDate(qdate(self.ctx.today()))
        self.add_field("Started:", self.start, "start date")
        ended = QWidget()
        row = QHBoxLayout(ended)
        row.setContentsMargins(0, 0, 0, 0)
        self.ongoing = QCheckBox("Still going on")
        self.ongoing.setChecked(True)
        self.end = date_edit()
        self.end.setDate(qdate(self.ctx.today()))
        self.end.setAccessibleName("Ended")
        self.end.setEnabled(False)
        self.ongoing.toggled.connect(lambda on: self.end.setEnabled(not on))
        row.addWidget(self.ongoing)
        row.addWidget(self.end)
        row.addStretch()
        self.add_field("Ended:", ended, "end date")
        self.response = _combo([("Not known yet", None)] + [(r.label, r) for r in Response])
        self.add_field("Best response:", self.response, "best response")
        self.reason = _combo([("—", None)] + [(r.label, r) for r in EndReason])
        self.add_field("Why it ended:", self.reason, "reason it ended")
        self.phase = _combo([("Not known", None)] + [(f"Phase {p.value}", p) for p in TrialPhase])
        self.add_field("Trial phase:", self.phase, "trial phase")
        self.nct = QLineEdit()
        self.nct.setPlaceholderText("NCT followed by 8 digits, e.g. NCT01234567")
        self.add_field("NCT number:", self.nct, "NCT number")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.add_field("Notes:", self.notes, "notes")
        self.category.currentIndexChanged.connect(self._show_trial_fields)
        if line is not None:
            self._fill(line)
        self._show_trial_fields()

    def _fill(self, line: TreatmentLine) -> None:
        self.category.setCurrentIndex(self.category.findData(line.category))
        self.regimen.setText(line.regimen)
        self.setting.setCurrentIndex(self.setting.findData(line.setting))
        self.start.setDate(qdate(line.start_date))
        self.ongoing.setChecked(line.end_date is None)
        if line.end_date:
            self.end.setDate(qdate(line.end_date))
        self.response.setCurrentIndex(self.response.findData(line.best_response))
        self.reason.setCurrentIndex(self.reason.findData(line.end_reason))
        self.phase.setCurrentIndex(self.phase.findData(line.trial_phase))
        self.nct.setText(line.nct_number or "")
        self.notes.setPlainText(line.notes)

    def _show_trial_fields(self) -> None:
        trial = self.category.currentData() is TreatmentCategory.CLINICAL_TRIAL
        for widget in (self.phase, self.nct):
            holder = widget.parentWidget()
            if holder is not None:
                self.form.setRowVisible(holder, trial)

    def line(self) -> TreatmentLine:
        return TreatmentLine(
            id=self._id,
            category=self.category.currentData(),
            regimen=self.regimen.text(),
            start_date=to_date(self.start.date()),
            end_date=None if self.ongoing.isChecked() else to_date(self.end.date()),
            setting=self.setting.currentData(),
            best_response=self.response.currentData(),
            end_reason=self.reason.currentData(),
            trial_phase=self.phase.currentData(),
            nct_number=self.nct.text() or None,
            notes=self.notes.toPlainText().strip(),
        )

    def validate(self) -> None:
        rules.check_line(self.line(), self.ctx.today())

    @classmethod
    def ask(
        cls, line: TreatmentLine | None, parent: QWidget | None = None, ctx: Context | None = None
    ) -> TreatmentLine | None:
        dialog = cls(line, parent, ctx)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return rules.check_line(dialog.line(), dialog.ctx.today())
