"""Tests: genomic panels, liquid biopsies and other results; actionable ones stand out."""

from __future__ import annotations

from sqlalchemy.orm import Session

from carecompanion.actions import records as record_actions
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
        return BiomarkerDialog.ask(test, self, self.store.context())

    add_action = staticmethod(record_actions.add_test)
    update_action = staticmethod(record_actions.update_test)
    delete_action = staticmethod(record_actions.delete_test)
    undelete_action = staticmethod(record_actions.undelete_test)
