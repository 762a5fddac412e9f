"""The command line: argument parsing and the headless commands (log, demo, backup, ...).

Exit codes: 0 success; 2 bad input or usage; 3 the journal cannot be used; 1 a bug.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import logging
import os
import platform
import re
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from carecompanion import __version__, logs, paths
from carecompanion.db.driver import sqlite
from carecompanion.db.errors import JournalUnavailable
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.symptoms import CORE_SYMPTOMS, SCORE_RANGE_TEXT, parse_score

EXIT_OK, EXIT_BUG, EXIT_USAGE, EXIT_UNAVAILABLE = 0, 1, 2, 3
# The reader of our output went away (`carecompanion check | head -1`). A C tool would be killed
# by SIGPIPE and the shell would report 128 + 13 = 141; we exit quietly with that same code.
# Python's own recipe and click use 1, which here means "a bug"; 0 would claim the command
# finished (a `check` cut short has not checked everything), and `set -o pipefail` scripts
# should see what they see for `git log | head -1`.
EXIT_CLOSED_PIPE = 141
EXPORT_FORMATS = ("pdf", "json", "csv", "fhir")
VIEWS = (
    "today",
    "history",
    "treatments",
    "medications",
    "tests",
    "questions",
    "learn",
    "trials",
    "export",
)


# Qt's own command-line options (QGuiApplication, QApplication and the X11 platform), with
# one or two dashes, or with "=value": they go to Qt untouched when the window opens, and are
# refused beside a command, which opens no window.
QT_OPTIONS_WITH_VALUE = frozenset(
    {
        "platform",
        "platformpluginpath",
        "platformtheme",
        "plugin",
        "qmljsdebugger",
        "qwindowgeometry",
        "qwindowicon",
        "qwindowtitle",
        "session",
        "style",
        "stylesheet",
        "display",
        "geometry",
    }
)
QT_FLAGS = frozenset({"reverse", "widgetcount", "nograb", "dograb", "sync"})
FONT_SCALES = (0.5, 4.0)


def split_qt_options(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """(ours, Qt's): Qt's options with their values taken out, so that `-style fusion` is not
    read as the command "fusion". Nothing after `--` is taken."""
    ours: list[str] = []
    qt: list[str] = []
    tokens = iter(argv)
    for token in tokens:
        if token == "--":  # noqa: S105 (the end of options, not a password)
            ours += [token, *tokens]
            break
        name, has_value, _ = token.lstrip("-").partition("=")
        dashes = len(token) - len(token.lstrip("-"))
        if dashes in (1, 2) and name in QT_FLAGS and not has_value:
            qt.append(token)
        elif dashes in (1, 2) and name in QT_OPTIONS_WITH_VALUE:
            qt.append(token)
            if not has_value:
                value = next(tokens, None)
                if value is not None:
                    qt.append(value)
        else:
            ours.append(token)
    return ours, qt


def _font_scale(text: str) -> float:
    low, high = FONT_SCALES
    try:
        scale = float(text)
    except ValueError:
        scale = 0.0
    if not low <= scale <= high or re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", text.strip()) is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not allowed; a number from {low:g} to {high:g}, such as 2 for 200 % text"
        )
    return scale


def _score(text: str) -> int:
    try:
        return parse_score(text)
    except InvalidInput:
        raise argparse.ArgumentTypeError(f"{text!r} is not allowed; {SCORE_RANGE_TEXT}") from None


def _named_score(text: str) -> tuple[str, int]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(
            f"{text!r} is not allowed; write NAME=N, such as drowsiness=3"
        )
    vital = name.strip().casefold()
    if vital in ("temperature", "temp", "weight"):
        option = "--weight" if vital == "weight" else "--temperature"
        raise argparse.ArgumentTypeError(
            f"{text!r} is not allowed; a {vital} is not a 0-10 score: use {option} {value.strip()}"
        )
    return name.strip(), _score(value.strip())


def _number(text: str) -> float:
    """A plain number (digits and a point); its range is the domain's rule."""
    if re.fullmatch(r"[0-9]{1,6}(?:\.[0-9]{1,6})?", text.strip()) is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not allowed; a number of hours, more than 0 and at most 72, such as 4"
        )
    return float(text)


