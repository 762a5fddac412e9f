"""Flag rules: when a check-in suggests contacting the care team, each with a readable reason.

The rules follow trials of weekly symptom reporting, where acting on severe or worsening
symptoms was what helped: a score of 7 or more (severe), 4 or more where the personal baseline
was below 4 (newly moderate), or 2 or more points above the personal baseline (worse). The
baseline is the median of that symptom's scores in the 7 days before the check-in; with no
scores in that window there is no baseline and no baseline-based flag.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from statistics import median

from carecompanion.domain.records import CheckIn, EndReason, TreatmentLine

SEVERE_AT = 7
MODERATE_AT = 4
WORSE_BY = 2
BASELINE_WINDOW = timedelta(days=7)
SEVERE_REPEAT_COUNT = 3
SEVERE_REPEAT_WINDOW = timedelta(days=14)
REFRACTORY_LINES_FOR_PROMPT = 2


class FlagKind(Enum):
    SEVERE = "severe"
    NEWLY_MODERATE = "newly moderate"
    WORSE = "worse"


@dataclass(frozen=True, slots=True)
class Flag:
    symptom: str
    kind: FlagKind
    score: int
    baseline: float | None
    reason: str


def _fmt(value: float) -> str:
    return f"{value:g}"


def baseline(symptom: str, at: datetime, history: Iterable[CheckIn]) -> float | None:
    """Median score for a symptom over the 7 days before `at` (not counting `at` itself)."""
    since = at - BASELINE_WINDOW
    values = [
        c.scores[symptom] for c in history if symptom in c.scores and since <= c.recorded_at < at
    ]
    return float(median(values)) if values else None


def flags_for(
    checkin: CheckIn,
    history: Iterable[CheckIn],
    labels: Mapping[str, str] | None = None,
) -> list[Flag]:
    """Flags raised by a check-in, at most one per symptom, the most urgent rule first.

    `history` may hold any check-ins, including ones recorded after this one (a backdated entry)
    and the check-in itself; only those in the 7 days before it make the baseline.
    """
    history = [c for c in history if c.id != checkin.id]
    names = labels or {}
    flags: list[Flag] = []
    for symptom, score in checkin.scores.items():
        name = names.get(symptom, symptom.replace("_", " ").capitalize())
        base = baseline(symptom, checkin.recorded_at, history)
        usual = f"; your usual over the week before was {_fmt(base)}" if base is not None else ""
        if score >= SEVERE_AT:
            flags.append(
                Flag(
                    symptom,
                    FlagKind.SEVERE,
                    score,
                    base,
                    f"{name} is {score} of 10, in the severe range (7 or more){usual}.",
                )
            )
        elif base is not None and score >= MODERATE_AT and base < MODERATE_AT:
            flags.append(
                Flag(
                    symptom,
                    FlagKind.NEWLY_MODERATE,
                    score,
                    base,
                    f"{name} is {score} of 10, now moderate; over the week before it was "
                    f"{_fmt(base)}, below 4.",
                )
            )
        elif base is not None and score - base >= WORSE_BY:
            flags.append(
                Flag(
                    symptom,
                    FlagKind.WORSE,
                    score,
                    base,
                    f"{name} is {score} of 10, {_fmt(score - base)} points above your usual "
                    f"{_fmt(base)} over the week before.",
                )
            )
    return flags


def supportive_care_prompt(
    lines: Sequence[TreatmentLine], checkins: Iterable[CheckIn], now: datetime
) -> str | None:
    """A gentle reason to ask about supportive (palliative) care, or None.

    Either two or more lines ended because the cancer grew, or one symptom was severe on three
    check-ins within the last 14 days.
    """
    refractory = [ln for ln in lines if ln.end_reason is EndReason.REFRACTORY]
    if len(refractory) >= REFRACTORY_LINES_FOR_PROMPT:
        return (
            f"{len(refractory)} treatments have stopped because the cancer grew. A supportive "
            "care team can help with how you feel alongside any next treatment."
        )
    since = now - SEVERE_REPEAT_WINDOW
    severe_counts: dict[str, int] = {}
    for c in checkins:
        if since <= c.recorded_at <= now:
            for symptom, score in c.scores.items():
                if score >= SEVERE_AT:
                    severe_counts[symptom] = severe_counts.get(symptom, 0) + 1
    repeated = sorted(s for s, n in severe_counts.items() if n >= SEVERE_REPEAT_COUNT)
    if repeated:
        return (
            "A symptom has been severe on three or more check-ins in the last two weeks. A "
            "supportive care team specialises in easing symptoms like this."
        )
    return None


SUPPORTIVE_CARE_QUESTION = (
    "Could I see the supportive (palliative) care team to help with my symptoms alongside my "
    "treatment?"
)

CALL_NOW_SIGNS: tuple[str, ...] = (
    "Trouble breathing",
    "Chest pain",
    "Bleeding that will not stop",
    "Fainting",
    "New confusion",
    "A fever while on treatment",
)
