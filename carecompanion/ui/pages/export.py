"""Export: the care-team PDF for a chosen period, written in the background, then opened."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)
from sqlalchemy.orm import Session

from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.report import Report, ReportOptions
from carecompanion.services import report
from carecompanion.ui.pages.data_files import DataFilesBox
from carecompanion.ui.settings import AppSettings
from carecompanion.ui.store import CHECKINS, QUESTIONS, TESTS, TREATMENTS, Store
from carecompanion.ui.widgets.common import Page, date_edit, heading, muted, qdate, to_date
from carecompanion.ui.widgets.flow_layout import flow_of

PRESETS = (
    ("Last 7 days", 7),
    ("Last 14 days", 14),
    ("Last 30 days", 30),
    ("Last 90 days", 90),
    ("Custom dates", 0),
)

NOT_ENCRYPTED = (
    "Files saved from this page are not encrypted, even when the journal is: anyone who can "
    "open the folder you save them in can read them."
)


def ask_save_path(parent: QWidget, suggested: Path) -> Path | None:
    """Where to save; None when cancelled. Tests replace this."""
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "Save the summary", str(suggested), "PDF files (*.pdf)"
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")


def describe(built: Report) -> str:
    """What page one will show, in words."""
    options = built.options
    if built.checkin_count == 0:
        return (
            f"There are no check-ins between {options.start:%d %b %Y} and "
            f"{options.end:%d %b %Y}; page one will say so."
        )
    line = built.current_line
    parts = [
        f"{built.checkin_count} check-ins from {options.start:%d %b %Y} to {options.end:%d %b %Y}.",
        f"Current treatment: {line.place.lower()}, {line.regimen or line.category.label}."
        if line
        else "No treatment line recorded.",
        f"{len(built.flags)} flagged symptom{'s' if len(built.flags) != 1 else ''}: "
        + ", ".join(f.label for f in built.flags)
        + "."
        if built.flags
        else "No flags.",
        f"{len(built.symptoms)} symptoms in the table and chart.",
    ]
    if options.include_questions:
        pinned = len(built.pinned)
        parts.append(f"{pinned} pinned question{'s' if pinned != 1 else ''} for the visit.")
    return " ".join(parts)


class ExportPage(Page):
    title = "Export"
    # Pages of the PDF being written, laid out so far: emitted on the worker, shown here.
    page_written = Signal(int)

    def __init__(self, store: Store, settings: AppSettings) -> None:
        super().__init__()
        self.store = store
        self.settings = settings
        self.last_written: Path | None = None
        self._preview_ticket = 0
        self._writing = ""
        self.page_written.connect(self._show_page_written)
        self.body.addWidget(heading("Summary for your care team"))
        self.body.addWidget(
            muted(
                "A PDF a clinician can read in a minute: your treatment, what was flagged, how "
                "each symptom moved and your questions on page one; the full record after it."
            )
        )
        # Said whether or not the journal is encrypted: an export always leaves its protection.
        self.not_encrypted = muted(NOT_ENCRYPTED)
        self.not_encrypted.setAccessibleName("Exported files are not encrypted")
        self.body.addWidget(self.not_encrypted)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.preset = QComboBox()
        for label, days in PRESETS:
            self.preset.addItem(label, days)
        self.preset.setAccessibleName("Period")
        self.preset.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        form.addRow("Period:", self.preset)
        dates = QHBoxLayout()
        self.start = date_edit()
        self.end = date_edit()
        self.start.setAccessibleName("First day")
        self.end.setAccessibleName("Last day")
        for part in (self.start, QLabel("to"), self.end):
            dates.addWidget(part)
        dates.addStretch()
        form.addRow("From:", dates)
        self.questions = QCheckBox("Questions (pinned on page one, open ones after)")
        self.full_log = QCheckBox("Every check-in in the period")
        self.notes = QCheckBox("Notes with each check-in")
        for box in (self.questions, self.full_log, self.notes):
            form.addRow("", box)
        self.body.addLayout(form)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setAccessibleName("What page one will show")
        self.body.addWidget(self.preview)
        self.export_button = QPushButton("Save PDF…")
        self.export_button.clicked.connect(self.export)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: the length of the work is not known
        self.progress.setAccessibleName("Writing the PDF")
        self.progress.hide()
        self.open_button = QPushButton("Open PDF")
        self.folder_button = QPushButton("Show in folder")
        self.open_button.clicked.connect(self.open_pdf)
        self.folder_button.clicked.connect(self.show_folder)
        # Wrapping onto a second line rather than widening the page (large text).
        self.body.addWidget(
            flow_of(self.export_button, self.progress, self.open_button, self.folder_button)
        )
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.body.addWidget(self.status)
        self.data_files = DataFilesBox(store, settings)
        self.body.addWidget(self.data_files)
        self.body.addStretch()
        self.open_button.setEnabled(False)
        self.folder_button.setEnabled(False)
        self._restore_choices()
        self.preset.currentIndexChanged.connect(self._preset_changed)
        for box in (self.questions, self.full_log, self.notes):
            box.toggled.connect(self._choices_changed)
        self.start.dateChanged.connect(self._choices_changed)
        self.end.dateChanged.connect(self._choices_changed)
        store.changed.connect(
            lambda what: (
                self.refresh_preview() if what & {CHECKINS, TREATMENTS, TESTS, QUESTIONS} else None
            )
        )
        self._preset_changed()

    def _restore_choices(self) -> None:
        index = self.preset.findData(int(self.settings.value("export/days", "30") or 30))
        self.preset.setCurrentIndex(index if index >= 0 else 2)
        for box, key, default in (
            (self.questions, "export/questions", "1"),
            (self.full_log, "export/full_log", "0"),
            (self.notes, "export/notes", "1"),
        ):
            box.setChecked(self.settings.value(key, default) == "1")

    def _save_choices(self) -> None:
        self.settings.set_value("export/days", str(self.preset.currentData()))
        for box, key in (
            (self.questions, "export/questions"),
            (self.full_log, "export/full_log"),
            (self.notes, "export/notes"),
        ):
            self.settings.set_value(key, "1" if box.isChecked() else "0")

    def _preset_changed(self) -> None:
        days = self.preset.currentData()
        custom = days == 0
        self.start.setEnabled(custom)
        self.end.setEnabled(custom)
        if not custom:
            today = self.store.context().today()
            self.end.setDate(qdate(today))
            self.start.setDate(qdate(today - timedelta(days=days - 1)))
        self._choices_changed()

    def _choices_changed(self) -> None:
        self.notes.setEnabled(self.full_log.isChecked())
        self._save_choices()
        self.refresh_preview()

    def options(self) -> ReportOptions:
        first, last = to_date(self.start.date()), to_date(self.end.date())
        if first > last:
            raise InvalidInput("From", first.isoformat(), f"it must be on or before {last}")
        return ReportOptions(
            start=first,
            end=last,
            include_log=self.full_log.isChecked(),
            include_notes=self.notes.isChecked(),
            include_questions=self.questions.isChecked(),
        )

    def refresh_preview(self) -> None:
        try:
            options = self.options()
        except InvalidInput as exc:
            self.preview.setText(str(exc))
            return
        self._preview_ticket += 1
        ticket = self._preview_ticket

        ctx = self.store.context()

        def build(session: Session) -> Report:
            return report.build(session, options, ctx.now(), ctx.zone)

        def show(built: Report) -> None:
            if ticket == self._preview_ticket:
                self.preview.setText("Page one will show: " + describe(built))

        self.store.run_in_background(build, show)

    def export(self) -> None:
        try:
            options = self.options()
        except InvalidInput as exc:
            self.status.setText(str(exc))
            return
        folder = Path(
            self.settings.value("export/folder", "")
            or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )
        target = ask_save_path(self, folder / f"CareCompanion summary {options.end}.pdf")
        if target is None:
            return
        self.settings.set_value("export/folder", str(target.parent))
        self.export_button.setEnabled(False)
        self.progress.show()
        self.status.setText(f"Writing {target.name}…")

        ctx = self.store.context()

        self._writing = target.name

        def work(session: Session) -> int:
            from carecompanion.export import pdf  # reportlab loads only when it is needed

            built = report.build(session, options, ctx.now(), ctx.zone)
            # From the worker: the signal carries the page number to the UI thread.
            return pdf.write(built, target, progress=self.page_written.emit)

        def done(pages: int) -> None:
            self._finish()
            self.last_written = target
            self.status.setText(f"Saved {target} ({pages} page{'s' if pages != 1 else ''}).")
            self.open_button.setEnabled(True)
            self.folder_button.setEnabled(True)

        def failed(error: Exception) -> None:
            self._finish()
            self.status.setText(f"The PDF could not be saved: {error}")

        self.store.run_in_background(work, done, failed)

    def _show_page_written(self, pages: int) -> None:
        if self._writing:
            self.status.setText(f"Writing {self._writing}… page {pages}")

    def _finish(self) -> None:
        self._writing = ""
        self.progress.hide()
        self.export_button.setEnabled(True)

    def open_pdf(self) -> None:
        if self.last_written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_written)))

    def show_folder(self) -> None:
        if self.last_written is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_written.parent)))
