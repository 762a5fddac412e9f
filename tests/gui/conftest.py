"""GUI fixtures: a main window over a fresh journal, shown offscreen."""

from __future__ import annotations

import pytest

from carecompanion.ui.launch import app_icon
from carecompanion.ui.main_window import MainWindow
from carecompanion.ui.settings import AppSettings
from carecompanion.ui.store import Store


@pytest.fixture
def store(journal, qapp):
    made = Store(journal)
    yield made
    made.shutdown()


@pytest.fixture
def make_window(store, data, qtbot):
    def build():
        window = MainWindow(store, AppSettings(data), app_icon())
        qtbot.addWidget(window)
        window.resize(1024, 700)
        window.show()
        qtbot.waitExposed(window)
        return window

    return build


@pytest.fixture
def window(make_window):
    return make_window()
