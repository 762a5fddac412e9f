"""Saying something to a screen reader that did not come from the focused control.

`announce` sends Qt's announcement event (Qt 6.8 and later: AT-SPI, UI Automation and macOS
speak it without moving focus), politely or, for a call-now flag or a refusal, assertively.
It also sets the widget's accessible description to the same words, which raises a
description-changed event: readers without announcements find the text there, like a live
region's. Used for what a save produced (flags by tier, the numbers to call).
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QLabel, QWidget

try:  # Qt 6.8+
    from PySide6.QtGui import QAccessibleAnnouncementEvent
except ImportError:  # pragma: no cover - older Qt: the description alone carries it
    QAccessibleAnnouncementEvent = None  # type: ignore[assignment,misc]


def spoken_text(widget: QWidget) -> str:
    """The widget's visible labels, in the order they were added, as one text."""
    parts = []
    for label in widget.findChildren(QLabel):
        if label.isVisibleTo(widget) or not widget.isVisible():
            text = label.text().strip()
            if text and not label.isHidden():
                parts.append(text if text.endswith((".", ":", "!", "?")) else f"{text}.")
    return " ".join(parts)


def announce(widget: QWidget, text: str | None = None, *, assertive: bool = False) -> str:
    """Say `text` (the widget's labels if None) now; returns what was said."""
    words = spoken_text(widget) if text is None else text
    if not words:
        return ""
    widget.setAccessibleDescription(words)
    if QAccessibleAnnouncementEvent is not None:
        event = QAccessibleAnnouncementEvent(widget, words)
        event.setPoliteness(
            QAccessible.AnnouncementPoliteness.Assertive
            if assertive
            else QAccessible.AnnouncementPoliteness.Polite
        )
        QAccessible.updateAccessibility(event)
    else:  # pragma: no cover
        QAccessible.updateAccessibility(
            QAccessibleEvent(widget, QAccessible.Event.DescriptionChanged)
        )
    return words
