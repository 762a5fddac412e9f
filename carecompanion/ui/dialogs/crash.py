"""The window's crash handler: an unexpected exception is written to the log (without its text
or any value) and a calm message says the entries are safe and where the details are.

`handling()` installs it as `sys.excepthook` and `threading.excepthook` (worker threads) for the
life of the window. `show` is the one function that opens a dialog; tests replace it, so they
never call `exec()`. The exception's text is never shown: it may quote a note. An error that
something else explains to the person (`excuse`: a journal found damaged, which the window
tells in its own words) is logged and not shown.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from carecompanion.logs import bug_summary, log_uncaught

TITLE = "Something went wrong"
Excuse = Callable[[BaseException], bool]
_excuses: list[Excuse] = []


def excuse(explains: Excuse) -> Callable[[], None]:
    """Log, without the crash message, every error for which `explains` returns True; returns
    the function that takes the excuse back."""
    _excuses.append(explains)

    def withdraw() -> None:
        if explains in _excuses:
            _excuses.remove(explains)

    return withdraw


def _excused(exc: BaseException | None) -> bool:
    return exc is not None and any(explains(exc) for explains in list(_excuses))


def crash_message(log_file: Path | None) -> str:
    """What the person reads: calm, what is safe, what to do, where the details are."""
    details = (
        f"The details for a bug report are in:\n{log_file}\n\nThey never include what you wrote."
        if log_file is not None
        else "The details could not be written to the log file."
    )
    return (
        "Something went wrong inside CareCompanion.\n\n"
        "Your saved entries are safe in your journal. If you were in the middle of something, "
        "check that it is there, and try again.\n\n" + details
    )


def show(text: str) -> None:
    """Open the dialog and wait for OK. Tests replace this function."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        TITLE,
        text,
        QMessageBox.StandardButton.Ok,
        QApplication.activeWindow(),
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # copy the path
    box.exec()


class CrashHandler(QObject):
    """Logs every uncaught exception; tells the person once per place it happened."""

    _tell_soon = Signal(str, str)  # message, summary; queued to the window's thread

    def __init__(self, interactive: bool) -> None:
        super().__init__()
        self.interactive = interactive
        self.told: set[str] = set()
        self.showing = False
        self._previous: tuple[
            Callable[[type[BaseException], BaseException, TracebackType | None], object],
            Callable[[threading.ExceptHookArgs], object],
        ] = (sys.excepthook, threading.excepthook)
        self._tell_soon.connect(self._tell)

    def install(self) -> None:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def uninstall(self) -> None:
        if sys.excepthook == self.excepthook:
            sys.excepthook = self._previous[0]
        if threading.excepthook == self.thread_excepthook:
            threading.excepthook = self._previous[1]

    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):  # Ctrl+C in the terminal: just close
            QCoreApplication.quit()
            return
        self._report(exc_type, exc, tb, "the window")

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if issubclass(args.exc_type, SystemExit):  # as threading's own hook: not an error
            return
        name = args.thread.name if args.thread is not None else "a worker"
        self._report(args.exc_type, args.exc_value, args.exc_traceback, f"thread {name}")

    def _report(
        self,
        exc_type: type[BaseException],
        exc: BaseException | None,
        tb: TracebackType | None,
        where: str,
    ) -> None:
        log_file = log_uncaught(exc_type, exc, tb, where=where)
        if _excused(exc):
            return
        place = _innermost(exc_type, tb)
        if place in self.told:
            return  # a paint or timer failing again and again: logged, not shown again
        self.told.add(place)
        # Direct on the window's thread, queued from a worker: a dialog only opens there.
        self._tell_soon.emit(crash_message(log_file), bug_summary(exc_type, log_file))

    @Slot(str, str)
    def _tell(self, message: str, summary: str) -> None:
        if sys.stderr is not None:
            print(f"carecompanion: {summary}", file=sys.stderr)
        if not self.interactive or self.showing:
            return
        self.showing = True
        try:
            show(message)
        finally:
            self.showing = False


def _innermost(exc_type: type[BaseException], tb: TracebackType | None) -> str:
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    if tb is None:
        return exc_type.__qualname__
    return f"{exc_type.__qualname__}@{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}"


@contextmanager
def handling(interactive: bool) -> Iterator[CrashHandler]:
    """Install the crash handler for the life of the window; put the old hooks back after."""
    handler = CrashHandler(interactive)
    handler.install()
    try:
        yield handler
    finally:
        handler.uninstall()
