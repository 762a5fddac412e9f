"""History's doses table: every dose in the period, newest first (when, medicine, who)."""

from __future__ import annotations

import uuid
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from carecompanion.domain.records import Dose, Medication, Recorder

WHEN, MEDICINE, WHO = 0, 1, 2
HEADERS = ("When", "Medicine", "Recorded by")
DOSE_ROLE = Qt.ItemDataRole.UserRole + 1
ITALIC = QFont()
ITALIC.setItalic(True)

Index = QModelIndex | QPersistentModelIndex


class DoseTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Dose] = []
        self._names: dict[uuid.UUID, str] = {}
        self._zone: tzinfo | None = None

    def set_doses(self, doses: list[Dose], medications: list[Medication], zone: tzinfo) -> None:
        """Show `doses`, given newest first (ordered where they were read, on a worker)."""
        self.beginResetModel()
        self._rows = list(doses)
        self._names = {m.id: m.name for m in medications}
        self._zone = zone
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def text(self, dose: Dose, column: int) -> str:
        if column == WHEN:
            return f"{dose.taken_at.astimezone(self._zone):%a %d %b %Y, %H:%M}"
        if column == MEDICINE:
            return self._names.get(dose.medication_id, "")
        return "Caregiver" if dose.recorded_by is Recorder.CAREGIVER else "Patient"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        dose = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(dose, index.column())
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return ", ".join(self.text(dose, c) for c in range(len(HEADERS)))
        if role == Qt.ItemDataRole.FontRole and dose.recorded_by is Recorder.CAREGIVER:
            return ITALIC
        if role == DOSE_ROLE:
            return dose
        return None

    def dose_at(self, row: int) -> Dose | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, dose_id: uuid.UUID) -> int | None:
        for row, dose in enumerate(self._rows):
            if dose.id == dose_id:
                return row
        return None

    def name_of(self, dose: Dose) -> str:
        return self._names.get(dose.medication_id, "")
