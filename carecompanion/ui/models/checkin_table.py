"""The check-in table: newest first, fetched a page at a time so 50,000 rows stay quick."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from carecompanion.domain.records import CheckIn, Recorder
from carecompanion.domain.symptoms import band_for
from carecompanion.services import checkins
from carecompanion.ui.store import Store
from carecompanion.ui.widgets.bands import BAND_COLOURS

PAGE_SIZE = 200
WHEN, WHO, FIRST_SYMPTOM = 0, 1, 2
CHECKIN_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex


class CheckInTableModel(QAbstractTableModel):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self._rows: list[CheckIn] = []
        self._symptoms: list[tuple[str, str]] = []  # (key, label)
        self._since: datetime | None = None
        self._until: datetime | None = None
        self._exhausted = True
        self.total = 0

    @property
    def note_column(self) -> int:
        return FIRST_SYMPTOM + len(self._symptoms)

    def set_query(
        self, since: datetime | None, until: datetime | None, symptoms: list[tuple[str, str]]
    ) -> None:
        self.beginResetModel()
        self._since, self._until, self._symptoms = since, until, list(symptoms)
        self._rows = []
        self._exhausted = False
        self.total = self.store.read(lambda s: checkins.count_between(s, since, until))
        self._rows = self._fetch()
        self.endResetModel()

    def reload(self) -> None:
        self.set_query(self._since, self._until, self._symptoms)

    def _fetch(self) -> list[CheckIn]:
        """The next page after the rows already loaded."""
        after = (self._rows[-1].recorded_at, self._rows[-1].id) if self._rows else None
        page = self.store.read(
            lambda s: checkins.page(s, self._since, self._until, after=after, limit=PAGE_SIZE)
        )
        self._exhausted = len(page) < PAGE_SIZE
        return page

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted:
            return
        page = self._fetch()
        if page:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
            self._rows.extend(page)
            self.endInsertRows()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIRST_SYMPTOM + len(self._symptoms) + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == WHEN:
            return "When"
        if section == WHO:
            return "Recorded by"
        if FIRST_SYMPTOM <= section < self.note_column:
            return self._symptoms[section - FIRST_SYMPTOM][1]
        if section == self.note_column:
            return "Note"
        return None

    def checkin_at(self, row: int) -> CheckIn:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        column = index.column()
        if role == CHECKIN_ROLE:
            return entry
        caregiver = entry.recorded_by is Recorder.CAREGIVER
        if role == Qt.ItemDataRole.FontRole and caregiver and column == WHO:
            font = QFont()
            font.setItalic(True)
            return font
        if column == WHEN:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return entry.recorded_at.astimezone().strftime("%a %d %b %Y, %H:%M")
        elif column == WHO:
            if role == Qt.ItemDataRole.DisplayRole:
                return "Caregiver" if caregiver else "Patient"
        elif column == self.note_column:
            if role == Qt.ItemDataRole.DisplayRole:
                return entry.note.replace("\n", " ")
            if role == Qt.ItemDataRole.ToolTipRole:
                return entry.note or None
        elif FIRST_SYMPTOM <= column < self.note_column:
            return self._score_data(entry, column, role)
        return None

    def _score_data(self, entry: CheckIn, column: int, role: int) -> Any:
        key, label = self._symptoms[column - FIRST_SYMPTOM]
        value = entry.scores.get(key)
        if value is None:
            return "–" if role == Qt.ItemDataRole.DisplayRole else None
        band = band_for(value)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{value} {band.label}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{label}: {value} of 10, {band.label}"
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = QColor(BAND_COLOURS[band])
            colour.setAlpha(45)
            return QBrush(colour)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
