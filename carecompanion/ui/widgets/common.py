"""Small shared pieces: the scrolling page frame, headings, muted captions, message boxes."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QDateEdit,
    QFrame,
    QLabel,
    QLayout,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from carecompanion.domain.times import resolve_local
from carecompanion.ui.theme import SECONDARY_ROLE


class Page(QScrollArea):
    """A page that scrolls rather than squeezes, so it stays usable at 200 % text size."""

    title = ""

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        self.body = QVBoxLayout(inner)
        self.body.setContentsMargins(18, 14, 18, 14)
        self.body.setSpacing(10)
        self.setWidget(inner)
        self.setAccessibleName(self.title)


def heading(text: str, level: int = 1) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * (1.45 if level == 1 else 1.15))
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    label.setWordWrap(True)
    return label


def muted(text: str) -> QLabel:
    """Secondary text, in the palette's secondary role (4.5:1 on the window in either scheme):
    drawn from the palette at paint time, so it follows a change of scheme."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(SECONDARY_ROLE)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget in a layout."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


def date_edit(initial: QDate | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(initial or QDate.currentDate())
    return edit


def to_date(value: QDate) -> date:
    return cast(date, value.toPython())


def to_datetime(value: QDateTime, zone: ZoneInfo, field: str = "time") -> datetime:
    """A wall-clock QDateTime read in the profile's zone; a time the clocks skipped is refused."""
    naive = cast(datetime, value.toPython()).replace(tzinfo=None)
    return resolve_local(naive, zone, field).at


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def qdatetime(value: datetime, zone: ZoneInfo) -> QDateTime:
    """An aware datetime as the wall clock of the profile's zone shows it."""
    local = value.astimezone(zone)
    return QDateTime(qdate(local.date()), QTime(local.hour, local.minute, local.second))


def tell_problem(parent: QWidget | None, title: str, message: str) -> None:
    """A warning box with one OK button (tests replace this to read the message)."""
    QMessageBox.warning(parent, title, message)
