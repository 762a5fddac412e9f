"""Unlocking an encrypted journal: at start, before the window opens, and after the idle lock.

One panel serves both: the passphrase (or, with "Use the recovery key instead", the recovery
key), Unlock, and what went wrong beside the field. Nothing else is shown. The key derivation
(scrypt, a few tenths of a second) runs on a worker thread while the panel says it is working;
the unlock itself goes through `db.encryption.unlock`, the same door as the command line's, and
a wrong passphrase changes nothing, so the person can simply try again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecompanion import APP_NAME
from carecompanion.db import encryption, keys
from carecompanion.db.errors import JournalUnavailable
from carecompanion.domain.errors import InvalidSecret
from carecompanion.paths import DataPaths
from carecompanion.ui.theme import is_dark, problem_style
from carecompanion.ui.widgets.common import heading, muted
from carecompanion.ui.widgets.spacing import GROUP, RELATED, SECTION

AT_START = (
    "Your journal is encrypted, so only someone with its passphrase can read it. "
    "Type the passphrase to open it."
)
POLL_MS = 20
PANEL_CHARACTERS = 72  # the panel's widest, in average characters: a calm column, not a banner


def secret_problem(exc: InvalidSecret) -> str:
    """What is allowed, said beside the field (the message never repeats the secret)."""
    text = exc.allowed.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def grow_to_fit(dialog: QWidget) -> None:
    """Make a dialog tall enough for its word-wrapped text at its width (a problem shown
    beside a field adds lines that a top-level window does not grow for by itself)."""
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = dialog.width()
    if layout.hasHeightForWidth():
        height = layout.totalHeightForWidth(width)
    else:
        height = layout.totalSizeHint().height()
    if height > dialog.height():
        dialog.resize(width, height)


def centred(panel: QWidget) -> QWidget:
    """`panel` in the middle of a larger space (the window, while it is locked)."""
    holder = QWidget()
    rows = QVBoxLayout(holder)
    rows.addStretch(1)
    middle = QHBoxLayout()
    middle.addStretch(1)
    middle.addWidget(panel, 3)
    middle.addStretch(1)
    rows.addLayout(middle)
    rows.addStretch(2)
    return holder


def problem_label(name: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(problem_style(is_dark(label)))
    label.setAccessibleName(name)
    label.hide()
    return label


class UnlockPanel(QWidget):
    """Passphrase or recovery key, and Unlock; `unlocked` once the journal's key is in use."""

    unlocked = Signal()
    quit_requested = Signal()

    def __init__(self, paths: DataPaths, title: str, intro: str) -> None:
        super().__init__()
        self.paths = paths
        self._future: Future[bytes] | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(SECTION, SECTION, SECTION, SECTION)
        column.setSpacing(RELATED)
        self.title = heading(title)
        column.addWidget(self.title)
        self.intro = muted(intro)
        self.intro.setAccessibleName("What to do")
        column.addWidget(self.intro)
        column.addSpacing(GROUP)
        form = QFormLayout()
        form.setSpacing(RELATED)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase_label = QLabel("&Passphrase:")
        self.passphrase_label.setBuddy(self.passphrase)
        form.addRow(self.passphrase_label, self.passphrase)
        # Typed from paper: shown as typed, so a slip can be seen (it is long and random).
        self.recovery = QLineEdit()
        self.recovery.setAccessibleName("Recovery key")
        self.recovery.setPlaceholderText("8 groups of 4 letters and digits, like 7KQ2-9XHM-…")
        self.recovery_label = QLabel("&Recovery key:")
        self.recovery_label.setBuddy(self.recovery)
        form.addRow(self.recovery_label, self.recovery)
        column.addLayout(form)
        self.error = problem_label("Unlock problem")
        column.addWidget(self.error)
        self.use_recovery = QCheckBox("Use the recovery &key instead")
        self.use_recovery.setToolTip("The key of 8 groups shown when encryption was turned on")
        column.addWidget(self.use_recovery)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName("Unlocking")
        self.busy.hide()
        column.addWidget(self.busy)
        column.addSpacing(GROUP)
        row = QHBoxLayout()
        row.addStretch()
        self.quit_button = QPushButton("&Quit")
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        row.addWidget(self.quit_button)
        row.addWidget(self.unlock_button)
        column.addLayout(row)
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._check_worker)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.passphrase.returnPressed.connect(self.try_unlock)
        self.recovery.returnPressed.connect(self.try_unlock)
        self.quit_button.clicked.connect(self.quit_requested)
        self.use_recovery.toggled.connect(self._mode_changed)
        self._mode_changed(False)
        self.setMaximumWidth(self.fontMetrics().averageCharWidth() * PANEL_CHARACTERS)

    def field(self) -> QLineEdit:
        return self.recovery if self.use_recovery.isChecked() else self.passphrase

    def _mode_changed(self, recovery: bool) -> None:
        self.recovery.setVisible(recovery)
        self.recovery_label.setVisible(recovery)
        self.passphrase.setVisible(not recovery)
        self.passphrase_label.setVisible(not recovery)
        self.error.hide()
        self.focus_field()

    def focus_field(self) -> None:
        self.field().setFocus(Qt.FocusReason.OtherFocusReason)

    def working(self) -> bool:
        return self._future is not None

    def show_problem(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        window = self.window()
        if isinstance(window, QDialog):
            grow_to_fit(window)
        field = self.field()
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.selectAll()

    def try_unlock(self) -> None:
        if self.working():
            return
        secret = self.field().text()
        by_recovery = self.use_recovery.isChecked()
        if not secret.strip():
            what = "recovery key" if by_recovery else "passphrase"
            self.show_problem(f"Type the {what} first.")
            return
        if by_recovery:
            try:
                keys.normalise_recovery_key(secret)
            except InvalidSecret as exc:
                self.show_problem(secret_problem(exc))
                return
        work: Callable[[], bytes]
        if by_recovery:
            work = lambda: encryption.unlock(self.paths, recovery_key=secret)  # noqa: E731
        else:
            work = lambda: encryption.unlock(self.paths, passphrase=secret)  # noqa: E731
        self._future = run_on_thread(work)
        self._set_working(True)
        self._poll.start()

    def _set_working(self, busy: bool) -> None:
        self.error.hide()
        self.busy.setVisible(busy)
        for control in (self.passphrase, self.recovery, self.use_recovery, self.unlock_button):
            control.setEnabled(not busy)
        self.unlock_button.setText("Unlocking…" if busy else "&Unlock")

    def _check_worker(self) -> None:
        future = self._future
        if future is None or not future.done():
            return
        self._poll.stop()
        self._future = None
        self._set_working(False)
        try:
            future.result()
        except InvalidSecret as exc:
            self.show_problem(secret_problem(exc))
            return
        except JournalUnavailable as exc:  # a wrong secret, or a key file that cannot be read
            self.show_problem(str(exc))
            return
        self.passphrase.clear()
        self.recovery.clear()
        self.unlocked.emit()

    def wait(self, timeout: float = 30.0) -> None:
        """Wait for an unlock under way and deliver its outcome (for tests and screenshots)."""
        if self._future is not None:
            self._future.exception(timeout)
            self._check_worker()


def run_on_thread(work: Callable[[], bytes]) -> Future[bytes]:
    """`work` on a plain thread (the derivation holds no Qt object); its result in a Future."""
    future: Future[bytes] = Future()

    def task() -> None:
        try:
            future.set_result(work())
        except BaseException as exc:  # handed to the UI thread, which reports it
            future.set_exception(exc)

    threading.Thread(target=task, name="unlock", daemon=True).start()
    return future


class UnlockDialog(QDialog):
    """Before the window opens on an encrypted journal: unlock it, or quit."""

    def __init__(self, paths: DataPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(APP_NAME)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.panel = UnlockPanel(paths, "Your journal is locked", AT_START)
        layout.addWidget(self.panel)
        self.panel.unlocked.connect(self.accept)
        self.panel.quit_requested.connect(self.reject)
        line = self.fontMetrics().averageCharWidth()
        self.setMinimumWidth(line * 64)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.panel.focus_field()

    def reject(self) -> None:
        if not self.panel.working():  # Escape while unlocking waits for the answer
            super().reject()


def ask_at_start(paths: DataPaths) -> bool:
    """Show the unlock dialog; True once the journal is unlocked, False when they quit."""
    return UnlockDialog(paths).exec() == QDialog.DialogCode.Accepted
