"""Find a trial: a ClinicalTrials.gov search built from the journal, and what trial teams ask."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from carecompanion.domain.records import ActivityLevel, BiomarkerTest, Profile, TreatmentLine
from carecompanion.reference.trials import (
    CONDITION_HINT,
    biomarker_terms,
    checklist,
    search_address,
    search_condition,
)
from carecompanion.services import biomarkers, profile, treatments
from carecompanion.services.report import latest_activity_level
from carecompanion.ui.store import PROFILE, TESTS, TREATMENTS, Store
from carecompanion.ui.widgets.common import heading, muted


class TrialHelper(QScrollArea):
    """A scroll area (its fields keep their height at 200 % text instead of being squeezed)."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        column = QVBoxLayout(inner)
        self.setWidget(inner)
        column.addWidget(heading("Find a clinical trial", level=2))
        column.addWidget(
            muted(
                "This builds a search of ClinicalTrials.gov for studies that are recruiting. "
                "Copy the address, or open it in your web browser; CareCompanion itself never "
                "goes online. Take what you find to your oncologist: they can tell you which "
                "trials fit."
            )
        )
        form = QFormLayout()
        self.condition = QLineEdit()
        self.condition.setAccessibleName("Condition")
        self.condition.setPlaceholderText("Your cancer type, in a few words")
        self.terms = QLineEdit()
        self.terms.setAccessibleName("Other terms, such as biomarkers")
        self.location = QLineEdit()
        self.location.setPlaceholderText("A city or region, e.g. Manchester")
        self.location.setAccessibleName("Location")
        self.condition_hint = muted(CONDITION_HINT)
        self.condition_hint.setAccessibleName("How to fill the condition")
        condition_column = QVBoxLayout()
        condition_column.setContentsMargins(0, 0, 0, 0)
        condition_column.setSpacing(4)
        condition_column.addWidget(self.condition)
        condition_column.addWidget(self.condition_hint)
        form.addRow("Condition:", condition_column)
        form.addRow("Other terms:", self.terms)
        form.addRow("Near:", self.location)
        column.addLayout(form)
        # What fill() last put in each field: a field still showing it follows the journal;
        # once the person types their own words, those stay.
        self._filled = {self.condition: "", self.terms: ""}
        column.addWidget(
            muted(
                "Short words find more studies: 'colorectal cancer' rather than a "
                "whole sentence. Separate other terms with OR."
            )
        )
        self.address = QLineEdit()
        self.address.setReadOnly(True)
        self.address.setAccessibleName("Search address")
        column.addWidget(self.address)
        buttons = QHBoxLayout()
        copy = QPushButton("Copy address")
        copy.clicked.connect(self.copy)
        open_it = QPushButton("Open in browser")
        open_it.clicked.connect(self.open_in_browser)
        buttons.addWidget(copy)
        buttons.addWidget(open_it)
        buttons.addStretch()
        column.addLayout(buttons)
        column.addWidget(heading("What trial teams usually ask", level=2))
        self.checklist = QLabel()
        self.checklist.setWordWrap(True)
        self.checklist.setAccessibleName("Trial checklist")
        column.addWidget(self.checklist)
        column.addStretch()
        for field in (self.condition, self.terms, self.location):
            field.textChanged.connect(self.update_address)
        store.changed.connect(
            lambda what: self.fill() if what & {PROFILE, TESTS, TREATMENTS} else None
        )
        self.fill()

    def fill(self) -> None:
        now = self.store.context().now()

        def gather(
            session: Session,
        ) -> tuple[Profile, list[TreatmentLine], list[BiomarkerTest], ActivityLevel | None]:
            return (
                profile.get(session),
                treatments.all_lines(session),
                biomarkers.all_tests(session),
                latest_activity_level(session, now),
            )

        person, lines, tests, activity = self.store.read(gather)
        condition = search_condition(person)
        self._follow(self.condition, condition)
        self._follow(self.terms, biomarker_terms(tests))
        items = checklist(lines, tests, activity, person.diagnosis)
        self.checklist.setText(
            "<br>".join(f"<b>{item.label}:</b> {_escape(item.value)}" for item in items)
        )
        self.update_address()

    def _follow(self, field: QLineEdit, value: str) -> None:
        """Put the journal's value in a field the person has not changed."""
        if field.text() in ("", self._filled[field]):
            field.setText(value)
            self._filled[field] = value

    def update_address(self) -> None:
        self.condition_hint.setVisible(not self.condition.text().strip())
        self.address.setText(
            search_address(self.condition.text(), self.terms.text(), self.location.text())
        )
        self.address.setCursorPosition(0)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.address.text())

    def open_in_browser(self) -> None:
        QDesktopServices.openUrl(QUrl(self.address.text()))


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
