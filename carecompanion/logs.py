"""Logging: one private, rotating log file in the data folder, and a logger per subsystem.

`setup_logging` is called once the data folder is known (by the command line, for the window
too); `log_uncaught` is the one place an unexpected exception is written down, shared by the
command line and the window's crash handler.

The log is for whoever fixes a bug, and it never holds health data: no notes, names, scores or
diagnosis. Code logs only what happened (an action's name, a count, a duration, a type), never
what the person wrote. Exception *texts* are withheld, because they can quote a note or a
value: a traceback in the log keeps the exception's type, and each frame's module, function,
line number and source line, but drops `str(exc)`, `add_note` notes and every local value.
SQL parameters never reach it either: the engine is built with `hide_parameters=True`.
"""

from __future__ import annotations

import contextlib
import linecache
import logging
import os
import threading
from collections.abc import Mapping
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from carecompanion.db.driver import sqlite
from carecompanion.paths import PRIVATE_DIR, PRIVATE_FILE, make_private

LOG_NAME = "carecompanion.log"
MAX_BYTES = 512 * 1024
BACKUP_COUNT = 3
ROOT = "carecompanion"
WITHHELD = "<text withheld>"
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
_REPEATS_SHOWN = 3

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None] | tuple[None, None, None]


def logger(subsystem: str) -> logging.Logger:
    """The logger of one subsystem: "db", "cli", "ui", "services", "export", "crash"…"""
    return logging.getLogger(f"{ROOT}.{subsystem}")


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A rotating file created 0600 (and its folder 0700) only when the first record arrives.

    Rotation renames files, so the kept ones stay 0600. A failure to write is remembered in
    `failed` and never printed: a log must not crash the app nor spill a record to stderr.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
        )
        self.failed = False

    def _open(self) -> TextIOWrapper:
        path = Path(self.baseFilename)
        path.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
        descriptor = os.open(path, flags, PRIVATE_FILE)
        make_private(path)  # a file left by an older version, or made under a looser umask
        return os.fdopen(descriptor, "a", encoding=self.encoding, errors=self.errors)

    def handleError(self, record: logging.LogRecord) -> None:
        self.failed = True


class WithholdExceptionText(logging.Filter):
    """Replace exceptions passed as a message or its arguments by their type's name, so that
    `log.error("failed: %s", exc)` cannot copy an exception's text into the log."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, BaseException):
            record.msg = type_name(type(record.msg))
        if isinstance(record.args, Mapping):
            record.args = {key: _withheld(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_withheld(value) for value in record.args)
        return True


def _withheld(value: object) -> object:
    return type_name(type(value)) if isinstance(value, BaseException) else value


class PrivateFormatter(logging.Formatter):
    """Writes tracebacks without exception texts or values (see `describe_exception`)."""

    def __init__(self) -> None:
        super().__init__(FORMAT)

    def formatException(self, ei: ExcInfo) -> str:
        return describe_exception(*ei)

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may already have cached the full traceback text on the record:
        # never reuse it; format our own and put theirs back afterwards.
        cached = record.exc_text
        record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached


def type_name(exc_type: type[BaseException]) -> str:
    module = exc_type.__module__
    return exc_type.__qualname__ if module == "builtins" else f"{module}.{exc_type.__qualname__}"


def _code(exc: BaseException | None) -> str:
    """A machine code that says what failed without saying with what: errno, SQLite's code."""
    if isinstance(exc, OSError) and exc.errno is not None:
        return f" [errno {exc.errno}]"
    if isinstance(exc, sqlite.Error) and getattr(exc, "sqlite_errorname", None):
        return f" [{exc.sqlite_errorname}]"
    return ""


def _frames(tb: TracebackType | None) -> list[str]:
    """Each frame's module, line, function and source line; long runs of one frame shortened."""
    places: list[tuple[str, int, str, str]] = []
    while tb is not None:
        code = tb.tb_frame.f_code
        module = str(tb.tb_frame.f_globals.get("__name__", "?"))
        places.append((module, tb.tb_lineno, code.co_qualname, code.co_filename))
        tb = tb.tb_next
    lines: list[str] = []
    index = 0
    while index < len(places):
        module, line, function, filename = places[index]
        run = 1
        while index + run < len(places) and places[index + run] == places[index]:
            run += 1
        for _ in range(min(run, _REPEATS_SHOWN)):
            lines.append(f"  {module}, line {line}, in {function}")
            source = linecache.getline(filename, line).strip()
            if source:  # the program's own source, never data
                lines.append(f"    {source}")
        if run > _REPEATS_SHOWN:
            lines.append(f"  [the frame above repeats {run - _REPEATS_SHOWN} more times]")
        index += run
    return lines


