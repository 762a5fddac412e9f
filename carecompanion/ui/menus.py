"""The window's menu bar: File, Edit, View and Help, with the platform's standard shortcuts.

Every action of the tool bar is here too, so all of them are reached from the keyboard (Alt and
the underlined letter opens the menus on Linux and Windows; on macOS Settings, About and Quit
move to the application menu by their roles). Dialogs written elsewhere (Backups, Recently
deleted) are imported only when chosen, and offered only when they are installed.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu
from shiboken6 import isValid

if TYPE_CHECKING:
    from carecompanion.ui.main_window import MainWindow

DIALOGS = "carecompanion.ui.dialogs"


def keys(standard: QKeySequence.StandardKey, *also: str) -> list[QKeySequence]:
    """The platform's bindings for `standard`, then `also` where the platform has none of them
    (Windows has no standard Quit or Preferences keys; the issue asks for Ctrl+Q and Ctrl+,)."""
    found = list(QKeySequence.keyBindings(standard))
    for text in also:
        extra = QKeySequence(text)
        if extra not in found:
            found.append(extra)
    return found


def dialog_installed(name: str) -> bool:
    """True when the dialog module `name` (under ui/dialogs) is part of this installation."""
    try:
        return importlib.util.find_spec(f"{DIALOGS}.{name}") is not None
    except (ImportError, ValueError):
        return False


def open_dialog(window: MainWindow, name: str) -> None:
    """Import ui/dialogs/`name` now (it is not needed at start-up) and show it over the window."""
    module = importlib.import_module(f"{DIALOGS}.{name}")
    module.show(window)


def keep_menu_text(action: QAction, text: str) -> None:
    """Give a shared action (the tool bar's too) the menu's `text`, with its underlined letter,
    while the tool bar keeps its own label.

    A tool bar button shows the action's icon text, which is the text without its "&" unless
    set apart; when the menu's words differ from the label ("&About CareCompanion" beside
    "About"), the label is kept as the icon text. When something else renames the action later
    (Undo and Redo name the step: "Undo Add check-in"), the "&" goes back before the same
    letter, so the menu keeps its mnemonic and the tool bar follows the new name as before.
    """
    label = action.iconText()
    action.setText(text)
    if action.iconText() != label:
        action.setIconText(label)
    marked = text.find("&")
    if marked < 0 or marked + 1 >= len(text):
        return
    plain = text.replace("&", "")
    lead = plain[: marked + 1]  # the words up to and with the underlined letter

    def mark_again() -> None:
        if not isValid(action):  # "changed" while the window is being taken down
            return
        now = action.text()
        if "&" not in now and now.startswith(lead):
            action.setText(now[:marked] + "&" + now[marked:])

    action.changed.connect(mark_again)


class Menus:
    """The menu bar's actions by name, for the window and for tests."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.actions: dict[str, QAction] = {}
        self.views: dict[str, QAction] = {}
        bar = window.menuBar()
        self.file = bar.addMenu("&File")
        self.edit = bar.addMenu("&Edit")
        self.view = bar.addMenu("&View")
        self.help = bar.addMenu("&Help")
        self._file()
        self._edit()
        self._view()
        self._help()

    def _add(
        self,
        menu: QMenu,
        name: str,
        text: str,
        slot: Callable[[], object] | None = None,
        shortcuts: list[QKeySequence] | None = None,
        role: QAction.MenuRole | None = None,
        action: QAction | None = None,
    ) -> QAction:
        if action is None:
            action = QAction(text, self.window)
        else:
            keep_menu_text(action, text)
        if slot is not None:
            action.triggered.connect(lambda _checked=False: slot())
        if shortcuts:
            action.setShortcuts(shortcuts)
        if role is not None:
            action.setMenuRole(role)
        menu.addAction(action)
        self.window.addAction(action)  # its keys work even where the menu bar is hidden
        self.actions[name] = action
        return action

    def _file(self) -> None:
        w = self.window
        self._add(
            self.file,
            "open_journal",
            "&Open journal…",
            w.open_journal,
            keys(QKeySequence.StandardKey.Open),
        )
        self.recent = self.file.addMenu("&Recent journals")
        self.recent.aboutToShow.connect(self._fill_recent)
        self._fill_recent()
        self.file.addSeparator()
        self._add(self.file, "export", "&Export…", w.open_export)
        if dialog_installed("backups"):
            self._add(self.file, "backups", "&Backups…", w.show_backups)
        self.file.addSeparator()
        self._add(
            self.file,
            "quit",
            "&Quit",
            w.quit_app,
            keys(QKeySequence.StandardKey.Quit, "Ctrl+Q"),
            QAction.MenuRole.QuitRole,
        )

    def _fill_recent(self) -> None:
        """The recent journals by folder, this one marked; empty: one line saying so."""
        self.recent.clear()
        found = self.window.recent.folders() if self.window.recent is not None else []
        here = self.window.store.paths.root
        for number, folder in enumerate(found, start=1):
            label = f"&{number} {folder}" + (" (this window)" if folder == here else "")
            action = self.recent.addAction(label)
            action.triggered.connect(lambda _c=False, f=folder: self.window.open_recent(f))
        if not found:
            self.recent.addAction("No other journals yet").setEnabled(False)

    def _edit(self) -> None:
        w = self.window
        self._add(self.edit, "undo", "&Undo", action=w.undo_action)
        self._add(self.edit, "redo", "&Redo", action=w.redo_action)
        if dialog_installed("recently_deleted"):
            self.edit.addSeparator()
            self._add(self.edit, "recently_deleted", "Recently &deleted…", w.show_recently_deleted)
        self.edit.addSeparator()
        self._add(
            self.edit,
            "settings",
            "&Settings…",
            role=QAction.MenuRole.PreferencesRole,
            action=w.settings_action,
        )

    def _view(self) -> None:
        from carecompanion.ui.main_window import TITLES, VIEWS

        group = QActionGroup(self.window)
        group.setExclusive(True)

        def shower(view: str) -> Callable[[], None]:
            return lambda: self.window.show_view(view)

        for number, name in enumerate(VIEWS, start=1):
            action = QAction(TITLES[name], self.window)
            action.setCheckable(True)
            group.addAction(action)
            self._add(
                self.view,
                f"view:{name}",
                TITLES[name],
                shower(name),
                [QKeySequence(f"Ctrl+{number}")],
                action=action,
            )
            self.views[name] = action

    def _help(self) -> None:
        w = self.window
        self._add(self.help, "call_now", "When to call now", action=w.call_now)  # F1
        self.help.addSeparator()
        self._add(
            self.help,
            "about",
            "&About CareCompanion",
            role=QAction.MenuRole.AboutRole,
            action=w.about_action,
        )

    def show_current(self, view: str) -> None:
        """Tick the page on show in the View menu."""
        action = self.views.get(view)
        if action is not None:
            action.setChecked(True)
