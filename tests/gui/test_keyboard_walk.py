"""Tab order of every page and dialog, walked as a keyboard user walks it (issue 15).

A control "sticks" when Tab leaves focus on it for more presses than it has parts to step
through (a date field steps through its day, month and year first, as Qt's own do).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTabBar,
    QTextBrowser,
    QTextEdit,
    QWidget,
)

from carecompanion.actions.demo import fill_demo
from carecompanion.domain.records import Profile
from carecompanion.services import checkins, medications, profile, symptoms

# The most presses one control may keep focus for: a date and time field has five parts.
MOST_PARTS = 6

INTERACTIVE = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QTabBar,
)


@dataclass
class Walk:
    order: list[QWidget] = field(default_factory=list)  # each control once, in the order reached
    stuck: list[QWidget] = field(default_factory=list)  # controls Tab did not leave
    presses: int = 0


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def walk(start: QWidget, backwards: bool = False, most: int = 400) -> Walk:
    """Press Tab (or Shift+Tab) from `start` until focus comes back to it."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    assert focused() is start, f"{start!r} does not take focus"
    key = Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab
    modifier = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    result = Walk(order=[start])
    same = 0
    current: QWidget | None = start
    for _ in range(most):
        assert current is not None
        QTest.keyClick(current, key, modifier)
        QApplication.processEvents()
        result.presses += 1
        now = focused()
        if now is current:
            same += 1
            if same > MOST_PARTS + links(now):
                result.stuck.append(now)
                return result
            continue
        same = 0
        current = now
        if now is start:
            return result
        if now is not None and now not in result.order:
            result.order.append(now)
    raise AssertionError(f"Tab never came back to {start!r}: {describe(result.order)}")


def links(widget: QWidget | None) -> int:
    """A text browser's Tab visits its links first: as many presses as it has links."""
    if isinstance(widget, QTextBrowser):
        return widget.toHtml().count("<a ")
    return 0


def unreached(root: QWidget, reached: list[QWidget]) -> list[str]:
    """The controls in `root` that Tab did not reach. Of a group of radio buttons Tab visits
    the chosen one only (arrows move inside the group), as in every Qt and native form."""
    missing = []
    for widget in interactive(root):
        if widget in reached:
            continue
        if isinstance(widget, QRadioButton) and any(p in reached for p in _peers(widget)):
            continue
        missing.append(name(widget))
    return missing


def _peers(radio: QRadioButton) -> list[QWidget]:
    group = radio.group()
    if group is not None:
        return list(group.buttons())
    parent = radio.parentWidget()
    if parent is None or not radio.autoExclusive():
        return []
    return [w for w in parent.findChildren(QRadioButton) if w.parentWidget() is parent]


def interactive(root: QWidget) -> list[QWidget]:
    """The controls inside `root` a person can see and act on, that should take Tab focus."""
    found = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root.window()):
            continue
        if not widget.isEnabled() or not widget.isVisible():
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue  # a tool bar's buttons and the like: reached through the menus
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parent(), (QAbstractSpinBox, QComboBox)
        ):
            continue  # the editor inside a spin box or an editable combo box
        if _inside_closed(widget):
            continue
        found.append(widget)
    return found