def _whole(text: str) -> int:
    """A whole number; its range is the domain's rule."""
    if re.fullmatch(r"[0-9]{1,6}", text.strip()) is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not allowed; a whole number of doses from 1 to 24, such as 6"
        )
    return int(text)


def _positive_int(text: str) -> int:
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 36500:
        raise argparse.ArgumentTypeError(f"{text!r} is not allowed; use a whole number of days")
    return int(text)


def _seed(text: str) -> int:
    if not text.isascii() or not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not allowed; a seed is a whole number")
    return int(text)


class _Once(argparse.Action):
    """An option that may be given once: `--temperature 38 --temperature 37` would otherwise
    keep the last and drop a fever without a word."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        if getattr(namespace, self.dest, None) is not None:
            parser.error(f"argument {option_string}: give it once")
        setattr(namespace, self.dest, values)


def build_parser() -> argparse.ArgumentParser:
    data_dir = argparse.ArgumentParser(add_help=False)
    data_dir.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help=f"journal folder (default: ${paths.ENV_VAR} or your user data folder)",
    )
    data_dir.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help=f"write more detail to {logs.LOG_NAME} (never what you wrote)",
    )
    for option, what in (
        (
            "--passphrase-file",
            "a file holding the passphrase (for encrypt and passphrase: the new one)",
        ),
        (
            "--recovery-key-file",
            "a file holding the recovery key, to unlock without the passphrase",
        ),
    ):
        data_dir.add_argument(option, metavar="FILE", default=argparse.SUPPRESS, help=what)
    parser = argparse.ArgumentParser(
        prog="carecompanion",
        description="A private, offline symptom journal and care-planning companion.",
        parents=[data_dir],
    )
    parser.add_argument("--version", action="version", version=f"carecompanion {__version__}")
    parser.add_argument("--demo", action="store_true", help="open on a throw-away sample journal")
    parser.add_argument("--screenshot", metavar="FILE.png", help="render the window and exit")
    parser.add_argument("--view", choices=VIEWS, default="today", help="page for --screenshot")
    parser.add_argument(
        "--theme",
        choices=("system", "light", "dark"),
        default="system",
        help="colours: follow the desktop (default), or always light or dark",
    )
    parser.add_argument(
        "--font-scale",
        type=_font_scale,
        default=1.0,
        metavar="N",
        help="text size as a multiple of the system font, e.g. 2 for 200 %%",
    )
    parser.epilog = (
        "Qt's own options (-style, -platform, -platformtheme, -reverse, ...) are passed to Qt "
        "when the window opens."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    log = commands.add_parser("log", parents=[data_dir], help="record a check-in")
    for symptom in CORE_SYMPTOMS:
        log.add_argument(
            f"--{symptom.key}",
            type=_score,
            action=_Once,
            metavar="N",
            help=f"{symptom.label} 0-10",
        )
    log.add_argument(
        "--score",
        type=_named_score,
        action="append",
        default=[],
        metavar="NAME=N",
        help="another symptom's score, e.g. --score drowsiness=3",
    )
    log.add_argument(
        "--temperature",
        action=_Once,
        metavar="DEGREES",
        help="temperature, in the profile's unit or with one: 38.2, 38.2C, 100.8F",
    )
    log.add_argument(
        "--weight",
        action=_Once,
        metavar="WEIGHT",
        help="weight, in the profile's unit or with one: 61.5, 135lb",
    )
    log.add_argument("--note", action=_Once, help="a note in your own words")
    log.add_argument("--by", choices=("patient", "caregiver"), default="patient")
    log.add_argument("--at", action=_Once, metavar="ISO-8601", help="when, if earlier than now")

    med = commands.add_parser("med", parents=[data_dir], help="add, list or stop a medication")
    med_actions = med.add_subparsers(dest="med_action", metavar="ACTION", required=True)
    med_add = med_actions.add_parser("add", parents=[data_dir], help="add a medication")
    med_add.add_argument("name", metavar="NAME", help='as on the label, e.g. "Oxycodone 5 mg"')
    med_add.add_argument("--dose", default="", help='as on the label, e.g. "5 mg capsule"')
    med_add.add_argument("--as-needed", action="store_true", help="taken when needed")
    med_add.add_argument("--for", dest="purpose", default="", metavar="SYMPTOM", help="e.g. pain")
    med_add.add_argument(
        "--min-hours", type=_number, metavar="H", help="the label's least hours between doses"
    )
    med_add.add_argument(
        "--max-per-day", type=_whole, metavar="N", help="the label's most doses in 24 hours"
    )
    med_add.add_argument("--from", dest="start", metavar="DATE", help="started (default today)")
    med_actions.add_parser("list", parents=[data_dir], help="list the medications")
    med_stop = med_actions.add_parser("stop", parents=[data_dir], help="stop a medication")
    med_stop.add_argument("name", metavar="NAME")
    med_stop.add_argument("--on", metavar="DATE", help="the last day (default today)")

    dose = commands.add_parser("dose", parents=[data_dir], help="log a dose taken")
    dose.add_argument("name", metavar="NAME", help="the medication, as added")
    dose.add_argument("--at", action=_Once, metavar="ISO-8601", help="when, if earlier than now")
    dose.add_argument("--by", choices=("patient", "caregiver"), default="patient")

    demo = commands.add_parser("demo", parents=[data_dir], help="fill an empty journal")
    demo.add_argument("--days", type=_positive_int, default=90)
    demo.add_argument("--seed", type=_seed, default=1)

    backup = commands.add_parser("backup", parents=[data_dir], help="take a snapshot")
    backup.add_argument("-o", "--output", metavar="FILE", help="where to write it")

    restore = commands.add_parser("restore", parents=[data_dir], help="restore a backup")
    restore.add_argument("file", metavar="FILE")

    commands.add_parser("check", parents=[data_dir], help="check the journal and its backups")

    encrypt = commands.add_parser(
        "encrypt", parents=[data_dir], help="encrypt the journal and its backups"
    )
    encrypt.add_argument(
        "--recovery-key-out", metavar="FILE", help="write the recovery key to this new file"
    )
    commands.add_parser("decrypt", parents=[data_dir], help="turn encryption off")
    commands.add_parser("passphrase", parents=[data_dir], help="change the passphrase")

    export = commands.add_parser("export", parents=[data_dir], help="write a file for others")
    export.add_argument("format", choices=EXPORT_FORMATS)
    export.add_argument("-o", "--output", metavar="FILE", required=True)
    export.add_argument(
        "--from", dest="start", metavar="DATE", help="first day (default: 30 days ago)"
    )
    export.add_argument("--to", dest="end", metavar="DATE", help="last day (default: today)")
    export.add_argument(
        "--full-log",
        action="store_true",
        help="pdf: add every check-in of the period with its note",
    )

    importing = commands.add_parser(
        "import", parents=[data_dir], help="merge a JSON or CSV file into the journal"
    )
    importing.add_argument("file", metavar="FILE")
    importing.add_argument(
        "--dry-run", action="store_true", help="say what would change, and change nothing"
    )
    importing.add_argument(
        "--merge-other-journal",
        action="store_true",
        help="merge a file from another person's journal (refused without this)",
    )
    syncing = commands.add_parser(
        "sync", parents=[data_dir], help="exchange changes with the sync folder now"
    )
    syncing.add_argument(
        "--folder",
        metavar="DIR",
        help="the folder your sync tool keeps in step (remembered; default: the one chosen)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(0o077)  # every file the app creates is private to the user
    try:
        try:
            return _main(argv)
        finally:
            if sys.stdout is not None:  # None in a windowed bundle
                sys.stdout.flush()  # a closed pipe shows up here when the output was buffered
    except BrokenPipeError:
        _quiet_closed_stdout()
        return EXIT_CLOSED_PIPE
    finally:
        logs.stop_logging()


def _quiet_closed_stdout() -> None:
    """Point stdout at os.devnull, so the interpreter's last flush has nowhere to fail."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _refused(exc: InvalidInput | JournalUnavailable) -> int:
    """Say why in one line: bad input is exit 2, a journal that cannot be used exit 3."""
    if isinstance(exc, InvalidInput):
        print(f"carecompanion: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"carecompanion: {exc}", file=sys.stderr)
    return EXIT_UNAVAILABLE


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    ours, qt_args = split_qt_options(sys.argv[1:] if argv is None else argv)
    # Known-args parsing for the window only: Qt has more options than we can list (per
    # platform), so a single-dash option we do not know goes to Qt too. Beside a command,
    # anything unknown is still an error, and so is a misspelt --option of ours.
    args, unknown = parser.parse_known_args(ours)
    if args.command is not None and qt_args:
        parser.error(
            f"{' '.join(qt_args)}: Qt's options go with opening the window, not with a command"
        )
    passed_on = args.command is None and all(
        u.startswith("-") and not u.startswith("--") for u in unknown
    )
    if unknown and not passed_on:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    qt_args += unknown
    try:
        data = _data_folder(args)
    except (InvalidInput, JournalUnavailable) as exc:
        return _refused(exc)
    debug: bool = getattr(args, "debug", False)
    logs.setup_logging(data.root, debug=debug)
    log = logs.logger("cli")
    if log.isEnabledFor(logging.DEBUG):  # naming the system reads files: only when kept
        log.debug(
            "carecompanion %s, Python %s, %s; command %s",
            __version__,
            platform.python_version(),
            platform.platform(),
            args.command or "window",
        )
    try:
        secret_files = ("passphrase_file", "recovery_key_file")
        if args.command is not None or any(getattr(args, f, None) for f in secret_files):
            from carecompanion.encryption_commands import unlock_for

            unlock_for(data, args)
        if args.command is None:
            from carecompanion.app import run

            return run(
                data,
                demo=args.demo,
                screenshot=args.screenshot,
                view=args.view,
                qt_args=qt_args,
                theme=args.theme,
                font_scale=args.font_scale,
            )
        from carecompanion import commands

        handler = getattr(commands, "import_" if args.command == "import" else args.command)
        result: int = handler(data, args, datetime.now(UTC))
        return result
    except (InvalidInput, JournalUnavailable) as exc:
        return _refused(exc)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        raise  # the reader went away: main() exits quietly
    except Exception as exc:
        if _disk_full(exc):
            print(f"carecompanion: {DISK_FULL}", file=sys.stderr)
            return EXIT_UNAVAILABLE
        log_file = logs.log_uncaught(type(exc), exc, exc.__traceback__, where=str(args.command))
        print(f"carecompanion: {logs.bug_summary(type(exc), log_file)}", file=sys.stderr)
        return EXIT_BUG


DISK_FULL = (
    "The disk is full, so the command could not finish; what was saved before is safe. "
    "Free some space, then try again."
)


def _disk_full(exc: BaseException) -> bool:
    """ENOSPC anywhere, or SQLite's (also inside SQLAlchemy's) "database or disk is full"."""
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    found = getattr(exc, "orig", exc)
    return isinstance(found, sqlite.OperationalError) and "disk is full" in str(found)


def _data_folder(args: argparse.Namespace) -> paths.DataPaths:
    """The data folder, checked before anything is written there (the log included).

    An empty --data-dir or CARECOMPANION_DATA_DIR, or a path that is a file, is bad input; a
    folder others can change is refused (JournalUnavailable); one they can look into is used
    with a warning. The window's folder is made here, so that it opens on a checked folder.
    """
    data = paths.resolve(getattr(args, "data_dir", None))
    for warning in data.inspect():
        print(f"carecompanion: warning: {warning}", file=sys.stderr)
    if args.command is None and not args.demo:
        data.ensure()
    return data
