"""The fixed list of signs that need a call straight away, with the care team's numbers."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from carecompanion.domain.flags import CALL_NOW_SIGNS
from carecompanion.domain.records import CareContact


def call_now_text(contacts: tuple[CareContact, ...]) -> str:
    signs = "".join(f"<li>{sign}</li>" for sign in CALL_NOW_SIGNS)
    if contacts:
        numbers = "".join(
            f"<li><b>{escape(c.name)}</b>{f' ({escape(c.role)})' if c.role else ''}: "
            f"{escape(c.phone) or 'no number saved'}</li>"
            for c in contacts
        )
        who = f"<p>Your care team:</p><ul>{numbers}</ul>"
    else:
        who = "<p>Add your care team's numbers in Settings so they are here when you need them.</p>"
    return (
        "<p><b>Call your care team or emergency services now if you have:</b></p>"
        f"<ul>{signs}</ul>{who}"
        "<p>If you cannot reach your care team, call your local emergency number.</p>"
    )


class CallNowDialog(QDialog):
    def __init__(self, contacts: tuple[CareContact, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("When to call now")
        layout = QVBoxLayout(self)
        self.text = QLabel(call_now_text(contacts))
        self.text.setWordWrap(True)
        self.text.setAccessibleName("When to call now")
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
