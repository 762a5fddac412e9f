"""Editing a past check-in: scores, temperature and weight, who recorded it, when, the note."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from carecompanion.domain import vitals
from carecompanion.domain.context import Context
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import (
    ActivityLevel,
    CheckIn,
    Recorder,
    TemperatureUnit,
    WeightUnit,
)
from carecompanion.domain.symptoms import Symptom
from carecompanion.domain.times import check_moment
from carecompanion.ui.theme import is_dark, problem_style
from carecompanion.ui.widgets.common import qdatetime, to_datetime
from carecompanion.ui.widgets.score_input import ScoreInput


@dataclass(frozen=True, slots=True)
class CheckInEdit:
    scores: dict[str, int]
    recorded_by: Recorder
    recorded_at: datetime
    note: str
    activity: ActivityLevel | None
    temperature_c: float | None = None
    weight_kg: float | None = None


class CheckInDialog(QDialog):
    def __init__(
        self,
        entry: CheckIn,
        offered: list[Symptom],
        parent: QWidget | None = None,
        ctx: Context | None = None,
        units: tuple[TemperatureUnit, WeightUnit] = (TemperatureUnit.CELSIUS, WeightUnit.KG),
    ):
        super().__init__(parent)
        self.units = units
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
        self.temperature = QLineEdit(
            _in_unit(entry.temperature_c, vitals.in_unit_temperature, units[0])
        )
        self.temperature.setPlaceholderText(f"Not measured (°{units[0].value})")
        self.temperature.setAccessibleName(f"Temperature in °{units[0].value}")
        form.addRow(f"Temperature (°{units[0].value}):", self.temperature)
        self.weight = QLineEdit(_in_unit(entry.weight_kg, vitals.in_unit_weight, units[1]))
        self.weight.setPlaceholderText(f"Not measured ({units[1].value})")
        self.weight.setAccessibleName(f"Weight in {units[1].value}")
        form.addRow(f"Weight ({units[1].value}):", self.weight)
        for field in (self.temperature, self.weight):
            field.setProperty("shown", field.text())
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
        self.error.setStyleSheet(problem_style(is_dark(self)))
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
            temperature_c=self._measured(self.temperature, vitals.parse_temperature, 0),
            weight_kg=self._measured(self.weight, vitals.parse_weight, 1),
        )

    def _measured(
        self, field: QLineEdit, parse: Callable[[str, Any], float], unit: int
    ) -> float | None:
        """The typed value in SI units; unchanged text keeps the stored value to the digit."""
        text = field.text().strip()
        stored = (self.entry.temperature_c, self.entry.weight_kg)[unit]
        if not text:
            return None
        if stored is not None and text == field.property("shown"):
            return stored
        return parse(text, self.units[unit])

    def _check_and_accept(self) -> None:
        try:
            values = self.values()
            if not values.scores and values.temperature_c is None and values.weight_kg is None:
                raise InvalidInput(
                    "scores", "none", "give at least one symptom a score, or a temperature"
                )
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
        units: tuple[TemperatureUnit, WeightUnit] = (TemperatureUnit.CELSIUS, WeightUnit.KG),
    ) -> CheckInEdit | None:
        """Show the dialog; the edited values, or None when cancelled. Tests replace this."""
        dialog = cls(entry, offered, parent, ctx)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


def _in_unit(value: float | None, convert: Callable[[float, Any], float], unit: Any) -> str:
    return "" if value is None else f"{convert(value, unit):.1f}"
