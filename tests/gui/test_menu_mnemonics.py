"""Menu items carry their underlined letters (Alt+E, S opens Settings), while the tool bar keeps
its own labels for the same actions (issue 15)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QToolButton

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def menu_texts(menu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def toolbar_labels(window) -> list[str]:
    return [b.text() for b in window.findChildren(QToolButton) if b.defaultAction() is not None]


def test_every_menu_item_has_an_underlined_letter(window):
    menus = window.menus
    for menu in (menus.file, menus.edit, menus.help):
        for text in menu_texts(menu):
            assert "&" in text or text == "When to call now", text  # that one has F1
    assert menus.actions["settings"].text() == "&Settings…"
    assert menus.actions["about"].text() == "&About CareCompanion"
    assert menus.actions["undo"].text() == "&Undo"
    assert menus.actions["redo"].text() == "&Redo"


def test_underlined_letters_are_unique_within_each_menu(window):
    menus = window.menus
    for menu in (menus.file, menus.edit, menus.help):
        letters = [t[t.index("&") + 1].lower() for t in menu_texts(menu) if "&" in t]
        assert len(letters) == len(set(letters)), menu_texts(menu)


def test_the_tool_bar_keeps_its_labels(window):
    labels = toolbar_labels(window)
    assert "Settings" in labels  # Qt drops the "…" on a tool bar button, as it always did
    assert "About" in labels
    assert "Undo" in labels and "Redo" in labels
    assert not any("&" in label for label in labels)


def test_undo_keeps_its_mnemonic_when_it_names_the_step(window, qtbot):
    from PySide6.QtGui import QUndoCommand

    stack = window.undo_stack
    stack.push(QUndoCommand("Add check-in"))
    undo = window.menus.actions["undo"]
    assert undo.text() == "&Undo Add check-in"
    assert undo.iconText() == "Undo Add check-in"  # the tool bar, as before
    stack.undo()
    redo = window.menus.actions["redo"]
    assert redo.text() == "&Redo Add check-in"
    stack.clear()
    assert undo.text() == "&Undo"
