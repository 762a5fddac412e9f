"""Turning encryption on and off, unlocking, and finishing a conversion that was cut short.

`encrypt` needs sole use. In order, so that a kill at any moment leaves a usable journal, the
plain one or the encrypted one, and never loses the key of an encrypted file:

1. The journal is checked whole and its write-ahead log folded in (a checkpoint).
2. A new key, wrapped by the passphrase and by a new recovery key, is written to
   `encryption.json` (atomically) before any file is encrypted with it.
3. `sqlcipher_export` writes an encrypted copy, `journal.db.encrypting`, which is verified (the
   full integrity check and the same number of rows in every table) and synced; the old log's
   names are removed and the copy takes the name `journal.db` (os.replace, atomic).
4. Every backup and every journal kept aside is converted the same way, each replacing its plain
   file only once its encrypted copy is verified. One that cannot be converted (damaged, or
   encrypted with another key) is left as it is and named, never deleted; a full disk stops
   the conversion (the next opening goes on with it).
5. The draft of an unsaved check-in is sealed with the key.

The recovery key is handed to the caller (`keep_recovery`) as soon as the key file is written,
before anything is encrypted with it, so that a failure later never leaves an encrypted journal
whose recovery key nobody saw.

A plain journal whose key file is still there (an `encrypt` stopped before step 3, or a
`decrypt` stopped after its journal step) has the key file removed at its next opening, once
no encrypted file is left that would need it; an encrypted journal finishes step 4 at its next
opening. `decrypt` runs the same steps the other way round (backups first, the key file last).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from carecompanion.db import backup, driver, keys, sealing
from carecompanion.db.driver import sqlite
from carecompanion.db.errors import JournalBusy, JournalDamaged, JournalLocked, JournalWriteFailed
from carecompanion.db.health import check_file
from carecompanion.db.stored_values import quote
from carecompanion.domain.errors import InvalidInput
from carecompanion.paths import OUR_BACKUP, OUR_SET_ASIDE, DataPaths, make_private

PAGE = 4096  # SQLCipher 4's page size
CONVERTING = ".encrypting"  # journal.db.encrypting: a converted copy before it takes the name
COMPANIONS = ("-wal", "-shm", "-journal")
DRAFT_NAME = "draft.json"
DRAFT_PURPOSE = b"draft of an unsaved check-in"

LOCKED = (
    "The journal in {root} is encrypted and locked. Give its passphrase when asked (run the "
    "command in a terminal), or pass --passphrase-file FILE or --recovery-key-file FILE."
)


@dataclass(frozen=True, slots=True)
class Converted:
    """What a conversion did besides the journal."""

    backups: int
    left: tuple[str, ...] = ()  # files that could not be converted, left as they were


def is_encrypted(paths: DataPaths) -> bool:
    return driver.is_plain(paths.journal) is False and keys.path_in(paths.root).exists()


def describe(paths: DataPaths) -> str:
    """One line for `check`: whether the journal is encrypted, and anything still plain."""
    if driver.is_plain(paths.journal) is not False:
        return "off (anyone using this computer's account can read the journal)"
    plain = [p.name for p in _kept_files(paths) if driver.is_plain(p)]
    if plain:
        return (
            f"on, but {len(plain)} backup(s) or kept copies are still plain; any command that "
            "opens the journal (log, backup, export) encrypts them"
        )
    return "on (the journal and its backups)"


def looks_encrypted(path: Path) -> bool:
    """Not plain SQLite, but whole pages of it: an encrypted journal more likely than damage."""
    if driver.is_plain(path) is not False:
        return False
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            first = handle.read(PAGE)
    except OSError:
        return False
    # Encrypted pages look random: nearly every byte value occurs in one (zeros, text or a
    # truncated file do not).
    random_looking = len(set(first)) >= 200
    return size % PAGE == 0 and random_looking


def unlock(
    paths: DataPaths, *, passphrase: str | None = None, recovery_key: str | None = None
) -> bytes:
    """Unwrap the journal's key (WrongSecret when it does not fit) and use it from now on."""
    keyfile = keys.read(paths.root)
    if passphrase is not None:
        key = keys.open_with_passphrase(keyfile, passphrase)
    elif recovery_key is not None:
        key = keys.open_with_recovery_key(keyfile, recovery_key)
    else:
        raise JournalLocked(LOCKED.format(root=paths.root))
    driver.unlock(paths.root, key)
    return key


