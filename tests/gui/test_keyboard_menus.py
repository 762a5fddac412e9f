"""The menu bar (issue 15): File, Edit, View and Help, each action with the platform's keys,
and each doing what it says, from the menu and from its shortcut."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from carecompanion.ui import main_window
from carecompanion.ui.main_window import TITLES, VIEWS

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def texts(menu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def has_keys(action: QAction, *wanted: str) -> bool:
    given = [k.toString(QKeySequence.SequenceFormat.PortableText) for k in action.shortcuts()]
    return all(w in given for w in wanted)


def press(window, qtbot, key, modifier=Qt.KeyboardModifier.NoModifier):
    window.activateWindow()
    qtbot.waitActive(window)
    QTest.keyClick(window, key, modifier)
    QApplication.processEvents()


def test_the_menu_bar_has_file_edit_view_help_with_standard_shortcuts(window):
    bar = window.menuBar()
    assert [a.text() for a in bar.actions()] == ["&File", "&Edit", "&View", "&Help"]
    menus = window.menus
    assert texts(menus.file) == [
        "&Open journal…",
        "&Recent journals",
        "&Export…",
        "&Backups…",
        "&Quit",
    ]
    assert has_keys(menus.actions["open_journal"], "Ctrl+O")
    assert texts(menus.edit)[-2:] == ["Recently &deleted…", "&Settings…"]
    assert texts(menus.view) == [TITLES[v] for v in VIEWS]
    assert texts(menus.help) == ["When to call now", "&About CareCompanion"]
    actions = menus.actions
    assert has_keys(actions["quit"], "Ctrl+Q")
    assert actions["quit"].menuRole() is QAction.MenuRole.QuitRole
    assert actions["undo"].shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert has_keys(actions["redo"], "Ctrl+Shift+Z")
    assert has_keys(actions["settings"], "Ctrl+,")
    assert actions["settings"].menuRole() is QAction.MenuRole.PreferencesRole
    assert actions["about"].menuRole() is QAction.MenuRole.AboutRole
    assert has_keys(actions["call_now"], "F1")
    for number, view in enumerate(VIEWS, start=1):
        assert has_keys(actions[f"view:{view}"], f"Ctrl+{number}")
    assert has_keys(actions["view:medications"], "Ctrl+4")  # Medicines keeps its key


@pytest.mark.parametrize(("number", "view"), list(enumerate(VIEWS, start=1)))
def test_ctrl_number_shows_each_page_and_ticks_it_in_view(window, qtbot, number, view):
    start = "history" if view == "today" else "today"
    window.show_view(start)
    press(window, qtbot, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
    assert window.current_view() == view
    assert window.menus.views[view].isChecked()


class Opened:
    def __init__(self):
        self.calls = []

    def __call__(self, *args, **kwargs):
        self.calls.append(args)
        return None


def test_settings_opens_from_the_menu_and_with_ctrl_comma(window, qtbot, monkeypatch):
    asked = Opened()
    monkeypatch.setattr(main_window.SettingsDialog, "ask", asked)
    window.menus.actions["settings"].trigger()
    assert len(asked.calls) == 1
    press(window, qtbot, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    assert len(asked.calls) == 2


class FakeDialog:
    shown = 0

    def __init__(self, *args):
        pass

    def exec(self):
        type(self).shown += 1


def test_help_opens_call_now_with_f1_and_about(window, qtbot, monkeypatch):
    class CallNow(FakeDialog):
        shown = 0

    class About(FakeDialog):
        shown = 0

    monkeypatch.setattr(main_window, "CallNowDialog", CallNow)
    monkeypatch.setattr(main_window, "AboutDialog", About)
    press(window, qtbot, Qt.Key.Key_F1)
    assert CallNow.shown == 1
    window.menus.actions["call_now"].trigger()
    assert CallNow.shown == 2
    window.menus.actions["about"].trigger()
    assert About.shown == 1


def test_file_export_goes_to_the_export_page_ready_to_choose(window, qtbot):
    window.activateWindow()
    qtbot.waitActive(window)
    window.menus.actions["export"].trigger()
    assert window.current_view() == "export"
    assert QApplication.focusWidget() is window.export.preset


@pytest.mark.parametrize(
    ("name", "module"), [("backups", "backups"), ("recently_deleted", "recently_deleted")]
)
def test_backups_and_recently_deleted_open_their_dialogs(window, monkeypatch, name, module):
    import importlib

    dialogs = importlib.import_module(f"carecompanion.ui.dialogs.{module}")
    opened = Opened()
    monkeypatch.setattr(dialogs, "show", opened)
    window.menus.actions[name].trigger()
    assert opened.calls == [(window,)]


def test_undo_and_redo_from_the_keyboard(filled, window, qtbot):
    treatments = window.treatments
    window.show_view("treatments")
    before = len(treatments.records)
    treatments.table.setFocus()
    QTest.keyClick(treatments.table, Qt.Key.Key_Delete)
    assert len(treatments.records) == before - 1
    press(window, qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(treatments.records) == before
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    press(window, qtbot, Qt.Key.Key_Z, modifiers)
    assert len(treatments.records) == before - 1


def test_quit_closes_the_window_keeping_the_draft_and_ends_the_app(window, qtbot, monkeypatch):
    ended = Opened()
    monkeypatch.setattr(QApplication, "quit", ended)
    window.today.note.setPlainText("left half-typed")
    press(window, qtbot, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()
    assert len(ended.calls) == 1
    from carecompanion.ui import drafts

    assert drafts.load(window.store.paths).note == "left half-typed"


@pytest.fixture
def filled(store):
    from carecompanion.actions.demo import fill_demo

    assert store.run(fill_demo, 30, 1) is not None
    return store
