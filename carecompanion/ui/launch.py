"""Starting the Qt application and the main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from carecompanion import APP_NAME
from carecompanion.paths import DataPaths


def launch(data: DataPaths, *, demo: bool, screenshot: str | None, view: str) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle(APP_NAME)
    window.setCentralWidget(QLabel(f"Journal: {data.journal}"))
    window.resize(1024, 700)
    if screenshot:
        window.grab().save(screenshot)
        return 0
    window.show()
    return app.exec()
