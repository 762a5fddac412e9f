"""The fixed list of signs that need a call straight away, with the numbers to call.

Reached from the toolbar and F1 (main window) and from a "call now" flag on Today. The signs are
PRODUCT.md's call-now list (`domain.flags.call_now_signs`), with the profile's fever threshold;
the numbers are the care team's 24-hour contacts first, then the emergency number, then the
other contacts. Signs only: never a diagnosis, never "you are fine".
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from carecompanion.domain.flags import Tier, call_now_signs
from carecompanion.domain.records import CareContact, Profile
from carecompanion.ui.dialogs.form import fit_to_screen, scroll_body
from carecompanion.ui.theme import TIER_COLOURS, is_dark, tier_style

# The tier colours (light and dark, contrast-checked) live in ui.theme with every other colour.
__all__ = ["TIER_COLOURS", "CallNowDialog", "call_now_text", "is_dark", "tier_style"]


def _contact_line(contact: CareContact) -> str:
    role = f" ({escape(contact.role)})" if contact.role else ""
    phone = escape(contact.phone) or "no number saved"
    return f"<li><b>{escape(contact.name)}</b>{role}: {phone}</li>"


def call_now_text(
    contacts: tuple[CareContact, ...] | Profile,
    emergency_number: str = "",
) -> str:
    """The dialog's text: the numbers (24-hour contacts, the emergency number, then the rest of
    the care team), then the signs."""
    if isinstance(contacts, Profile):
        person = contacts
    else:
        person = Profile(contacts=contacts, emergency_number=emergency_number)
    signs = "".join(
        f"<li>{escape(sign)}</li>"
        for sign in call_now_signs(person.fever_threshold_c, person.temperature_unit)
    )
    night = [c for c in person.contacts if c.around_the_clock]
    others = [c for c in person.contacts if not c.around_the_clock]
    emergency = escape(person.emergency_number) or "your local emergency number"
    # The numbers first: they are what a frightened person looks for.
    parts = [
        "<p><b>Numbers to call now</b> (if you cannot reach your care team, call the "
        "emergency number):</p><ul>",
    ]
    parts += [_contact_line(c) for c in night]
    if not night:
        parts.append(
            "<li>Add your care team's 24-hour number in Settings (no 24-hour number is saved "
            "yet) so it is here when you need it.</li>"
        )
    parts.append(f"<li><b>Emergency</b>: {emergency}</li></ul>")
    if others:
        parts.append("<p>Your care team's other numbers:</p><ul>")
        parts += [_contact_line(c) for c in others]
        parts.append("</ul>")
    parts += [
        "<p><b>Call your care team's 24-hour number, or the emergency number, now if you "
        "have any of these:</b></p>",
        f"<ul>{signs}</ul>",
    ]
    return "".join(parts)


class CallNowDialog(QDialog):
    """The call-now list. Give it the profile (for the emergency number and fever threshold);
    a bare contact tuple still works."""

    def __init__(
        self,
        contacts: tuple[CareContact, ...] | Profile,
        parent: QWidget | None = None,
        *,
        emergency_number: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("When to call now")
        layout = QVBoxLayout(self)
        title = QLabel(Tier.CALL_NOW.words)
        title.setStyleSheet(tier_style(Tier.CALL_NOW, is_dark(self)))
        title.setAccessibleName("Call now")
        title.setWordWrap(True)
        layout.addWidget(title)
        self.text = QLabel(call_now_text(contacts, emergency_number))
        self.text.setWordWrap(True)
        self.text.setAccessibleName("When to call now")
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        # The numbers can be selected and copied.
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # About 70 characters a line where the screen has room; the list scrolls when the
        # screen is too short for it (large text), the title and Close staying in view.
        self.line = self.text.fontMetrics().averageCharWidth() * 70
        self.scroll_area = scroll_body(self.text)
        # The keyboard scrolls the list too (arrows, Page Up and Down), so it takes focus first.
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.scroll_area.setAccessibleName("When to call now")
        self.scroll_area.setFocus()
        layout.addWidget(self.scroll_area, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fitted = False

    def showEvent(self, event: QShowEvent) -> None:
        if not self._fitted:
            self._fitted = True
            fit_to_screen(self, self.scroll_area, least_width=self.line)
        super().showEvent(event)
