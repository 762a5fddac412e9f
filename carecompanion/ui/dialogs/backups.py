"""Backups: every backup in the data folder, what one holds, and restoring it from the window.

Each backup is listed newest first with its date in the profile's zone, its size and its kind
(daily, weekly or monthly as the thinning keeps it, before an import, restore or update, or
made by you). Choosing one reads what it holds (check-ins and their dates) through
`health.checking`, which changes nothing in the file and leaves nothing beside it.

Restoring needs the journal alone, so the window lets go of it: background reads finish, the
journal closes, `actions.files.restore_backup` puts the backup in place (after a backup of the
journal as it was, "before a restore", which this list then shows), and the journal opens
again under the same store, which tells every page that everything changed. The undo stack is
emptied: its steps were about the journal that was replaced. Rebuilding the window instead
would lose its size, page and drafts for nothing, since every page already refreshes from the
store. Should the restore be refused (another CareCompanion using the journal, a damaged
backup), the journal opens again as it was and the dialog says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carecompanion.actions import EVERYTHING
from carecompanion.actions.files import restore_backup
from carecompanion.db import backup
from carecompanion.db.driver import sqlite
from carecompanion.db.errors import JournalUnavailable
from carecompanion.db.health import checking
from carecompanion.db.journal import open_journal
from carecompanion.domain.context import Context
from carecompanion.ui.dialogs.form import screen_room
from carecompanion.ui.keyboard import restore_buttons
from carecompanion.ui.store import Store
from carecompanion.ui.widgets.common import heading, muted

COLUMNS = ("Taken", "Kind", "Size")
KIND_WORDS = {
    "daily": "Daily",
    "weekly": "Weekly",
    "monthly": "Monthly",
    "manual": "Made by you",
    "before-import": "Before an import",
    "before-restore": "Before a restore",
    "before-update": "Before an update",
}


@dataclass(frozen=True, slots=True)
class Holds:
    """What a backup holds: its check-ins and their first and last times (UTC)."""

    checkins: int
    first: datetime | None
    last: datetime | None
    treatments: int
    medications: int


def kind_of(item: backup.BackupFile, now: datetime) -> str:
    """A backup's kind: one taken before a change says which; an automatic one is daily,
    weekly or monthly by its age, as the thinning keeps one a day for a week, then one a week
    for four weeks, then one a month."""
    if item.reason != "daily":
        return item.reason
    age = now - item.taken_at
    if age <= timedelta(days=backup.DAILY):
        return "daily"
    if age <= timedelta(weeks=backup.WEEKLY):
        return "weekly"
    return "monthly"


def size_text(path: Path) -> str:
    try:
        size = path.stat().st_size
    except OSError:
        return "–"
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def _utc(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(str(text)).replace(tzinfo=UTC)


def holds(path: Path) -> Holds:
    """Read what a backup holds without changing it (JournalUnavailable if it cannot be read)."""
    try:
        with checking(path) as conn:
            count, first, last = conn.execute(
                "SELECT count(*), min(recorded_at), max(recorded_at) FROM checkins "
                "WHERE deleted_at IS NULL"
            ).fetchone()
            lines = conn.execute(
                "SELECT count(*) FROM treatment_lines WHERE deleted_at IS NULL"
            ).fetchone()[0]
            try:
                medicines = conn.execute(
                    "SELECT count(*) FROM medications WHERE deleted_at IS NULL"
                ).fetchone()[0]
            except sqlite.OperationalError:  # a backup from before medicines were kept
                medicines = 0
    except (sqlite.Error, ValueError) as exc:
        raise JournalUnavailable(
            f"The backup {path.name} cannot be read ({type(exc).__name__})."
        ) from None
    return Holds(int(count), _utc(first), _utc(last), int(lines), int(medicines))


def describe(found: Holds, ctx: Context) -> str:
    if not found.checkins:
        checkins = "No check-ins"
    else:
        assert found.first is not None and found.last is not None
        first, last = ctx.local(found.first), ctx.local(found.last)
        noun = "check-in" if found.checkins == 1 else "check-ins"
        checkins = f"{found.checkins} {noun}, {first:%d %b %Y} to {last:%d %b %Y}"
    lines = "treatment" if found.treatments == 1 else "treatments"
    medicines = "medicine" if found.medications == 1 else "medicines"
    return f"{checkins}; {found.treatments} {lines}; {found.medications} {medicines}."


def confirm(parent: QWidget, question: str) -> bool:
    """Ask before a restore (tests replace this)."""
    answer = QMessageBox.question(
        parent,
        "Restore this backup?",
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def restore_into(store: Store, source: Path) -> str | None:
    """Put `source` in place of the journal the store holds and open it again in the store.

    Returns None on success, else the reason in plain words (the journal is then as it was,
    open again). Never leaves the store without an open journal unless even that fails, which
    raises.
    """
    paths = store.paths
    ctx = store.context()
    store.wait_for_background()
    store.journal.close()
    problem: str | None = None
    try:
        restore_backup(paths, ctx, source)
    except JournalUnavailable as exc:
        problem = str(exc)
    store.journal = open_journal(paths, now=ctx.now())
    store.announce(EVERYTHING)
    return problem


class BackupsDialog(QDialog):
    def __init__(self, store: Store, window: Any, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.store = store
        self.window_ = window
        self.found: list[backup.BackupFile] = []
        self.setWindowTitle("Backups")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Backups"))
        layout.addWidget(
            muted(
                "CareCompanion keeps a copy of your journal every day (fewer as they age), and "
                "before every import or restore. Choose one to see what it holds."
            )
        )
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setAccessibleName("Backups")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab moves on to Restore
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(
            "No backups yet. The first is made on the day you record your first check-in."
        )
        self.empty.setWordWrap(True)
        layout.addWidget(self.empty)
        self.holds = QLabel("")
        self.holds.setWordWrap(True)
        self.holds.setAccessibleName("What this backup holds")
        self.holds.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.holds)
        self.message = muted("")
        self.message.setAccessibleName("Backups message")
        layout.addWidget(self.message)
        self.restore_button = restore_buttons(
            self, layout, self.table, self.restore_selected, "Restore…"
        )
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.refresh()
        self.resize(QSize(640, 460).boundedTo(screen_room(self)))  # within the screen

    def refresh(self) -> None:
        ctx = self.store.context()
        self.found = list(reversed(backup.listing(self.store.paths.backups)))
        now = ctx.now()
        self.table.setRowCount(len(self.found))
        for row, item in enumerate(self.found):
            reason = kind_of(item, now)
            cells = (
                f"{ctx.local(item.taken_at):%a %d %b %Y, %H:%M}",
                KIND_WORDS.get(reason, reason),
                size_text(item.path),
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(str(item.path))
                self.table.setItem(row, column, cell)
        self.table.setVisible(bool(self.found))
        self.empty.setVisible(not self.found)
        if self.found:
            self.table.selectRow(0)
            self.table.setFocus()
        self._selection_changed()

    def selected(self) -> backup.BackupFile | None:
        rows = self.table.selectionModel().selectedRows()
        return self.found[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        item = self.selected()
        self.restore_button.setEnabled(item is not None)
        if item is None:
            self.holds.setText("")
            return
        try:
            text = describe(holds(item.path), self.store.context())
        except JournalUnavailable as exc:
            text = str(exc)
        self.holds.setText(f"This backup holds: {text}")

    def restore_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        taken = f"{self.store.context().local(item.taken_at):%A %d %B %Y, %H:%M}"
        question = (
            f"Put the backup of {taken} in place of your journal? Entries made since then "
            "will not be in it.\n\nYour journal as it is now is backed up first, so you can "
            "come back to it from this list (“Before a restore”)."
        )
        if not confirm(self, question):
            return
        problem = restore_into(self.store, item.path)
        undo = getattr(self.window_, "undo_stack", None)
        if problem is None and undo is not None:
            undo.clear()  # its steps were about the journal that was replaced
        self.refresh()
        if problem is not None:
            self.message.setText(f"Not restored. {problem}")
        else:
            self.message.setText(
                f"Restored the backup of {taken}. Your journal as it was is the newest "
                "“Before a restore” backup."
            )


def show(window: Any) -> BackupsDialog:
    """Open the list over the window (not blocking); returns the dialog."""
    dialog = BackupsDialog(window.store, window, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
