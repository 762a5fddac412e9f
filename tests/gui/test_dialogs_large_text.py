"""Dialogs at 200 % text (issue 15): each fits the screen's available geometry with its buttons
in view, nothing is clipped or overlaps (the long parts scroll), and When to call now shows the
numbers first. Geometry is compared as in test_large_text (whose helpers are reused)."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import QPoint, QRect, QTime
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialog, QScrollArea, QWidget

from carecompanion.domain.records import CareContact, Profile
from carecompanion.domain.symptoms import OPTIONAL_SYMPTOMS
from tests.gui import test_large_text as large
from tests.gui.test_large_text import SCALE, problems

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

doubled = large.doubled  # the application font at 200 % (a fixture)

PROFILE = Profile(
    name="Ann",
    emergency_number="999",
    contacts=(
        CareContact(
            uuid.uuid4(),
            "Oncology triage line",
            "Oncology nurse",
            "020 7946 0000",
            around_the_clock=True,
        ),
        CareContact(uuid.uuid4(), "Dr Smith", "GP", "020 7946 0123"),
    ),
)


def room() -> QRect:
    return QGuiApplication.primaryScreen().availableGeometry()


def opened(dialog: QDialog, qtbot) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    for _ in range(3):
        QApplication.processEvents()
    return dialog


def in_view(widget: QWidget) -> bool:
    """`widget` is shown whole inside its dialog, not in a part scrolled away."""
    window = widget.window()
    shown = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    if not window.rect().contains(shown):
        return False
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QScrollArea):
            return False
        parent = parent.parentWidget()
    return True


def fits_the_screen(dialog: QDialog) -> None:
    available = room()
    assert dialog.frameGeometry().width() <= available.width()
    assert dialog.frameGeometry().height() <= available.height()


def buttons_in_view(dialog: QDialog, *buttons: QAbstractButton) -> None:
    for button in buttons:
        assert button.isVisible() and in_view(button), button.text()


def large_and_small(doubled):
    """Yield at 100 % and at 200 %: each dialog is checked at both."""
    from PySide6.QtGui import QFont

    for scale in (1.0, SCALE):
        font = QFont(doubled)
        font.setPointSizeF(doubled.pointSizeF() / SCALE * scale)
        QApplication.setFont(font)
        yield scale


# ----- When to call now -----


def test_call_now_at_200_percent_fits_and_shows_the_numbers_first(doubled, qtbot):
    from carecompanion.ui.dialogs.call_now import CallNowDialog

    for scale in large_and_small(doubled):
        dialog = opened(CallNowDialog(PROFILE), qtbot)
        fits_the_screen(dialog)
        assert problems(dialog) == [], scale
        text = dialog.text.text()
        numbers = text.index("020 7946 0000")
        assert numbers < text.index("999") < text.index("Trouble breathing"), scale
        assert numbers < text.index("020 7946 0123") < text.index("Trouble breathing")
        # The numbers are in view when it opens (the list scrolls from the top).
        area = dialog.scroll_area
        assert area.verticalScrollBar().value() == 0
        top = dialog.text.mapTo(area.viewport(), QPoint(0, 0)).y()
        assert top <= 0 < area.viewport().height()
        close = [b for b in dialog.findChildren(QAbstractButton) if b.text() == "Close"]
        buttons_in_view(dialog, *close)
        dialog.close()


def test_call_now_scrolls_by_keyboard_when_the_list_is_longer_than_the_screen(doubled, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from carecompanion.ui.dialogs.call_now import CallNowDialog

    dialog = opened(CallNowDialog(PROFILE), qtbot)
    bar = dialog.scroll_area.verticalScrollBar()
    if bar.maximum() == 0:
        pytest.skip("the whole list fits this screen")
    assert dialog.scroll_area.focusPolicy() & Qt.FocusPolicy.TabFocus
    dialog.scroll_area.setFocus()
    QTest.keyClick(dialog.scroll_area, Qt.Key.Key_PageDown)
    assert bar.value() > 0
    dialog.close()


# ----- Settings -----


def settings_dialog(qtbot):
    from carecompanion.ui.dialogs.settings import SettingsDialog

    return opened(SettingsDialog(PROFILE, list(OPTIONAL_SYMPTOMS), QTime(9, 0)), qtbot)


def scrolled_through(dialog, area: QScrollArea) -> list[str]:
    """problems() at every stretch of the scroll area, top to bottom."""
    found = []
    bar = area.verticalScrollBar()
    value = 0
    while True:
        bar.setValue(value)
        QApplication.processEvents()
        found += problems(dialog)
        if value >= bar.maximum():
            return found
        value += max(1, bar.pageStep())


def test_settings_at_200_percent_fits_the_screen_with_save_and_cancel_in_view(doubled, qtbot):
    for scale in large_and_small(doubled):
        dialog = settings_dialog(qtbot)
        fits_the_screen(dialog)
        assert dialog.scroll_area is not None
        buttons_in_view(dialog, *dialog.buttons.buttons())
        assert scrolled_through(dialog, dialog.scroll_area) == [], scale
        dialog.close()


def test_settings_care_team_shows_whole_names_and_numbers(doubled, qtbot):
    dialog = settings_dialog(qtbot)
    table = dialog.contacts
    for row in range(table.rowCount()):
        for column in range(3):
            item = table.item(row, column)
            rect = table.visualItemRect(item)
            text = item.text()
            wide = table.fontMetrics().horizontalAdvance(text)
            lines = 1 if wide <= rect.width() - 8 else 2
            # Each cell is as tall as its text wraps to (rows grow), never "Onc…" or "020…".
            assert rect.height() >= lines * table.fontMetrics().height(), text
            words = max(table.fontMetrics().horizontalAdvance(w) for w in text.split())
            assert words <= rect.width(), text
    # The phone column is given its share, wide enough for a whole number.
    phone = table.columnWidth(2)
    assert phone >= table.fontMetrics().horizontalAdvance("020 7946 0000")
    dialog.close()


def test_settings_symptom_grid_uses_fewer_columns_when_narrow(doubled, qtbot):
    dialog = settings_dialog(qtbot)
    grid = dialog.symptom_grid
    assert grid.columns == grid.columns_for(grid.width())  # as many as fit (up to 3)
    assert grid.columns_for(10_000) == 3
    widest = max(box.sizeHint().width() for box in dialog.symptom_boxes.values())
    assert grid.columns_for(widest * 2 + 20) == 2
    assert grid.columns_for(widest) == 1
    dialog.close()
    # A grid on its own, narrowed: the boxes go to one column, in reading order.
    from PySide6.QtWidgets import QCheckBox, QVBoxLayout

    from carecompanion.ui.dialogs.settings import ColumnsGrid

    boxes: list[QWidget] = [QCheckBox(s.label) for s in OPTIONAL_SYMPTOMS]
    holder = QWidget()
    alone = ColumnsGrid(boxes, most=3)
    QVBoxLayout(holder).addWidget(alone)
    qtbot.addWidget(holder)
    holder.show()
    holder.resize(widest * 3 + 60, 400)
    QApplication.processEvents()
    assert alone.columns == 3
    holder.resize(widest + 30, 600)
    QApplication.processEvents()
    assert alone.columns == 1
    ys = [box.y() for box in boxes]
    assert ys == sorted(ys) and len(set(ys)) == len(boxes)


def test_other_form_dialogs_keep_their_layout(qtbot):
    from carecompanion.ui.dialogs.biomarker import BiomarkerDialog

    dialog = BiomarkerDialog(None)
    qtbot.addWidget(dialog)
    assert dialog.scroll_area is None
    assert dialog.form.parentWidget() is None or dialog.form.parentWidget() is dialog


# ----- Welcome -----


def test_welcome_at_200_percent_fits_every_step_with_its_buttons(doubled, qtbot, store, data):
    from carecompanion.ui.dialogs.welcome import STEPS as welcome_steps
    from carecompanion.ui.dialogs.welcome import WelcomeDialog
    from carecompanion.ui.settings import AppSettings

    for scale in large_and_small(doubled):
        dialog = opened(WelcomeDialog(store, AppSettings(data), None), qtbot)
        fits_the_screen(dialog)
        for step in range(welcome_steps):
            dialog.go(step)
            QApplication.processEvents()
            area = dialog.pages.currentWidget()
            assert isinstance(area, QScrollArea)
            shown = [dialog.skip_button, dialog.back_button]
            shown.append(dialog.finish_button if step == welcome_steps - 1 else dialog.next_button)
            buttons_in_view(dialog, *shown)
            assert scrolled_through(dialog, area) == [], (scale, step)
        dialog.close()


def test_welcome_buttons_have_mnemonics(store, data, qtbot):
    from carecompanion.ui.dialogs.welcome import WelcomeDialog
    from carecompanion.ui.settings import AppSettings

    dialog = WelcomeDialog(store, AppSettings(data), None)
    qtbot.addWidget(dialog)
    texts = [
        b.text()
        for b in (dialog.next_button, dialog.back_button, dialog.skip_button, dialog.finish_button)
    ]
    assert texts == ["&Next", "&Back", "&Skip", "&Finish"]


# ----- Recently deleted and Backups -----


def test_recently_deleted_and_backups_at_200_percent(doubled, qtbot, window):
    from carecompanion.ui.dialogs import backups, recently_deleted

    for scale in large_and_small(doubled):
        for dialog in (recently_deleted.show(window), backups.show(window)):
            qtbot.waitExposed(dialog)
            QApplication.processEvents()
            fits_the_screen(dialog)
            buttons_in_view(dialog, dialog.restore_button)
            assert problems(dialog) == [], (scale, dialog.windowTitle())
            dialog.close()
