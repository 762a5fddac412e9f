"""200 % text at 1024x700: every page lays out without overlap or clipped words.

The application font is doubled (as a doubled system font, or `--font-scale 2`, would do) before
the window is built; each page is shown over a demo-sized journal, and its widgets' geometry is
compared: no two visible siblings' rectangles may intersect, no child may stick out of its
parent (a scroll area's content may: it scrolls), every one-line label fits its text and every
word-wrapped label is tall enough for its wrapped text, and no button is squeezed below the
width of its own text. Pages scroll rather than squeeze.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QScrollBar,
    QSplitterHandle,
    QTabBar,
    QWidget,
)

from carecompanion.ui.main_window import VIEWS

SCALE = 2.0
SIZE = (1024, 700)


def internal(widget: QWidget) -> bool:
    """Parts Qt builds and places itself inside its own controls."""
    if widget.objectName().startswith("qt_") or isinstance(
        widget, QScrollBar | QSplitterHandle | QTabBar
    ):
        return True
    parent = widget.parentWidget()
    if isinstance(parent, QAbstractSpinBox | QComboBox | QLineEdit | QTabBar):
        return True
    # A scroll area's own children (viewport, corner, bars); its content lives in the viewport.
    return isinstance(parent, QAbstractScrollArea)


def shown_children(parent: QWidget) -> list[QWidget]:
    return [
        child
        for child in parent.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
        if not child.isWindow() and child.isVisibleTo(parent) and not internal(child)
    ]


def scrolls(parent: QWidget) -> bool:
    """Whether `parent` is a scroll area's viewport, whose content may be larger than it."""
    holder = parent.parentWidget()
    return isinstance(holder, QAbstractScrollArea) and holder.viewport() is parent


def describe(widget: QWidget) -> str:
    words = ""
    if isinstance(widget, QLabel | QAbstractButton):
        words = widget.text()[:40]
    name = widget.accessibleName() or widget.objectName()
    return f"{type(widget).__name__}({words or name!r})"


def label_problem(label: QLabel) -> str | None:
    text = label.text()
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    room = label.contentsRect()
    margin = 2 * label.margin() + 2 * label.indent() if label.indent() > 0 else 2 * label.margin()
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + 1:
            return f"{describe(label)} wraps to {needed} px but is {label.height()} px tall"
        return None
    if GuiQt.mightBeRichText(text):
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setHtml(text)
        document.setDocumentMargin(0)
        wide = document.idealWidth()
    else:
        metrics = label.fontMetrics()
        if label.buddy() is not None:  # "&Recorded by:" shows as "Recorded by:"
            text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
        wide = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    if wide > room.width() - margin + 1:
        return f"{describe(label)} needs {wide:.0f} px, has {room.width()}"
    return None


def problems(root: QWidget) -> list[str]:
    found: list[str] = []
    for parent in [root, *root.findChildren(QWidget)]:
        if not parent.isVisible() or (internal(parent) and parent is not root):
            continue
        kids = shown_children(parent)
        inside = parent.rect()
        for index, child in enumerate(kids):
            area = child.geometry()
            if not scrolls(parent) and not inside.contains(area):
                outside = f"{describe(parent)} {rect(inside)}"
                found.append(f"{describe(child)} {rect(area)} sticks out of {outside}")
            for other in kids[index + 1 :]:
                if (area & inside).intersects(other.geometry() & inside):
                    found.append(
                        f"{describe(child)} {rect(area)} overlaps "
                        f"{describe(other)} {rect(other.geometry())}"
                    )
        if isinstance(parent, QLabel):
            problem = label_problem(parent)
            if problem:
                found.append(problem)
        if isinstance(parent, SQUEEZABLE) and parent is not root:
            least = parent.minimumSizeHint().height()
            if parent.height() + 1 < least and parent.minimumHeight() < least:
                found.append(f"{describe(parent)} is {parent.height()} px tall, needs {least}")
        if isinstance(parent, QAbstractButton) and parent.text():
            least = parent.minimumSizeHint().width()
            if parent.width() + 1 < least:
                found.append(f"{describe(parent)} is {parent.width()} px, its text needs {least}")
    return found


# Controls whose text is cut when they get less height than they ask for.
SQUEEZABLE = (QLineEdit, QAbstractButton, QComboBox, QAbstractSpinBox, QLabel)


def rect(r: QRect) -> str:
    return f"({r.x()},{r.y()} {r.width()}x{r.height()})"


@pytest.fixture
def doubled(qapp):
    """The application font at 200 % while the test runs."""
    before = QFont(qapp.font())
    bigger = QFont(before)
    bigger.setPointSizeF(before.pointSizeF() * SCALE)
    qapp.setFont(bigger)
    yield bigger
    qapp.setFont(before)


