"""The window's crash handler: logs without the exception's text, then a calm dialog."""

import sys
import threading

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from carecompanion import logs
from carecompanion.ui.dialogs import crash

SECRET = "my secret note"


@pytest.fixture
def log_path(tmp_path):
    path = logs.setup_logging(tmp_path / "data")
    yield path
    logs.stop_logging()


class Shown(list):
    """The messages the replaced dialog was given, and the thread each was shown on."""

    def __init__(self):
        super().__init__()
        self.threads = []

    def __call__(self, text):
        self.append(text)
        self.threads.append(threading.current_thread())


@pytest.fixture
def shown(monkeypatch):
    recorder = Shown()
    monkeypatch.setattr(crash, "show", recorder)
    return recorder


def save_note(note):
    raise ValueError(f"could not save {note!r}")


def test_an_exception_in_a_slot_shows_the_calm_dialog_and_is_logged(
    log_path, shown, qapp, qtbot, capsys
):
    with crash.handling(interactive=True):
        QTimer.singleShot(0, lambda: save_note(SECRET))
        qtbot.waitUntil(lambda: len(shown) == 1)
    (message,) = shown
    assert "Something went wrong" in message and "entries are safe" in message
    assert str(log_path) in message and SECRET not in message
    err = capsys.readouterr().err
    assert str(log_path) in err and SECRET not in err
    text = log_path.read_text(encoding="utf-8")
    assert "Uncaught ValueError in the window" in text and "in save_note" in text
    assert SECRET not in text


def test_an_exception_in_a_worker_thread_is_shown_on_the_window_thread(
    log_path, shown, qapp, qtbot
):
    with crash.handling(interactive=True):
        worker = threading.Thread(target=save_note, args=(SECRET,), name="export-worker")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(shown) == 1)
    assert shown.threads == [threading.main_thread()]
    assert SECRET not in shown[0]
    text = log_path.read_text(encoding="utf-8")
    assert "Uncaught ValueError in thread export-worker" in text and SECRET not in text


def test_the_same_failure_again_is_logged_but_not_shown_again(log_path, shown, qapp):
    with crash.handling(interactive=True) as handler:
        for _ in range(3):
            try:
                save_note(SECRET)
            except ValueError as exc:
                handler.excepthook(type(exc), exc, exc.__traceback__)
    assert len(shown) == 1
    assert log_path.read_text(encoding="utf-8").count("Uncaught ValueError") == 3


def test_without_a_person_to_read_it_no_dialog_opens(log_path, shown, qapp, capsys):
    with crash.handling(interactive=False) as handler:
        try:
            save_note(SECRET)
        except ValueError as exc:
            handler.excepthook(type(exc), exc, exc.__traceback__)
    assert shown == []
    assert "something went wrong" in capsys.readouterr().err


def test_the_old_hooks_come_back_afterwards(qapp):
    before = sys.excepthook, threading.excepthook
    with crash.handling(interactive=True):
        assert (sys.excepthook, threading.excepthook) != before
    assert (sys.excepthook, threading.excepthook) == before


def test_the_dialog_itself_shows_the_message_and_an_ok_button(qapp, monkeypatch):
    opened = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: opened.append(box) or 0)
    crash.show(crash.crash_message(None))
    (box,) = opened
    assert box.windowTitle() == crash.TITLE
    assert "could not be written" in box.text()
    assert box.standardButtons() == QMessageBox.StandardButton.Ok


def test_an_error_something_else_explains_is_logged_and_not_shown(
    log_path, shown, qapp, qtbot, capsys
):
    """A read failing on a journal the quick check refused: the window says why itself."""
    seen: list[BaseException] = []

    def explains(error: BaseException) -> bool:
        seen.append(error)
        return isinstance(error, ValueError)

    withdraw = crash.excuse(explains)
    try:
        with crash.handling(interactive=True):
            QTimer.singleShot(0, lambda: save_note(SECRET))
            qtbot.waitUntil(lambda: len(seen) == 1)
    finally:
        withdraw()
    assert shown == []
    assert capsys.readouterr().err == ""
    assert "Uncaught ValueError in the window" in log_path.read_text(encoding="utf-8")
    with crash.handling(interactive=True):  # taken back: shown again
        QTimer.singleShot(0, lambda: save_note(SECRET))
        qtbot.waitUntil(lambda: len(shown) == 1)
