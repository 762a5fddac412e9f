"""The daily reminder: a notification at the chosen time while the app runs, once a day; and
keeping the app in the system tray while a reminder is set (see `TrayKeeper`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from PySide6.QtCore import QEvent, QObject, QTime, QTimer
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox, QSystemTrayIcon, QWidget

from carecompanion import APP_NAME
from carecompanion.ui.settings import AppSettings


def reminder_due(
    now_local: datetime,
    at: time | None,
    last_reminded: date | None,
    checked_in_today: bool,
) -> bool:
    """Remind once a day, after the chosen time, unless there is already a check-in today."""
    if at is None or checked_in_today or last_reminded == now_local.date():
        return False
    return now_local.time() >= at


# ----- keeping the app in the tray while a reminder is set -----

STAY_NOTED_KEY = "tray/noted"
NEEDS_OPEN_NOTED_KEY = "reminder/needs-open-noted"


def needs_open_text(at: QTime) -> str:
    """Said plainly where the desktop has no tray to keep CareCompanion running in."""
    return (
        f"Your daily reminder at {at.toString('HH:mm')} comes only while CareCompanion is "
        "open: this desktop has no system tray to keep it running in once the window is "
        "closed. To be reminded, leave the window open (minimised is fine)."
    )


def stays_text(at: QTime) -> str:
    return (
        f"CareCompanion is still running here, to remind you at {at.toString('HH:mm')}. "
        "Click its icon to open the window; choose Quit from its menu to stop it."
    )


def tell(parent: QWidget, text: str) -> None:
    """A plain note with one OK button (tests replace this)."""
    QMessageBox.information(parent, APP_NAME, text)


class TrayKeeper(QObject):
    """Closing the window keeps the app running in the system tray while a reminder is set.

    The app no longer quits when its last window closes; this watches the window's close
    instead. The window's own close handling runs first as ever (the draft is saved, reads
    finish); once the window is hidden, the app either stays in the tray (a reminder is set and
    the desktop has a tray, which is asked only then: asking costs time at start-up) or quits.
    The first time it stays, a note says so; the first time it quits with a reminder set and
    no tray, a note says that reminders need the app open. The tray's menu has "Open
    CareCompanion" and "Quit"; clicking the icon opens the window.
    """

    def __init__(
        self,
        window: QMainWindow,
        settings: AppSettings,
        quit_app: Callable[[], None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.quit_app = quit_app
        self.quitting = False
        self._closing = False
        self.tray: QSystemTrayIcon | None = None
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and not self.quitting:
            kind = event.type()
            if kind == QEvent.Type.Close:
                # Decided once the window is hidden: its close handling runs events meanwhile
                # (waiting for reads), and it may refuse to close.
                self._closing = True
            elif kind == QEvent.Type.Show:
                self._closing = False
            elif kind == QEvent.Type.Hide and self._closing:
                self._closing = False
                QTimer.singleShot(0, self._after_close)
        return False

    def _after_close(self) -> None:
        if self.window.isVisible():
            return  # the close was refused
        at = self.settings.reminder
        if at is not None and QSystemTrayIcon.isSystemTrayAvailable():
            self.stay_in_tray(at)
            return
        if at is not None and self.settings.value(NEEDS_OPEN_NOTED_KEY) != "yes":
            self.settings.set_value(NEEDS_OPEN_NOTED_KEY, "yes")
            tell(self.window, needs_open_text(at))
        self.quit()

    def ensure_tray(self) -> QSystemTrayIcon:
        if self.tray is None:
            existing = getattr(self.window, "tray", None)
            tray = existing if isinstance(existing, QSystemTrayIcon) else None
            if tray is None:
                tray = QSystemTrayIcon(self.window.windowIcon(), self.window)
                tray.setToolTip(APP_NAME)
            menu = QMenu(self.window)
            menu.addAction("Open CareCompanion", self.show_window)
            menu.addSeparator()
            menu.addAction("Quit", self.quit)
            tray.setContextMenu(menu)
            tray.activated.connect(self._activated)
            # The window's reminder shows its message through this same icon.
            self.window.tray = tray  # type: ignore[attr-defined]
            self.tray = tray
        return self.tray

    def stay_in_tray(self, at: QTime) -> None:
        tray = self.ensure_tray()
        tray.show()
        if self.settings.value(STAY_NOTED_KEY) != "yes":
            self.settings.set_value(STAY_NOTED_KEY, "yes")
            tray.showMessage(APP_NAME, stays_text(at), self.window.windowIcon())

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.show_window()

    def show_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def quit(self) -> None:
        """Close the window for good (its draft saved) and end the app."""
        self.quitting = True
        if self.window.isVisible():
            self.window.close()
        if self.tray is not None:
            self.tray.hide()
        self.quit_app()
