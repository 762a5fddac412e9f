"""Checking a journal file without changing a byte of it, nor leaving anything beside it.

`check_file` asks SQLite whether a file is a healthy database; the full check also reads every
value of a CareCompanion journal (see `check_values`). `verify_journal` goes further for a file
about to take the journal's place (a restore): it must be a whole CareCompanion journal of a
version this program knows, with exactly the schema that version's migrations build (tables,
columns, constraints, indexes; no trigger, no view, nothing extra), no broken foreign key, and
values that keep the domain's rules, none dated in the future, so that nothing in it can act
behind the app's back or stop the app from reading it.

A read-only connection to a journal in WAL mode creates `-wal` and `-shm` files and cannot
remove them when it closes. So a check opens a file that has none of them beside it read-write,
with writes refused (`query_only`): nothing is recovered or written, and SQLite removes what it
made when the connection closes. A file with them beside it (in use, or left by a crash) is
opened read-only, which replays nothing into it.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from carecompanion.db import driver
from carecompanion.db.driver import sqlite
from carecompanion.db.errors import (
    JournalDamaged,
    JournalTooNew,
    JournalUnavailable,
    JournalWriteFailed,
)
from carecompanion.db.stored_values import (
    NOTHING_CHANGED,
    check_values,
    lenient,
    quote,
)

SQLITE_HEADER = driver.SQLITE_HEADER
NOT_OURS = "The file {path} is not a CareCompanion journal or backup ({why}). Nothing was changed."
LEFT_UNTOUCHED = (
    "It has been left untouched; `carecompanion restore FILE` puts a good backup in its place."
)
COMPANIONS = ("-wal", "-shm", "-journal")  # the files SQLite keeps beside a database

Schema = dict[tuple[str, str], Any]


def _read_only(path: Path) -> sqlite.Connection:
    conn = driver.connect(path, mode="ro")
    # Damage reports can quote raw bytes of the file, which need not be valid UTF-8.
    conn.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
    return conn


def check_file(path: Path, *, full: bool = False, label: object = None) -> None:
    """Raise JournalDamaged unless `path` is a healthy SQLite file. Opens it read-only.

    Messages name `label` (the file as the person knows it) when given, else `path`.
    """
    shown = path if label is None else label
    header = check_header(path, label=shown)
    pragma = "integrity_check" if full else "quick_check"
    try:
        with checking(path) as conn:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
            if [r[0] for r in rows] != ["ok"]:
                raise JournalDamaged(
                    f"The journal {shown} is damaged ({rows[0][0]}). It has been left untouched."
                )
            if full and _has_table(conn, "alembic_version"):
                check_values(conn, shown, then=LEFT_UNTOUCHED)
    except sqlite.OperationalError as exc:
        extended = getattr(exc, "sqlite_errorcode", 0)
        if _code(exc) in _CANNOT_WRITE_BESIDE or extended in _SHM_FAILED:
            # Reading a journal in WAL mode needs a small index file beside it; a full disk or
            # a folder that cannot be written stops that, which is no damage to the journal.
            raise JournalUnavailable(
                f"The journal {shown} cannot be opened: its folder cannot be written to (the "
                "disk may be full, or the folder read-only). The journal is not changed. Free "
                "some space or make the folder writable, then try again."
            ) from exc
        raise JournalDamaged(
            f"The journal {shown} is damaged ({type(exc).__name__}). It has been left untouched."
        ) from exc
    except (sqlite.DatabaseError, UnicodeDecodeError) as exc:
        if header != SQLITE_HEADER:
            raise JournalDamaged(
                f"The journal {shown} cannot be read with its key: the key file beside it "
                "(encryption.json) may belong to another journal, or the journal is damaged. "
                "It has been left untouched."
            ) from exc
        raise JournalDamaged(
            f"The journal {shown} is damaged ({type(exc).__name__}). It has been left untouched."
        ) from exc


def check_header(path: Path, *, label: object = None) -> bytes:
    """Raise JournalDamaged unless `path` starts as a journal does (SQLite's header, or any
    bytes of a file there is a key for); return what it starts with. Reads 16 bytes."""
    shown = path if label is None else label
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise JournalDamaged(f"The journal {shown} cannot be read: {exc.strerror}.") from exc
    if header != SQLITE_HEADER and not (header and driver.key_for(path) is not None):
        raise JournalDamaged(
            f"The file {shown} is not a CareCompanion journal (it is empty, cut short or of "
            "another kind). It has been left untouched."
        )
    return header


# SQLite's result codes for a file it could not create or write beside the journal, and the
# extended I/O codes of its shared-memory index (SHMOPEN, SHMSIZE, SHMMAP): a read error of the
# journal itself stays "damaged".
_CANNOT_WRITE_BESIDE = {sqlite.SQLITE_FULL, sqlite.SQLITE_READONLY, sqlite.SQLITE_CANTOPEN}
_SHM_FAILED = {4618, 4874, 5386}


@contextmanager
def checking(path: Path) -> Iterator[sqlite.Connection]:
    """A connection that reads `path`, changes nothing in it and leaves nothing beside it.

    Without -wal, -shm or -journal beside the file, nothing is open on it and nothing needs
    replaying: it is opened read-write with writes refused, so that SQLite removes the -wal and
    -shm it makes as the connection closes (a read-only one leaves them). Otherwise, or where the
    file or folder cannot be written, read-only. Either way CHECK constraints are left to
    `check_values` (SQLite ignores them read-only), so both report them in the same words.
    """
    conn: sqlite.Connection | None = None
    if not any(Path(f"{path}{ending}").exists() for ending in COMPANIONS):
        conn = driver.connect(path, mode="rw", isolation_level=None)
        try:
            conn.execute("PRAGMA query_only=ON")
            conn.execute("PRAGMA ignore_check_constraints=ON")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the log now
        except sqlite.OperationalError as exc:
            conn.close()
            if _code(exc) not in (sqlite.SQLITE_CANTOPEN, sqlite.SQLITE_READONLY):
                raise
            conn = None
        except BaseException:
            conn.close()
            raise
    if conn is None:
        conn = _read_only(path)
    conn.text_factory = lenient
    try:
        yield conn
    finally:
        conn.close()


def _code(exc: sqlite.Error) -> int:
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF


def _has_table(conn: sqlite.Connection, name: str) -> bool:
    row = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return bool(row[0])


def stored_revision(path: Path) -> str | None:
    """The migration revision recorded in a healthy file, or None for a file without one."""
    with checking(path) as conn:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite.OperationalError:
            return None
    return str(row[0]) if row else None


def verify_journal(path: Path, *, label: object = None, now: datetime | None = None) -> str:
    """Raise unless `path` is a whole, healthy journal this version can open; return its revision.

    JournalDamaged for anything that is not exactly a CareCompanion journal or holds a value
    that breaks the domain's rules (with `now`, a time after it too), JournalTooNew for one a
    newer version wrote. Messages name `label` when given. Meant for a private copy in
    rollback-journal mode (see restore).
    """
    from carecompanion.db.migrate import known_revisions

    shown = path if label is None else label
    check_file(path, label=shown)
    try:
        with closing(driver.connect(path, isolation_level=None)) as conn:
            conn.text_factory = lenient
            conn.execute("PRAGMA query_only=ON")
            conn.execute("PRAGMA ignore_check_constraints=ON")  # check_values names them
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            if problems != ["ok"]:
                raise JournalDamaged(
                    f"The journal {shown} is damaged ({problems[0]}). Nothing was changed."
                )
            revision = _revision(conn, shown)
            if revision not in known_revisions():
                raise JournalTooNew(
                    f"The backup {shown} was made by a newer version of CareCompanion; "
                    "install that version to restore it. Nothing was changed."
                )
            difference = _difference(describe_schema(conn), expected_schema(revision))
            if difference:
                raise JournalDamaged(NOT_OURS.format(path=shown, why=difference))
            if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
                raise JournalDamaged(
                    NOT_OURS.format(path=shown, why="scores point at check-ins it does not hold")
                )
            check_values(conn, shown, now=now, then=NOTHING_CHANGED)
    except sqlite.DatabaseError as exc:
        raise JournalDamaged(
            f"The journal {shown} is damaged ({type(exc).__name__}). Nothing was changed."
        ) from exc
    return revision


def _revision(conn: sqlite.Connection, shown: object) -> str:
    has_table = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).fetchone()[0]
    if not has_table:
        raise JournalDamaged(NOT_OURS.format(path=shown, why="it has no version record"))
    rows = conn.execute("SELECT version_num, typeof(version_num) FROM alembic_version").fetchall()
    if len(rows) != 1 or rows[0][1] != "text":
        raise JournalDamaged(NOT_OURS.format(path=shown, why="its version record is not one"))
    return str(rows[0][0])


@lru_cache(maxsize=8)
def expected_schema(revision: str) -> Schema:
    """The schema of a journal at `revision`, read from a fresh one its migrations build."""
    from carecompanion.db.migrate import upgrade

    try:
        with tempfile.TemporaryDirectory(prefix="carecompanion-schema-") as folder:
            fresh = Path(folder) / "expected.db"
            upgrade(fresh, revision)
            with closing(_read_only(fresh)) as conn:
                return describe_schema(conn)
    except (OSError, sqlite.Error, SQLAlchemyError) as exc:
        raise JournalWriteFailed(
            "A journal to compare the backup with could not be made in the temporary folder "
            f"{tempfile.gettempdir()} ({type(exc).__name__}); it may be full. Nothing was changed."
        ) from exc


def describe_schema(conn: sqlite.Connection) -> Schema:
    """Everything that makes up a schema: each object's normalised SQL and, for each table,
    its columns, indexes (with their columns) and foreign keys as SQLite reports them."""
    schema: Schema = {("encoding", ""): conn.execute("PRAGMA encoding").fetchone()[0]}
    objects = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    for kind, name, table, sql in objects:
        schema[(kind, name)] = (table, None if sql is None else normal_sql(sql))
    for kind, name, _, _ in objects:
        if kind != "table":
            continue
        quoted = quote(name)
        schema[("columns", name)] = conn.execute(f"PRAGMA table_xinfo({quoted})").fetchall()
        schema[("foreign keys", name)] = conn.execute(
            f"PRAGMA foreign_key_list({quoted})"
        ).fetchall()
        indexes = sorted(conn.execute(f"PRAGMA index_list({quoted})").fetchall(), key=_by_name)
        schema[("indexes", name)] = [row[1:] for row in indexes]  # leave out the order number
        for index in indexes:
            schema[("index columns", index[1])] = conn.execute(
                f"PRAGMA index_xinfo({quote(index[1])})"
            ).fetchall()
    return schema


def _by_name(row: tuple[Any, ...]) -> str:
    return str(row[1])


_LITERAL = re.compile(r"'(?:[^']|'')*'")


def normal_sql(sql: str) -> str:
    """SQL with the differences that change nothing taken out: identifier quotes, case outside
    string literals, and spacing."""
    parts: list[str] = []
    last = 0
    for literal in _LITERAL.finditer(sql):
        parts.append(_normal_words(sql[last : literal.start()]))
        parts.append(literal.group())
        last = literal.end()
    parts.append(_normal_words(sql[last:]))
    return "".join(parts).strip()


def _normal_words(text: str) -> str:
    text = re.sub(r'["`\[\]]', "", text).casefold()
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" ?([(),]) ?", r"\1", text)


_OBJECTS = ("table", "index", "trigger", "view")  # the kinds of rows in sqlite_master
_ARTICLE = {"table": "a table", "index": "an index", "trigger": "a trigger", "view": "a view"}
_PARTS = {
    "table": "its table {} is defined differently",
    "index": "its index {} is defined differently",
    "columns": "the columns of its table {} differ",
    "foreign keys": "the links of its table {} differ",
    "indexes": "the indexes of its table {} differ",
    "index columns": "the columns of its index {} differ",
    "encoding": "its text encoding differs",
}


def _difference(found: Schema, expected: Schema) -> str:
    """In plain words, the first way `found` differs from `expected`; "" when they agree.

    Names are only ever taken from `expected`: what a foreign file calls its objects is not
    repeated."""

    def first(keys: set[tuple[str, str]]) -> tuple[str, str]:
        rank = {kind: n for n, kind in enumerate(_OBJECTS)}
        return min(keys, key=lambda k: (rank.get(k[0], len(rank)), k))

    extra = found.keys() - expected.keys()
    if extra:
        kind = first(extra)[0]
        return f"it holds {_ARTICLE.get(kind, 'something')} that a journal does not have"
    missing = expected.keys() - found.keys()
    if missing:
        kind, name = first(missing)
        return f"it has no {kind} {name}" if kind in _OBJECTS else "a part of it is missing"
    differing = {key for key in expected if found[key] != expected[key]}
    if differing:
        kind, name = first(differing)
        return _PARTS.get(kind, "its {} differs").format(name) + " from a journal's"
    return ""
