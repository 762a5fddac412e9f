"""About CareCompanion: version, licences, where the journal lives, and what the app is not."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from carecompanion import APP_NAME, __version__
from carecompanion.paths import DataPaths

LICENCES = (
    ("CareCompanion", "GNU General Public License, version 3 or later"),
    ("Qt 6 and PySide6", "GNU Lesser General Public License, version 3"),
    ("SQLAlchemy", "MIT licence"),
    ("Alembic", "MIT licence"),
    ("ReportLab", "BSD licence"),
    ("platformdirs", "MIT licence"),
    ("DejaVu Sans fonts", "Bitstream Vera licence; DejaVu changes in the public domain"),
)
NOT_ADVICE = (
    "CareCompanion helps you keep track and prepare questions. It does not diagnose "
    "and does not replace your care team: if you are worried, call them, and in an "
    "emergency call your local emergency number."
)


def about_html(paths: DataPaths) -> str:
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td>{escape(licence)}</td></tr>" for name, licence in LICENCES
    )
    return (
        f"<h2>{APP_NAME} {escape(__version__)}</h2>"
        "<p>A private, offline symptom journal and care-planning companion. It makes no "
        "network connections.</p>"
        f"<p><b>Not medical advice.</b> {NOT_ADVICE}</p>"
        f"<p><b>Your journal is kept in</b><br>{escape(str(paths.root))}</p>"
        f"<p><b>Licences</b></p><table cellspacing='4'>{rows}</table>"
    )


class AboutDialog(QDialog):
    def __init__(self, paths: DataPaths, icon: QIcon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths = paths
        self.setWindowTitle(f"About {APP_NAME}")
        self.setWindowIcon(icon)
        column = QVBoxLayout(self)
        top = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(icon.pixmap(64, 64))
        logo.setAccessibleName(f"{APP_NAME} icon")
        self.text = QLabel(about_html(paths))
        self.text.setWordWrap(True)
        self.text.setAccessibleName(f"About {APP_NAME}")
        # The text scrolls when the screen is too short for it (200 % text), and the dialog
        # opens tall enough for the whole of it, licence list included, when it is not.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.text)
        self.text_area = scroll
        top.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(scroll, 1)
        column.addLayout(top)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_folder = QPushButton("Open data folder")
        self.open_folder.clicked.connect(self.show_folder)
        buttons.addButton(self.open_folder, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.setMinimumWidth(max(560, self.fontMetrics().averageCharWidth() * 72))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        width = self.text_area.viewport().width()
        needed = self.text.heightForWidth(width) + 2
        screen = self.screen().availableGeometry().height() if self.screen() else 700
        self.text_area.setMinimumHeight(min(needed, int(screen * 0.7)))
        self.adjustSize()

    def show_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.paths.root)))
