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


class TreatmentsPage(RecordsPage[TreatmentLine]):
    title = "Treatments"
    heading_text = "Treatments"
    intro = (
        "Each line of treatment in order. Supportive care is listed too, without a "
        "number, because it goes alongside the other treatments."
    )
    empty_text = "No treatments recorded yet. Add the first with “Add treatment…”."
    columns = ("Line", "Kind", "Drugs or treatment", "Dates", "Best response", "Why it ended")
    noun = "treatment"
    kind = TREATMENTS

    def load(self, session: Session) -> list[TreatmentLine]:
        return list(reversed(treatments.all_lines(session)))  # newest first

    def cells(self, line: TreatmentLine) -> list[str]:
        kind = line.category.label
        if line.trial_phase:
            kind += f", phase {line.trial_phase.value}"
        if line.nct_number:
            kind += f" ({line.nct_number})"
        return [
            str(line.line_number) if line.line_number else "–",
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
