"""Settings, "Keep computers in step": the folder a sync tool keeps the same on each computer."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget


def ask_sync_folder(parent: QWidget, current: str) -> str | None:
    """The folder a sync tool keeps in step; None when cancelled. Tests replace this."""
    chosen = QFileDialog.getExistingDirectory(parent, "Keep computers in step", current)
    return chosen or None


class SyncFolderRow(QWidget):
    """A folder's path (empty: this computer only) and a button to choose one."""

    def __init__(self, folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.path = QLineEdit(folder)
        self.path.setPlaceholderText("No folder: this computer only")
        self.path.setAccessibleName("Sync folder")
        self.choose = QPushButton("Choose…")
        self.choose.setAccessibleName("Choose the sync folder")
        self.choose.clicked.connect(self.choose_folder)
        row.addWidget(self.path, 1)
        row.addWidget(self.choose)
        self.note = QLabel(
            "A folder that Syncthing, Nextcloud, Dropbox, OneDrive or iCloud Drive keeps the "
            "same on each computer. CareCompanion leaves its changes there and reads the "
            "other computers' changes."
        )
        self.note.setWordWrap(True)

    def folder(self) -> str:
        return self.path.text().strip()

    def choose_folder(self) -> None:
        chosen = ask_sync_folder(self, self.folder())
        if chosen is not None:
            self.path.setText(chosen)
