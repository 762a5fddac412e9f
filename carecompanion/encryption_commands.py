"""The command line's side of encryption: unlocking before any command, and the commands
`encrypt`, `decrypt` and `passphrase`.

A command on an encrypted journal is unlocked with `--recovery-key-file FILE`, else
`--passphrase-file FILE`, else a passphrase typed at a terminal; with none of them it exits 3
saying the journal is locked. For `encrypt` and `passphrase` the passphrase file holds the new
passphrase (the current one is then asked for at the terminal, or given by a recovery key file).
Secrets are never echoed, logged, or written anywhere but the key file, wrapped.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import datetime
from typing import IO

from carecompanion.db import driver, encryption, keys
from carecompanion.db.errors import JournalLocked
from carecompanion.domain.errors import InvalidInput, InvalidSecret
from carecompanion.paths import PRIVATE_FILE, DataPaths, typed_path

EXIT_OK = 0
SECRET_FILE_LIMIT = 4096
NEW_SECRET_COMMANDS = frozenset({"encrypt", "passphrase"})

WARNING = (
    "Encryption keeps the journal unreadable to anyone without its passphrase or recovery key. "
    "If both are lost, the journal cannot be opened by anyone, including CareCompanion's "
    "makers: keep the recovery key on paper, somewhere safe."
)


def unlock_for(data: DataPaths, args: argparse.Namespace) -> None:
    """Unlock an encrypted journal before `args.command` runs; JournalLocked without a way in."""
    if driver.is_plain(data.journal) is not False:
        return
    if not keys.path_in(data.root).exists():
        if encryption.looks_encrypted(data.journal):
            keys.read(data.root)  # says the key file is missing, and what to do
        return
    if driver.unlocked(data.root):
        return
    command = args.command
    if command == "encrypt":
        raise InvalidInput(
            "journal",
            str(data.journal),
            "a journal that is not encrypted yet; "
            "`carecompanion passphrase` changes the passphrase of one that is",
        )
    recovery_file = getattr(args, "recovery_key_file", None)
    passphrase_file = getattr(args, "passphrase_file", None)
    if recovery_file is not None:
        encryption.unlock(data, recovery_key=_recovery_key_in(recovery_file))
    elif passphrase_file is not None and command not in NEW_SECRET_COMMANDS:
        encryption.unlock(data, passphrase=_read_secret(passphrase_file, "--passphrase-file"))
    elif _can_ask():
        encryption.unlock(data, passphrase=getpass.getpass("Passphrase of the journal: "))
    else:
        raise JournalLocked(encryption.LOCKED.format(root=data.root))


def encrypt(data: DataPaths, args: argparse.Namespace, now: datetime) -> int:
    new = _new_passphrase(args)
    out = _recovery_file(data, args.recovery_key_out) if args.recovery_key_out else None
    print(f"carecompanion: {WARNING}", file=sys.stderr)
    written: list[bool] = []

    def keep(recovery: str) -> None:
        # Before anything is encrypted with the key: a failure later never hides it.
        written.append(out is not None and _write_recovery_key(out, recovery))
        if not written[-1]:
            print(f"Recovery key: {recovery}", flush=True)

    try:
        recovery, done = encryption.encrypt(data, new, keep_recovery=keep)
    finally:
        if out is not None and not written:  # refused, or an existing key was taken
            out.close()
            typed_path(args.recovery_key_out, "--recovery-key-out").unlink(missing_ok=True)
    where = "Write the recovery key down now and keep it safe: it is not shown again."
    if recovery is None:
        where = (
            "It uses the key it shares with the other computer keeping it in step, or with "
            "the backups here: that passphrase and recovery key open it."
        )
    elif written[0]:
        where = (
            f"The recovery key was written to {args.recovery_key_out}; print it or copy it, "
            "then keep it safe."
        )
    extra = f" and {done.backups} backup(s)" if done.backups else ""
    verb = "are" if done.backups else "is"
    print(f"The journal{extra} in {data.root} {verb} now encrypted. {where}")
    _say_left(done)
    return EXIT_OK


def _say_left(done: encryption.Converted) -> None:
    if done.left:
        print(
            f"carecompanion: warning: {len(done.left)} file(s) could not be converted (damaged, "
            f"or encrypted with another key) and were left as they were: {', '.join(done.left)}",
            file=sys.stderr,
        )


def decrypt(data: DataPaths, args: argparse.Namespace, now: datetime) -> int:
    done = encryption.decrypt(data)
    _say_left(done)
    extra = f" and {done.backups} backup(s)" if done.backups else ""
    print(
        f"The journal{extra} in {data.root} {'are' if done.backups else 'is'} no longer "
        "encrypted: anyone using this "
        "computer's account can read them."
    )
    return EXIT_OK


def passphrase(data: DataPaths, args: argparse.Namespace, now: datetime) -> int:
    if driver.is_plain(data.journal) is not False:
        raise InvalidInput(
            "passphrase",
            "(none)",
            "the journal is not encrypted; `carecompanion encrypt` turns encryption on",
        )
    encryption.change_passphrase(data, _new_passphrase(args))
    print("The passphrase is changed; the recovery key stays the same.")
    return EXIT_OK


def _new_passphrase(args: argparse.Namespace) -> str:
    given = getattr(args, "passphrase_file", None)
    if given is not None:
        return keys.check_passphrase(_read_secret(given, "--passphrase-file"))
    if not _can_ask():
        raise InvalidInput(
            "--passphrase-file",
            "(none)",
            "give the new passphrase in a file, or run the command in a terminal to type it",
        )
    first = keys.check_passphrase(getpass.getpass("New passphrase: "))
    if getpass.getpass("The same passphrase again: ") != first:
        raise InvalidSecret("passphrase", "the two passphrases typed differ; nothing was changed")
    return first


def _read_secret(name: str, option: str) -> str:
    path = typed_path(name, option)
    try:
        with path.open("rb") as handle:
            raw = handle.read(SECRET_FILE_LIMIT + 1)
    except OSError as exc:
        raise InvalidInput(option, name, f"a file that can be read ({exc.strerror})") from None
    if not raw.strip():
        raise InvalidSecret(option, f"{name} is empty")
    if len(raw) > SECRET_FILE_LIMIT:
        raise InvalidSecret(option, f"{name} is longer than a passphrase file can be")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidSecret(option, f"{name} is not UTF-8 text") from None
    return text.removesuffix("\n").removesuffix("\r")


def _recovery_key_in(name: str) -> str:
    """The recovery key in a file: as typed, or as `encrypt --recovery-key-out` wrote it (its
    last line that is not empty)."""
    text = _read_secret(name, "--recovery-key-file")
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _recovery_file(data: DataPaths, name: str) -> IO[str]:
    """A new private file for the recovery key, made before anything is encrypted; never in
    the data folder, where anyone holding the folder would hold the key beside the lock."""
    target = typed_path(name, "--recovery-key-out")
    parent = target.parent.resolve()
    if parent == data.root.resolve() or data.root.resolve() in parent.parents:
        raise InvalidInput(
            "--recovery-key-out",
            name,
            "a file outside the data folder (kept beside the "
            "journal, the key would open it for anyone who has the folder)",
        )
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(target, flags, PRIVATE_FILE)
    except FileExistsError:
        raise InvalidInput(
            "--recovery-key-out", name, "a new file (it is never written over an existing one)"
        ) from None
    except OSError as exc:
        raise InvalidInput("--recovery-key-out", name, f"a new file ({exc.strerror})") from None
    return os.fdopen(fd, "w", encoding="utf-8")


def _write_recovery_key(out: IO[str], recovery: str) -> bool:
    """Write and sync; False (and a warning) when the disk refuses, the key then shown instead."""
    try:
        with out:
            out.write(f"CareCompanion recovery key\n\n{recovery}\n")
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        print(
            f"carecompanion: warning: the recovery key could not be written ({exc.strerror}); "
            "it is shown here instead.",
            file=sys.stderr,
        )
        return False
    return True


def _can_ask() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()
