"""Today: the ten-second check-in, what it flagged, and today's earlier entries."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from html import escape
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from carecompanion.actions import Change
from carecompanion.actions.views import StandingAlert, TodayView, today_view
from carecompanion.domain import vitals
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.flags import SUPPORTIVE_CARE_QUESTION, Tier
from carecompanion.domain.records import (
    ActivityLevel,
    CheckIn,
    Profile,
    QuestionSource,
    Recorder,
)
from carecompanion.domain.symptoms import Symptom, band_for
from carecompanion.services import profile
from carecompanion.ui import drafts
from carecompanion.ui.pages.today_doses import DosesPanel
from carecompanion.ui.pages.today_recorder import RecorderChoice
from carecompanion.ui.settings import AppSettings
from carecompanion.ui.store import CHECKINS, PROFILE, SYMPTOMS, TREATMENTS, Store
from carecompanion.ui.theme import (
    BAND_LABEL_COLOURS,
    PROBLEM_TEXT,
    TIER_COLOURS,
    is_dark,
    tier_style,
)
from carecompanion.ui.widgets.announce import announce
from carecompanion.ui.widgets.common import (
    Page,
    clear_layout,
    heading,
    muted,
    qdatetime,
    to_datetime,
)
from carecompanion.ui.widgets.score_input import ScoreInput

if TYPE_CHECKING:  # saving and the call-now list load when first used
    from carecompanion.actions.checkins import CheckInSaved
    from carecompanion.ui.dialogs.call_now import CallNowDialog

MEDICATIONS = Change.MEDICATIONS
# Band chip and problem colours, light and dark: ui.theme (contrast-checked there).


class SaveResult(QFrame):
    """What a save produced: raised flags grouped by tier, each tier in its words and colour,
    with what to do next and the numbers; or a quiet 'saved'."""

    add_question = Signal(str)
    call_now = Signal()
    not_now = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Check-in result")
        self._layout = QVBoxLayout(self)
        self.tier_labels: dict[Tier, QLabel] = {}
        self.call_now_button: QPushButton | None = None
        self.prompt_buttons: list[QPushButton] = []
        self.hide()

    def _clear(self) -> None:
        clear_layout(self._layout)
        self.tier_labels = {}
        self.call_now_button = None
        self.prompt_buttons = []

    def _label(self, text: str, style: str = "") -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if style:
            label.setStyleSheet(style)
        self._layout.addWidget(label)
        return label

    def _button(self, text: str) -> QPushButton:
        button = QPushButton(text)
        self._layout.addWidget(button, alignment=Qt.AlignmentFlag.AlignLeft)
        return button

    def add_line(self, text: str) -> None:
        self._label(text)

    def show_error(self, message: str) -> None:
        self._clear()
        colour = PROBLEM_TEXT[is_dark(self)]
        self._label(f"Not saved. {message}", f"color: {colour}; font-weight: bold;")
        self.show()
        announce(self, assertive=True)

    def show_saved(self, saved: CheckInSaved, zone: ZoneInfo) -> None:
        self._clear()
        local = saved.checkin.recorded_at.astimezone(zone)
        groups = saved.by_tier
        by = " by the caregiver" if saved.checkin.recorded_by is Recorder.CAREGIVER else ""
        self._label(
            f"Saved at {local:%H:%M}{by}." + (" Worth telling your care team:" if groups else "")
        )
        dark = is_dark(self)
        for tier, flags in groups.items():
            header = self._label(tier.words, tier_style(tier, dark))
            header.setAccessibleName(f"{tier.words}: {len(flags)} flagged")
            self.tier_labels[tier] = header
            for flag in flags:
                self._label(f"• {flag.reason}")
            if tier is Tier.CALL_NOW:
                self._call_now_numbers(saved)
            elif tier is Tier.TODAY:
                contacts = saved.contacts
                self._label(
                    f"Call your care team today: {contacts[0].name} {contacts[0].phone}".strip()
                    + "."
                    if contacts
                    else "Call your care team today. Add their number in Settings."
                )
        if saved.prompt:
            self._label(saved.prompt)
            row = QHBoxLayout()
            add = QPushButton("Add the question")
            add.setToolTip(SUPPORTIVE_CARE_QUESTION)
            add.setAccessibleDescription(SUPPORTIVE_CARE_QUESTION)
            add.clicked.connect(lambda: self.add_question.emit(SUPPORTIVE_CARE_QUESTION))
            later = QPushButton("Not now")
            later.setToolTip("Hide this suggestion for 14 days")
            later.clicked.connect(self.not_now.emit)
            row.addWidget(add)
            row.addWidget(later)
            row.addStretch()
            self._layout.addLayout(row)
            self.prompt_buttons = [add, later]
        self.show()
        announce(self, assertive=Tier.CALL_NOW in groups)  # the flags, said as they appear

    def _call_now_numbers(self, saved: CheckInSaved) -> None:
        night = [f"{c.name} {c.phone}".strip() for c in saved.call_now_contacts]
        emergency = saved.emergency_number or "your local emergency number"
        if night:
            self._label(f"Call your care team's 24-hour line now: {'; '.join(night)}.")
            self._label(f"If you cannot reach them, call {emergency}.")
        else:
            self._label(
                f"Call your care team's 24-hour line now, or {emergency}. "
                "Add the 24-hour number in Settings so it is here next time."
            )
        button = self._button("Open the call-now list (F1)")
        button.setAccessibleDescription("Signs that need a call straight away, and the numbers")
        button.clicked.connect(self.call_now.emit)
        self.call_now_button = button

    def text(self) -> str:
        parts = []
        for i in range(self._layout.count()):
            item = self._layout.itemAt(i)
            widget = item.widget() if item is not None else None
            if isinstance(widget, QLabel):
                parts.append(widget.text())
        return "\n".join(parts)


class StandingBanner(QFrame):
    """A calm note at the top of Today while a check-in of the last 24 hours reached "call now"
    or "call your care team today", whichever door saved it: the tier in its words and colour,
    when, why, the numbers, and for "call now" the call-now list. One note, never one per
    check-in; it goes 24 hours after the check-in."""

    call_now = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Flagged in the last 24 hours")
        self._layout = QVBoxLayout(self)
        self.tier_label = QLabel()
        self.tier_label.setAccessibleName("Flag tier")
        self._layout.addWidget(self.tier_label, alignment=Qt.AlignmentFlag.AlignLeft)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._layout.addWidget(self.detail)
        self.call_now_button = QPushButton("Open the call-now list (F1)")
        self.call_now_button.setAccessibleDescription(
            "Signs that need a call straight away, and the numbers"
        )
        self.call_now_button.clicked.connect(self.call_now.emit)
        self._layout.addWidget(self.call_now_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.alert: StandingAlert | None = None
        self.hide()

    def show_alert(
        self, alert: StandingAlert | None, person: Profile, now: datetime, zone: ZoneInfo
    ) -> None:
        self.alert = alert
        if alert is None:
            self.hide()
            return
        self.tier_label.setText(alert.tier.words)
        self.tier_label.setStyleSheet(tier_style(alert.tier, is_dark(self)))
        local = alert.checkin.recorded_at.astimezone(zone)
        today = now.astimezone(zone).date()
        day = (
            "today"
            if local.date() == today
            else "yesterday"
            if local.date() == today - timedelta(days=1)
            else f"{local:%a %d %b}"
        )
        lines = [f"Your check-in {day} at {local:%H:%M}:"]
        lines += [f"• {flag.reason}" for flag in alert.flags]
        if alert.count > 1:
            lines.append(
                f"{alert.count} check-ins in the last 24 hours reached this; this is the latest."
            )
        lines.append(self._next_step(alert.tier, person))
        until = alert.until.astimezone(zone)
        lines.append(f"This note stays here until {until:%a %H:%M}, 24 hours after that check-in.")
        self.detail.setText("\n".join(lines))
        self.setAccessibleDescription(f"{alert.tier.words}. " + " ".join(lines))
        self.call_now_button.setVisible(alert.tier is Tier.CALL_NOW)
        self.show()

    @staticmethod
    def _next_step(tier: Tier, person: Profile) -> str:
        if tier is Tier.CALL_NOW:
            night = [f"{c.name} {c.phone}".strip() for c in person.contacts if c.around_the_clock]
            emergency = person.emergency_number or "your local emergency number"
            if night:
                return (
                    "If you have not called yet, call your care team's 24-hour line now: "
                    f"{'; '.join(night)}. If you cannot reach them, call {emergency}."
                )
            return (
                f"If you have not called yet, call your care team's 24-hour line now, or "
                f"{emergency}."
            )
        if person.contacts:
            first = person.contacts[0]
            return (
                "If you have not spoken to them yet, call your care team today: "
                f"{first.name} {first.phone}".strip()
                + "."
            )
        return "If you have not spoken to them yet, call your care team today."

    def text(self) -> str:
        return f"{self.tier_label.text()}\n{self.detail.text()}" if self.alert else ""


class TodayPage(Page):
    title = "Today"

    def __init__(self, store: Store, settings: AppSettings, undo: QUndoStack | None = None) -> None:
        super().__init__()
        self.store = store
        self.settings = settings
        self.undo = undo if undo is not None else QUndoStack(self)
        self.inputs: dict[str, ScoreInput] = {}
        self._bands: dict[str, QLabel] = {}
        self._anchors: list[QLabel] = []
        self._loading = False
        self._draft_timer = QTimer(self, singleShot=True, interval=400)
        self._draft_timer.timeout.connect(self.save_draft)

        layout = self.body
        self.banner = StandingBanner()
        self.banner.call_now.connect(self.show_call_now)
        self._banner_timer = QTimer(self, singleShot=True)
        self._banner_timer.timeout.connect(self.refresh)
        layout.addWidget(self.banner)
        top = QHBoxLayout()
        top.addWidget(heading("How are you feeling right now?"), 1)
        # The patient at each launch, unless a caregiver recorded within the hour.
        self.recorded_by = RecorderChoice(settings, lambda: store.context().now())
        self.recorder = self.recorded_by.combo
        top.addWidget(self.recorded_by.label)
        top.addWidget(self.recorder)
        layout.addLayout(top)
        layout.addWidget(self.recorded_by.note)
        layout.addWidget(
            muted(
                "Rate each symptom from 0 (none) to 10 (the worst possible). "
                "Type a number, Tab to move on, Ctrl+Enter to save. Leave a "
                "row empty to skip it."
            )
        )
        self.grid = QGridLayout()
        self.grid.setColumnStretch(2, 1)
        layout.addLayout(self.grid)

        form = QFormLayout()
        self.activity = QComboBox()
        self.activity.addItem("Not recorded this time", None)
        for level in ActivityLevel:
            self.activity.addItem(level.label, level)
        self.activity.setAccessibleName("Activity level (optional, about once a week)")
        form.addRow("Activity level (optional):", self.activity)
        self.temperature = QLineEdit()
        self.temperature.setAccessibleName("Temperature (optional)")
        self.weight = QLineEdit()
        self.weight.setAccessibleName("Weight (optional)")
        for field in (self.temperature, self.weight):
            field.setMaximumWidth(field.fontMetrics().horizontalAdvance("0" * 16))
            field.setClearButtonEnabled(True)
            field.textChanged.connect(self._draft_changed)
        vitals_row = QHBoxLayout()
        vitals_row.addWidget(self.temperature)
        vitals_row.addWidget(QLabel("Weight (optional):"))
        vitals_row.addWidget(self.weight)
        vitals_row.addStretch()
        form.addRow("Temperature (optional):", vitals_row)
        when = QHBoxLayout()
        self.now_choice = QRadioButton("Now")
        self.earlier_choice = QRadioButton("Earlier:")
        group = QButtonGroup(self)
        group.addButton(self.now_choice)
        group.addButton(self.earlier_choice)
        self.now_choice.setChecked(True)
        self.when = QDateTimeEdit()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setAccessibleName("Earlier time of this check-in")
        self.when.setEnabled(False)
        self.earlier_choice.toggled.connect(self.when.setEnabled)
        for widget in (self.now_choice, self.earlier_choice, self.when):
            when.addWidget(widget)
        when.addStretch()
        form.addRow("When:", when)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Anything to add, in your own words (optional)")
        self.note.setAccessibleName("Note")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.note.textChanged.connect(self._draft_changed)
        form.addRow("Note:", self.note)
        layout.addLayout(form)

        buttons = QHBoxLayout()
        self.save_button = QPushButton("Save check-in")
        self.save_button.setToolTip("Ctrl+Enter")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(self.save_button)
        buttons.addStretch()
        layout.addLayout(buttons)
        self.result = SaveResult()
        self.result.add_question.connect(self._add_question)
        self.result.call_now.connect(self.show_call_now)
        self.result.not_now.connect(self._not_now)
        self.call_now_dialog: CallNowDialog | None = None
        self.profile = Profile()
        layout.addWidget(self.result)
        self.doses = DosesPanel(
            store,
            self.undo,
            self.recorded_by.recording,
            self.dose_time,
            scope=self,
            after=self.save_button,
        )
        layout.addWidget(self.doses)

        layout.addWidget(heading("Earlier today", level=2))
        self.earlier = QLabel()
        self.earlier.setWordWrap(True)
        self.earlier.setTextFormat(Qt.TextFormat.RichText)
        self.earlier.setAccessibleName("Earlier check-ins today")
        layout.addWidget(self.earlier)
        layout.addStretch()

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)
        store.changed.connect(self._on_changed)
        self.refresh()
        self._restore_draft()

    # ----- building and refreshing -----

    def _on_changed(self, what: frozenset[Change]) -> None:
        if what & {CHECKINS, SYMPTOMS, PROFILE, TREATMENTS}:
            self.refresh()
        elif MEDICATIONS in what:
            self.doses.refresh()

    def refresh(self) -> None:
        ctx = self.store.context()
        view = self.store.read_rows(lambda connection: today_view(connection, ctx))
        self.profile = view.profile
        self.doses.set_labels(view.labels)
        self.doses.refresh()
        self._show_units()
        if [s.key for s in view.active] != list(self.inputs):
            self._build_inputs(view.active)
        self._show_earlier(view, ctx.zone)
        self._show_banner(view.alert, ctx.now(), ctx.zone)
        now = qdatetime(ctx.now(), ctx.zone)
        self.when.setMaximumDateTime(now)
        if not self.earlier_choice.isChecked():
            self.when.setDateTime(now)

    def _build_inputs(self, active: list[Symptom]) -> None:
        kept = {key: widget.value() for key, widget in self.inputs.items()}
        clear_layout(self.grid)
        self.inputs, self._bands, self._anchors = {}, {}, []
        previous: QWidget = self.recorder
        for row, symptom in enumerate(active):
            name = QLabel(symptom.label)
            name.setStyleSheet("font-weight: bold;")
            name.setWordWrap(True)  # "Tiredness (fatigue)" on two lines with large text
            score = ScoreInput(symptom)
            name.setBuddy(score)
            band = QLabel("not rated")
            band.setMinimumWidth(band.fontMetrics().horizontalAdvance("moderate") + 24)
            band.setAccessibleName(f"{symptom.label} band")
            self.grid.addWidget(name, row, 0)
            low, high = muted(f"0 {symptom.best_anchor}"), muted(f"10 {symptom.worst_anchor}")
            self._anchors += [low, high]
            self.grid.addWidget(low, row, 1)
            self.grid.addWidget(score, row, 2)
            self.grid.addWidget(high, row, 3)
            self.grid.addWidget(band, row, 4)
            score.value_changed.connect(lambda _v, key=symptom.key: self._score_changed(key))
            score.set_value(kept.get(symptom.key))
            QWidget.setTabOrder(previous, score)
            previous = score
            self.inputs[symptom.key] = score
            self._bands[symptom.key] = band
            self._score_changed(symptom.key)
        QWidget.setTabOrder(previous, self.activity)
        self._fit_anchors()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_anchors()

    def _fit_anchors(self) -> None:
        """The "0 none" and "10 worst possible" beside every row, where they fit: with large
        text on a small screen they go (the line above the rows says the same, and the score
        control's accessible name keeps both ends), so the rows fit without sideways scrolling."""
        anchors = self._anchors
        if not anchors:
            return
        widths = [a.sizeHint().width() for a in anchors]
        extra = max(widths[0::2]) + max(widths[1::2]) + 2 * self.grid.horizontalSpacing()
        shown = not anchors[0].isHidden()
        inner = self.widget()
        if inner is None:
            return
        without = inner.minimumSizeHint().width() - (extra if shown else 0)
        # The viewport's width, from the area and its scroll bar: asking for the viewport itself
        # makes the bindings load every kind of widget they know, to find its type (slow once).
        bar = self.verticalScrollBar()
        room = self.maximumViewportSize().width() - (
            bar.sizeHint().width() if bar.isVisible() else 0
        )
        fits = without + extra <= room
        if fits != shown:
            for anchor in anchors:
                anchor.setVisible(fits)

    def _score_changed(self, key: str) -> None:
        value = self.inputs[key].value()
        band = self._bands[key]
        if value is None:
            band.setText("not rated")
            band.setStyleSheet("")
        else:
            level = band_for(value)
            band.setText(level.label)
            text, background = BAND_LABEL_COLOURS[level][is_dark(self)]
            band.setStyleSheet(
                f"color: {text}; background: {background}; border-radius: 4px; padding: 2px 6px;"
            )
        self._draft_changed()

    def _show_units(self) -> None:
        degrees = f"°{self.profile.temperature_unit.value}"
        example = "37.2" if degrees == "°C" else "99.0"
        self.temperature.setPlaceholderText(f"e.g. {example} {degrees}")
        self.temperature.setToolTip(
            f"In {degrees} (the unit in Settings); you can also type 100.4F or 38C"
        )
        unit = self.profile.weight_unit.value
        self.weight.setPlaceholderText(f"e.g. {'61.5' if unit == 'kg' else '135'} {unit}")
        self.weight.setToolTip(f"In {unit} (the unit in Settings); you can also type 135lb")

    def _show_banner(self, alert: StandingAlert | None, now: datetime, zone: ZoneInfo) -> None:
        self.banner.show_alert(alert, self.profile, now, zone)
        self._banner_timer.stop()
        if alert is not None:  # gone 24 hours after the check-in, even if nothing else changes
            left = (alert.until - now).total_seconds()
            self._banner_timer.start(max(1000, int(left * 1000) + 1000))

    def _show_earlier(self, view: TodayView, zone: ZoneInfo) -> None:
        """Each check-in with the most urgent flag tier it reached, in words (and its colour),
        whichever door saved it."""
        if view.today:
            shown = list(reversed(view.today))
            lines = [self._describe(c, view, zone) for c in shown]
            self.earlier.setText("<br>".join(lines))
            plain = [self._describe(c, view, zone, rich=False) for c in shown]
            self.earlier.setAccessibleDescription("\n".join(plain))
            return
        if view.last is not None:
            self.earlier.setText(
                "Nothing yet today. Last check-in: " + self._describe(view.last, view, zone)
            )
            plain_last = self._describe(view.last, view, zone, rich=False)
            self.earlier.setAccessibleDescription("Nothing yet today. Last check-in: " + plain_last)
            return
        self.earlier.setText("No check-ins yet. Your first one takes a few seconds.")
        self.earlier.setAccessibleDescription("")

    def _tier_chip(self, tier: Tier) -> str:
        text, background = TIER_COLOURS[tier][is_dark(self)]
        return (
            f'<span style="color: {text}; background-color: {background}; font-weight: bold;">'
            f"&nbsp;{escape(tier.words)}&nbsp;</span>"
        )

    def _describe(self, entry: CheckIn, view: TodayView, zone: ZoneInfo, rich: bool = True) -> str:
        labels = view.labels
        units = self.profile
        local = entry.recorded_at.astimezone(zone)
        order = list(labels)
        ranked = sorted(
            entry.scores.items(),
            key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order),
        )
        parts = [f"{labels.get(k, k)} {v}" for k, v in ranked]
        if entry.temperature_c is not None:
            parts.append(
                "temperature "
                + vitals.show_temperature(entry.temperature_c, units.temperature_unit)
            )
        if entry.weight_kg is not None:
            parts.append("weight " + vitals.show_weight(entry.weight_kg, units.weight_unit))
        who = " (by caregiver)" if entry.recorded_by is Recorder.CAREGIVER else ""
        line = f"{local:%a %d %b %H:%M}{who}: {', '.join(parts)}"
        tier = view.tier_of(entry)
        if not rich:
            return line + (f" — {tier.words}" if tier is not None else "")
        return escape(line) + (f" — {self._tier_chip(tier)}" if tier is not None else "")

    # ----- drafts -----

    def _draft_changed(self) -> None:
        if not self._loading:
            self._draft_timer.start()

    def current_draft(self) -> drafts.Draft:
        return drafts.Draft(
            note=self.note.toPlainText(),
            scores=self.scores(),
            temperature=self.temperature.text().strip(),
            weight=self.weight.text().strip(),
        )

    def scores(self) -> dict[str, int]:
        found = {key: widget.value() for key, widget in self.inputs.items()}
        return {key: value for key, value in found.items() if value is not None}

    def save_draft(self) -> None:
        self._draft_timer.stop()
        with contextlib.suppress(OSError):  # a full disk: the draft stays on screen
            drafts.save(self.store.paths, self.current_draft())

    def _restore_draft(self) -> None:
        draft = drafts.load(self.store.paths)
        self._loading = True
        try:
            self.note.setPlainText(draft.note)
            self.temperature.setText(draft.temperature)
            self.weight.setText(draft.weight)
            for key, value in draft.scores.items():
                if key in self.inputs:
                    self.inputs[key].set_value(value)
        finally:
            self._loading = False

    # ----- saving -----

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Ctrl+Enter also arrives here when the window is not the active one (shortcuts then
        # stay silent), for example under some window managers right after start-up.
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
            return
        # Alt+1 … Alt+9 likewise: "Took it" for the medicine on that row.
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if alt and Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_9:
            self.doses.took(event.key() - Qt.Key.Key_1)
            return
        super().keyPressEvent(event)

    def dose_time(self) -> datetime | None:
        """When a dose was taken: None for now, else the Earlier time (in the profile's zone)."""
        if not self.earlier_choice.isChecked():
            return None
        return to_datetime(self.when.dateTime(), self.store.context().zone, "When")

    def focus_first(self) -> None:
        if self.inputs:
            next(iter(self.inputs.values())).setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> CheckIn | None:
        scores = self.scores()
        ctx = self.store.context()
        try:
            temperature = (
                vitals.parse_temperature(self.temperature.text(), self.profile.temperature_unit)
                if self.temperature.text().strip()
                else None
            )
            weight = (
                vitals.parse_weight(self.weight.text(), self.profile.weight_unit)
                if self.weight.text().strip()
                else None
            )
        except InvalidInput as problem:
            self.result.show_error(str(problem))
            field = self.temperature if problem.field == "temperature" else self.weight
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            return None
        if not scores and temperature is None and weight is None:
            self.result.show_error(
                "Give at least one symptom a score from 0 to 10, or a temperature or weight."
            )
            return None
        try:
            when = (
                to_datetime(self.when.dateTime(), ctx.zone, "When")
                if self.earlier_choice.isChecked()
                else None
            )
        except InvalidInput as problem:
            self.result.show_error(str(problem))
            return None
        from carecompanion.actions.checkins import CheckInEntry, check_in

        entry = CheckInEntry(
            scores,
            self.note.toPlainText().strip(),
            self.activity.currentData(),
            recorded_at=when,
            recorded_by=self.recorded_by.recording(),
            temperature_c=temperature,
            weight_kg=weight,
        )
        done = self.store.run(check_in, entry, on_error=self._not_saved)
        if done is None:
            return None
        saved = done.value
        drafts.clear(self.store.paths)
        self._loading = True
        for widget in self.inputs.values():
            widget.set_value(None)
        self.note.clear()
        self.temperature.clear()
        self.weight.clear()
        self.activity.setCurrentIndex(0)
        self.now_choice.setChecked(True)
        self._loading = False
        self.result.show_saved(saved, ctx.zone)
        self.focus_first()  # ready for the next check-in, not on the last row
        return saved.checkin

    def show_call_now(self) -> None:
        """The call-now list with the profile's numbers, over the window (not blocking it)."""
        from carecompanion.ui.dialogs.call_now import CallNowDialog

        self.call_now_dialog = CallNowDialog(self.store.read(profile.get), self)
        self.call_now_dialog.open()

    def _not_now(self) -> None:
        from carecompanion.actions.checkins import dismiss_supportive_prompt

        if self.store.run(dismiss_supportive_prompt) is None:
            return
        for button in self.result.prompt_buttons:
            button.setEnabled(False)
        self.result.add_line("We will not suggest this again for 14 days.")

    def _not_saved(self, problem: Exception) -> None:
        # Nothing was saved; what was typed stays on screen and in the draft.
        self.result.show_error(str(problem))
        self.save_draft()

    def _add_question(self, text: str) -> None:
        from carecompanion.actions.questions import add_question

        if self.store.run(add_question, text, QuestionSource.FLAG) is None:
            return
        self.result.add_line("Added to your questions for the care team.")
