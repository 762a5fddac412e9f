"""The check-in table: newest first, fetched a page at a time so 50,000 rows stay quick.

A period's count and first page are read and prepared for showing by `read_first_page`, on a
worker (History) or here (`set_query`); the next pages are read as the table scrolls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from sqlalchemy.orm import Session

from carecompanion.domain import vitals
from carecompanion.domain.flags import is_fever
from carecompanion.domain.records import (
    DEFAULT_FEVER_THRESHOLD_C,
    CheckIn,
    Recorder,
    TemperatureUnit,
    WeightUnit,
)
from carecompanion.domain.symptoms import Band, band_for
from carecompanion.services import checkins, profile
from carecompanion.ui.store import Store
from carecompanion.ui.widgets.bands import BAND_COLOURS

PAGE_SIZE = 100  # a screenful or two; more load as the table scrolls
WHEN, WHO, FIRST_SYMPTOM = 0, 1, 2
CHECKIN_ROLE = Qt.ItemDataRole.UserRole + 1
CENTRED = int(Qt.AlignmentFlag.AlignCenter)
ITALIC = QFont()
ITALIC.setItalic(True)

Index = QModelIndex | QPersistentModelIndex
# Short, so the heading is not cut off at the table's edge; the words in full on hover.
VITALS_HEADER = "Temp., weight"
VITALS_IN_FULL = "Temperature and weight, in the units chosen in Settings"


class CheckInTableModel(QAbstractTableModel):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self._rows: list[CheckIn] = []
        self._cache: dict[int, _Shown] = {}
        self._fetching = False
        self._symptoms: list[tuple[str, str]] = []  # (key, label)
        self._since: datetime | None = None
        self._until: datetime | None = None
        self._units = (TemperatureUnit.CELSIUS, WeightUnit.KG)
        self._fever_c = DEFAULT_FEVER_THRESHOLD_C
        self._exhausted = True
        self.total = 0

    @property
    def vitals_column(self) -> int:
        return FIRST_SYMPTOM + len(self._symptoms)

    @property
    def note_column(self) -> int:
        return self.vitals_column + 1

    def set_query(
        self, since: datetime | None, until: datetime | None, symptoms: list[tuple[str, str]]
    ) -> None:
        """Read the period's count and first page here, and show them."""
        zone = self.store.context().zone
        self.show_page(self.store.read(lambda s: read_first_page(s, since, until, symptoms, zone)))

    def show_page(self, page: FirstPage) -> None:
        """Show a period from its first page, read (and prepared) elsewhere."""
        self.beginResetModel()
        self._since, self._until, self._symptoms = page.since, page.until, list(page.symptoms)
        self._units, self._fever_c = page.units, page.fever_c
        self._rows = list(page.rows)
        self._cache = dict(enumerate(page.shown))
        self._exhausted = len(page.rows) < PAGE_SIZE
        self.total = page.total
        self.endResetModel()

    def show_columns(self, symptoms: list[tuple[str, str]]) -> None:
        """The columns of these symptoms, with no rows yet."""
        self.beginResetModel()
        self._symptoms, self._rows, self._cache = list(symptoms), [], {}
        self._exhausted = True
        self.total = 0
        self.endResetModel()

    def _fetch(self) -> list[CheckIn]:
        """The next page after the rows already loaded."""
        after = (self._rows[-1].recorded_at, self._rows[-1].id) if self._rows else None
        page = self.store.read(
            lambda s: checkins.page(s, self._since, self._until, after=after, limit=PAGE_SIZE)
        )
        self._exhausted = len(page) < PAGE_SIZE
        return page

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        # Views (and the model tester) may ask again while rows are being inserted: a nested
        # fetch would start after the same last row and load the same page twice.
        if parent.isValid() or self._exhausted or self._fetching:
            return
        self._fetching = True
        try:
            page = self._fetch()
            if page:
                start = len(self._rows)
                self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
                self._rows.extend(page)
                self.endInsertRows()
        finally:
            self._fetching = False

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.note_column + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if (
            role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole)
            and section == self.vitals_column
        ):
            return VITALS_IN_FULL
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == WHEN:
            return "When"
        if section == WHO:
            return "Recorded by"
        if FIRST_SYMPTOM <= section < self.vitals_column:
            return self._symptoms[section - FIRST_SYMPTOM][1]
        if section == self.vitals_column:
            return VITALS_HEADER
        if section == self.note_column:
            return "Note"
        return None

    def checkin_at(self, row: int) -> CheckIn:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every role of every visible cell on each repaint: answer from what
        # _shown() prepared when the row was fetched, without working anything out here.
        row, column = index.row(), index.column()
        if not index.isValid() or not 0 <= row < len(self._rows):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown(row).display[column]
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._shown(row).background[column]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            # The whole text (a note is elided in its cell), on hover and for screen readers.
            return self._shown(row).tooltip[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return CENTRED if FIRST_SYMPTOM <= column < self.note_column else None
        if role == Qt.ItemDataRole.FontRole:
            return ITALIC if column == WHO and self._shown(row).caregiver else None
        if role == CHECKIN_ROLE:
            return self._rows[row]
        return None

    def _shown(self, row: int) -> _Shown:
        shown = self._cache.get(row)
        if shown is None:
            shown = self._cache[row] = _prepare(
                self._rows[row],
                self._symptoms,
                self.store.context().zone,
                self._units,
                self._fever_c,
            )
        return shown


@dataclass(frozen=True)
class FirstPage:
    """A period's count and first page of check-ins, with each row's cells made ready."""

    since: datetime | None
    until: datetime | None
    symptoms: list[tuple[str, str]]
    units: tuple[TemperatureUnit, WeightUnit]
    fever_c: float
    total: int
    rows: list[CheckIn]
    shown: list[_Shown]


def read_first_page(
    session: Session,
    since: datetime | None,
    until: datetime | None,
    symptoms: list[tuple[str, str]],
    zone: tzinfo,
) -> FirstPage:
    """The count and first page of a period, each row prepared for showing (safe on a worker:
    no widget is touched)."""
    person = profile.get(session)
    units = (person.temperature_unit, person.weight_unit)
    fever_c = person.fever_threshold_c
    rows = checkins.page(session, since, until, limit=PAGE_SIZE)
    total = checkins.count_between(session, since, until) if len(rows) == PAGE_SIZE else len(rows)
    shown = [_prepare(row, symptoms, zone, units, fever_c) for row in rows]
    return FirstPage(since, until, list(symptoms), units, fever_c, total, rows, shown)


@dataclass(frozen=True, slots=True)
class _Shown:
    display: list[str]
    tooltip: list[str | None]
    background: list[QBrush | None]
    caregiver: bool


def _tint(band: Band) -> QBrush:
    colour = QColor(BAND_COLOURS[band])
    colour.setAlpha(45)
    return QBrush(colour)


# Made once, here: rows are prepared on worker threads as well.
_BRUSHES: dict[Band, QBrush] = {band: _tint(band) for band in Band}


def _brush(band: Band) -> QBrush:
    return _BRUSHES[band]


def _prepare(
    entry: CheckIn,
    symptoms: list[tuple[str, str]],
    zone: tzinfo,
    units: tuple[TemperatureUnit, WeightUnit],
    fever_c: float = DEFAULT_FEVER_THRESHOLD_C,
) -> _Shown:
    when = entry.recorded_at.astimezone(zone).strftime("%a %d %b %Y, %H:%M")
    caregiver = entry.recorded_by is Recorder.CAREGIVER
    display: list[str] = [when, "Caregiver" if caregiver else "Patient"]
    tooltip: list[str | None] = [when, None]
    background: list[QBrush | None] = [None, None]
    for key, label in symptoms:
        value = entry.scores.get(key)
        if value is None:
            display.append("–")
            tooltip.append(None)
            background.append(None)
            continue
        band = band_for(value)
        display.append(f"{value} {band.label}")
        tooltip.append(f"{label}: {value} of 10, {band.label}")
        background.append(_brush(band))
    measured: list[str] = []
    said: list[str] = []
    fever = False
    if entry.temperature_c is not None:
        shown = vitals.show_temperature(entry.temperature_c, units[0])
        fever = is_fever(entry.temperature_c, fever_c, units[0])  # as the flags judge it
        measured.append(f"{shown} fever" if fever else shown)
        said.append(
            f"Temperature {shown}, at or above the fever threshold of "
            f"{vitals.show_temperature(fever_c, units[0])}"
            if fever
            else f"Temperature {shown}"
        )
    if entry.weight_kg is not None:
        weight = vitals.show_weight(entry.weight_kg, units[1])
        measured.append(weight)
        said.append(f"weight {weight}" if said else f"Weight {weight}")
    display.append(" · ".join(measured) or "–")
    tooltip.append(", ".join(said) or None)
    background.append(_brush(Band.SEVERE) if fever else None)
    display.append(entry.note.replace("\n", " "))
    tooltip.append(entry.note or None)
    background.append(None)
    return _Shown(display, tooltip, background, caregiver)
