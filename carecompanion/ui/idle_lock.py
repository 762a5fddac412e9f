"""The idle lock: an encrypted journal's window hides everything after a chosen time unused.

"Unused" is no key press, click, scroll or pointer movement in any of the app's windows (an
event filter on the QApplication, installed only while the lock can happen: an encrypted,
unlocked journal and a time other than "never"). A timer checks every few seconds, and the
first input after the time has passed locks before it does anything. The time counts on two
clocks, the monotonic one and the wall clock, taking the longer: a laptop asleep with its lid
shut stops the monotonic clock on Linux and macOS, and the wall clock alone could be set back.

Locking saves the unsaved check-in as a draft (sealed with the journal's key), closes every
dialog and menu, disables every action and shortcut, hides the menu and tool bars, and shows
only the unlock panel in the window. Typed text stays in its fields, so unlocking brings the
pages back as they were. The journal stays open and keyed meanwhile (reminders and background
reads carry on; the tray's text never holds health data): the lock is a screen lock, and the
passphrase or recovery key typed to lift it is checked by the same `encryption.unlock` as at
start. The key leaves memory when the app quits.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QToolBar, QToolTip, QWidget

from carecompanion.db import driver
from carecompanion.ui.settings import AppSettings

if TYPE_CHECKING:
    from carecompanion.ui.dialogs.unlock import UnlockPanel

CHECK_MS = 10_000
INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
Clock = Callable[[], tuple[float, float]]


def both_clocks() -> tuple[float, float]:
    return time.monotonic(), time.time()


def locked_text(minutes: int) -> str:
    return (
        f"CareCompanion locked itself after {minutes} minutes without use, so that nobody "
        "else using this computer can read the journal. Type the passphrase to go on; "
        "anything you were typing is kept."
    )


class IdleLock(QObject):
    """Locks `window` (a MainWindow) after `settings.lock_minutes` without input."""

    locked_changed = Signal(bool)

    def __init__(self, window: Any, settings: AppSettings, clock: Clock = both_clocks) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.clock = clock
        self.locked = False
        self.panel: UnlockPanel | None = None
        self.screen: QWidget | None = None  # the panel, centred in the window
        self._last = clock()
        self._watching = False
        self._disabled: list[QAction] = []
        self._hidden_bars: list[QWidget] = []
        self._after_unlock: list[Callable[[], None]] = []
        self.timer = QTimer(self, interval=CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.update()

    # ----- when it applies -----

    def minutes(self) -> int:
        return self.settings.lock_minutes

    def applies(self) -> bool:
        """An encrypted journal, unlocked in this process, and a time other than never."""
        return self.minutes() > 0 and driver.root_key(self.window.store.paths.root) is not None

    def update(self) -> None:
        """Start or stop watching, after encryption or the chosen time changed."""
        app = QApplication.instance()
        wanted = self.applies()
        if wanted and not self._watching and app is not None:
            app.installEventFilter(self)
            self.timer.start()
            self._watching = True
            self.touch()
        elif not wanted and self._watching:
            if app is not None:
                app.removeEventFilter(self)
            self.timer.stop()
            self._watching = False

    # ----- counting idle time -----

    def touch(self) -> None:
        self._last = self.clock()

    def idle_seconds(self) -> float:
        mono, wall = self.clock()
        return max(mono - self._last[0], wall - self._last[1])

    def due(self) -> bool:
        return self.applies() and self.idle_seconds() >= self.minutes() * 60

    def check(self) -> None:
        if not self.locked and self.due():
            self.lock()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT and not self.locked:
            if self.due():
                self.lock()
                return True  # the first touch after the time wakes the lock, nothing else
            self.touch()
        return False

    # ----- locking and unlocking -----

    def lock(self) -> None:
        if self.locked:
            return
        window = self.window
        self.locked = True
        if "today" in window.pages:
            window.today.save_draft()  # sealed with the key; the fields keep their text too
        for top in QApplication.topLevelWidgets():
            if top is window or not top.isVisible():
                continue
            if isinstance(top, QDialog):
                top.done(QDialog.DialogCode.Rejected)  # not reject(): no questions asked
            elif isinstance(top, QMenu):
                top.close()
        QToolTip.hideText()
        panel = self._panel()
        self._disabled = [
            action
            for action in window.findChildren(QAction)
            if action.isEnabled() and not _inside(self.screen, action)
        ]
        for action in self._disabled:
            action.setEnabled(False)
        bars: list[QWidget] = [window.menuBar(), *window.findChildren(QToolBar)]
        self._hidden_bars = [bar for bar in bars if not bar.isHidden()]
        for bar in self._hidden_bars:
            bar.hide()
        window.statusBar().clearMessage()
        window.content.setEnabled(False)  # the pages' own shortcuts stop too
        panel.intro.setText(locked_text(self.minutes()))
        window.screens.setCurrentWidget(self.screen)
        panel.focus_field()
        self.locked_changed.emit(True)

    def _panel(self) -> UnlockPanel:
        if self.panel is None:
            from carecompanion.ui.dialogs.unlock import UnlockPanel, centred

            self.panel = UnlockPanel(
                self.window.store.paths, "CareCompanion is locked", locked_text(self.minutes())
            )
            self.panel.unlocked.connect(self.unlocked)
            self.panel.quit_requested.connect(self.window.quit_app)
            self.screen = centred(self.panel)
            self.window.screens.addWidget(self.screen)
        return self.panel

    def unlocked(self) -> None:
        """The passphrase or recovery key was right: everything back as it was."""
        window = self.window
        self.locked = False
        self.touch()
        window.content.setEnabled(True)
        window.screens.setCurrentWidget(window.content)
        for bar in self._hidden_bars:
            bar.show()
        for action in self._disabled:
            action.setEnabled(True)
        self._disabled, self._hidden_bars = [], []
        window.setFocus()
        if window.current_view() == "today":
            window.today.focus_first()
        self.locked_changed.emit(False)
        waiting, self._after_unlock = self._after_unlock, []
        for step in waiting:
            step()

    def after_unlock(self, step: Callable[[], None]) -> None:
        """Run `step` once the window is unlocked again (now, when it is not locked)."""
        if self.locked:
            self._after_unlock.append(step)
        else:
            step()


def _inside(panel: QWidget | None, action: QAction) -> bool:
    owner = action.parent()
    if panel is None:
        return False
    return isinstance(owner, QWidget) and (owner is panel or panel.isAncestorOf(owner))
