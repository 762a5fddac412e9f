"""SQLAlchemy models of the journal. Every record has a UUID and created/updated times.

Records a person can delete carry `deleted_at`, so a deletion can be undone and can travel to
another laptop when journals are merged.
"""

# Without `from __future__ import annotations`: SQLAlchemy then reads each column's `Mapped[...]`
# as the object Python made, instead of evaluating its text, which halves the time the mapping
# takes to import. Names defined further down are quoted.
import uuid
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from carecompanion.db.types import UTCDateTime
from carecompanion.domain.times import utc_now

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Record:
    """Columns every stored record has."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # Set by the services from the action's clock on every change (a changed score included),
    # never by the database layer: an automatic stamp would read the computer's clock.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class Deletable:
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class CheckInRow(Record, Deletable, Base):
    __tablename__ = "checkins"

    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    activity: Mapped[int | None] = mapped_column(Integer, default=None)
    temperature_c: Mapped[float | None] = mapped_column(Float, default=None)
    weight_kg: Mapped[float | None] = mapped_column(Float, default=None)
    scores: Mapped[list["ScoreRow"]] = relationship(
        back_populates="checkin", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (
        CheckConstraint("recorded_by IN ('patient', 'caregiver')", name="recorded_by"),
        CheckConstraint("activity IS NULL OR activity BETWEEN 0 AND 4", name="activity"),
        CheckConstraint(
            "temperature_c IS NULL OR temperature_c BETWEEN 34.0 AND 43.0", name="temperature_c"
        ),
        CheckConstraint("weight_kg IS NULL OR weight_kg BETWEEN 20.0 AND 300.0", name="weight_kg"),
        Index("ix_checkins_recorded_at", "recorded_at"),
    )


class ScoreRow(Record, Base):
    __tablename__ = "scores"

    checkin_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("checkins.id", ondelete="CASCADE"))
    symptom: Mapped[str] = mapped_column(String(40))
    value: Mapped[int] = mapped_column(Integer)
    checkin: Mapped[CheckInRow] = relationship(back_populates="scores")

    __table_args__ = (
        CheckConstraint("value BETWEEN 0 AND 10", name="value"),
        # Also the index that finds a check-in's scores. No index on `symptom` alone: SQLite
        # would prefer it and read every score ever recorded for a one-month chart.
        UniqueConstraint("checkin_id", "symptom", name="uq_scores_checkin_symptom"),
    )


class SymptomSettingRow(Record, Base):
    """Which symptoms are offered at check-in, and the user's own custom symptoms."""

    __tablename__ = "symptom_settings"

    key: Mapped[str] = mapped_column(String(40), unique=True)
    label: Mapped[str] = mapped_column(String(80))
    custom: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class TreatmentLineRow(Record, Deletable, Base):
    __tablename__ = "treatment_lines"

    category: Mapped[str] = mapped_column(String(32))
    regimen: Mapped[str] = mapped_column(Text, default="")
    setting: Mapped[str | None] = mapped_column(String(16), default=None)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date, default=None)
    best_response: Mapped[str | None] = mapped_column(String(16), default=None)
    end_reason: Mapped[str | None] = mapped_column(String(16), default=None)
    trial_phase: Mapped[str | None] = mapped_column(String(4), default=None)
    nct_number: Mapped[str | None] = mapped_column(String(11), default=None)
    notes: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates"),)


class BiomarkerTestRow(Record, Deletable, Base):
    __tablename__ = "biomarker_tests"

    tested_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    marker: Mapped[str] = mapped_column(String(80))
    result: Mapped[str] = mapped_column(Text, default="")
    actionable: Mapped[str] = mapped_column(String(8), default="unknown")
    notes: Mapped[str] = mapped_column(Text, default="")


class QuestionRow(Record, Deletable, Base):
    __tablename__ = "questions"

    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(8), default="user")
    status: Mapped[str] = mapped_column(String(8), default="open")
    answer: Mapped[str] = mapped_column(Text, default="")
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ProfileRow(Record, Base):
    """The one profile of the journal."""

    __tablename__ = "profile"

    name: Mapped[str] = mapped_column(Text, default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date, default=None)
    diagnosis: Mapped[str] = mapped_column(Text, default="")
    time_zone: Mapped[str] = mapped_column(String(64), default="")
    cancer_type: Mapped[str] = mapped_column(Text, default="")
    emergency_number: Mapped[str] = mapped_column(String(40), default="")
    temperature_unit: Mapped[str] = mapped_column(String(1), default="C")
    weight_unit: Mapped[str] = mapped_column(String(2), default="kg")
    fever_threshold_c: Mapped[float] = mapped_column(Float, default=38.0)
    supportive_prompt_dismissed_at: Mapped[datetime | None] = mapped_column(
        UTCDateTime, default=None
    )

    __table_args__ = (
        CheckConstraint("temperature_unit IN ('C', 'F')", name="temperature_unit"),
        CheckConstraint("weight_unit IN ('kg', 'lb')", name="weight_unit"),
        CheckConstraint("fever_threshold_c BETWEEN 37.5 AND 38.5", name="fever_threshold_c"),
    )


class CareContactRow(Record, Deletable, Base):
    __tablename__ = "care_contacts"

    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    around_the_clock: Mapped[bool] = mapped_column(Boolean, default=False)


class MedicationRow(Record, Deletable, Base):
    __tablename__ = "medications"

    name: Mapped[str] = mapped_column(Text)
    dose: Mapped[str] = mapped_column(Text, default="")
    as_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    purpose: Mapped[str] = mapped_column(Text, default="")
    min_hours: Mapped[float | None] = mapped_column(Float, default=None)
    max_per_day: Mapped[int | None] = mapped_column(Integer, default=None)
    start_date: Mapped[date] = mapped_column(Date)
    stop_date: Mapped[date | None] = mapped_column(Date, default=None)
    notes: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        CheckConstraint(
            "min_hours IS NULL OR (min_hours > 0 AND min_hours <= 72)", name="min_hours"
        ),
        CheckConstraint("max_per_day IS NULL OR max_per_day BETWEEN 1 AND 24", name="max_per_day"),
        CheckConstraint("stop_date IS NULL OR stop_date >= start_date", name="dates"),
    )


class DoseRow(Record, Deletable, Base):
    __tablename__ = "doses"

    medication_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("medications.id"))
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by: Mapped[str] = mapped_column(String(16))

    __table_args__ = (
        CheckConstraint("recorded_by IN ('patient', 'caregiver')", name="recorded_by"),
        Index("ix_doses_taken_at", "taken_at"),
    )


class JournalIdentityRow(Base):
    """The one row saying which journal this is; the person is the profile's name and birth
    date. Also the sync folder chosen for this journal (empty: none)."""

    __tablename__ = "journal_identity"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sync_folder: Mapped[str] = mapped_column(Text, default="", server_default="")


class JournalChangesRow(Base):
    """The one row counting the journal's changes: every write that changes something raises
    it in the same transaction (`db.journal.Journal.write`)."""

    __tablename__ = "journal_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer)

    __table_args__ = (CheckConstraint("id = 1", name="one"),)


class SyncAppliedRow(Base):
    """A change file of another computer, read from the sync folder: applied, or waiting (of
    a newer format, or refused by the rules; tried again when changed or an hour on, reported
    once)."""

    __tablename__ = "sync_applied"

    device: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(80), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(8))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (CheckConstraint("outcome IN ('applied', 'waiting')", name="outcome"),)


class SyncSentRow(Base):
    """The version (time of change) of a record this computer has written to the sync folder."""

    __tablename__ = "sync_sent"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