def describe_exception(
    exc_type: type[BaseException] | None,
    exc: BaseException | None,
    tb: TracebackType | None,
    _seen: set[int] | None = None,
) -> str:
    """A traceback as Python prints it (causes first), with every exception's text withheld."""
    if exc_type is None:
        return ""
    seen = _seen if _seen is not None else set()
    parts: list[str] = []
    if exc is not None:
        seen.add(id(exc))
        cause, context = exc.__cause__, exc.__context__
        if cause is not None and id(cause) not in seen:
            parts.append(describe_exception(type(cause), cause, cause.__traceback__, seen))
            parts.append("\nThe above exception was the direct cause of the following:\n")
        elif context is not None and not exc.__suppress_context__ and id(context) not in seen:
            parts.append(describe_exception(type(context), context, context.__traceback__, seen))
            parts.append("\nDuring handling of the above exception, another occurred:\n")
    lines = ["Traceback (most recent call last):", *_frames(tb)] if tb is not None else []
    text = "" if exc is None or not (exc.args or getattr(exc, "__notes__", None)) else WITHHELD
    lines.append(f"{type_name(exc_type)}{_code(exc)}{': ' + text if text else ''}")
    if isinstance(exc, BaseExceptionGroup):
        for number, inner in enumerate(exc.exceptions, start=1):
            lines.append(f"  +-- sub-exception {number} of {len(exc.exceptions)}:")
            inner_text = describe_exception(type(inner), inner, inner.__traceback__, seen)
            lines.extend(f"  | {line}" for line in inner_text.splitlines())
    parts.append("\n".join(lines))
    return "\n".join(parts)


_lock = threading.Lock()


def _root() -> logging.Logger:
    return logging.getLogger(ROOT)


def current_handler() -> PrivateRotatingFileHandler | None:
    for handler in _root().handlers:
        if isinstance(handler, PrivateRotatingFileHandler):
            return handler
    return None


def setup_logging(data_root: Path, debug: bool = False) -> Path:
    """Send the app's loggers to `carecompanion.log` in the data folder; return its path.

    Nothing is created until something is logged. Calling it again moves the log (tests do).
    `debug` also keeps DEBUG records: more about what the app did, still nothing written by
    the person.
    """
    path = data_root / LOG_NAME
    with _lock:
        stop_logging()
        for kept in (
            path,
            *(path.with_name(f"{LOG_NAME}.{n}") for n in range(1, 1 + BACKUP_COUNT)),
        ):
            with contextlib.suppress(OSError):
                make_private(kept)
        handler = PrivateRotatingFileHandler(path)
        handler.setFormatter(PrivateFormatter())
        handler.addFilter(WithholdExceptionText())
        root = _root()
        root.addHandler(handler)
        root.setLevel(logging.DEBUG if debug else logging.INFO)
        root.propagate = False  # the file is the one home; nothing reaches other handlers
    return path


def stop_logging() -> None:
    """Close the log file (a later `setup_logging` opens one again)."""
    root = _root()
    for handler in list(root.handlers):
        if isinstance(handler, PrivateRotatingFileHandler):
            root.removeHandler(handler)
            with contextlib.suppress(OSError):  # a full disk: what was logged is what it is
                handler.close()


def log_uncaught(
    exc_type: type[BaseException],
    exc: BaseException | None,
    tb: TracebackType | None,
    *,
    where: str = "",
) -> Path | None:
    """Write an unexpected exception to the log, without its text or values.

    Shaped like `sys.excepthook`, for the command line and the window alike. Returns the log
    file when the details were written there, None when logging is not set up or failed.
    """
    handler = current_handler()
    if handler is not None:
        handler.failed = False
    suffix = f" in {where}" if where else ""
    crash = logger("crash")
    if exc is not None:
        crash.critical("Uncaught %s%s", type_name(exc_type), suffix, exc_info=(exc_type, exc, tb))
    else:
        crash.critical(
            "Uncaught %s%s\n%s", type_name(exc_type), suffix, describe_exception(exc_type, None, tb)
        )
    if handler is None or handler.failed:
        return None
    return Path(handler.baseFilename)


def bug_summary(exc_type: type[BaseException], log_file: Path | None) -> str:
    """One calm line about a bug, for stderr: the exception's type, never its text."""
    where = (
        f"details for a bug report are in {log_file}"
        if log_file is not None
        else "the details could not be written to the log"
    )
    return (
        f"something went wrong inside CareCompanion ({exc_type.__name__}); "
        f"your saved entries are safe; {where}."
    )
