"""Today's medicines: one "Took it" per ongoing medication, and for one taken as needed how
many doses in the last 24 hours against the label's own numbers.

Keyboard: Alt+1 … Alt+9 press the first nine "Took it" buttons from anywhere on Today (the
key is written on the button, so it needs no learning), and every button is in the Tab order.
Ctrl+1 … already move between pages, so Alt keeps "record" apart from "go to".

A dose takes the person chosen in Today's "Recorded by" and Today's time: now, or the
"Earlier" time when that is chosen. One sooner than the label allows first asks "Log it
anyway?" with the reason (`dose_check`); Yes records it as it happened, because the log must
match what was taken. The words are information from the person's own numbers, never advice.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, tzinfo
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from carecompanion.actions.views import ongoing_with_windows
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.medications import DoseWindow
from carecompanion.domain.records import Medication, Recorder
from carecompanion.ui.store import REFUSED, Store
from carecompanion.ui.theme import PROBLEM_TEXT, is_dark
from carecompanion.ui.undo_created import create_undoable
from carecompanion.ui.widgets.common import clear_layout, heading, muted
from carecompanion.ui.widgets.spacing import GROUP, RELATED

if TYPE_CHECKING:
    from carecompanion.actions.medications import DoseLogged

SHORTCUT_KEYS = 9  # Alt+1 … Alt+9
REFRESH_MS = 60_000  # the 24 hours roll on: counts drop as old doses leave the window


def clock(moment: datetime, now: datetime, zone: tzinfo) -> str:
    """14:05 today, "Tue 14:05" on another day, in the profile's zone."""
    local, today = moment.astimezone(zone), now.astimezone(zone)
    return f"{local:%H:%M}" if local.date() == today.date() else f"{local:%a %H:%M}"


def describe(medication: Medication, labels: dict[str, str]) -> str:
    """ "5 ml oral solution (10 mg) · as needed for pain"."""
    how = "as needed" if medication.as_needed else "regular"
    purpose = labels.get(medication.purpose, medication.purpose)
    if purpose:
        how += f" for {purpose.lower() if medication.purpose in labels else purpose}"
    return " · ".join(part for part in (medication.dose, how) if part)


def window_text(window: DoseWindow, zone: tzinfo) -> str:
    """As needed: "2 of 6 in the last 24 hours · next from 14:30". Regular: the last dose."""
    if window.medication.as_needed:
        return window.summary(zone)
    if window.last is None:
        return "no dose recorded in the last 3 days"
    return f"last recorded {clock(window.last, window.at, zone)}"