def settle(paths: DataPaths) -> None:
    """At opening: refuse a locked journal, and finish a conversion that was cut short."""
    for leftover in _files_of(paths, CONVERTING):
        _remove_with_companions(leftover)
    plain = driver.is_plain(paths.journal)
    keyfile = keys.path_in(paths.root)
    if plain is False and keyfile.exists():
        key = driver.root_key(paths.root)
        if key is None:
            raise JournalLocked(LOCKED.format(root=paths.root))
        _convert_all(paths, key)
        _seal_draft(paths, key)
    elif (
        plain
        and keyfile.exists()
        and not any(driver.is_plain(f) is False for f in _kept_files(paths))
    ):
        keyfile.unlink()  # nothing is encrypted with it: an `encrypt` that never got going
        backup.sync_folder(paths.root)


def shared_key_file(paths: DataPaths) -> keys.KeyFile | None:
    """The key file another computer published in this journal's sync folder, if any.

    Computers that keep one journal in step must seal their change files with one key: a
    computer that turns encryption on where another already has takes that computer's key
    (unwrapped by its passphrase or recovery key) instead of making a new one.
    """
    from carecompanion.services.sync_folder import published_key_file

    try:
        with closing(driver.connect(paths.journal, mode="ro")) as conn:
            row = conn.execute("SELECT id, sync_folder FROM journal_identity").fetchone()
    except sqlite.Error:
        return None
    if row is None or not row[1]:
        return None
    try:
        return keys.parse(published_key_file(Path(row[1]), str(row[0])).read_bytes())
    except (OSError, ValueError):
        return None


def encrypt(
    paths: DataPaths,
    passphrase: str,
    *,
    scrypt_n: int | None = None,
    keep_recovery: Callable[[str], None] | None = None,
) -> tuple[str | None, Converted]:
    """Encrypt the journal and everything kept beside it; returns the recovery key, or None
    when an existing key was taken: another computer's keeping this journal in step (its
    recovery key is the one that computer showed), or the one earlier backups here use."""
    keys.check_passphrase(passphrase)
    if not paths.journal.is_file():
        raise InvalidInput(
            "journal",
            str(paths.journal),
            "a journal that exists: log a check-in or open the app first, then encrypt it",
        )
    if driver.is_plain(paths.journal) is False:
        raise InvalidInput(
            "journal",
            str(paths.journal),
            "a journal that is not encrypted yet; "
            "`carecompanion passphrase` changes the passphrase of one that is",
        )
    shared = shared_key_file(paths)
    with _sole_use(paths):
        check_file(paths.journal, full=True)
        _checkpoint(paths.journal, None)
        recovery: str | None = None
        earlier = _earlier_key_file(paths)
        if earlier is not None:
            keyfile, key = earlier, _open_existing(earlier, passphrase, _EARLIER_KEY)
        elif shared is not None:
            keyfile, key = shared, _open_existing(shared, passphrase, _SHARED_KEY)
        else:
            keyfile, key, recovery = keys.create(passphrase, scrypt_n=scrypt_n)
        keys.write(paths.root, keyfile)
        if recovery is not None and keep_recovery is not None:
            keep_recovery(recovery)
        driver.unlock(paths.root, key)
        _replace_converted(paths.journal, key)
        done = _convert_all(paths, key)
        _seal_draft(paths, key)
    return recovery, done


_SHARED_KEY = (
    "Another computer keeping this journal in step already encrypts it: use its passphrase "
    "(or its recovery key) here too, so that both can read each other's changes. Nothing was "
    "changed."
)
_EARLIER_KEY = (
    "Backups in this data folder are encrypted with the key this journal had before: use the "
    "passphrase (or recovery key) it had, so that they stay readable. Nothing was changed."
)


