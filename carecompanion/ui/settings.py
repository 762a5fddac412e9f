"""Window preferences (not health data), kept in the data folder beside the journal."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QTime

from carecompanion.domain.records import Recorder
from carecompanion.paths import DataPaths, make_private


class AppSettings:
    def __init__(self, paths: DataPaths) -> None:
        self._path = paths.root / "settings.ini"
        self._settings = QSettings(str(self._path), QSettings.Format.IniFormat)

    def _sync(self) -> None:
        self._settings.sync()
        make_private(self._path)

    @property
    def recorder(self) -> Recorder:
        value = self._settings.value("checkin/recorder", Recorder.PATIENT.value)
        return Recorder.CAREGIVER if value == Recorder.CAREGIVER.value else Recorder.PATIENT

    @recorder.setter
    def recorder(self, value: Recorder) -> None:
        self._settings.setValue("checkin/recorder", value.value)
        self._sync()

    @property
    def reminder(self) -> QTime | None:
        text = self._settings.value("reminder/time", "")
        moment = QTime.fromString(str(text), "HH:mm")
        return moment if moment.isValid() else None

    @reminder.setter
    def reminder(self, value: QTime | None) -> None:
        self._settings.setValue("reminder/time", value.toString("HH:mm") if value else "")
        self._sync()

    def value(self, key: str, default: str = "") -> str:
        return str(self._settings.value(key, default))

    def set_value(self, key: str, value: str) -> None:
        self._settings.setValue(key, value)
        self._sync()
