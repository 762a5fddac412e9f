"""Editing a past check-in: scores, who recorded it, when, and the note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from carecompanion.domain.context import Context
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import ActivityLevel, CheckIn, Recorder
from carecompanion.domain.symptoms import Symptom
from carecompanion.domain.times import check_moment
from carecompanion.ui.widgets.common import qdatetime, to_datetime
from carecompanion.ui.widgets.score_input import ScoreInput


@dataclass(frozen=True, slots=True)
class CheckInEdit:
    scores: dict[str, int]
    recorded_by: Recorder
    recorded_at: datetime
    note: str
    activity: ActivityLevel | None


class CheckInDialog(QDialog):
    def __init__(
        self,
        entry: CheckIn,
        offered: list[Symptom],
        parent: QWidget | None = None,
        ctx: Context | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle("Edit check-in")
        self.entry = entry
        self.ctx = ctx or Context()
        form = QFormLayout(self)
        self.when = QDateTimeEdit(qdatetime(entry.recorded_at, self.ctx.zone))
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setCalendarPopup(True)
        self.when.setMaximumDateTime(qdatetime(self.ctx.now(), self.ctx.zone))
        self.when.setAccessibleName("When")
        form.addRow("When:", self.when)
        self.recorder = QComboBox()
        self.recorder.addItem("Patient", Recorder.PATIENT)
        self.recorder.addItem("Caregiver", Recorder.CAREGIVER)
        self.recorder.setCurrentIndex(self.recorder.findData(entry.recorded_by))
        self.recorder.setAccessibleName("Recorded by")
        form.addRow("Recorded by:", self.recorder)
        self.inputs: dict[str, ScoreInput] = {}
        shown = {s.key: s for s in offered}
        for key in entry.scores:
            shown.setdefault(key, Symptom(key, key.replace("_", " ").capitalize()))
        for key, symptom in shown.items():
            score = ScoreInput(symptom)
            score.set_value(entry.scores.get(key))
            self.inputs[key] = score
            form.addRow(f"{symptom.label}:", score)
        self.activity = QComboBox()
        self.activity.addItem("Not recorded", None)
        for level in ActivityLevel:
            self.activity.addItem(level.label, level)
        self.activity.setCurrentIndex(max(0, self.activity.findData(entry.activity)))
        self.activity.setAccessibleName("Activity level")
        form.addRow("Activity level:", self.activity)
        self.note = QPlainTextEdit(entry.note)
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)
        form.addRow("Note:", self.note)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b42318;")
        self.error.setWordWrap(True)
        self.error.hide()
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> CheckInEdit:
        found = {key: widget.value() for key, widget in self.inputs.items()}
        return CheckInEdit(
            scores={key: value for key, value in found.items() if value is not None},
            recorded_by=self.recorder.currentData(),
            recorded_at=to_datetime(self.when.dateTime(), self.ctx.zone, "When"),
            note=self.note.toPlainText().strip(),
            activity=self.activity.currentData(),
        )

    def _check_and_accept(self) -> None:
        try:
            values = self.values()
            if not values.scores:
                raise InvalidInput("scores", "none", "give at least one symptom a score")
            check_moment(values.recorded_at, self.ctx.now(), "When")
        except InvalidInput as problem:
            self.show_error(str(problem))
            return
        self.accept()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    @classmethod
    def ask(
        cls,
        entry: CheckIn,
        offered: list[Symptom],
        parent: QWidget | None = None,
        ctx: Context | None = None,
    ) -> CheckInEdit | None:
        """Show the dialog; the edited values, or None when cancelled. Tests replace this."""
        dialog = cls(entry, offered, parent, ctx)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
