"""Every control a person can reach has a name a screen reader can say."""

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from carecompanion.ui.main_window import VIEWS
from carecompanion.ui.widgets.score_input import ScoreInput

NAMED = (
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QAbstractSpinBox,
    QAbstractItemView,
    ScoreInput,
)


def qt_internal(widget: QWidget) -> bool:
    """Parts Qt builds inside its own controls (popups, headers, scroll buttons)."""
    node: QWidget | None = widget
    while node is not None:
        if node.objectName().startswith("qt_") or isinstance(node, QHeaderView | QTabBar):
            return True
        if node is not widget and isinstance(node, QComboBox | QAbstractSpinBox | QLineEdit):
            return True
        if type(node).__name__ == "QComboBoxPrivateContainer":
            return True
        node = node.parentWidget()
    return False


def unnamed_controls(page: QWidget) -> list[str]:
    missing = []
    for widget in page.findChildren(QWidget):
        if qt_internal(widget):
            continue
        if isinstance(widget, QAbstractButton):
            if not (widget.text().strip() or widget.accessibleName()):
                missing.append(f"button {widget.objectName() or type(widget).__name__}")
        elif isinstance(widget, NAMED):
            # A line edit inside a combo box or spin box is named by its owner.
            owner = widget.parentWidget()
            if isinstance(widget, QLineEdit) and isinstance(owner, QComboBox | QAbstractSpinBox):
                continue
            if not widget.accessibleName():
                missing.append(f"{type(widget).__name__} near {widget.toolTip()!r}")
    return missing


@pytest.mark.parametrize("view", VIEWS)
def test_every_control_on_every_page_has_a_name(window, view):
    window.show_view(view)
    assert unnamed_controls(window.page(view)) == []


def test_toolbar_and_navigation_are_named(window):
    assert window.nav.accessibleName() == "Pages"
    assert window.call_now.text() == "When to call now"


def test_every_control_in_every_dialog_has_a_name(window, qtbot):
    from datetime import UTC, datetime

    from carecompanion.domain.records import CheckIn, Profile, Recorder
    from carecompanion.ui.dialogs.about import AboutDialog
    from carecompanion.ui.dialogs.biomarker import BiomarkerDialog
    from carecompanion.ui.dialogs.call_now import CallNowDialog
    from carecompanion.ui.dialogs.checkin_edit import CheckInDialog
    from carecompanion.ui.dialogs.settings import SettingsDialog
    from carecompanion.ui.dialogs.treatment import TreatmentDialog

    entry = CheckIn(None, datetime.now(UTC), Recorder.PATIENT, {"pain": 3}, "note")
    dialogs = [
        TreatmentDialog(None),
        BiomarkerDialog(None),
        SettingsDialog(Profile(), [], None),
        CheckInDialog(entry, []),
        CallNowDialog(()),
        AboutDialog(window.store.paths, window.windowIcon()),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        assert unnamed_controls(dialog) == [], type(dialog).__name__