def _earlier_key_file(paths: DataPaths) -> keys.KeyFile | None:
    """The key file beside a plain journal, when some kept file is still encrypted with it."""
    if not keys.path_in(paths.root).exists():
        return None
    if not any(driver.is_plain(p) is False for p in _kept_files(paths)):
        return None
    return keys.read(paths.root)


def _open_existing(keyfile: keys.KeyFile, passphrase: str, refusal: str) -> bytes:
    try:
        return keys.open_with_passphrase(keyfile, passphrase)
    except keys.WrongSecret:
        try:
            return keys.open_with_recovery_key(keyfile, passphrase)
        except (keys.WrongSecret, ValueError):
            pass
    raise keys.WrongSecret(refusal)


def decrypt(paths: DataPaths) -> Converted:
    """Turn encryption off: every file plain again, then the key file removed (kept while a
    file that could not be converted still needs it)."""
    key = driver.root_key(paths.root)
    if driver.is_plain(paths.journal) is not False or key is None:
        raise InvalidInput(
            "journal", str(paths.journal), "an encrypted journal; this one is not encrypted"
        )
    with _sole_use(paths):
        check_file(paths.journal, full=True)
        done = _convert_all(paths, None)
        _checkpoint(paths.journal, key)
        _replace_converted(paths.journal, None)
        _unseal_draft(paths, key)
        if not any(driver.is_plain(p) is False for p in _kept_files(paths)):
            keys.path_in(paths.root).unlink()
        backup.sync_folder(paths.root)
        driver.lock(paths.root)
    return done


def change_passphrase(paths: DataPaths, new_passphrase: str) -> None:
    """Wrap the same key under a new passphrase; the journal is not rewritten."""
    keys.check_passphrase(new_passphrase)
    key = driver.root_key(paths.root)
    if key is None or driver.is_plain(paths.journal) is not False:
        raise JournalDamaged(
            f"The journal in {paths.root} is not encrypted, so it has no passphrase to change. "
            "`carecompanion encrypt` turns encryption on."
        )
    rewrapped = keys.rewrap(keys.read(paths.root), key, new_passphrase)
    keys.write(paths.root, rewrapped)
    _replace_shared_key_file(paths, rewrapped)


def _replace_shared_key_file(paths: DataPaths, rewrapped: keys.KeyFile) -> None:
    """The copy in the sync folder follows a new passphrase (when it wraps this same key)."""
    from carecompanion.services.sync_folder import published_key_file, write_once

    shared = shared_key_file(paths)
    if shared is None or shared.by_recovery != rewrapped.by_recovery:
        return  # none, or another key's (the recovery wrapping is the same for the same key)
    with closing(driver.connect(paths.journal, mode="ro")) as conn:
        journal_id, folder = conn.execute("SELECT id, sync_folder FROM journal_identity").fetchone()
    place = published_key_file(Path(folder), str(journal_id))
    with contextlib.suppress(OSError):
        write_once(place.parent, place.name, keys.serialised(rewrapped), replace=True)


def match_journal(paths: DataPaths, copy: Path) -> None:
    """Encrypt (or decrypt) `copy`, about to take the journal's place, as the journal is."""
    wanted = driver.root_key(paths.root) if is_encrypted(paths) else None
    if driver.is_plain(copy) != (wanted is None):
        _replace_converted(copy, wanted)


@contextlib.contextmanager
def _sole_use(paths: DataPaths) -> Iterator[None]:
    from carecompanion.db.journal import IN_USE, clear_working_files
    from carecompanion.db.lock import LockFile

    paths.ensure()
    lock = LockFile(paths.lock)
    with lock:
        if not lock.exclusive():
            raise JournalBusy(IN_USE.format(root=paths.root))
        clear_working_files(paths.journal)
        for leftover in _files_of(paths, CONVERTING):
            _remove_with_companions(leftover)
        yield


