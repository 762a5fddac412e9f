"""The symptom catalogue, the 0-10 scale, its bands and strict score parsing."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from enum import Enum

from carecompanion.domain.errors import InvalidInput

MIN_SCORE = 0
MAX_SCORE = 10
SCORE_RANGE_TEXT = "a score is a whole number from 0 to 10"

# Only the ASCII spellings "0".."10": int() would also take "1_0", " 7 " and Arabic-Indic digits.
_SCORE_PATTERN = re.compile(r"10|[0-9]")
_KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,39}")


class Band(Enum):
    """How a 0-10 score reads, the same on screen, in the PDF and in exports."""

    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"

    @property
    def label(self) -> str:
        return self.value


def band_for(score: int) -> Band:
    """Band of a score: 0 none, 1-3 mild, 4-6 moderate, 7-10 severe (ESAS cut-points)."""
    check_score(score)
    if score == 0:
        return Band.NONE
    if score <= 3:
        return Band.MILD
    if score <= 6:
        return Band.MODERATE
    return Band.SEVERE


def check_score(score: int, field: str = "score") -> int:
    """Return the score if it is an int from 0 to 10, else raise InvalidInput."""
    if isinstance(score, bool) or not isinstance(score, int) or not MIN_SCORE <= score <= MAX_SCORE:
        raise InvalidInput(field, score, SCORE_RANGE_TEXT)
    return score


def parse_score(text: str, field: str = "score") -> int:
    """Parse exactly "0".."10"; anything else raises InvalidInput naming the field."""
    if not isinstance(text, str) or _SCORE_PATTERN.fullmatch(text) is None:
        raise InvalidInput(field, text, SCORE_RANGE_TEXT)
    return int(text)


@dataclass(frozen=True, slots=True)
class Symptom:
    """One symptom that can be rated 0-10."""

    key: str
    label: str
    worst_anchor: str = "worst possible"
    best_anchor: str = "none"
    core: bool = False
    custom: bool = False


CORE_SYMPTOMS: tuple[Symptom, ...] = (
    Symptom("pain", "Pain", core=True),
    Symptom("nausea", "Nausea", core=True),
    Symptom("fatigue", "Tiredness (fatigue)", core=True),
    Symptom("anxiety", "Anxiety", core=True),
)

OPTIONAL_SYMPTOMS: tuple[Symptom, ...] = (
    Symptom("drowsiness", "Drowsiness"),
    Symptom("appetite", "Lack of appetite"),
    Symptom("breathless", "Shortness of breath"),
    Symptom("depression", "Depression"),
    Symptom("wellbeing", "Wellbeing", best_anchor="best", worst_anchor="worst"),
    Symptom("constipation", "Constipation"),
    Symptom("diarrhoea", "Diarrhoea"),
    Symptom("sleep", "Sleep problems"),
)

BUILT_IN: dict[str, Symptom] = {s.key: s for s in CORE_SYMPTOMS + OPTIONAL_SYMPTOMS}


def custom_symptom(label: str) -> Symptom:
    """A symptom the user named, such as "tingling hands"."""
    cleaned = " ".join(label.split())
    if not cleaned.isprintable():  # control characters, NUL and lone surrogates among them
        raise InvalidInput(
            "symptom name", "a character that cannot be shown", "use letters and digits"
        )
    if not cleaned or len(cleaned) > 40:
        raise InvalidInput("symptom name", label, "a name is 1 to 40 characters")
    if not any(ch.isalnum() for ch in cleaned):
        raise InvalidInput("symptom name", label, "a name needs at least one letter or digit")
    key = "custom_" + re.sub(r"[^a-z0-9]+", "_", cleaned.casefold()).strip("_")
    if key == "custom_":
        # A name in Greek, Cyrillic or another script without Latin letters: its key is a
        # short fingerprint of the name, the same for the same name on every computer.
        digest = hashlib.sha256(cleaned.casefold().encode("utf-8")).hexdigest()[:12]
        key = f"custom_u{digest}"
    if _KEY_PATTERN.fullmatch(key) is None:
        raise InvalidInput("symptom name", label, "a name needs at least one letter or digit")
    if cleaned.casefold() in {s.label.casefold() for s in BUILT_IN.values()}:
        raise InvalidInput("symptom name", label, "that symptom is already in the list")
    return Symptom(key, cleaned[:1].upper() + cleaned[1:], custom=True)


def is_valid_key(key: str) -> bool:
    return _KEY_PATTERN.fullmatch(key) is not None