def _inside_closed(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if not parent.isVisible():
            return True
        parent = parent.parentWidget()
    return False


def describe(widgets: list[QWidget]) -> list[str]:
    return [name(w) for w in widgets]


def name(widget: QWidget | None) -> str:
    if widget is None:
        return "nothing"
    words = widget.accessibleName()
    if not words and isinstance(widget, QAbstractButton):
        words = widget.text()
    return f"{type(widget).__name__}({words!r})"


# ----- the tests: every page and every dialog, forwards and backwards -----

# Showing a dialog offscreen makes Qt say so once; it says nothing about the app.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

PAGES = ("today", "history", "treatments", "medications", "tests", "questions", "learn", "export")


@pytest.fixture
def filled(store):
    """A journal with a month of everything, so every table has rows."""
    assert store.run(fill_demo, 30, 1) is not None
    return store


def shown(window, qtbot, view):
    window.activateWindow()
    qtbot.waitActive(window)
    window.show_view(view)
    window.store.wait_for_background()
    QApplication.processEvents()
    if view == "history":  # its period is read on a worker
        qtbot.waitUntil(window.history.chart_is_current)
    return window.page(view)


def check_walk(root: QWidget, start: QWidget, tables: list[QAbstractItemView]) -> None:
    """Tab and Shift+Tab each go round and come back to `start` (so no table or field keeps
    them), reaching every table; between them they reach every control in `root` (a button
    enabled only once a row is chosen is reached by Shift+Tab from its table)."""
    reached: list[QWidget] = []
    for backwards in (False, True):
        result = walk(start, backwards=backwards)
        assert not result.stuck, f"Tab stuck on {describe(result.stuck)}"
        for table in tables:
            assert table in result.order, f"{name(table)} not reached"
        reached += result.order
    assert unreached(root, reached) == [], describe(reached)


@pytest.mark.parametrize("view", PAGES)
def test_tab_reaches_every_control_of_each_page_and_leaves_every_table(filled, window, qtbot, view):
    page = shown(window, qtbot, view)
    tables = [
        t
        for t in page.findChildren(QAbstractItemView)
        if t.isVisible() and not isinstance(t, QHeaderView)
    ]
    if view in ("history", "treatments", "medications", "tests", "questions"):
        assert tables and all(t.model().rowCount() > 0 for t in tables), "rows to walk past"
    check_walk(page, window.nav, tables)


def test_history_doses_table_and_symptom_boxes_are_reached(filled, window, qtbot):
    history = shown(window, qtbot, "history")
    history.show_doses()
    window.store.wait_for_background()
    QApplication.processEvents()
    assert history.doses.model.rowCount() > 0
    check_walk(history, window.nav, [history.doses.table])
    forward = walk(window.nav)
    order = forward.order
    boxes = list(history.toggles.values())
    assert boxes and all(box in order for box in boxes)
    # In the order they are seen: period, symptoms, tables, then Edit and Delete.
    assert order.index(history.range) < order.index(boxes[0]) < order.index(history.doses.table)
    assert order.index(history.doses.table) < order.index(history.edit_button)
    assert order.index(history.edit_button) < order.index(history.delete_button)


def test_learn_guide_links_and_every_tab_are_reached(window, qtbot):
    learn = shown(window, qtbot, "learn")
    learn.guide_list.setCurrentRow(0)
    QApplication.processEvents()
    assert links(learn.browser) > 0
    check_walk(learn, window.nav, [learn.guide_list])
    for index in range(1, learn.tabs.count()):
        learn.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        check_walk(learn, window.nav, [])


# ----- dialogs -----


def opened(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    QApplication.processEvents()
    return dialog


def dialog_walk(dialog, first):
    """Focus starts on `first`; Tab and Shift+Tab reach every control, Save and Cancel last."""
    assert focused() is first, f"focus starts on {name(focused())}, not {name(first)}"
    check_walk(dialog, first, [])
    order = walk(first).order
    buttons = [b for b in dialog.findChildren(QAbstractButton) if b.text() in ("&Save", "Save")]
    for button in buttons:
        assert order.index(button) >= len(order) - 2, "Save comes after the fields"


def test_settings_dialog_starts_on_name_and_tab_passes_a_blank_birth_date(window, store, qtbot):
    from carecompanion.ui.dialogs.settings import NO_DATE, SettingsDialog

    current = store.read(profile.get)
    offered = store.read(symptoms.active)
    dialog = opened(qtbot, SettingsDialog(current, offered, None, window, store.context()))
    assert dialog.birth.date() == NO_DATE and dialog.birth.text() == "Not given"
    dialog_walk(dialog, dialog.name)
    # From "Not given", one Tab goes on to Diagnosis, one Shift+Tab back to Name.
    dialog.birth.setFocus()
    QTest.keyClick(dialog.birth, Qt.Key.Key_Tab)
    assert focused() is dialog.diagnosis
    dialog.birth.setFocus()
    QTest.keyClick(dialog.birth, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is dialog.name
    # A date given: Tab steps through year, month and day, then on (Qt's own date fields).
    dialog.birth.setDate(QDate(1960, 5, 17))
    result = walk(dialog.name)
    assert not result.stuck and dialog.diagnosis in result.order


def test_settings_with_contacts_the_contacts_table_is_left_by_tab(window, store, qtbot):
    from carecompanion.ui.dialogs.settings import SettingsDialog

    nurse = profile.new_contact("Nurse line", "24 hours", "020 7946 0123")
    dialog = opened(
        qtbot,
        SettingsDialog(Profile(contacts=(nurse,)), store.read(symptoms.active), None, window),
    )
    check_walk(dialog, dialog.name, [dialog.contacts])


def test_treatment_dialog(window, qtbot):
    from carecompanion.domain.records import TreatmentCategory
    from carecompanion.ui.dialogs.treatment import TreatmentDialog

    dialog = opened(qtbot, TreatmentDialog(None, window))
    dialog_walk(dialog, dialog.category)
    dialog.category.setCurrentIndex(dialog.category.findData(TreatmentCategory.CLINICAL_TRIAL))
    dialog.ongoing.setChecked(False)
    QApplication.processEvents()
    dialog.category.setFocus()
    check_walk(dialog, dialog.category, [])
    assert dialog.nct in walk(dialog.category).order


def test_test_result_dialog(window, qtbot):
    from carecompanion.ui.dialogs.biomarker import BiomarkerDialog

    dialog = opened(qtbot, BiomarkerDialog(None, window))
    dialog_walk(dialog, dialog.tested_on)


def test_medication_dialog(window, qtbot):
    from carecompanion.ui.dialogs.medication import MedicationDialog

    dialog = opened(qtbot, MedicationDialog(None, {"pain": "Pain"}, window))
    dialog_walk(dialog, dialog.name)


def test_dose_and_checkin_edit_dialogs(filled, window, qtbot):
    from carecompanion.ui.dialogs.checkin_edit import CheckInDialog
    from carecompanion.ui.dialogs.dose_edit import DoseDialog

    ctx = filled.context()
    dose = filled.read(lambda s: medications.doses_between(s))[0]
    dialog = opened(qtbot, DoseDialog(dose, "Oramorph", window, ctx))
    dialog_walk(dialog, dialog.when)
    entry = filled.read(lambda s: checkins.latest(s, 1))[0]
    offered = filled.read(symptoms.active)
    edit = opened(qtbot, CheckInDialog(entry, offered, window, ctx))
    dialog_walk(edit, edit.when)


def test_question_dialogs_tab_leaves_the_text_box(window, qtbot):
    from carecompanion.ui.pages.questions import text_dialog

    dialog = opened(qtbot, text_dialog(window, "Edit question", "Question:", "Is it safe?"))
    box = dialog.findChild(QPlainTextEdit)
    assert focused() is box
    check_walk(dialog, box, [])
    QTest.keyClick(box, Qt.Key.Key_Tab)
    assert box.toPlainText() == "Is it safe?"  # Tab moved on; it typed nothing
