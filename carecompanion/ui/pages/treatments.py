"""Treatments: every line in order, what it was, how it went and why it ended."""

from __future__ import annotations

from sqlalchemy.orm import Session

from carecompanion.actions import records as record_actions
from carecompanion.domain.records import TreatmentLine
from carecompanion.services import treatments
from carecompanion.ui.dialogs.treatment import TreatmentDialog
from carecompanion.ui.pages.records import RecordsPage
from carecompanion.ui.store import TREATMENTS


def describe_dates(line: TreatmentLine) -> str:
    start = f"{line.start_date:%d %b %Y}"
    if line.end_date is None:
        return f"{start} – ongoing"
    return f"{start} – {line.end_date:%d %b %Y}"


def ordered_for_reading(lines: list[TreatmentLine]) -> list[TreatmentLine]:
    """Systemic lines newest first, then local treatments, then the rest, each newest first."""

    def group(line: TreatmentLine) -> int:
        if line.line_number is not None:
            return 0
        return 1 if line.category.is_local else 2

    newest_first = list(reversed(lines))
    return sorted(newest_first, key=group)  # stable: keeps newest first within a group


class TreatmentsPage(RecordsPage[TreatmentLine]):
    title = "Treatments"
    heading_text = "Treatments"
    intro = (
        "Lines of systemic treatment (drugs such as chemotherapy, immunotherapy, CAR T, "
        "targeted or hormone therapy, and drug trials) are numbered, newest first, because "
        "that is how doctors and trials count them. Surgery, radiation, SIRT and SBRT follow "
        "as local treatments, and supportive care last, without numbers."
    )
    empty_text = "No treatments recorded yet. Add the first with “Add treatment…”."
    columns = ("Line", "Kind", "Drugs or treatment", "Dates", "Best response", "Why it ended")
    noun = "treatment"
    kind = TREATMENTS

    def load(self, session: Session) -> list[TreatmentLine]:
        return ordered_for_reading(treatments.all_lines(session))

    def cells(self, line: TreatmentLine) -> list[str]:
        kind = line.category.label
        if line.trial_phase:
            kind += f", phase {line.trial_phase.value}"
        if line.nct_number:
            kind += f" ({line.nct_number})"
        return [
            line.place,
            kind,
            line.regimen,
            describe_dates(line),
            line.best_response.label if line.best_response else "–",
            line.end_reason.label if line.end_reason else ("ongoing" if line.ongoing else "–"),
        ]

    def ask(self, line: TreatmentLine | None) -> TreatmentLine | None:
        return TreatmentDialog.ask(line, self, self.store.context())

    add_action = staticmethod(record_actions.add_line)
    update_action = staticmethod(record_actions.update_line)
    delete_action = staticmethod(record_actions.delete_line)
    undelete_action = staticmethod(record_actions.undelete_line)
