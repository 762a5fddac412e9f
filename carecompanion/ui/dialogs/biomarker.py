"""Adding or editing a test or biomarker result."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QPlainTextEdit, QWidget

from carecompanion.domain import rules
from carecompanion.domain.context import Context
from carecompanion.domain.records import COMMON_MARKERS, Actionable, BiomarkerTest, TestKind
from carecompanion.domain.times import local_zone
from carecompanion.ui.dialogs.form import FormDialog
from carecompanion.ui.widgets.common import date_edit, qdate, to_date

ACTIONABLE_LABELS = {
    Actionable.YES: "Yes: a treatment aimed at it exists",
    Actionable.NO: "No",
    Actionable.UNKNOWN: "Not known",
}


class BiomarkerDialog(FormDialog):
    def __init__(
        self, test: BiomarkerTest | None, parent: QWidget | None = None, ctx: Context | None = None
    ) -> None:
        self.ctx = ctx or Context(zone=local_zone())
        super().__init__("Edit test result" if test else "Add test result", parent)
        self._id = test.id if test else uuid.uuid4()
        self.tested_on = date_edit()
        self.tested_on.setDate(qdate(self.ctx.today()))
        self.add_field("Date:", self.tested_on, "test date")
        self.kind = QComboBox()
        for kind in TestKind:
            self.kind.addItem(kind.label, kind)
        self.add_field("Kind of test:", self.kind, "kind")
        self.marker = QComboBox()
        self.marker.setEditable(True)
        self.marker.addItems(COMMON_MARKERS)
        self.marker.setCurrentText("")
        self.marker.setPlaceholderText("e.g. EGFR, KRAS, PD-L1")
        self.add_field("Marker:", self.marker, "marker")
        self.result_text = QLineEdit()
        self.result_text.setPlaceholderText("What the report says, e.g. G12C mutation found")
        self.add_field("Result:", self.result_text, "result")
        self.actionable = QComboBox()
        for value, text in ACTIONABLE_LABELS.items():
            self.actionable.addItem(text, value)
        self.actionable.setCurrentIndex(self.actionable.findData(Actionable.UNKNOWN))
        self.add_field("Actionable:", self.actionable, "actionable")
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.add_field("Notes:", self.notes, "notes")
        if test is not None:
            self.tested_on.setDate(qdate(test.tested_on))
            self.kind.setCurrentIndex(self.kind.findData(test.kind))
            self.marker.setCurrentText(test.marker)
            self.result_text.setText(test.result)
            self.actionable.setCurrentIndex(self.actionable.findData(test.actionable))
            self.notes.setPlainText(test.notes)

    def test(self) -> BiomarkerTest:
        return BiomarkerTest(
            id=self._id,
            tested_on=to_date(self.tested_on.date()),
            kind=self.kind.currentData(),
            marker=self.marker.currentText(),
            result=self.result_text.text(),
            actionable=self.actionable.currentData(),
            notes=self.notes.toPlainText().strip(),
        )

    def validate(self) -> None:
        rules.check_test(self.test(), self.ctx.today())

    @classmethod
    def ask(
        cls, test: BiomarkerTest | None, parent: QWidget | None = None, ctx: Context | None = None
    ) -> BiomarkerTest | None:
        dialog = cls(test, parent, ctx)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return rules.check_test(dialog.test(), dialog.ctx.today())
