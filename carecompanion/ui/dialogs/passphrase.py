"""Turning encryption on, changing the passphrase, turning it off, and the recovery key.

A new passphrase is checked by `keys.check_passphrase`, the command line's own rule, and what
is wrong is said beside the field. Before anything is encrypted the dialog says plainly, in the
command line's words (`encryption_commands.WARNING`), that a lost passphrase and a lost
recovery key mean a lost journal. Changing the passphrase or turning encryption off asks for
the current passphrase (or the recovery key) first, so that a passer-by at an unlocked window
cannot. The recovery key is shown once, in groups, with Print… and Copy; the dialog closes only
once the person says they have kept it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFontDatabase, QGuiApplication, QShowEvent, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecompanion import APP_NAME
from carecompanion.db import keys
from carecompanion.db.errors import JournalUnavailable
from carecompanion.domain.errors import InvalidSecret
from carecompanion.encryption_commands import WARNING
from carecompanion.paths import DataPaths
from carecompanion.ui.dialogs.unlock import grow_to_fit, problem_label, secret_problem
from carecompanion.ui.widgets.common import heading, muted
from carecompanion.ui.widgets.spacing import GROUP, RELATED

DIALOG_CHARACTERS = 72  # the dialogs' least width, in average characters
NOT_THE_SAME = "The two passphrases differ; type the same one twice."
HINT = (
    f"At least {keys.MIN_PASSPHRASE} characters. A few ordinary words that you will remember "
    "make a good one."
)


class Mode(Enum):
    ON = "on"
    CHANGE = "change"
    OFF = "off"


def password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    return field


def add_with_problem(form: QFormLayout, label: str, field: QWidget, problem: QLabel) -> None:
    """A field, and below it (a row of its own, so the form makes room as it wraps) what is
    wrong with it."""
    form.addRow(label, field)
    form.addRow("", problem)


def warning_label() -> QLabel:
    """The plain warning before encrypting, in the command line's words."""
    label = QLabel(WARNING)
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName("Before you turn it on")
    return label


class NewPassphrase(QWidget):
    """A new passphrase typed twice, each with what is wrong beside it."""

    def __init__(self) -> None:
        super().__init__()
        self.form = form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setSpacing(RELATED)
        self.first = password_field("New passphrase")
        self.first_problem = problem_label("New passphrase problem")
        self.second = password_field("The same passphrase again")
        self.second_problem = problem_label("Passphrase again problem")
        add_with_problem(form, "New &passphrase:", self.first, self.first_problem)
        add_with_problem(form, "The same &again:", self.second, self.second_problem)
        self.hint = muted(HINT)
        form.addRow("", self.hint)

    def checked(self) -> str | None:
        """The passphrase when it is allowed and typed the same twice; else None, with the
        problem shown beside its field."""
        self.first_problem.hide()
        self.second_problem.hide()
        text = self.first.text()
        try:
            keys.check_passphrase(text)
        except InvalidSecret as exc:
            self.first_problem.setText(secret_problem(exc))
            self.first_problem.show()
            self.first.setFocus()
            return None
        if self.second.text() != text:
            self.second_problem.setText(NOT_THE_SAME)
            self.second_problem.show()
            self.second.setFocus()
            self.second.selectAll()
            return None
        return text


def opens(paths: DataPaths, secret: str) -> bool:
    """Whether `secret`, a passphrase or the recovery key, opens this journal's key."""
    keyfile = keys.read(paths.root)
    attempts: list[Callable[[keys.KeyFile, str], bytes]] = [keys.open_with_passphrase]
    try:
        keys.normalise_recovery_key(secret)
        attempts.insert(0, keys.open_with_recovery_key)
    except InvalidSecret:
        pass
    for attempt in attempts:
        try:
            attempt(keyfile, secret)
        except keys.WrongSecret:
            continue
        return True
    return False


TITLES = {
    Mode.ON: ("Keep the journal private", "&Encrypt"),
    Mode.CHANGE: ("Change the passphrase", "&Change passphrase"),
    Mode.OFF: ("Turn off encryption", "&Turn off encryption"),
}
INTROS = {
    Mode.ON: (
        "With a passphrase, the journal and its backups are encrypted: anyone else using this "
        "computer finds only scrambled files. CareCompanion asks for the passphrase when it "
        "opens, and locks itself after a while unused."
    ),
    Mode.CHANGE: "The journal is not rewritten, and the recovery key stays the same.",
    Mode.OFF: (
        "The journal and its backups will be stored as plain files again: anyone using this "
        "computer's account could read them."
    ),
}


