"""The trial-search helper's words: the short cancer type as condition, and the checklist."""

import uuid
from datetime import date
from urllib.parse import parse_qs, urlsplit

from carecompanion.domain.records import (
    ActivityLevel,
    EndReason,
    Profile,
    TreatmentCategory,
    TreatmentLine,
)
from carecompanion.reference.trials import checklist, search_address, search_condition

DIAGNOSIS = "Bowel (colorectal) cancer that has spread to the liver"


def test_the_condition_is_the_short_cancer_type_not_the_diagnosis_sentence():
    person = Profile(diagnosis=DIAGNOSIS, cancer_type="  colorectal   cancer ")
    assert search_condition(person) == "colorectal cancer"
    query = parse_qs(urlsplit(search_address(search_condition(person), "", "")).query)
    assert query["cond"] == ["colorectal cancer"]


def test_without_a_cancer_type_the_condition_stays_empty():
    person = Profile(diagnosis=DIAGNOSIS)
    assert search_condition(person) == ""
    address = search_address(search_condition(person), "KRAS G12C", "")
    assert "cond=" not in address and "spread" not in address


def line(category, regimen, start, end=None, number=None, reason=None):
    return TreatmentLine(
        uuid.uuid4(),
        category,
        regimen,
        start,
        end_date=end,
        end_reason=reason,
        line_number=number,
    )


def test_the_checklist_counts_systemic_lines_and_lists_local_treatments_apart():
    lines = [
        line(
            TreatmentCategory.CHEMOTHERAPY,
            "FOLFOX",
            date(2024, 1, 8),
            date(2024, 7, 1),
            1,
            EndReason.REFRACTORY,
        ),
        line(TreatmentCategory.SURGERY, "Bowel resection", date(2024, 8, 5), date(2024, 8, 5)),
        line(TreatmentCategory.SIRT, "", date(2024, 11, 4), date(2024, 11, 4)),
        line(TreatmentCategory.TARGETED, "Sotorasib", date(2025, 1, 6), number=2),
    ]
    items = {
        item.label: item.value
        for item in checklist(lines, [], ActivityLevel.UP_AND_ABOUT, DIAGNOSIS)
    }
    assert items["Diagnosis and where it has spread"] == DIAGNOSIS
    assert items["Lines of systemic treatment so far"] == "2"
    assert items["Latest systemic treatment"] == "Sotorasib (line 2)"
    assert items["Why the last finished line stopped"] == EndReason.REFRACTORY.label
    local = items["Surgery and radiation (not counted as lines)"]
    assert local == "Bowel resection (Aug 2024); Radioembolization (SIRT, Y-90) (Nov 2024)"
    assert items["Activity level"] == (
        "Some symptoms, but up and about (self-reported, read like ECOG 1)"
    )


def test_an_empty_journal_gives_a_checklist_that_says_what_is_missing():
    items = {item.label: item.value for item in checklist([], [], None)}
    assert items["Diagnosis and where it has spread"] == "add it in Settings"
    assert items["Lines of systemic treatment so far"] == "0"
    assert items["Surgery and radiation (not counted as lines)"] == "none recorded"
    assert items["Activity level"] == "not recorded"
