"""Only systemic treatment is a numbered line; local treatments are listed apart, everywhere."""

from datetime import date

from carecompanion.actions import records as record_actions
from carecompanion.domain.records import TreatmentCategory, TreatmentLine
from carecompanion.reference.trials import checklist
from carecompanion.services import treatments


def line(category, start, regimen, end=None):
    return TreatmentLine(treatments.new_id(), category, regimen, start, end)


HISTORY = [
    line(TreatmentCategory.CHEMOTHERAPY, date(2024, 1, 10), "FOLFOX", date(2024, 8, 1)),
    line(TreatmentCategory.SURGERY, date(2024, 9, 1), "Liver resection", date(2024, 9, 1)),
    line(TreatmentCategory.CHEMOTHERAPY, date(2024, 10, 1), "FOLFIRI", date(2025, 5, 1)),
    line(TreatmentCategory.SIRT, date(2025, 6, 1), "Y-90", date(2025, 6, 1)),
    line(TreatmentCategory.SBRT, date(2025, 7, 1), "Lung", date(2025, 7, 2)),
    line(TreatmentCategory.SUPPORTIVE, date(2025, 8, 1), "Pain clinic"),
    line(TreatmentCategory.TARGETED, date(2025, 9, 1), "Encorafenib + cetuximab"),
]


def fill(store):
    for entry in HISTORY:
        store.run(record_actions.add_line, entry)


def test_the_systemic_lines_are_numbered_one_to_three_and_the_rest_not(store):
    fill(store)
    numbered = {ln.regimen: ln.place for ln in store.read(treatments.all_lines)}
    assert numbered == {
        "FOLFOX": "Line 1",
        "Liver resection": "Local",
        "FOLFIRI": "Line 2",
        "Y-90": "Local",
        "Lung": "Local",
        "Pain clinic": "Supportive",
        "Encorafenib + cetuximab": "Line 3",
    }


def test_the_treatments_page_lists_numbered_lines_first_then_local_then_supportive(window, store):
    fill(store)
    window.treatments.refresh()
    table = window.treatments.table
    shown = [(table.item(r, 0).text(), table.item(r, 2).text()) for r in range(table.rowCount())]
    assert shown == [
        ("Line 3", "Encorafenib + cetuximab"),
        ("Line 2", "FOLFIRI"),
        ("Line 1", "FOLFOX"),
        ("Local", "Lung"),
        ("Local", "Y-90"),
        ("Local", "Liver resection"),
        ("Supportive", "Pain clinic"),
    ]


def test_the_trial_checklist_counts_prior_systemic_lines_only(store):
    fill(store)
    items = {i.label: i.value for i in checklist(store.read(treatments.all_lines), [], None)}
    assert items["Lines of systemic treatment so far"] == "3"
    assert "Liver resection" in items["Surgery and radiation (not counted as lines)"]