def _convert_all(paths: DataPaths, key: bytes | None) -> Converted:
    """Convert every backup and journal kept aside that is not yet as `key` wants it."""
    converted = 0
    left: list[str] = []
    for path in _kept_files(paths):
        plain = driver.is_plain(path)
        if plain is None or plain == (key is None):
            continue
        try:
            _replace_converted(path, key)
            converted += 1
        except sqlite.DatabaseError as exc:
            if backup.disk_refused(exc):
                raise JournalWriteFailed(
                    f"The disk holding {paths.root} is full (or refused to write), so "
                    f"{path.name} could not be converted; it is as it was. Free some space, "
                    "then open the journal again: the conversion goes on from there."
                ) from None
            left.append(path.name)  # damaged, or encrypted with another key: never deleted
        except JournalDamaged:
            left.append(path.name)
    return Converted(converted, tuple(left))


def _kept_files(paths: DataPaths) -> list[Path]:
    found: list[Path] = []
    if paths.backups.is_dir():
        found += [p for p in paths.backups.iterdir() if OUR_BACKUP.fullmatch(p.name)]
    found += [p for p in paths.root.glob("journal-*.db") if OUR_SET_ASIDE.fullmatch(p.name)]
    return sorted(p for p in found if p.is_file() and not p.is_symlink())


def _replace_converted(path: Path, key: bytes | None) -> None:
    """Write `path` again encrypted with `key` (plain for None), verify, then replace it."""
    partial = path.with_name(path.name + CONVERTING)
    _remove_with_companions(partial)
    try:
        _export(path, partial, key)
        make_private(partial)
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        check_file(partial, full=True)
        if _row_counts(partial) != _row_counts(path):
            raise JournalDamaged(f"The encrypted copy of {path} does not hold all its rows.")
        for suffix in COMPANIONS:  # left beside the new file, SQLite would replay the old log
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        stamp = path.stat()
        os.utime(partial, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # backups go by their time
        partial.replace(path)
        backup.sync_folder(path.parent)
    finally:
        _remove_with_companions(partial)


def _export(source: Path, target: Path, key: bytes | None) -> None:
    secret = "''" if key is None else f"\"x'{key.hex()}'\""
    with closing(driver.connect(source, isolation_level=None)) as conn:
        conn.execute(f"ATTACH DATABASE ? AS converted KEY {secret}", (str(target),))
        conn.execute("SELECT sqlcipher_export('converted')")
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA converted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE converted")


def _row_counts(path: Path) -> dict[str, int]:
    with closing(driver.connect(path, mode="ro")) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        count = "SELECT count(*) FROM {}"
        return {t: conn.execute(count.format(quote(t))).fetchone()[0] for t in tables}


def _checkpoint(journal: Path, key: bytes | None) -> None:
    with closing(driver.connect(journal, key=key, isolation_level=None)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _files_of(paths: DataPaths, ending: str) -> list[Path]:
    found = list(paths.root.glob(f"*{ending}"))
    if paths.backups.is_dir():
        found += list(paths.backups.glob(f"*{ending}"))
    return found


def _remove_with_companions(path: Path) -> None:
    for suffix in ("", *COMPANIONS):
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            Path(f"{path}{suffix}").unlink()


def _seal_draft(paths: DataPaths, key: bytes) -> None:
    _rewrite_draft(paths, lambda data: data if sealing.is_sealed(data) else _sealed(key, data))


def _unseal_draft(paths: DataPaths, key: bytes) -> None:
    def opened(data: bytes) -> bytes:
        if not sealing.is_sealed(data):
            return data
        try:
            return sealing.unseal(key, data, DRAFT_PURPOSE)
        except sealing.Unsealable:
            return b""

    _rewrite_draft(paths, opened)


def _sealed(key: bytes, data: bytes) -> bytes:
    return sealing.seal(key, data, DRAFT_PURPOSE)


def _rewrite_draft(paths: DataPaths, change: Callable[[bytes], bytes]) -> None:
    draft = paths.root / DRAFT_NAME
    try:
        data = draft.read_bytes()
    except OSError:
        return
    new = change(data)
    if new == data:
        return
    partial = draft.with_name(draft.name + ".partial")
    partial.unlink(missing_ok=True)
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(new)
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(draft)
