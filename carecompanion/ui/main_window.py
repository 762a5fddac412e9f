"""The main window: navigation list, pages, the always-visible call-now button, undo and redo."""

from __future__ import annotations

import importlib
from datetime import date, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QSystemTrayIcon,
    QToolBar,
    QWidget,
)

from carecompanion import APP_NAME

if TYPE_CHECKING:
    from carecompanion.ui.pages.export import ExportPage
    from carecompanion.ui.pages.history import HistoryPage
    from carecompanion.ui.pages.learn import LearnPage
    from carecompanion.ui.pages.medications import MedicationsPage
    from carecompanion.ui.pages.questions import QuestionsPage
    from carecompanion.ui.pages.tests_page import TestsPage
    from carecompanion.ui.pages.today import TodayPage
    from carecompanion.ui.pages.treatments import TreatmentsPage
from carecompanion.actions import Change
from carecompanion.domain.times import day_bounds
from carecompanion.services import checkin_rows, profile, symptoms
from carecompanion.ui import journals, theme
from carecompanion.ui.idle_lock import IdleLock
from carecompanion.ui.journals import RecentJournals
from carecompanion.ui.menus import Menus, keys, open_dialog
from carecompanion.ui.privacy import Privacy
from carecompanion.ui.reminder import TrayKeeper, reminder_due
from carecompanion.ui.settings import AppSettings
from carecompanion.ui.store import Store
from carecompanion.ui.sync_keeper import SyncKeeper
from carecompanion.ui.widgets.common import tell_problem
from carecompanion.ui.widgets.nav_icons import nav_icon

