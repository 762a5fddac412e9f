"""Medicines: Tab follows the buttons as they stand on screen (issue 15)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from carecompanion.actions.demo import fill_demo

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_tab_goes_add_edit_stop_delete_then_the_table(store, window, qtbot):
    assert store.run(fill_demo, 30, 1) is not None
    window.activateWindow()
    qtbot.waitActive(window)
    window.show_view("medications")
    store.wait_for_background()
    QApplication.processEvents()
    page = window.page("medications")
    page.table.selectRow(0)  # Edit, Stop today and Delete need a row
    QApplication.processEvents()
    wanted = [page.add_button, page.edit_button, page.stop_button, page.delete_button, page.table]
    assert all(w.isVisible() and w.isEnabled() for w in wanted)
    # Left to right on screen, too.
    xs = [w.mapTo(page, w.rect().topLeft()).x() for w in wanted[:4]]
    assert xs == sorted(xs)
    page.add_button.setFocus(Qt.FocusReason.TabFocusReason)
    reached = [QApplication.focusWidget()]
    for _ in wanted[1:]:
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        QApplication.processEvents()
        reached.append(QApplication.focusWidget())
    assert reached == wanted
