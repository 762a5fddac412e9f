"""The one SQLite driver every journal and backup is opened through, and the keys it needs.

CareCompanion ships SQLCipher's build of SQLite (the `sqlcipher3` wheel): without a key it reads
and writes ordinary SQLite files, byte for byte the same format; with a key every page, of the
journal and of its write-ahead log alike, is encrypted. Using it for plain journals too keeps a
single set of error classes and a single SQLite version, whichever state the journal is in.

Which key a file needs is decided by the file itself: one that starts with SQLite's plain header
needs none. Any other file, and a new file made inside a data folder that has been unlocked, is
opened with that folder's key (`unlock`). A file elsewhere (a backup written with `-o`, a file
to restore) is tried with the most recently unlocked key.
"""

from __future__ import annotations

import contextlib
import stat
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the same DB-API as the standard library's module, which has type stubs
    import sqlite3 as sqlite
else:
    from sqlcipher3 import dbapi2 as sqlite

__all__ = [
    "SQLITE_HEADER",
    "apply_key",
    "connect",
    "is_plain",
    "key_for",
    "lock",
    "lock_all",
    "root_key",
    "sqlite",
    "unlock",
    "unlocked",
]

SQLITE_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32

_lock = threading.Lock()
_keys: dict[Path, bytes] = {}
_latest: list[bytes] = []


def unlock(root: Path, key: bytes) -> None:
    """Open files of the data folder `root` (and new ones made in it) with `key` from now on."""
    if len(key) != KEY_BYTES:
        raise ValueError("a journal key is 32 bytes")
    with _lock:
        _keys[_folder(root)] = key
        _latest[:] = [key]


def lock(root: Path) -> None:
    """Forget the key of `root`; its files can no longer be opened in this process."""
    with _lock:
        key = _keys.pop(_folder(root), None)
        if key is not None and _latest == [key]:
            _latest[:] = list(_keys.values())[-1:]


def lock_all() -> None:
    """Forget every key this process holds."""
    with _lock:
        _keys.clear()
        _latest.clear()


def unlocked(root: Path) -> bool:
    with _lock:
        return _folder(root) in _keys


def root_key(root: Path) -> bytes | None:
    with _lock:
        return _keys.get(_folder(root))


def is_plain(path: Path) -> bool | None:
    """True for a plain SQLite file, False for any other non-empty file, None for none/empty."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None  # a FIFO would make the read below wait for ever
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError:
        return None
    if not header:
        return None
    return header == SQLITE_HEADER


def key_for(path: Path) -> bytes | None:
    """The key `path` is opened with, or None for a plain file (see the module's text)."""
    plain = is_plain(path)
    if plain:
        return None
    with _lock:
        for folder in (_folder(path.parent), _folder(path.parent.parent)):
            if folder in _keys:
                return _keys[folder]
        if plain is False and _latest:
            return _latest[0]
    return None


def connect(
    path: Path, *, mode: str | None = None, key: bytes | Any | None = ..., **kwargs: Any
) -> sqlite.Connection:
    """A connection to `path` (`mode` "ro" or "rw" opens it by URI, never creating it), keyed
    when the file needs it; `key=None` forces a plain connection, `key=b"..."` that key."""
    chosen = key_for(path) if key is ... else key
    target = f"{path.as_uri()}?mode={mode}" if mode is not None else str(path)
    conn: sqlite.Connection = sqlite.connect(target, uri=mode is not None, **kwargs)
    try:
        apply_key(conn, chosen)
    except BaseException:
        conn.close()
        raise
    return conn


def apply_key(conn: sqlite.Connection, key: bytes | None) -> None:
    """Give a new connection its key: the first statement on it, before anything is read."""
    conn.execute("PRAGMA cipher_log_level = NONE")  # SQLCipher would otherwise write to stderr
    if key is not None:
        # A raw key in hex: SQLCipher uses it as it is, with no slow derivation at each opening.
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")


def _folder(path: Path) -> Path:
    with contextlib.suppress(OSError, RuntimeError):
        return path.resolve()
    return path.absolute()
