"""Tests: genomic panels, liquid biopsies and other results; actionable ones stand out."""

from __future__ import annotations

from sqlalchemy.orm import Session

from carecompanion.domain.records import Actionable, BiomarkerTest
from carecompanion.services import biomarkers
from carecompanion.ui.dialogs.biomarker import ACTIONABLE_LABELS, BiomarkerDialog
from carecompanion.ui.pages.records import RecordsPage
from carecompanion.ui.store import TESTS


class TestsPage(RecordsPage[BiomarkerTest]):
    __test__ = False  # not a pytest test class, despite the name
    title = "Tests"
    heading_text = "Tests and biomarkers"
    intro = (
        "Results of tests on the tumour or blood. A result marked actionable is shown in "
        "bold on a yellow background: a treatment aimed at that change may exist."
    )
    empty_text = "No test results yet. Add one with “Add test result…”."
    columns = ("Date", "Kind", "Marker", "Result", "Actionable", "Notes")
    noun = "test result"
    kind = TESTS

    def load(self, session: Session) -> list[BiomarkerTest]:
        return biomarkers.all_tests(session)

    def cells(self, test: BiomarkerTest) -> list[str]:
        return [
            f"{test.tested_on:%d %b %Y}",
            test.kind.label,
            test.marker,
            test.result,
            ACTIONABLE_LABELS[test.actionable],
            test.notes,
        ]

    def highlighted(self, test: BiomarkerTest) -> bool:
        return test.actionable is Actionable.YES

    def ask(self, test: BiomarkerTest | None) -> BiomarkerTest | None:
        return BiomarkerDialog.ask(test, self)

    def save_new(self, session: Session, test: BiomarkerTest) -> object:
        return biomarkers.add(session, test)

    def save_edit(self, session: Session, test: BiomarkerTest) -> object:
        return biomarkers.update(session, test)

    def delete(self, session: Session, test: BiomarkerTest) -> None:
        biomarkers.delete(session, test.id)

    def undelete(self, session: Session, test: BiomarkerTest) -> None:
        biomarkers.undelete(session, test.id)
