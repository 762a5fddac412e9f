"""The Export page's data files: save JSON, CSV or FHIR, and import a JSON or CSV file."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecompanion.actions import Done
from carecompanion.actions.files import import_file
from carecompanion.db.errors import JournalUnavailable
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.identity import OtherJournal
from carecompanion.domain.transfer import MergeReport
from carecompanion.services import exports
from carecompanion.ui.settings import AppSettings
from carecompanion.ui.store import Store
from carecompanion.ui.widgets.common import muted
from carecompanion.ui.widgets.flow_layout import flow_of

log = logging.getLogger("carecompanion.ui")
TOOLTIP = Qt.ItemDataRole.ToolTipRole

# (key, the choice's short name, what it is for, the file's ending): the short name in the box,
# so it fits beside its buttons at any text size; what it is for on the line under them.
KINDS = (
    ("json", "JSON, the whole journal", "to keep, or to move to another computer", ".json"),
    ("csv", "CSV, one row per check-in", "for a spreadsheet", ".csv"),
    ("fhir", "FHIR, symptom scores", "for clinic systems", ".fhir.json"),
)


def ask_save_path(parent: QWidget, suggested: Path, pattern: str) -> Path | None:
    """Where to save; None when cancelled. Tests replace this."""
    chosen, _ = QFileDialog.getSaveFileName(parent, "Save the data file", str(suggested), pattern)
    return Path(chosen) if chosen else None


def ask_open_path(parent: QWidget, folder: Path) -> Path | None:
    """Which file to import; None when cancelled. Tests replace this."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Import a CareCompanion file", str(folder), "CareCompanion files (*.json *.csv)"
    )
    return Path(chosen) if chosen else None


def ask_confirm(parent: QWidget, text: str) -> bool:
    """Whether to go ahead with an import. Tests replace this."""
    answer = QMessageBox.question(parent, "Import this file?", text)
    return answer == QMessageBox.StandardButton.Yes


