"""Journal records as plain, immutable dataclasses: check-ins, treatment lines, tests, questions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum


class Recorder(Enum):
    PATIENT = "patient"
    CAREGIVER = "caregiver"


class ActivityLevel(Enum):
    """Five steps in lay words; clinicians read them like ECOG performance status 0-4."""

    NORMAL = 0
    UP_AND_ABOUT = 1
    RESTING_UNDER_HALF = 2
    RESTING_OVER_HALF = 3
    MOSTLY_IN_BED = 4

    @property
    def label(self) -> str:
        return _ACTIVITY_LABELS[self]


_ACTIVITY_LABELS = {
    ActivityLevel.NORMAL: "Normal activity",
    ActivityLevel.UP_AND_ABOUT: "Some symptoms, but up and about",
    ActivityLevel.RESTING_UNDER_HALF: "Resting less than half the day",
    ActivityLevel.RESTING_OVER_HALF: "Resting more than half the day",
    ActivityLevel.MOSTLY_IN_BED: "Mostly in bed",
}


@dataclass(frozen=True, slots=True)
class CheckIn:
    """How someone felt at one moment: 0-10 scores by symptom key, who recorded it, a note."""

    id: uuid.UUID
    recorded_at: datetime  # timezone-aware
    recorded_by: Recorder
    scores: dict[str, int]
    note: str = ""
    activity: ActivityLevel | None = None
    updated_at: datetime | None = None
    temperature_c: float | None = None  # stored in SI units, shown in the profile's
    weight_kg: float | None = None


class TreatmentCategory(Enum):
    CHEMOTHERAPY = "chemotherapy"
    IMMUNOTHERAPY = "immunotherapy"
    CAR_T = "car_t"
    TARGETED = "targeted"
    HORMONE = "hormone"
    CLINICAL_TRIAL = "clinical_trial"
    SIRT = "sirt"
    SBRT = "sbrt"
    OTHER_RADIATION = "other_radiation"
    SURGERY = "surgery"
    SUPPORTIVE = "supportive"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _CATEGORY_LABELS[self]

    @property
    def counts_as_line(self) -> bool:
        """Only systemic treatment is numbered: clinicians and trial criteria count prior lines
        of systemic therapy, so surgery, radiation and supportive care carry no number."""
        return self in SYSTEMIC

    @property
    def is_local(self) -> bool:
        return self in LOCAL


_CATEGORY_LABELS = {
    TreatmentCategory.CHEMOTHERAPY: "Chemotherapy",
    TreatmentCategory.IMMUNOTHERAPY: "Immunotherapy (checkpoint inhibitor)",
    TreatmentCategory.CAR_T: "CAR T-cell therapy",
    TreatmentCategory.TARGETED: "Targeted therapy",
    TreatmentCategory.HORMONE: "Hormone therapy",
    TreatmentCategory.CLINICAL_TRIAL: "Clinical trial",
    TreatmentCategory.SIRT: "Radioembolization (SIRT, Y-90)",
    TreatmentCategory.SBRT: "Stereotactic radiation (SBRT)",
    TreatmentCategory.OTHER_RADIATION: "Other radiation",
    TreatmentCategory.SURGERY: "Surgery",
    TreatmentCategory.SUPPORTIVE: "Supportive care",
    TreatmentCategory.OTHER: "Other",
}


SYSTEMIC = frozenset(
    {
        TreatmentCategory.CHEMOTHERAPY,
        TreatmentCategory.IMMUNOTHERAPY,
        TreatmentCategory.CAR_T,
        TreatmentCategory.TARGETED,
        TreatmentCategory.HORMONE,
        TreatmentCategory.CLINICAL_TRIAL,
    }
)
LOCAL = frozenset(
    {
        TreatmentCategory.SIRT,
        TreatmentCategory.SBRT,
        TreatmentCategory.OTHER_RADIATION,
        TreatmentCategory.SURGERY,
    }
)


class TreatmentSetting(Enum):
    CURATIVE = "curative"
    ADVANCED = "advanced"


class Response(Enum):
    COMPLETE = "complete"
    PARTIAL = "partial"
    STABLE = "stable"
    PROGRESSION = "progression"
    NOT_ASSESSED = "not_assessed"

    @property
    def label(self) -> str:
        return {
            Response.COMPLETE: "Complete response",
            Response.PARTIAL: "Partial response",
            Response.STABLE: "Stable disease",
            Response.PROGRESSION: "Progression",
            Response.NOT_ASSESSED: "Not assessed",
        }[self]


class EndReason(Enum):
    """Why a line ended, following the HL7 mCODE termination reasons."""

    REFRACTORY = "refractory"
    TOXICITY = "toxicity"
    COMPLETED = "completed"
    PATIENT_CHOICE = "patient_choice"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            EndReason.REFRACTORY: "The cancer grew or did not respond",
            EndReason.TOXICITY: "Side effects were too much",
            EndReason.COMPLETED: "Course completed",
            EndReason.PATIENT_CHOICE: "Patient's choice",
            EndReason.OTHER: "Other",
        }[self]


class TrialPhase(Enum):
    I = "I"  # noqa: E741 - the phase's own name
    II = "II"
    III = "III"


@dataclass(frozen=True, slots=True)
class TreatmentLine:
    id: uuid.UUID
    category: TreatmentCategory
    regimen: str
    start_date: date
    end_date: date | None = None
    setting: TreatmentSetting | None = None
    best_response: Response | None = None
    end_reason: EndReason | None = None
    trial_phase: TrialPhase | None = None
    nct_number: str | None = None
    notes: str = ""
    line_number: int | None = None  # systemic lines by order of start; None for the rest

    @property
    def ongoing(self) -> bool:
        return self.end_date is None

    @property
    def place(self) -> str:
        """How the line is counted, in words: "Line 2", "Local", "Supportive" or "Not counted"."""
        if self.line_number is not None:
            return f"Line {self.line_number}"
        if self.category.is_local:
            return "Local"
        if self.category is TreatmentCategory.SUPPORTIVE:
            return "Supportive"
        return "Not counted"


class TestKind(Enum):
    __test__ = False  # not a pytest test class, despite the name
    NGS_PANEL = "ngs_panel"
    LIQUID_BIOPSY = "liquid_biopsy"
    SINGLE_GENE = "single_gene"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            TestKind.NGS_PANEL: "Tissue genomic panel (NGS)",
            TestKind.LIQUID_BIOPSY: "Liquid biopsy (ctDNA)",
            TestKind.SINGLE_GENE: "Single gene or protein test",
            TestKind.OTHER: "Other",
        }[self]


class Actionable(Enum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


COMMON_MARKERS = ("EGFR", "ALK", "HER2", "KRAS", "BRAF", "PD-L1", "MSI", "TMB")


@dataclass(frozen=True, slots=True)
class BiomarkerTest:
    id: uuid.UUID
    tested_on: date
    kind: TestKind
    marker: str
    result: str
    actionable: Actionable = Actionable.UNKNOWN
    notes: str = ""


class QuestionSource(Enum):
    LEARN = "learn"
    FLAG = "flag"
    USER = "user"


class QuestionStatus(Enum):
    OPEN = "open"
    ASKED = "asked"
    ANSWERED = "answered"


MAX_PINNED_QUESTIONS = 3


@dataclass(frozen=True, slots=True)
class Question:
    id: uuid.UUID
    text: str
    source: QuestionSource = QuestionSource.USER
    status: QuestionStatus = QuestionStatus.OPEN
    answer: str = ""
    pinned: bool = False
    position: int = 0


@dataclass(frozen=True, slots=True)
class Medication:
    """A medicine as its label says: taken regularly or as needed, with the label's limits."""

    id: uuid.UUID
    name: str
    start_date: date
    dose: str = ""  # as written on the label, "5 mg tablet"
    as_needed: bool = False
    purpose: str = ""  # a symptom key ("pain") or the person's words
    min_hours: float | None = None  # the label's least time between doses
    max_per_day: int | None = None  # the label's most doses in 24 hours
    stop_date: date | None = None
    notes: str = ""

    @property
    def ongoing(self) -> bool:
        return self.stop_date is None