# Dialogs load when first opened, not before the first paint. They stay names of this module
# (tests replace them there): `_lazy` looks in the module first, then imports.
_LAZY = {
    "AboutDialog": "carecompanion.ui.dialogs.about",
    "CallNowDialog": "carecompanion.ui.dialogs.call_now",
    "SettingsDialog": "carecompanion.ui.dialogs.settings",
    "SettingsChange": "carecompanion.actions.settings",
    "save_settings": "carecompanion.actions.settings",
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    found = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = found
    return found


def _lazy(name: str) -> Any:
    return globals()[name] if name in globals() else __getattr__(name)


VIEWS = ("today", "history", "treatments", "medications", "tests", "questions", "learn", "export")
TITLES = {
    "today": "Today",
    "history": "History",
    "treatments": "Treatments",
    "medications": "Medicines",
    "tests": "Tests",
    "questions": "Questions",
    "learn": "Learn",
    "export": "Export",
}


class MainWindow(QMainWindow):
    def __init__(
        self,
        store: Store,
        settings: AppSettings,
        icon: QIcon,
        recent: RecentJournals | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.settings = settings
        self.recent = recent
        store.problem.connect(self.show_problem)
        store.changed.connect(self._title_if_profile)
        self.show_title()
        self.setWindowIcon(icon)
        self.setMinimumSize(QSize(800, 560))
        self.undo_stack = QUndoStack(self)
        # Pages are built when first shown, so the window appears without waiting for them.
        self.pages: dict[str, QWidget] = {}
        self.nav = QListWidget()
        self.nav.setAccessibleName("Pages")
        self.stack = QStackedWidget()
        for name in VIEWS:
            self.nav.addItem(TITLES[name])
            self.stack.addWidget(QWidget())
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.nav.setFont(font)
        self.nav.setSpacing(4)
        # Each page's icon beside its name, drawn from the palette (text colour, and
        # highlighted text on the selected row, whose highlight stands 3:1 from the list);
        # drawn again at every change of scheme.
        side = self.nav.fontMetrics().height()
        self.nav.setIconSize(QSize(side, side))
        theme.follow(self.nav, self._draw_nav_icons)
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 20)
        self.nav.currentRowChanged.connect(self._show_row)
        self.content = QWidget()
        row = QHBoxLayout(self.content)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        # The pages, or (locked after a while unused) only the unlock panel: idle_lock.py.
        self.screens = QStackedWidget()
        self.screens.addWidget(self.content)
        self.setCentralWidget(self.screens)
        self._build_actions()
        self.nav.setCurrentRow(0)
        self._reminded_on: date | None = None
        # The tray icon appears only when a reminder needs it: asking the desktop whether it
        # has a tray costs time at start-up.
        self.tray: QSystemTrayIcon | None = None
        self.reminder_timer = QTimer(self, interval=60_000)
        self.reminder_timer.timeout.connect(self.check_reminder)
        self.reminder_timer.start()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.applicationStateChanged.connect(self._state_changed)
        self.idle_lock = IdleLock(self, settings)
        self.privacy = Privacy(store, settings, self.idle_lock, self)
        self.sync_status = QLabel()
        self.statusBar().addPermanentWidget(self.sync_status)
        self.sync = SyncKeeper(store, self.sync_status)
        QTimer.singleShot(0, self.sync.exchange_now)

    def show_title(self) -> None:
        """The person's name in the title bar, so two journals' windows are told apart."""
        name = self.store.read_rows(profile.get).name.strip()
        self.setWindowTitle(f"{name} — {APP_NAME}" if name else APP_NAME)

    def _title_if_profile(self, changed: frozenset[Change]) -> None:
        if Change.PROFILE in changed:
            self.show_title()

    def open_journal(self) -> None:
        """File > Open journal…: another journal (a data folder) in its own window."""
        folder = journals.ask_journal_folder(self)
        if folder is not None:
            self.open_recent(folder)

    def open_recent(self, folder: Path) -> None:
        if self.recent is not None:
            self.recent.note(folder)
        if folder.resolve() == self.store.paths.root:
            self.raise_()
            return
        journals.open_journal_window(folder)

    def _draw_nav_icons(self) -> None:
        palette, side = self.nav.palette(), self.nav.iconSize().width()
        ratio = max(2.0, self.devicePixelRatioF())
        for row, view in enumerate(VIEWS):
            item = self.nav.item(row)
            if item is not None:
                item.setIcon(nav_icon(view, palette, side, ratio))

    def _build_actions(self) -> None:
        bar = QToolBar("Main")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(bar)
        self.call_now = QAction("When to call now", self)
        self.call_now.setShortcut(QKeySequence("F1"))
        self.call_now.setToolTip(
            "Signs that need a call straight away, and your care team's numbers (F1)"
        )
        self.call_now.triggered.connect(self.show_call_now)
        bar.addAction(self.call_now)
        button = bar.widgetForAction(self.call_now)
        # The call-now red on a light toolbar; on a dark one the severe band's light text
        # (DESIGN.md), from the theme's contrast-checked pair, again at every change of scheme.
        theme.follow(
            button,
            lambda: button.setStyleSheet(
                f"font-weight: bold; color: {theme.CALL_NOW_TEXT[theme.is_dark(self)]};"
            ),
        )
        self.undo_action = self.undo_stack.createUndoAction(self, "Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, "Redo")
        self.redo_action.setShortcuts(keys(QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z"))
        self.settings_action = QAction("Settings…", self)
        self.settings_action.setShortcuts(keys(QKeySequence.StandardKey.Preferences, "Ctrl+,"))
        self.settings_action.setToolTip("Your details, the care team's numbers, symptoms (Ctrl+,)")
        self.settings_action.triggered.connect(self.open_settings)
        self.about_action = QAction("About", self)
        self.about_action.triggered.connect(self.show_about)
        for action in (self.undo_action, self.redo_action, self.settings_action, self.about_action):
            bar.addAction(action)
        # Tool bar buttons take no focus; every one of them is in the menus (menus.py), which
        # the keyboard reaches (Alt and a letter), with Ctrl+1… for the pages.
        self.menus = Menus(self)

    def page(self, view: str) -> QWidget:
        """The page for a view, built the first time it is asked for."""
        built = self.pages.get(view)
        if built is None:
            built = self._build(view)
            self.pages[view] = built
            index = VIEWS.index(view)
            placeholder = self.stack.widget(index)
            if isinstance(built, QAbstractScrollArea):
                # The page's scrolling frame shows no focus; Tab goes to its controls, and
                # the frame scrolls to show whichever has focus.
                built.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.stack.insertWidget(index, built)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
        return built

    def _build(self, view: str) -> QWidget:
        store, undo = self.store, self.undo_stack
        if view == "today":
            from carecompanion.ui.pages.today import TodayPage

            today = TodayPage(store, self.settings, undo)
            today.doses.open_medications.connect(self.add_medication)
            return today
        if view == "history":
            from carecompanion.ui.pages.history import HistoryPage

            history = HistoryPage(store, undo)
            history.view_requested.connect(self.show_view)  # "Go to Today" when it is empty
            return history
        if view == "treatments":
            from carecompanion.ui.pages.treatments import TreatmentsPage

            return TreatmentsPage(store, undo)
        if view == "medications":
            from carecompanion.ui.pages.medications import MedicationsPage

            return MedicationsPage(store, undo)
        if view == "tests":
            from carecompanion.ui.pages.tests_page import TestsPage

            return TestsPage(store, undo)
        if view == "questions":
            from carecompanion.ui.pages.questions import QuestionsPage

            return QuestionsPage(store, undo)
        if view == "learn":
            from carecompanion.ui.pages.learn import LearnPage

            learn = LearnPage(store)
            learn.track_requested.connect(self.show_view)
            return learn

        from carecompanion.ui.pages.export import ExportPage

        return ExportPage(store, self.settings)

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(VIEWS):
            self.page(VIEWS[row])
            self.stack.setCurrentIndex(row)
            self.menus.show_current(VIEWS[row])

    @property
    def today(self) -> TodayPage:
        return cast("TodayPage", self.page("today"))

    @property
    def history(self) -> HistoryPage:
        return cast("HistoryPage", self.page("history"))

    @property
    def treatments(self) -> TreatmentsPage:
        return cast("TreatmentsPage", self.page("treatments"))

    @property
    def medications(self) -> MedicationsPage:
        return cast("MedicationsPage", self.page("medications"))

    @property
    def tests(self) -> TestsPage:
        return cast("TestsPage", self.page("tests"))

    @property
    def questions(self) -> QuestionsPage:
        return cast("QuestionsPage", self.page("questions"))

    @property
    def learn(self) -> LearnPage:
        return cast("LearnPage", self.page("learn"))

    @property
    def export(self) -> ExportPage:
        return cast("ExportPage", self.page("export"))

    def show_view(self, view: str) -> None:
        if view == "trials":  # the trial-search helper inside Learn
            self.nav.setCurrentRow(VIEWS.index("learn"))
            self.learn.tabs.setCurrentWidget(self.learn.trials)
            return
        self.nav.setCurrentRow(VIEWS.index(view))
        if view == "today":
            self.today.focus_first()

    def add_medication(self) -> None:
        """From Today's empty medicines section: the Medications page, adding the first."""
        self.show_view("medications")
        self.medications.add()

    def open_export(self) -> None:
        """File > Export…: the Export page, its first choice in focus."""
        self.show_view("export")
        self.export.preset.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_backups(self) -> None:
        open_dialog(self, "backups")

    def show_recently_deleted(self) -> None:
        open_dialog(self, "recently_deleted")

    def quit_app(self) -> None:
        """File > Quit: close the window (which keeps the draft) and end the program, even
        where closing the window would keep it in the tray."""
        keeper = self.findChild(TrayKeeper)
        if keeper is not None:
            keeper.quit()  # closes the window, hides the tray icon, ends the app
            return
        self.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()

    def current_view(self) -> str:
        return VIEWS[self.stack.currentIndex()]

    def show_about(self) -> None:
        _lazy("AboutDialog")(self.store.paths, self.windowIcon(), self).exec()

    def show_problem(self, message: str) -> None:
        """A refused change, said plainly; nothing was saved."""
        tell_problem(self, "Not saved", message)

    def show_call_now(self) -> None:
        _lazy("CallNowDialog")(self.store.read_rows(profile.get), self).exec()

    def open_settings(self) -> None:
        current = self.store.read_rows(profile.get)
        offered = self.store.read_rows(symptoms.active)
        folder = self.sync.folder()
        result = _lazy("SettingsDialog").ask(
            current,
            offered,
            self.settings.reminder,
            self,
            self.store.context(),
            self.privacy,
            folder,
        )
        if result is None:
            return
        if result.lock_minutes is not None:
            self.settings.lock_minutes = result.lock_minutes
            self.idle_lock.update()

        change = _lazy("SettingsChange")(result.profile, result.active, result.new_custom)
        if self.store.run(_lazy("save_settings"), change) is not None:
            self.settings.reminder = result.reminder
        from carecompanion.actions.sync import choose_folder

        if result.sync_folder != folder and self.store.run(choose_folder, result.sync_folder):
            self.sync.exchange_now()

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive:
            self.refresh_if_changed()
            self.sync.exchange_now()

    def refresh_if_changed(self) -> None:
        """Show entries written meanwhile by the command line or another program."""
        self.store.reload_if_changed_elsewhere()

    def check_reminder(self) -> None:
        ctx = self.store.context()
        now = ctx.local(ctx.now())
        at = self.settings.reminder
        midnight, _end = day_bounds(now.date(), now.date(), ctx.zone)
        today = self.store.read_rows(
            lambda rows: checkin_rows.count_between(rows, midnight, now + timedelta(1))
        )
        chosen = time(at.hour(), at.minute()) if at is not None else None
        if reminder_due(now, chosen, self._reminded_on, today > 0):
            self._reminded_on = now.date()
            message = "How are you feeling today? A check-in takes a few seconds."
            if self.tray is None and QSystemTrayIcon.isSystemTrayAvailable():
                self.tray = QSystemTrayIcon(self.windowIcon(), self)
                self.tray.setToolTip(APP_NAME)
                self.tray.show()
            if self.tray is not None:
                self.tray.showMessage(APP_NAME, message, self.windowIcon())
            self.statusBar().showMessage(message)
            QApplication.alert(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if "today" in self.pages:
            self.today.save_draft()
        self.store.wait_for_background()
        super().closeEvent(event)
