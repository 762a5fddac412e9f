"""What the care-team summary says, as plain data: built by services.report, drawn by export.pdf."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from carecompanion.domain.flags import Tier, Usual
from carecompanion.domain.medications import PerDay
from carecompanion.domain.records import (
    ActivityLevel,
    BiomarkerTest,
    CareContact,
    CheckIn,
    Dose,
    Medication,
    Question,
    TemperatureUnit,
    TreatmentLine,
    WeightUnit,
)
from carecompanion.domain.symptoms import Band


@dataclass(frozen=True, slots=True)
class SymptomSummary:
    key: str
    label: str
    usual: Usual | None  # before the latest check-in
    previous: int | None
    latest: int | None
    latest_at: datetime | None
    worst: int | None
    band: Band | None  # of the latest score
    points: tuple[tuple[datetime, int], ...] = ()  # highest per day, week or month, oldest first


@dataclass(frozen=True, slots=True)
class VitalSummary:
    """Temperature or weight over the period, in SI units (the PDF shows the profile's)."""

    key: str  # "temperature" or "weight"
    previous: float | None
    latest: float
    latest_at: datetime
    worst: float  # the highest temperature, the lowest weight
    count: int
    points: tuple[tuple[datetime, float], ...] = ()


@dataclass(frozen=True, slots=True)
class FlagSummary:
    """A symptom's worst flag in the period: its most urgent tier, and among the check-ins that
    qualified at that tier the highest value, how many there were and the latest of them; then
    whether the symptom's latest value in the period is still at or over that tier's threshold.
    """

    key: str
    label: str
    tier: Tier
    what: str  # the highest qualifying value: "8 of 10, severe (7 or more)", addressing no one
    value: float  # the score, the temperature in °C, or the percent of weight lost
    at: datetime  # when that highest value was recorded (the latest of equals)
    current: bool  # the latest value is still at or over the tier's own threshold
    latest: str  # the symptom's latest value in the period: "3", "36.8 °C", "64.2 kg"
    latest_at: datetime | None = None
    count: int = 1  # check-ins in the period at this tier for this symptom
    last_at: datetime | None = None  # the latest of those check-ins
    latest_band: str = ""  # a score's band when no longer current ("mild"), else ""


@dataclass(frozen=True, slots=True)
class AsNeeded:
    """One as-needed medication's doses per day in the period, counted by the local days of the
    profile's zone over the days it was on the list (the period, less any days before it started
    or after it stopped, and never past the day the summary was made). `per_day` is None when no
    dose of it was recorded in the period."""

    medication: Medication
    first: date  # the first and last day counted
    last: date
    per_day: PerDay | None
    points: tuple[tuple[datetime, int], ...] = ()  # the most doses in a day, per trend bucket


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
    current_line: TreatmentLine | None = None  # the systemic line at the end of the period
    current_lines: tuple[TreatmentLine, ...] = ()  # all of them (a combination, one per drug)
    prior_lines: int = 0  # systemic lines ended before the current ones
    last_stopped: TreatmentLine | None = None  # the systemic line that ended last, by then
    local_treatments: tuple[TreatmentLine, ...] = ()  # surgery, radiation: listed, not counted
    other_treatments: tuple[TreatmentLine, ...] = ()  # supportive care and other, by then
    latest_activity: tuple[ActivityLevel, datetime] | None = None
    tests: tuple[BiomarkerTest, ...] = ()
    flags: tuple[FlagSummary, ...] = ()  # one per symptom, most urgent tier first
    tier_counts: tuple[tuple[Tier, int], ...] = ()  # check-ins at each tier (its most urgent)
    supportive_prompt: str | None = None
    symptoms: tuple[SymptomSummary, ...] = ()
    vitals: tuple[VitalSummary, ...] = ()
    temperature_unit: TemperatureUnit = TemperatureUnit.CELSIUS
    weight_unit: WeightUnit = WeightUnit.KG
    fever_threshold_c: float = 38.0
    checkin_count: int = 0
    caregiver_count: int = 0
    pinned: tuple[Question, ...] = ()
    open_questions: tuple[Question, ...] = ()
    contacts: tuple[CareContact, ...] = ()  # 24-hour numbers first
    emergency_number: str = ""
    log: tuple[CheckIn, ...] = field(default=())
    medications: tuple[Medication, ...] = ()  # started by the period's end, or dosed in it
    as_needed: tuple[AsNeeded, ...] = ()  # empty when no as-needed dose was recorded in it
    doses: tuple[Dose, ...] = ()  # the period's doses, newest first, only with the full log
    labels: dict[str, str] = field(default_factory=dict)
    trend_bucket: str = "day"  # each trend point is the highest score of a day, week or month

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    @property
    def actionable(self) -> tuple[BiomarkerTest, ...]:
        """Actionable results as known at the period's end: per marker its latest test by
        then (the later of the same day), kept when that one is actionable."""
        latest: dict[str, BiomarkerTest] = {}
        for test in sorted(
            (t for t in self.tests if t.tested_on <= self.options.end),
            key=lambda t: t.tested_on,
        ):
            latest[" ".join(test.marker.split()).casefold()] = test
        return tuple(
            t
            for t in sorted(latest.values(), key=lambda t: t.tested_on, reverse=True)
            if t.actionable.value == "yes"
        )
