"""What the care-team summary says, as plain data: built by services.report, drawn by export.pdf."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from carecompanion.domain.flags import FlagKind
from carecompanion.domain.records import (
    ActivityLevel,
    BiomarkerTest,
    CareContact,
    CheckIn,
    EndReason,
    Question,
    TreatmentLine,
)
from carecompanion.domain.symptoms import Band


@dataclass(frozen=True, slots=True)
class SymptomSummary:
    key: str
    label: str
    baseline: float | None  # median of the 7 days before the latest check-in
    previous: int | None
    latest: int | None
    latest_at: datetime | None
    worst: int | None
    band: Band | None  # of the latest score
    points: tuple[tuple[datetime, int], ...] = ()  # highest score per day or week, oldest first


@dataclass(frozen=True, slots=True)
class FlagSummary:
    label: str
    kind: FlagKind
    reason: str
    at: datetime
    times: int  # check-ins in the period that raised a flag for this symptom


@dataclass(frozen=True, slots=True)
class ReportOptions:
    start: date
    end: date
    include_log: bool = False
    include_notes: bool = True
    include_questions: bool = True


@dataclass(frozen=True, slots=True)
class Report:
    options: ReportOptions
    generated_at: datetime
    time_zone: str = "UTC"  # IANA name: every time in the summary is shown in this zone
    name: str = ""
    date_of_birth: date | None = None
    diagnosis: str = ""
    lines: tuple[TreatmentLine, ...] = ()
    current_line: TreatmentLine | None = None
    prior_lines: int = 0
    last_stop_reason: EndReason | None = None
    latest_activity: tuple[ActivityLevel, datetime] | None = None
    tests: tuple[BiomarkerTest, ...] = ()
    flags: tuple[FlagSummary, ...] = ()
    supportive_prompt: str | None = None
    symptoms: tuple[SymptomSummary, ...] = ()
    checkin_count: int = 0
    caregiver_count: int = 0
    pinned: tuple[Question, ...] = ()
    open_questions: tuple[Question, ...] = ()
    contacts: tuple[CareContact, ...] = ()
    log: tuple[CheckIn, ...] = field(default=())
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    @property
    def actionable(self) -> tuple[BiomarkerTest, ...]:
        return tuple(t for t in self.tests if t.actionable.value == "yes")
