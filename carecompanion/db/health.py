"""Checking a journal file without changing a byte of it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from carecompanion.db.errors import JournalDamaged

SQLITE_HEADER = b"SQLite format 3\x00"


def _read_only(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    # Damage reports can quote raw bytes of the file, which need not be valid UTF-8.
    conn.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
    return conn


def check_file(path: Path, *, full: bool = False) -> None:
    """Raise JournalDamaged unless `path` is a healthy SQLite file. Opens it read-only."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise JournalDamaged(f"The journal {path} cannot be read: {exc.strerror}.") from exc
    if header != SQLITE_HEADER:
        raise JournalDamaged(
            f"The file {path} is not a CareCompanion journal (it is empty, cut short or of "
            "another kind). It has been left untouched."
        )
    pragma = "integrity_check" if full else "quick_check"
    try:
        with closing(_read_only(path)) as conn:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise JournalDamaged(
            f"The journal {path} is damaged ({type(exc).__name__}). It has been left untouched."
        ) from exc
    if [r[0] for r in rows] != ["ok"]:
        raise JournalDamaged(
            f"The journal {path} is damaged ({rows[0][0]}). It has been left untouched."
        )


def stored_revision(path: Path) -> str | None:
    """The migration revision recorded in a healthy file, or None for a file without one."""
    with closing(_read_only(path)) as conn:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            return None
    return str(row[0]) if row else None