def ask_merge_other(parent: QWidget, refusal: OtherJournal) -> bool:
    """Whether to merge another person's records into this journal. Tests replace this."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Another person's journal",
        f"This file comes from another person's journal:\n\n    {refusal.their_words}"
        f"\n\nThis journal is:\n\n    {refusal.our_words}\n\nMerge the other "
        "person's records into this journal? Its own name and details stay as they are.",
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    merge = box.addButton("Merge anyway", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is merge


def plain_reason(error: Exception) -> str:
    """What to tell the person about a failed background job; the details go to the log only."""
    if isinstance(error, InvalidInput | JournalUnavailable | OSError):
        return str(error)
    log.error("background file job failed", exc_info=error)
    return "Something unexpected went wrong; the details are in the log file."


class DataFilesBox(QGroupBox):
    def __init__(self, store: Store, settings: AppSettings) -> None:
        super().__init__("Data files")
        self.store = store
        self.settings = settings
        column = QVBoxLayout(self)
        column.addWidget(
            muted(
                "Every record of the journal, for a backup, another laptop, a "
                "spreadsheet or a clinic system."
            )
        )
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind of data file")
        for key, label, purpose, _suffix in KINDS:
            self.kind.addItem(label, key)
            self.kind.setItemData(self.kind.count() - 1, f"{label}: {purpose}", TOOLTIP)
        self.save_button = QPushButton("Save data file…")
        self.save_button.clicked.connect(self.save)
        self.import_button = QPushButton("Import a file…")
        self.import_button.clicked.connect(self.import_file)
        # Wrapping onto more lines rather than widening the page (large text).
        column.addWidget(flow_of(self.kind, self.save_button, self.import_button))
        self.purpose = muted("")
        self.purpose.setAccessibleName("What the chosen kind is for")
        column.addWidget(self.purpose)
        self.kind.currentIndexChanged.connect(self._show_purpose)
        self._show_purpose()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Data file status")
        column.addWidget(self.status)
        recovery = QHBoxLayout()
        recovery.addWidget(
            muted("The copies CareCompanion keeps, and what was deleted in the last 30 days:"), 1
        )
        self.backups_button = QPushButton("Backups…")
        self.backups_button.clicked.connect(self.show_backups)
        self.deleted_button = QPushButton("Recently deleted…")
        self.deleted_button.clicked.connect(self.show_recently_deleted)
        recovery.addWidget(self.backups_button)
        recovery.addWidget(self.deleted_button)
        column.addLayout(recovery)

    def _show_purpose(self) -> None:
        key = self.kind.currentData()
        label, purpose = next((lb, pu) for k, lb, pu, _s in KINDS if k == key)
        self.purpose.setText(f"{label}: {purpose}.")
        self.kind.setAccessibleDescription(purpose)

    def show_backups(self) -> None:
        from carecompanion.ui.dialogs import backups

        backups.show(self.window())

    def show_recently_deleted(self) -> None:
        from carecompanion.ui.dialogs import recently_deleted

        recently_deleted.show(self.window())

    def _folder(self) -> Path:
        return Path(
            self.settings.value("export/folder", "")
            or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )

    def _busy(self, busy: bool, text: str = "") -> None:
        self.save_button.setEnabled(not busy)
        self.import_button.setEnabled(not busy)
        if text:
            self.status.setText(text)

    def save(self) -> None:
        kind = self.kind.currentData()
        suffix = next(s for k, _l, _p, s in KINDS if k == kind)
        ctx = self.store.context()
        now = ctx.now()
        suggested = self._folder() / f"CareCompanion {kind} {ctx.today():%Y-%m-%d}{suffix}"
        target = ask_save_path(self, suggested, f"*{suffix}")
        if target is None:
            return
        self.settings.set_value("export/folder", str(target.parent))
        self._busy(True, f"Writing {target.name}…")
        journal = self.store.journal

        def work() -> Path:
            return exports.export_file(journal, kind, target, None, now, ctx.zone)

        self.store.run_task(
            work,
            lambda path: self._busy(False, f"Saved {path}."),
            lambda error: self._busy(False, f"Not saved. {plain_reason(error)}"),
        )

    def import_file(self) -> None:
        source = ask_open_path(self, self._folder())
        if source is None:
            return
        journal = self.store.journal
        ctx = self.store.context()
        self._busy(True, f"Reading {source.name}…")
        merge_other = False

        def checked(report: MergeReport) -> None:
            self._busy(False, "")
            if not report.changed():
                self.status.setText(f"{source.name} holds nothing new for this journal.")
                return
            summary = "\n".join(report.lines())
            if not ask_confirm(
                self,
                f"{source.name} would change the journal:\n\n{summary}\n\nA backup is taken first.",
            ):
                self.status.setText("Import cancelled; nothing was changed.")
                return
            self._busy(True, f"Importing {source.name}…")
            self.store.run_task(
                lambda: import_file(journal, ctx, source, merge_other=merge_other),
                imported,
                refused,
            )

        def imported(done: Done[MergeReport]) -> None:
            report = done.value
            self._busy(False, f"Imported {source.name}: " + "; ".join(report.lines()) + ".")
            self.store.announce(done.changed)

        def refused(error: Exception) -> None:
            nonlocal merge_other
            if isinstance(error, OtherJournal) and not merge_other:
                if ask_merge_other(self, error):
                    merge_other = True
                    self._busy(True, f"Reading {source.name}…")
                    self.store.run_task(trial, checked, refused)
                    return
                self._busy(
                    False,
                    f"Not imported: {source.name} is the journal of "
                    f"{error.their_words}. Nothing was changed.",
                )
                return
            self._busy(False, f"Not imported, and nothing was changed. {plain_reason(error)}")

        def trial() -> MergeReport:
            return import_file(journal, ctx, source, dry_run=True, merge_other=merge_other).value

        self.store.run_task(trial, checked, refused)
