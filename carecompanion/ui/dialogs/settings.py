"""Settings and profile: who the journal is for, the care team, symptoms offered, a reminder."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from zoneinfo import available_timezones

from PySide6.QtCore import QDate, QSize, Qt, QTime
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from carecompanion.domain import rules
from carecompanion.domain.context import Context
from carecompanion.domain.records import CareContact, Profile, TemperatureUnit, WeightUnit
from carecompanion.domain.symptoms import OPTIONAL_SYMPTOMS, Symptom, custom_symptom
from carecompanion.domain.times import computer_zone_name, local_zone
from carecompanion.domain.vitals import MAX_FEVER_THRESHOLD_C, MIN_FEVER_THRESHOLD_C
from carecompanion.ui.dialogs.form import FormDialog
from carecompanion.ui.keyboard import pass_tab_when_blank
from carecompanion.ui.settings import DEFAULT_LOCK_MINUTES, LOCK_CHOICES
from carecompanion.ui.widgets.common import date_edit, muted, qdate, to_date

if TYPE_CHECKING:
    from carecompanion.ui.privacy import Privacy
from carecompanion.ui.widgets.sync_folder_row import SyncFolderRow

NO_DATE = QDate(1900, 1, 1)
AROUND_THE_CLOCK = 3  # the contacts table's column for "answers 24 hours a day"


class ColumnsGrid(QWidget):
    """Controls in a grid of up to `most` columns, fewer when the width does not hold them
    (one column at the narrowest), in reading order: row by row."""

    def __init__(self, widgets: list[QWidget], most: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.widgets = widgets
        self.most = max(1, most)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.columns = 0
        self._arrange(self.most)

    def _widest(self) -> int:
        return max((w.sizeHint().width() for w in self.widgets), default=0)

    def columns_for(self, width: int) -> int:
        step = self._widest() + self.grid.horizontalSpacing()
        if step <= 0:
            return self.most
        return max(1, min(self.most, (width + self.grid.horizontalSpacing()) // step))

    def _arrange(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for widget in self.widgets:
            self.grid.removeWidget(widget)
        for index, widget in enumerate(self.widgets):
            self.grid.addWidget(widget, index // columns, index % columns)
        for column in range(self.most):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        """As narrow as one column, as tall as the columns it has now: the grid gives way to
        the width (and grows taller) rather than pushing the width out."""
        return QSize(self._widest(), self.grid.minimumSize().height())

    def sizeHint(self) -> QSize:
        return self.grid.sizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(self.columns_for(event.size().width()))
        super().resizeEvent(event)


@dataclass
class SettingsResult:
    profile: Profile
    active: dict[str, bool]
    new_custom: list[str] = field(default_factory=list)
    reminder: QTime | None = None
    lock_minutes: int | None = None  # None: unchanged
    sync_folder: str = ""


def lock_choice_text(minutes: int) -> str:
    if minutes == 0:
        return "Never"
    return "After 1 hour unused" if minutes == 60 else f"After {minutes} minutes unused"


ENCRYPTED_TEXT = (
    "The journal and its backups are encrypted. CareCompanion asks for the passphrase when it "
    "opens, and the recovery key opens it if the passphrase is forgotten."
)
PLAIN_TEXT = (
    "The journal is not encrypted: anyone using this computer's account can read its files. "
    "If others use this computer, a passphrase keeps it private."
)


class SettingsDialog(FormDialog):
    def __init__(
        self,
        profile: Profile,
        offered: list[Symptom],
        reminder: QTime | None,
        parent: QWidget | None = None,
        ctx: Context | None = None,
        privacy: Privacy | None = None,
        sync_folder: str = "",
    ) -> None:
        super().__init__("Settings and profile", parent, scrolling=True)
        self.privacy = privacy
        self.ctx = ctx or Context(zone=local_zone())
        # A field too wide for the room beside its label goes below it (the care team's table
        # at large text sizes) rather than pushing the form wider than the screen.
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._profile = profile
        self.name = QLineEdit(profile.name)
        self.name.setPlaceholderText("Optional")
        self.add_field("Name:", self.name, "name")
        self.birth = date_edit()
        self.birth.setMinimumDate(NO_DATE)
        self.birth.setSpecialValueText("Not given")
        self.birth.setDate(qdate(profile.date_of_birth) if profile.date_of_birth else NO_DATE)
        pass_tab_when_blank(self.birth)  # "Not given" has no day or month for Tab to visit
        self.add_field("Date of birth:", self.birth, "date of birth")
        self.diagnosis = QLineEdit(profile.diagnosis)
        self.diagnosis.setPlaceholderText("e.g. Bowel cancer that has spread to the liver")
        self.add_field("Diagnosis:", self.diagnosis, "diagnosis")
        self.cancer_type = QLineEdit(profile.cancer_type)
        self.cancer_type.setPlaceholderText("A few words, e.g. bowel cancer")
        self.cancer_type.setToolTip("Used as the condition when you search for clinical trials")
        self.add_field("Cancer type:", self.cancer_type, "cancer type")
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.zone.addItem(f"This computer's zone ({computer_zone_name()})", "")
        for name in sorted(available_timezones()):
            self.zone.addItem(name, name)
        completer = self.zone.completer()
        if completer is not None:  # "london" finds Europe/London
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.zone.setCurrentIndex(max(0, self.zone.findData(profile.time_zone)))
        # As wide as a usual zone name, not the longest one (the list shows them whole).
        self.zone.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.zone.setMinimumContentsLength(20)
        self.zone.setToolTip("Every time in the app, the command line and the PDF uses this zone")
        self.add_field("Time zone:", self.zone, "time zone")

        contacts = QWidget()
        column = QVBoxLayout(contacts)
        column.setContentsMargins(0, 0, 0, 0)
        self.contacts = QTableWidget(0, 4)
        self.contacts.setHorizontalHeaderLabels(["Name", "Role", "Phone", "24-hour line"])
        self.contacts.setAccessibleName("Care team contacts")
        header = self.contacts.horizontalHeader()
        # Name, role and phone share the width (the phone's column as wide as the others, so a
        # number is not cut to "020…"); their words wrap and each row grows to show them.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AROUND_THE_CLOCK, QHeaderView.ResizeMode.ResizeToContents)
        self.contacts.setWordWrap(True)
        self.contacts.setTextElideMode(Qt.TextElideMode.ElideNone)
        rows = self.contacts.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        rows.hide()
        self.contacts.setTabKeyNavigation(False)  # Tab moves on; arrows move between cells
        metrics = self.contacts.fontMetrics()
        # Room for a phone number ("020 7946 0000") in each of the three columns, at any size;
        # where the row beside its label has not that room, the table goes below the label.
        share = metrics.horizontalAdvance("020 7946 0000") + 2 * metrics.averageCharWidth()
        self.contacts.setMinimumWidth(header.sectionSizeHint(AROUND_THE_CLOCK) + 3 * share)
        self.contacts.setMinimumHeight(metrics.height() * 6)
        self._contact_ids: list[uuid.UUID] = []
        for contact in profile.contacts:
            self.add_contact(contact)
        buttons = QHBoxLayout()
        add = QPushButton("Add contact")
        add.clicked.connect(lambda: self.add_contact(None))
        remove = QPushButton("Remove selected")
        remove.clicked.connect(self.remove_contact)
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch()
        column.addWidget(self.contacts)
        column.addLayout(buttons)
        self.add_field("Care team:", contacts, "care-team contact")
        self.emergency = QLineEdit(profile.emergency_number)
        self.emergency.setPlaceholderText("e.g. 999, 112 or 911")
        self.emergency.setToolTip("Shown on the call-now list with the care team's 24-hour line")
        self.add_field("Emergency number:", self.emergency, "emergency number")
        self.fever = QDoubleSpinBox()
        self.fever.setRange(MIN_FEVER_THRESHOLD_C, MAX_FEVER_THRESHOLD_C)
        self.fever.setSingleStep(0.1)
        self.fever.setDecimals(1)
        self.fever.setSuffix(" °C")
        self.fever.setValue(profile.fever_threshold_c)
        self.fever.setToolTip(
            "A temperature at or above this asks you to call now. 38.0 °C (100.4 °F) unless "
            "your care team gives another; some use 37.5 °C."
        )
        self.add_field("Fever threshold:", self.fever, "fever threshold")
        units = QWidget()
        unit_row = QHBoxLayout(units)
        unit_row.setContentsMargins(0, 0, 0, 0)
        self.temperature_unit = QComboBox()
        self.temperature_unit.setAccessibleName("Temperature unit")
        for unit, text in ((TemperatureUnit.CELSIUS, "°C"), (TemperatureUnit.FAHRENHEIT, "°F")):
            self.temperature_unit.addItem(text, unit)
        self.temperature_unit.setCurrentIndex(
            self.temperature_unit.findData(profile.temperature_unit)
        )
        self.weight_unit = QComboBox()
        self.weight_unit.setAccessibleName("Weight unit")
        for weight, text in ((WeightUnit.KG, "kg"), (WeightUnit.LB, "lb")):
            self.weight_unit.addItem(text, weight)
        self.weight_unit.setCurrentIndex(self.weight_unit.findData(profile.weight_unit))
        unit_row.addWidget(self.temperature_unit)
        unit_row.addWidget(self.weight_unit)
        unit_row.addStretch()
        self.add_field("Units:", units, "units")

        # A group box's own title cannot wrap: the title is a word-wrapped label inside it.
        box = QGroupBox()
        box_title = "Symptoms offered at check-in (pain, nausea, tiredness and anxiety always)"
        box.setAccessibleName(box_title)
        inside = QVBoxLayout(box)
        title = QLabel(box_title)
        title.setWordWrap(True)
        inside.addWidget(title)
        active_keys = {s.key for s in offered}
        self.symptom_boxes: dict[str, QCheckBox] = {}
        extras = list(OPTIONAL_SYMPTOMS) + [s for s in offered if s.custom]
        for symptom in extras:
            check = QCheckBox(symptom.label)
            check.setChecked(symptom.key in active_keys)
            self.symptom_boxes[symptom.key] = check
        self.symptom_grid = ColumnsGrid(list(self.symptom_boxes.values()), most=3)
        inside.addWidget(self.symptom_grid)
        self.custom = QLineEdit()
        self.custom.setPlaceholderText("Your own symptom, e.g. tingling hands")
        self.custom.setAccessibleName("New symptom of your own")
        inside.addWidget(self.custom)
        self.form.addRow(box)
        self.errors["symptom name"] = self._error_label()
        self.form.addRow(self.errors["symptom name"])

        reminder_row = QWidget()
        row = QHBoxLayout(reminder_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.reminder_on = QCheckBox("Remind me every day at")
        self.reminder_time = QTimeEdit(reminder or QTime(10, 0))
        self.reminder_time.setDisplayFormat("HH:mm")
        self.reminder_time.setAccessibleName("Reminder time")
        self.reminder_on.setChecked(reminder is not None)
        row.addWidget(self.reminder_on)
        row.addWidget(self.reminder_time)
        row.addStretch()
        self.add_field("Daily reminder:", reminder_row, "reminder")
        self.reminder_note = QLabel()
        self.reminder_note.setWordWrap(True)
        self.form.addRow("", self.reminder_note)
        self.reminder_on.toggled.connect(self._show_reminder_note)
        self.reminder_time.timeChanged.connect(self._show_reminder_note)
        self._show_reminder_note()
        self.sync_folder = SyncFolderRow(sync_folder)
        self.add_field("Keep computers in step:", self.sync_folder, "sync folder")
        self.form.addRow("", self.sync_folder.note)
        self._privacy_section()

    def _privacy_section(self) -> None:
        """Encryption on, a new passphrase, encryption off, and when the window locks."""
        box = QGroupBox()
        box_title = "Private on a shared computer"
        box.setAccessibleName(box_title)
        inside = QVBoxLayout(box)
        title = QLabel(box_title)
        title.setWordWrap(True)
        inside.addWidget(title)
        self.privacy_status = muted("")
        self.privacy_status.setAccessibleName("Encryption")
        inside.addWidget(self.privacy_status)
        buttons = QHBoxLayout()
        self.encrypt_button = QPushButton("Turn on encryption…")
        self.passphrase_button = QPushButton("Change passphrase…")
        self.decrypt_button = QPushButton("Turn off encryption…")
        for button in (self.encrypt_button, self.passphrase_button, self.decrypt_button):
            buttons.addWidget(button)
        buttons.addStretch()
        inside.addLayout(buttons)
        self.privacy_note = QLabel("")
        self.privacy_note.setWordWrap(True)
        self.privacy_note.setAccessibleName("What changed")
        self.privacy_note.hide()
        inside.addWidget(self.privacy_note)
        self.form.addRow(box)
        self.lock_after = QComboBox()
        for minutes in LOCK_CHOICES:
            self.lock_after.addItem(lock_choice_text(minutes), minutes)
        chosen = self.privacy.settings.lock_minutes if self.privacy else DEFAULT_LOCK_MINUTES
        self.lock_after.setCurrentIndex(max(0, self.lock_after.findData(chosen)))
        self.lock_after.setToolTip(
            "With encryption on, the window hides everything after this long without use, "
            "until the passphrase is typed again"
        )
        self.add_field("Lock the window:", self.lock_after, "lock")
        if self.privacy is not None:
            privacy = self.privacy
            self.encrypt_button.clicked.connect(lambda: self._privacy_done(privacy.turn_on))
            self.passphrase_button.clicked.connect(
                lambda: self._privacy_done(privacy.change_passphrase)
            )
            self.decrypt_button.clicked.connect(lambda: self._privacy_done(privacy.turn_off))
        else:
            box.hide()
        self._show_privacy()

    def _show_privacy(self) -> None:
        on = self.privacy is not None and self.privacy.encrypted()
        self.privacy_status.setText(ENCRYPTED_TEXT if on else PLAIN_TEXT)
        self.encrypt_button.setVisible(not on)
        self.passphrase_button.setVisible(on)
        self.decrypt_button.setVisible(on)
        self.lock_after.setEnabled(on)

    def _privacy_done(self, change: Callable[[QWidget], str | None]) -> None:
        note = change(self)
        if note:
            self.privacy_note.setText(note)
            self.privacy_note.show()
        self._show_privacy()
        on = self.passphrase_button.isVisible()
        (self.passphrase_button if on else self.encrypt_button).setFocus()

    def _show_reminder_note(self) -> None:
        """Where the desktop has no tray, say plainly that reminders need the window open."""
        from PySide6.QtWidgets import QSystemTrayIcon

        from carecompanion.ui.reminder import needs_open_text

        on = self.reminder_on.isChecked() and not QSystemTrayIcon.isSystemTrayAvailable()
        self.reminder_note.setText(needs_open_text(self.reminder_time.time()) if on else "")
        self.reminder_note.setVisible(on)

    def add_contact(self, contact: CareContact | None) -> None:
        row = self.contacts.rowCount()
        self.contacts.insertRow(row)
        values = (contact.name, contact.role, contact.phone) if contact else ("", "", "")
        for column, text in enumerate(values):
            self.contacts.setItem(row, column, QTableWidgetItem(text))
        around = QTableWidgetItem()
        around.setFlags(
            Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
        )
        checked = contact is not None and contact.around_the_clock
        around.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.contacts.setItem(row, AROUND_THE_CLOCK, around)
        self._contact_ids.append(contact.id if contact else uuid.uuid4())

    def remove_contact(self) -> None:
        row = self.contacts.currentRow()
        if row >= 0:
            self.contacts.removeRow(row)
            del self._contact_ids[row]

    def _cell(self, row: int, column: int) -> str:
        item = self.contacts.item(row, column)
        return item.text().strip() if item else ""

    def result_values(self) -> SettingsResult:
        contacts = tuple(
            CareContact(
                self._contact_ids[row],
                self._cell(row, 0),
                self._cell(row, 1),
                self._cell(row, 2),
                around_the_clock=self._around_the_clock(row),
            )
            for row in range(self.contacts.rowCount())
            if any(self._cell(row, c) for c in range(3))
        )
        birth = self.birth.date()
        profile = Profile(
            name=self.name.text().strip(),
            date_of_birth=None if birth == NO_DATE else to_date(birth),
            diagnosis=self.diagnosis.text().strip(),
            time_zone=self._chosen_zone(),
            contacts=contacts,
            cancer_type=self.cancer_type.text().strip(),
            emergency_number=self.emergency.text().strip(),
            temperature_unit=self.temperature_unit.currentData(),
            weight_unit=self.weight_unit.currentData(),
            fever_threshold_c=round(self.fever.value(), 1),
            supportive_prompt_dismissed_at=self._profile.supportive_prompt_dismissed_at,
        )
        custom = [self.custom.text()] if self.custom.text().strip() else []
        return SettingsResult(
            profile=profile,
            active={key: box.isChecked() for key, box in self.symptom_boxes.items()},
            new_custom=custom,
            reminder=self.reminder_time.time() if self.reminder_on.isChecked() else None,
            lock_minutes=int(self.lock_after.currentData()),
            sync_folder=self.sync_folder.folder(),
        )

    def _around_the_clock(self, row: int) -> bool:
        item = self.contacts.item(row, AROUND_THE_CLOCK)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def _chosen_zone(self) -> str:
        """The zone picked from the list, or a name typed in full (checked on saving)."""
        typed = self.zone.currentText().strip()
        index = self.zone.findText(typed)
        return str(self.zone.itemData(index)) if index >= 0 else typed

    def validate(self) -> None:
        values = self.result_values()
        rules.check_profile(values.profile, self.ctx.today())
        for name in values.new_custom:
            custom_symptom(name)
        if values.sync_folder:
            from carecompanion.services.sync_folder import checked_folder

            checked_folder(values.sync_folder)

    @classmethod
    def ask(
        cls,
        profile: Profile,
        offered: list[Symptom],
        reminder: QTime | None,
        parent: QWidget | None = None,
        ctx: Context | None = None,
        privacy: Privacy | None = None,
        sync_folder: str = "",
    ) -> SettingsResult | None:
        dialog = cls(profile, offered, reminder, parent, ctx, privacy, sync_folder)
        return dialog.result_values() if dialog.exec() == QDialog.DialogCode.Accepted else None