class PassphraseDialog(QDialog):
    """One dialog for the three changes; `passphrase` holds the new one once accepted."""

    def __init__(self, mode: Mode, paths: DataPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.paths = paths
        self.passphrase: str | None = None
        title, action = TITLES[mode]
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.setSpacing(RELATED)
        layout.addWidget(heading(title))
        layout.addWidget(muted(INTROS[mode]))
        if mode is Mode.ON:
            layout.addSpacing(RELATED)
            layout.addWidget(warning_label())
        layout.addSpacing(GROUP)
        self.current: QLineEdit | None = None
        self.current_problem = problem_label("Current passphrase problem")
        self.new: NewPassphrase | None = None
        if mode is not Mode.OFF:
            self.new = NewPassphrase()
            layout.addWidget(self.new)
        if mode is not Mode.ON:
            # In the same form as the new passphrase, where there is one: the fields align.
            form = self.new.form if self.new is not None else QFormLayout()
            self.current = password_field("Current passphrase or recovery key")
            form.insertRow(0, "C&urrent passphrase:", self.current)
            form.insertRow(1, "", self.current_problem)
            form.insertRow(2, "", muted("Or the recovery key, if the passphrase is forgotten."))
            if self.new is None:
                layout.addLayout(form)
        layout.addStretch()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * DIALOG_CHARACTERS)
        first = self.current if self.current is not None else self.new.first if self.new else None
        if first is not None:
            first.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        grow_to_fit(self)

    def try_accept(self) -> None:
        try:
            self._try_accept()
        finally:
            if self.isVisible():
                grow_to_fit(self)

    def _try_accept(self) -> None:
        if self.current is not None:
            self.current_problem.hide()
            secret = self.current.text()
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                right = bool(secret) and opens(self.paths, secret)
            except JournalUnavailable as exc:  # the key file cannot be read
                self.current_problem.setText(str(exc))
                self.current_problem.show()
                return
            finally:
                QApplication.restoreOverrideCursor()
            if not right:
                self.current_problem.setText(
                    "That is not the passphrase or the recovery key of this journal."
                )
                self.current_problem.show()
                self.current.setFocus()
                self.current.selectAll()
                return
        if self.new is not None:
            self.passphrase = self.new.checked()
            if self.passphrase is None:
                return
        self.accept()

    @classmethod
    def ask(cls, mode: Mode, paths: DataPaths, parent: QWidget | None) -> str | None:
        """The new passphrase (or "" for turning off) once accepted; None when cancelled."""
        dialog = cls(mode, paths, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.passphrase or ""


# ----- the recovery key, shown once -----


def print_key(parent: QWidget, recovery: str) -> bool:
    """Print the recovery key on a page of its own (tests replace this)."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName("CareCompanion recovery key")
    chooser = QPrintDialog(printer, parent)
    chooser.setWindowTitle("Print the recovery key")
    if chooser.exec() != QDialog.DialogCode.Accepted:
        return False
    page = QTextDocument()
    page.setHtml(key_page(recovery))
    page.print_(printer)
    return True


def key_page(recovery: str) -> str:
    """The printed page: the key large, in a fixed-width font, and what it is for."""
    return (
        f"<h1>{APP_NAME} recovery key</h1>"
        "<p>This key opens the journal if its passphrase is forgotten. Keep this page "
        "somewhere safe, away from the computer.</p>"
        f"<p style='font-family: monospace; font-size: 20pt'><b>{html.escape(recovery)}</b></p>"
        f"<p>{html.escape(WARNING)}</p>"
    )


def key_lines(recovery: str) -> str:
    """The key as shown: two lines of four groups, easy to copy by eye at any text size."""
    groups = recovery.split("-")
    half = len(groups) // 2
    return "  ".join(groups[:half]) + "\n" + "  ".join(groups[half:])


class RecoveryKeyDialog(QDialog):
    """The recovery key, once: Print…, Copy, and Done once they say they have kept it."""

    def __init__(self, recovery: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recovery = recovery
        self.confirmed = False
        self.setWindowTitle("Your recovery key")
        layout = QVBoxLayout(self)
        layout.setSpacing(RELATED)
        layout.addWidget(heading("Keep this recovery key safe"))
        layout.addWidget(
            muted(
                "The journal is now encrypted. If the passphrase is ever forgotten, this key "
                "opens it instead. It is shown only this once: print it or write it down, and "
                "keep it somewhere safe, away from the computer."
            )
        )
        layout.addSpacing(GROUP)
        self.key = QLabel(key_lines(recovery))
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(self.font().pointSizeF() * 1.5)
        font.setBold(True)
        self.key.setFont(font)
        self.key.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key.setAccessibleName("Recovery key")
        self.key.setAccessibleDescription(" ".join(recovery))  # read one character at a time
        layout.addWidget(self.key)
        row = QHBoxLayout()
        row.addStretch()
        self.print_button = QPushButton("&Print…")
        self.copy_button = QPushButton("C&opy")
        row.addWidget(self.print_button)
        row.addWidget(self.copy_button)
        row.addStretch()
        layout.addLayout(row)
        self.note = muted("")
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setAccessibleName("Recovery key note")
        layout.addWidget(self.note)
        layout.addSpacing(GROUP)
        layout.addWidget(warning_label())
        self.kept = QCheckBox("I have &kept the recovery key somewhere safe")
        layout.addWidget(self.kept)
        self.buttons = QDialogButtonBox()
        self.done_button = self.buttons.addButton("&Done", QDialogButtonBox.ButtonRole.AcceptRole)
        self.done_button.setEnabled(False)
        layout.addWidget(self.buttons)
        self.print_button.clicked.connect(self.print_page)
        self.copy_button.clicked.connect(self.copy)
        self.kept.toggled.connect(self.done_button.setEnabled)
        self.kept.toggled.connect(lambda on: self.done_button.setDefault(on))
        self.buttons.accepted.connect(self.accept)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * DIALOG_CHARACTERS)
        self.print_button.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        grow_to_fit(self)

    def print_page(self) -> None:
        if print_key(self, self.recovery):
            self.note.setText("Sent to the printer.")

    def copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.recovery)
        self.note.setText("Copied. Paste it somewhere safe, such as a password manager.")

    def accept(self) -> None:
        if self.kept.isChecked():
            self.confirmed = True
            super().accept()

    def reject(self) -> None:  # Escape: the key is shown once, so it is not dismissed unread
        self.note.setText("Tick “I have kept the recovery key” once it is safe, then Done.")

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirmed:  # the idle lock closes it with done(), which sends no event
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

    @classmethod
    def show_once(cls, recovery: str, parent: QWidget | None) -> bool:
        """Show the key; True once they confirmed keeping it (False: closed by the lock)."""
        dialog = cls(recovery, parent)
        dialog.exec()
        return dialog.confirmed
