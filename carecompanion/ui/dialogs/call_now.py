"""The fixed list of signs that need a call straight away, with the numbers to call.

Reached from the toolbar and F1 (main window) and from a "call now" flag on Today. The signs are
PRODUCT.md's call-now list (`domain.flags.call_now_signs`), with the profile's fever threshold;
the numbers are the care team's 24-hour contacts first, then the emergency number, then the
other contacts. Signs only: never a diagnosis, never "you are fine".
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

from carecompanion.domain.flags import Tier, call_now_signs
from carecompanion.domain.records import CareContact, Profile
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
    """The dialog's text: the signs, then the numbers (24-hour contacts, the emergency number,
    then the rest of the care team)."""
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
    parts = [
        "<p><b>Call your care team's 24-hour number, or the emergency number, now if you "
        "have any of these:</b></p>",
        f"<ul>{signs}</ul>",
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
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        title = QLabel(Tier.CALL_NOW.words)
        title.setStyleSheet(tier_style(Tier.CALL_NOW, is_dark(self)))
        title.setAccessibleName("Call now")
        layout.addWidget(title)
        self.text = QLabel(call_now_text(contacts, emergency_number))
        self.text.setWordWrap(True)
        self.text.setAccessibleName("When to call now")
        # Wide enough that the wrapped list is measured whole (about 70 characters a line).
        self.text.setMinimumWidth(self.text.fontMetrics().averageCharWidth() * 70)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
