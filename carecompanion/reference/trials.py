"""The trial-search helper: a ClinicalTrials.gov search address and a checklist from the journal.

The app builds the address; the person copies it or opens it in their own browser. The app
itself connects to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from carecompanion.domain.records import ActivityLevel, BiomarkerTest, Profile, TreatmentLine

SEARCH_PAGE = "https://clinicaltrials.gov/search"
RECRUITING = "status:rec"


CONDITION_HINT = (
    "Add your cancer type in Settings, in a few words such as 'bowel cancer', "
    "and it will be filled in here."
)


def search_condition(profile: Profile) -> str:
    """The condition to search for: the profile's short cancer type, never the diagnosis.

    ClinicalTrials.gov matches a condition against the names studies give their conditions, so a
    whole diagnosis sentence ("Stage IV adenocarcinoma of the colon, spread to the liver") finds
    few studies or none; a few words ("colorectal cancer") find them. With no cancer type the
    condition stays empty and the helper shows CONDITION_HINT (issue 13).
    """
    return " ".join(profile.cancer_type.split())


def search_address(condition: str, other_terms: str, location: str) -> str:
    """A search of recruiting studies; spaces and accents are percent-encoded as UTF-8."""
    params = [
        ("cond", condition.strip()),
        ("term", other_terms.strip()),
        ("locStr", location.strip()),
    ]
    chosen = [(key, value) for key, value in params if value]
    chosen.append(("aggFilters", RECRUITING))
    return f"{SEARCH_PAGE}?{urlencode(chosen, quote_via=quote, safe=':')}"


def biomarker_terms(tests: list[BiomarkerTest]) -> str:
    """Actionable findings as search words, such as "KRAS G12C OR EGFR"."""
    words: list[str] = []
    for test in tests:
        if test.actionable.value != "yes":
            continue
        word = test.marker
        first = test.result.split()[0] if test.result.split() else ""
        if first and first[0].isupper() and any(ch.isdigit() for ch in first):
            word = f"{test.marker} {first}"
        if word not in words:
            words.append(word)
    return " OR ".join(words)


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    label: str
    value: str


def checklist(
    lines: list[TreatmentLine],
    tests: list[BiomarkerTest],
    activity: ActivityLevel | None,
    diagnosis: str = "",
) -> list[ChecklistItem]:
    """What trial teams usually ask, filled from the journal where it knows.

    Trial criteria count prior lines of systemic therapy (see TreatmentCategory.counts_as_line),
    so surgery and radiation are listed apart, without a number.
    """
    counted = [ln for ln in lines if ln.line_number is not None]
    local = [ln for ln in lines if ln.category.is_local]
    last = counted[-1] if counted else None
    ended = [ln for ln in counted if ln.end_date is not None]
    markers = "; ".join(f"{t.marker}: {t.result} ({t.tested_on:%b %Y})" for t in tests)
    return [
        ChecklistItem("Diagnosis and where it has spread", diagnosis or "add it in Settings"),
        ChecklistItem("Lines of systemic treatment so far", str(len(counted))),
        ChecklistItem(
            "Latest systemic treatment",
            f"{last.regimen} (line {last.line_number})" if last else "none recorded",
        ),
        ChecklistItem(
            "Why the last finished line stopped",
            ended[-1].end_reason.label if ended and ended[-1].end_reason else "not recorded",
        ),
        ChecklistItem(
            "Surgery and radiation (not counted as lines)",
            "; ".join(f"{ln.regimen or ln.category.label} ({ln.start_date:%b %Y})" for ln in local)
            or "none recorded",
        ),
        ChecklistItem("Biomarker and genomic results", markers or "none recorded"),
        ChecklistItem(
            "Activity level",
            f"{activity.label} (self-reported, read like ECOG {activity.value})"
            if activity
            else "not recorded",
        ),
    ]
