"""Window preferences (not health data), kept in the data folder beside the journal."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QSettings, QTime

from carecompanion.domain.records import Recorder
from carecompanion.paths import DataPaths, make_private

# A caregiver who used the app within this long is still taken to be at the computer when it
# opens again; after it, "Recorded by" starts as the patient (issue 15).
CAREGIVER_STAYS = timedelta(hours=1)

# How long an encrypted journal's window waits, unused, before it locks (0: never).
LOCK_CHOICES = (5, 15, 30, 60, 0)
DEFAULT_LOCK_MINUTES = 15


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
    def caregiver_seen(self) -> datetime | None:
        """When a caregiver last chose "Recorded by: Caregiver" or recorded something."""
        text = str(self._settings.value("checkin/caregiver_seen", ""))
        try:
            seen = datetime.fromisoformat(text)
        except ValueError:
            return None
        return seen if seen.tzinfo is not None else None

    def note_recorder(self, who: Recorder, now: datetime) -> None:
        """`who` is recording at `now`: remembered, with the moment for a caregiver."""
        self._settings.setValue("checkin/recorder", who.value)
        if who is Recorder.CAREGIVER:
            self._settings.setValue("checkin/caregiver_seen", now.isoformat())
        self._sync()

    @property
    def computer_of(self) -> Recorder:
        """Whose computer this is, as the welcome asked: a caregiver's own laptop starts as the
        caregiver at every launch."""
        value = self._settings.value("checkin/computer_of", Recorder.PATIENT.value)
        return Recorder.CAREGIVER if value == Recorder.CAREGIVER.value else Recorder.PATIENT

    @computer_of.setter
    def computer_of(self, value: Recorder) -> None:
        self._settings.setValue("checkin/computer_of", value.value)
        self._sync()

    def recorder_at_launch(self, now: datetime) -> Recorder:
        """Who "Recorded by" starts as: the caregiver on a caregiver's own computer; otherwise
        the patient, unless a caregiver was the one recording within the last hour (a clock set
        back counts as not recent)."""
        if self.computer_of is Recorder.CAREGIVER:
            return Recorder.CAREGIVER
        seen = self.caregiver_seen
        if self.recorder is not Recorder.CAREGIVER or seen is None:
            return Recorder.PATIENT
        recent = timedelta(0) <= now - seen <= CAREGIVER_STAYS
        return Recorder.CAREGIVER if recent else Recorder.PATIENT

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

    @property
    def lock_minutes(self) -> int:
        """Minutes without use before an encrypted journal's window locks; 0 is never."""
        text = str(self._settings.value("lock/idle_minutes", str(DEFAULT_LOCK_MINUTES)))
        try:
            minutes = int(text)
        except ValueError:
            return DEFAULT_LOCK_MINUTES
        return minutes if minutes in LOCK_CHOICES else DEFAULT_LOCK_MINUTES

    @lock_minutes.setter
    def lock_minutes(self, value: int) -> None:
        self._settings.setValue("lock/idle_minutes", str(value))
        self._sync()
