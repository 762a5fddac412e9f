"""The journal as a document that travels between laptops: every record with its id and times.

Deleted records travel too (with `deleted_at`), so a deletion on one laptop reaches the other.
The profile and symptom settings are one per journal and merge by key, not by id.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from carecompanion.domain.identity import JournalIdentity
from carecompanion.domain.records import (
    DEFAULT_FEVER_THRESHOLD_C,
    BiomarkerTest,
    CareContact,
    Dose,
    Medication,
    Question,
    Recorder,
    TemperatureUnit,
    TreatmentLine,
    WeightUnit,
)

FORMAT_NAME = "carecompanion-journal"
# 2 added temperature, weight, the profile's safety fields and 24-hour contacts; 3 added
# medications and doses; 4 added the journal's id and person (whose journal the file is).
FORMAT_VERSION = 4
READABLE_VERSIONS = frozenset({1, 2, 3, 4})


TEMPERATURE = "temperature_c"
WEIGHT = "weight_kg"
PROFILE_SAFETY = "profile safety settings"  # cancer type, emergency number, units, threshold
AROUND_THE_CLOCK = "around_the_clock"
FORMAT_1_SILENT_ON = frozenset({TEMPERATURE, WEIGHT, PROFILE_SAFETY, AROUND_THE_CLOCK})


def incoming_wins(incoming: datetime, current: datetime | None) -> bool:
    """The merge rule for every kind of record: a record new here, or edited later, wins."""
    return current is None or incoming > current


@dataclass(frozen=True, slots=True)
class Stamps:
    created_at: datetime
    updated_at: datetime
    deleted_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CheckInRecord:
    id: uuid.UUID
    recorded_at: datetime
    recorded_by: Recorder
    scores: dict[str, int]
    note: str
    activity: int | None
    stamps: Stamps
    origin: str = ""  # where it came from in an imported file ("line 12"), for messages
    temperature_c: float | None = None
    weight_kg: float | None = None


@dataclass(frozen=True, slots=True)
class LineRecord:
    line: TreatmentLine
    stamps: Stamps


@dataclass(frozen=True, slots=True)
class TestRecord:
    __test__ = False  # not a pytest test class, despite the name

    test: BiomarkerTest
    stamps: Stamps


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    question: Question
    stamps: Stamps


@dataclass(frozen=True, slots=True)
class MedicationRecord:
    medication: Medication
    stamps: Stamps


@dataclass(frozen=True, slots=True)
class DoseRecord:
    dose: Dose
    stamps: Stamps


@dataclass(frozen=True, slots=True)
class ContactRecord:
    contact: CareContact
    position: int
    stamps: Stamps


@dataclass(frozen=True, slots=True)
class SymptomRecord:
    key: str
    label: str
    custom: bool
    active: bool
    position: int
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class ProfileRecord:
    name: str
    date_of_birth: date | None
    diagnosis: str
    time_zone: str
    updated_at: datetime
    cancer_type: str = ""
    emergency_number: str = ""
    temperature_unit: TemperatureUnit = TemperatureUnit.CELSIUS
    weight_unit: WeightUnit = WeightUnit.KG
    fever_threshold_c: float = DEFAULT_FEVER_THRESHOLD_C
    supportive_prompt_dismissed_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class JournalDocument:
    exported_at: datetime
    profile: ProfileRecord | None = None
    contacts: tuple[ContactRecord, ...] = ()
    symptoms: tuple[SymptomRecord, ...] = ()
    checkins: tuple[CheckInRecord, ...] = ()
    lines: tuple[LineRecord, ...] = ()
    tests: tuple[TestRecord, ...] = ()
    questions: tuple[QuestionRecord, ...] = ()
    medications: tuple[MedicationRecord, ...] = ()
    doses: tuple[DoseRecord, ...] = ()
    # Fields the document does not speak for (a format 1 file, a CSV without the column):
    # merging it keeps what this journal holds for them instead of blanking it.
    silent_on: frozenset[str] = frozenset()
    # Which journal the document came from (format 4); None for older files and CSV.
    journal: JournalIdentity | None = None


@dataclass
class MergeCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class MergeReport:
    """What an import added, updated and left as it was, by kind of record."""

    counts: dict[str, MergeCounts] = field(default_factory=dict)

    def of(self, kind: str) -> MergeCounts:
        return self.counts.setdefault(kind, MergeCounts())

    def changed(self) -> bool:
        return any(c.added or c.updated for c in self.counts.values())

    def lines(self) -> list[str]:
        return [
            f"{kind}: {c.added} added, {c.updated} updated, {c.unchanged} unchanged"
            for kind, c in self.counts.items()
            if c.added or c.updated or c.unchanged
        ]
