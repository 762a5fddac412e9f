"""Today's "Recorded by": who is recording, chosen afresh at each launch and said plainly.

Every check-in and dose records who recorded it, and the summary for the care team attributes
it. A caregiver's choice used to stick between launches, so the patient's own check-in the next
morning was stored as the caregiver's. Now the window opens as the patient, unless a caregiver
chose "Caregiver" or recorded something in the last hour (the same person most likely still at
the computer, perhaps reopening it): then it stays "Caregiver" and a line under the heading
says so, with how to change it. Asking in a dialog at every such launch was the other choice;
a line that stays in sight while typing was judged kinder than one more question, and the
save result repeats who recorded it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from carecompanion.domain.records import Recorder
from carecompanion.ui.settings import AppSettings


class RecorderChoice:
    """The label, the combo box and the note; Today places them."""

    def __init__(
        self, settings: AppSettings, now: Callable[[], datetime], parent: QWidget | None = None
    ) -> None:
        self.settings, self._now = settings, now
        self.combo = QComboBox(parent)
        self.combo.addItem("Patient", Recorder.PATIENT)
        self.combo.addItem("Caregiver", Recorder.CAREGIVER)
        self.combo.setAccessibleName("Recorded by")
        self.combo.setToolTip(
            "Who is typing: every check-in and dose records it, and so does the PDF"
        )
        self.label = QLabel("&Recorded by:", parent)
        self.label.setBuddy(self.combo)
        starting = settings.recorder_at_launch(now())
        self.kept = starting is Recorder.CAREGIVER
        self.combo.setCurrentIndex(self.combo.findData(starting))
        self.note = QLabel(parent)
        self.note.setWordWrap(True)
        self.note.setAccessibleName("Who is recording")
        font = self.note.font()
        font.setBold(True)
        self.note.setFont(font)
        self.combo.currentIndexChanged.connect(self._chosen)
        self._say()

    def current(self) -> Recorder:
        return Recorder(self.combo.currentData())

    def recording(self) -> Recorder:
        """Who records what is being saved now; a caregiver's use is noted (for the next
        launch within the hour)."""
        who = self.current()
        if who is Recorder.CAREGIVER:
            self.settings.note_recorder(who, self._now())
        return who

    def _chosen(self) -> None:
        self.kept = False
        self.settings.note_recorder(self.current(), self._now())
        self._say()

    def _say(self) -> None:
        if self.current() is Recorder.PATIENT:
            self.note.hide()
            self.note.setText("")
            return
        since = " (chosen within the last hour)" if self.kept else ""
        self.note.setText(
            f"Recording as the caregiver{since}: what is saved here is marked as yours. "
            "If you are the patient, choose “Patient” in “Recorded by”."
        )
        self.note.show()