@pytest.fixture
def big_window(doubled, store, data, qtbot):
    from carecompanion.actions.demo import fill_demo
    from carecompanion.ui.launch import app_icon
    from carecompanion.ui.main_window import MainWindow
    from carecompanion.ui.settings import AppSettings

    fill_demo(store.journal, store.context(), 120, seed=1)
    window = MainWindow(store, AppSettings(data), app_icon())
    qtbot.addWidget(window)
    window.resize(*SIZE)
    window.show()
    qtbot.waitExposed(window)
    return window


def settle(window) -> None:
    for _ in range(3):
        QApplication.processEvents()
        window.store.wait_for_background()
    QApplication.processEvents()


def test_the_font_really_is_doubled(big_window, doubled):
    assert big_window.font().pointSizeF() == doubled.pointSizeF()


@pytest.mark.slow
@pytest.mark.parametrize("view", VIEWS)
def test_every_page_at_200_percent_has_no_overlap_or_clipping(big_window, view):
    big_window.show_view(view)
    settle(big_window)
    page = big_window.page(view)
    assert problems(page) == []


@pytest.mark.slow
def test_learns_trial_fields_at_200_percent(big_window):
    big_window.show_view("learn")
    page = big_window.page("learn")
    page.tabs.setCurrentWidget(page.trials)
    settle(big_window)
    assert problems(page.trials) == []


@pytest.mark.slow
def test_pages_scroll_rather_than_squeeze(big_window):
    for view in VIEWS:
        big_window.show_view(view)
        settle(big_window)
        page = big_window.page(view)
        if isinstance(page, QScrollArea) and page.widget() is not None:
            inner = page.widget()
            assert inner.height() >= inner.minimumSizeHint().height() - 1, view


@pytest.mark.slow
@pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen dialogs
def test_about_shows_its_whole_licence_list(window, doubled, qtbot, data):
    from carecompanion.ui.dialogs.about import AboutDialog
    from carecompanion.ui.launch import app_icon

    for scale in (1.0, SCALE):
        font = QFont(doubled)
        font.setPointSizeF(doubled.pointSizeF() / SCALE * scale)
        QApplication.setFont(font)
        dialog = AboutDialog(data, app_icon(), window)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        QApplication.processEvents()
        assert problems(dialog) == [], scale
        if scale == 1.0:  # the whole text without scrolling, the licence list's last line too
            assert dialog.text_area.verticalScrollBar().maximum() == 0
        dialog.close()


def test_today_fits_its_width_at_200_percent_without_scrolling_sideways(big_window):
    big_window.show_view("today")
    settle(big_window)
    today = big_window.today
    assert today.horizontalScrollBar().maximum() == 0
    assert today._anchors and all(anchor.isHidden() for anchor in today._anchors)
    # The ends of the scale stay in each control's accessible name.
    assert "0 none to 10 worst possible" in today.inputs["pain"].accessibleName()


def test_today_keeps_the_scale_ends_beside_each_row_where_they_fit(window):
    window.resize(1400, 900)
    window.show_view("today")
    settle(window)
    assert not any(anchor.isHidden() for anchor in window.today._anchors)


@pytest.mark.slow
@pytest.mark.parametrize("view", ["history", "questions", "export"])
def test_pages_fit_their_width_at_200_percent_without_scrolling_sideways(big_window, view):
    big_window.show_view(view)
    settle(big_window)
    page = big_window.page(view)
    assert page.horizontalScrollBar().maximum() == 0
    assert page.widget().width() <= page.viewport().width()
    assert problems(page) == []


@pytest.mark.slow
def test_historys_toggles_and_period_wrap_onto_more_lines_at_200_percent(big_window):
    big_window.show_view("history")
    settle(big_window)
    history = big_window.history
    boxes = list(history.toggles.values())
    assert len({box.y() for box in boxes}) > 1  # more than one line of symptoms
    right = history.viewport().width()
    for box in boxes:
        assert box.mapTo(history.viewport(), box.rect().topRight()).x() <= right
    # The table scrolls inside itself; the page does not.
    assert history.table.horizontalScrollBar().maximum() > 0
    # Every column at least as wide as its heading ("Recorded by", "Temp., weight").
    header = history.table.horizontalHeader()
    for column in range(history.model.columnCount() - 1):  # the last one stretches
        assert header.sectionSize(column) >= header.sectionSizeHint(column), column


@pytest.mark.slow
def test_questions_wrap_inside_the_list_at_200_percent(big_window):
    big_window.show_view("questions")
    settle(big_window)
    questions = big_window.questions
    view = questions.list
    line = view.fontMetrics().height()
    tallest = 0
    for row in range(view.count()):
        rect = view.visualItemRect(view.item(row))
        assert rect.right() <= view.viewport().width(), view.item(row).text()
        tallest = max(tallest, rect.height())
    assert tallest > 1.5 * line  # a long question wraps onto a second line
    buttons = list(questions.buttons.values())
    assert len({button.y() for button in buttons}) > 1  # the buttons wrap too
