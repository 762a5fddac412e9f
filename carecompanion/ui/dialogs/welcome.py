"""The welcome on a new journal: four short steps, each skippable, shown once per journal.

1. Who uses this computer: the patient, or a caregiver recording for them ("Recorded by" on
   Today starts there).
2. The care team's 24-hour number and the emergency number: the first flag that asks for a
   call shows them, and the call-now list (F1) always does.
3. Which symptoms to track beyond pain, nausea, tiredness and anxiety.
4. Keep it private on a shared computer? "Not now" unless they choose a passphrase (typed
   twice, after the plain warning that a lost passphrase and a lost recovery key mean a lost
   journal); Finish then encrypts and shows the recovery key once (ui/privacy.py).

Shown when the journal is new (an empty profile, no check-ins) and it was not shown before for
this data folder (one journal per folder; the mark lives in the window's settings beside it).
Finishing saves everything at once through the settings action, as Settings does; "Skip"
saves nothing and the welcome does not come back. Everything here can be changed in Settings.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carecompanion.actions.settings import SettingsChange, save_settings
from carecompanion.domain.records import Profile, Recorder
from carecompanion.domain.symptoms import OPTIONAL_SYMPTOMS
from carecompanion.services import checkins, profile, symptoms
from carecompanion.ui.dialogs.form import fit_to_screen, scroll_body
from carecompanion.ui.dialogs.passphrase import NewPassphrase, warning_label
from carecompanion.ui.dialogs.settings import ColumnsGrid
from carecompanion.ui.settings import DEFAULT_LOCK_MINUTES, AppSettings
from carecompanion.ui.store import Store
from carecompanion.ui.widgets.common import heading, muted

if TYPE_CHECKING:
    from carecompanion.ui.privacy import Privacy

SHOWN_KEY = "welcome/shown"
CARE_TEAM_NAME = "Care team (24-hour line)"
STEPS = 4
PRIVATE_STEP = 3


def is_new(found: Profile) -> bool:
    """Nothing was ever entered in the profile (units and threshold left as they came)."""
    return not (
        found.name
        or found.date_of_birth
        or found.diagnosis
        or found.cancer_type
        or found.contacts
        or found.emergency_number
    )


def wanted(store: Store, settings: AppSettings) -> bool:
    """Whether this journal should get the welcome: new, and not welcomed before."""
    if settings.value(SHOWN_KEY) == "yes":
        return False
    return store.read_rows(lambda rows: is_new(profile.get(rows)) and checkins.count(rows) == 0)


class WelcomeDialog(QDialog):
    def __init__(
        self,
        store: Store,
        settings: AppSettings,
        parent: QWidget | None,
        privacy: Privacy | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self.privacy = privacy
        self.saved = False
        self.setWindowTitle("Welcome to CareCompanion")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Welcome to CareCompanion"))
        self.step_label = muted("")
        self.step_label.setAccessibleName("Step")
        layout.addWidget(self.step_label)
        self.pages = QStackedWidget()
        # Each step scrolls on its own when the text is large or the screen short; the
        # buttons below stay in view.
        steps = (self._who_page(), self._numbers_page(), self._symptoms_page())
        for page in (*steps, self._private_page()):
            self.pages.addWidget(scroll_body(page))
        layout.addWidget(self.pages, 1)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Welcome message")
        self.message.hide()
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.skip_button = QPushButton("&Skip")
        self.skip_button.setToolTip("Start without these; everything is in Settings (Ctrl+,)")
        self.back_button = QPushButton("&Back")
        self.next_button = QPushButton("&Next")
        self.finish_button = QPushButton("&Finish")
        row.addWidget(self.skip_button)
        row.addStretch()
        for button in (self.back_button, self.next_button, self.finish_button):
            row.addWidget(button)
        layout.addLayout(row)
        self.skip_button.clicked.connect(self.skip)
        self.back_button.clicked.connect(lambda: self.go(self.pages.currentIndex() - 1))
        self.next_button.clicked.connect(lambda: self.go(self.pages.currentIndex() + 1))
        self.finish_button.clicked.connect(self.finish)
        self.go(0)
        self._fitted = False

    def showEvent(self, event: QShowEvent) -> None:
        """The first time: as large as the longest step needs, within the screen."""
        if not self._fitted:
            self._fitted = True
            self._fit()
        super().showEvent(event)

    def _fit(self) -> None:
        steps = [self.pages.widget(i) for i in range(self.pages.count())]
        areas = [a for a in steps if isinstance(a, QScrollArea)]
        line = self.fontMetrics().averageCharWidth() * 72  # about 72 characters a line
        # Size for the tallest step: each is sized in turn and the largest size kept.
        sizes = []
        current = self.pages.currentIndex()
        for index, area in enumerate(areas):
            self.pages.setCurrentIndex(index)
            fit_to_screen(self, area, least_width=line)
            sizes.append(self.size())
        self.pages.setCurrentIndex(current)
        self.resize(max(s.width() for s in sizes), max(s.height() for s in sizes))

    # ----- the three steps -----

    def _who_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(heading("Who uses this computer?", level=2))
        column.addWidget(
            muted(
                "CareCompanion is a private journal of how you feel, your treatments and your "
                "questions, kept on this computer only. Each check-in says who recorded it."
            )
        )
        self.patient = QRadioButton("Mostly me, the patient")
        self.caregiver = QRadioButton("Mostly a caregiver, recording for the patient")
        self.who = QButtonGroup(self)
        for button in (self.patient, self.caregiver):
            self.who.addButton(button)
            column.addWidget(button)
        if self.settings.recorder is Recorder.CAREGIVER:
            self.caregiver.setChecked(True)
        else:
            self.patient.setChecked(True)
        column.addWidget(muted("You can change who is recording on Today at any time."))
        column.addStretch()
        return page

    def _numbers_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(heading("Numbers to call", level=2))
        column.addWidget(
            muted(
                "When a symptom needs a call, CareCompanion shows these numbers with it, and "
                "“When to call now” (F1) always does. Leave them empty if you do not have them "
                "yet; Settings keeps more contacts."
            )
        )
        form = QFormLayout()
        self.team_phone = QLineEdit()
        self.team_phone.setPlaceholderText("The number your care team gave for any time")
        self.team_phone.setAccessibleName("Care team's 24-hour number")
        form.addRow("Care team's 24-hour number:", self.team_phone)
        self.team_name = QLineEdit(CARE_TEAM_NAME)
        self.team_name.setAccessibleName("Who answers that number")
        form.addRow("Who answers it:", self.team_name)
        self.emergency = QLineEdit()
        self.emergency.setPlaceholderText("e.g. 999, 112 or 911")
        self.emergency.setAccessibleName("Emergency number")
        form.addRow("Emergency number:", self.emergency)
        column.addLayout(form)
        column.addStretch()
        return page

    def _symptoms_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(heading("What to track", level=2))
        column.addWidget(
            muted(
                "Every check-in asks about pain, nausea, tiredness and anxiety, from 0 (none) "
                "to 10 (the worst). Tick any others you want to follow."
            )
        )
        active = {s.key for s in self.store.read(symptoms.active)}
        self.symptom_boxes: dict[str, QCheckBox] = {}
        for symptom in OPTIONAL_SYMPTOMS:
            box = QCheckBox(symptom.label)
            box.setChecked(symptom.key in active)
            self.symptom_boxes[symptom.key] = box
        column.addWidget(ColumnsGrid(list(self.symptom_boxes.values()), most=2))
        column.addWidget(muted("Your own symptom (“tingling hands”) can be added in Settings."))
        column.addStretch()
        return page

    def _private_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(heading("Keep it private on a shared computer?", level=2))
        column.addWidget(
            muted(
                "If others use this computer, CareCompanion can encrypt the journal with a "
                "passphrase: it then asks for it at every start, and locks itself after "
                f"{DEFAULT_LOCK_MINUTES} minutes unused. You can also do this later in Settings."
            )
        )
        self.not_now = QRadioButton("Not now")
        self.private = QRadioButton("Yes, lock it with a passphrase")
        self.privacy_choice = QButtonGroup(self)
        for button in (self.not_now, self.private):
            self.privacy_choice.addButton(button)
            column.addWidget(button)
        self.not_now.setChecked(True)
        self.private_fields = QWidget()
        inside = QVBoxLayout(self.private_fields)
        inside.setContentsMargins(0, 0, 0, 0)
        inside.addWidget(warning_label())
        self.new_passphrase = NewPassphrase()
        inside.addWidget(self.new_passphrase)
        self.private_fields.hide()
        column.addWidget(self.private_fields)
        self.private.toggled.connect(self.private_fields.setVisible)
        column.addStretch()
        return page

    # ----- moving through -----

    def go(self, index: int) -> None:
        index = max(0, min(STEPS - 1, index))
        self.pages.setCurrentIndex(index)
        self.step_label.setText(f"Step {index + 1} of {STEPS}")
        self._update_buttons()
        firsts: tuple[QWidget, ...] = (
            self.caregiver if self.caregiver.isChecked() else self.patient,
            self.team_phone,
            next(iter(self.symptom_boxes.values())),
            self.private if self.private.isChecked() else self.not_now,
        )
        firsts[index].setFocus()

    def _update_buttons(self) -> None:
        index = self.pages.currentIndex()
        last = index == STEPS - 1
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(not last)
        self.finish_button.setVisible(last)
        self.next_button.setDefault(not last)
        self.finish_button.setDefault(last)

    def chosen_recorder(self) -> Recorder:
        return Recorder.CAREGIVER if self.caregiver.isChecked() else Recorder.PATIENT

    def change(self) -> SettingsChange:
        """What finishing saves: the profile with the numbers given, and the symptoms."""
        current = self.store.read(profile.get)
        contacts = current.contacts
        phone = self.team_phone.text().strip()
        if phone:
            name = self.team_name.text().strip() or CARE_TEAM_NAME
            contacts = (
                *contacts,
                profile.new_contact(name, "24-hour line", phone, around_the_clock=True),
            )
        chosen = replace(current, contacts=contacts, emergency_number=self.emergency.text().strip())
        active = {key: box.isChecked() for key, box in self.symptom_boxes.items()}
        return SettingsChange(chosen, active)

    def _remember_shown(self) -> None:
        self.settings.set_value(SHOWN_KEY, "yes")

    def skip(self) -> None:
        """Start without saving anything; the welcome does not come back."""
        self._remember_shown()
        self.reject()

    def finish(self) -> None:
        passphrase = None
        if self.private.isChecked():
            passphrase = self.new_passphrase.checked()
            if passphrase is None:
                self.go(PRIVATE_STEP)
                self.new_passphrase.first.setFocus()
                return
        if not self.saved:  # a second Finish, after encrypting was refused, saves nothing twice
            done = self.store.run(save_settings, self.change(), on_error=self._refused)
            if done is None:
                return
            self.settings.recorder = self.chosen_recorder()
            self.settings.computer_of = self.chosen_recorder()
            self._remember_shown()
            self.saved = True
        if passphrase is not None and not self._encrypt(passphrase):
            return
        self.accept()

    def _encrypt(self, passphrase: str) -> bool:
        """Encrypt the new journal; False (the welcome stays on this step) when refused."""
        from carecompanion.ui.privacy import Privacy

        privacy = self.privacy or Privacy(self.store, self.settings)
        if privacy.encrypt_with(passphrase, self) is None:
            self.go(PRIVATE_STEP)
            return False
        return True

    def _refused(self, exc: Exception) -> None:
        """A value the rules refuse: back to the numbers, with the reason beside them."""
        self.message.setText(f"Not saved yet: {exc}")
        self.message.show()
        self.go(1)

    def reject(self) -> None:  # Escape, or closing the window: the same as Skip
        self._remember_shown()
        super().reject()


def maybe_show(window: Any) -> WelcomeDialog | None:
    """Open the welcome over the window when its journal is new; returns it, or None."""
    if not wanted(window.store, window.settings):
        return None
    dialog = WelcomeDialog(window.store, window.settings, window, getattr(window, "privacy", None))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def finished(_result: int) -> None:
        today = window.pages.get("today") if hasattr(window, "pages") else None
        recorder = getattr(today, "recorder", None)
        if dialog.saved and recorder is not None:  # Today was built before the welcome
            recorder.setCurrentIndex(recorder.findData(window.settings.recorder))

    dialog.finished.connect(finished)
    dialog.open()
    return dialog