@dataclass(frozen=True, slots=True)
class Dose:
    """One dose taken: which medicine, when, and who recorded it."""

    id: uuid.UUID
    medication_id: uuid.UUID
    taken_at: datetime  # timezone-aware
    recorded_by: Recorder = Recorder.PATIENT


@dataclass(frozen=True, slots=True)
class CareContact:
    id: uuid.UUID
    name: str
    role: str = ""
    phone: str = ""
    around_the_clock: bool = False  # the number answers 24 hours a day


class TemperatureUnit(Enum):
    CELSIUS = "C"
    FAHRENHEIT = "F"


class WeightUnit(Enum):
    KG = "kg"
    LB = "lb"


DEFAULT_FEVER_THRESHOLD_C = 38.0


@dataclass(frozen=True, slots=True)
class Profile:
    name: str = ""
    date_of_birth: date | None = None
    diagnosis: str = ""
    time_zone: str = ""  # IANA name; empty means the computer's own zone
    contacts: tuple[CareContact, ...] = field(default=())
    cancer_type: str = ""  # a few words, for searching trials
    emergency_number: str = ""
    temperature_unit: TemperatureUnit = TemperatureUnit.CELSIUS
    weight_unit: WeightUnit = WeightUnit.KG
    fever_threshold_c: float = DEFAULT_FEVER_THRESHOLD_C
    # When the supportive-care suggestion was last put aside; it stays away for 14 days.
    supportive_prompt_dismissed_at: datetime | None = None