def confirm_early(parent: QWidget, medication: Medication, reason: str) -> bool:
    """Ask before logging a dose sooner than the label allows (tests replace this). No is the
    default, so a key pressed twice by mistake does not record a second dose."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Log it anyway?",
        "Log it anyway?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setInformativeText(
        f"{medication.name}: {reason}.\n\nIf it was taken, Yes records it as it happened, "
        "so the log matches what was taken."
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


class DosesPanel(QWidget):
    """The medicines section of Today. `who` and `when` read Today's own choices; `when`
    gives None for "now" and may raise InvalidInput (a time the clocks skipped)."""

    open_medications = Signal()

    def __init__(
        self,
        store: Store,
        undo: QUndoStack,
        who: Callable[[], Recorder],
        when: Callable[[], datetime | None],
        scope: QWidget,
        after: QWidget | None = None,
    ) -> None:
        """`scope`: where Alt+1 … work; `after`: the control Tab leaves for the first button."""
        super().__init__()
        self.store, self.undo, self.who, self.when = store, undo, who, when
        self.after = after
        self.windows: list[DoseWindow] = []
        self.labels: dict[str, str] = {}
        self.buttons: list[QPushButton] = []
        self.summaries: list[QLabel] = []
        self.last_logged: DoseLogged | None = None
        self.setAccessibleName("Medicines")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(RELATED)
        layout.addWidget(heading("Medicines", level=2))
        self.hint = muted(
            "“Took it” records a dose now, or at the Earlier time above when it is chosen, "
            "by the person in “Recorded by”. Ctrl+Z undoes it."
        )
        layout.addWidget(self.hint)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(GROUP)
        self.grid.setVerticalSpacing(RELATED)
        self.grid.setColumnStretch(1, 1)
        layout.addLayout(self.grid)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Dose result")
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.hide()
        layout.addWidget(self.result)
        self.empty = muted(
            "No medicines yet. Add them on the Medicines page, and each gets a “Took it” "
            "button here that records a dose in one keystroke."
        )
        layout.addWidget(self.empty)
        self.add_button = QPushButton("Add a medicine…")
        self.add_button.clicked.connect(self.open_medications.emit)
        layout.addWidget(self.add_button, alignment=Qt.AlignmentFlag.AlignLeft)
        for number in range(1, SHORTCUT_KEYS + 1):
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), scope)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda row=number - 1: self.took(row))
        self._next_timer = QTimer(self, singleShot=True)
        self._next_timer.timeout.connect(self.refresh)
        self._roll_timer = QTimer(self, interval=REFRESH_MS)
        self._roll_timer.timeout.connect(self._refresh_if_shown)
        self._roll_timer.start()

    # ----- showing -----

    def set_labels(self, labels: dict[str, str]) -> None:
        """Symptom key -> name, to say what a medicine is for."""
        self.labels = labels

    def refresh(self) -> None:
        ctx = self.store.context()
        self.windows = ongoing_with_windows(self.store.journal, ctx)
        shown = [(w.medication.id, describe(w.medication, self.labels)) for w in self.windows]
        if shown != getattr(self, "_shown", None):
            self._shown = shown
            self._build_rows()
        for window, label in zip(self.windows, self.summaries, strict=True):
            text = window_text(window, ctx.zone)
            label.setText(text)
            label.setAccessibleName(f"{window.medication.name}: {text}")
        self.empty.setVisible(not self.windows)
        self.add_button.setVisible(not self.windows)
        self.hint.setVisible(bool(self.windows))
        self._schedule(ctx.now())

    def _refresh_if_shown(self) -> None:
        if self.isVisible():
            self.refresh()

    def _schedule(self, now: datetime) -> None:
        """Refresh when the first "next from" time comes, so it never lingers past it."""
        self._next_timer.stop()
        coming = [w.next_from for w in self.windows if w.next_from and w.next_from > now]
        if coming:
            seconds = (min(coming) - now).total_seconds()
            self._next_timer.start(max(1000, int(seconds * 1000) + 1000))

    def _build_rows(self) -> None:
        focused = self.focusWidget()
        had_focus = focused in self.buttons
        clear_layout(self.grid)
        self.buttons, self.summaries = [], []
        for row, window in enumerate(self.windows):
            medication = window.medication
            keys = f"Alt+{row + 1}" if row < SHORTCUT_KEYS else ""
            button = QPushButton(f"Took it · {keys}" if keys else "Took it")
            button.setAccessibleName(f"Took {medication.name}")
            button.setAccessibleDescription(
                "Records a dose now, or at the Earlier time when it is chosen"
                + (f" ({keys})" if keys else "")
            )
            shortcut = f" ({keys})" if keys else ""
            button.setToolTip(f"Record a dose of {medication.name}{shortcut}")
            button.clicked.connect(lambda _checked=False, r=row: self.took(r))
            name = QLabel(f"<b>{escape(medication.name)}</b>")
            name.setTextFormat(Qt.TextFormat.RichText)
            name.setBuddy(button)
            details = muted(describe(medication, self.labels))
            summary = QLabel()
            summary.setWordWrap(True)
            column = QVBoxLayout()
            column.setSpacing(0)
            column.addWidget(name)
            column.addWidget(details)
            column.addWidget(summary)
            holder = QWidget()
            holder.setLayout(column)
            column.setContentsMargins(0, 0, 0, 0)
            self.grid.addWidget(button, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(holder, row, 1)
            self.buttons.append(button)
            self.summaries.append(summary)
        # Buttons made now would join the end of the window's Tab order: put them after
        # `after` (Today's Save), in the order they are shown.
        previous = self.after
        for button in self.buttons:
            if previous is not None:
                QWidget.setTabOrder(previous, button)
            previous = button
        if had_focus and self.buttons:
            self.buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    # ----- logging a dose -----

    def took(self, row: int) -> DoseLogged | None:
        """Record a dose of the medicine on `row` (0-based); None when nothing was recorded."""
        if not 0 <= row < len(self.windows):
            return None
        # Loaded at the first dose logged: they bring the SQL layer's mapping, which Today's
        # first paint does without.
        from carecompanion.actions.medications import (
            delete_dose,
            dose_check,
            log_dose,
            undelete_dose,
        )

        medication = self.windows[row].medication
        try:
            at = self.when()
        except InvalidInput as problem:
            self._problem(str(problem))
            return None
        try:
            reason = dose_check(self.store.journal, self.store.context(), medication.id, at)
        except REFUSED as problem:
            self._problem(str(problem))
            self.refresh()
            return None
        if reason and not confirm_early(self, medication, reason):
            self._say(f"Nothing recorded for {medication.name}.")
            return None
        dose_id = uuid.uuid4()
        done = create_undoable(
            self.undo,
            self.store,
            f"Dose of {medication.name}",
            (log_dose, (medication.id, at, self.who(), dose_id)),
            (delete_dose, (dose_id,)),
            (undelete_dose, (dose_id,)),
            on_error=lambda problem: self._problem(str(problem)),
        )
        if done is None:
            return None
        logged: DoseLogged = done.value
        self.last_logged = logged
        zone = self.store.context().zone
        dose = logged.dose
        who = " by the caregiver" if dose.recorded_by is Recorder.CAREGIVER else ""
        text = f"Recorded {medication.name} at {clock(dose.taken_at, logged.window.at, zone)}{who}"
        if logged.earlier_than_label:
            text += ", sooner than the label says"
        if medication.as_needed:
            text += f". {logged.window.summary(zone)}"
        self._say(text + ". Ctrl+Z undoes it.")
        return logged

    def _say(self, text: str) -> None:
        self.result.setStyleSheet("")
        self.result.setText(text)
        self.result.setAccessibleDescription(text)
        self.result.show()

    def _problem(self, message: str) -> None:
        colour = PROBLEM_TEXT[is_dark(self)]
        self.result.setStyleSheet(f"color: {colour}; font-weight: bold;")
        text = f"Not recorded. {message[:1].upper()}{message[1:]}"
        self.result.setText(text)
        self.result.setAccessibleDescription(text)
        self.result.show()
