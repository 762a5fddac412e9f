"""Checking a journal file without changing a byte of it.

`check_file` asks SQLite whether a file is a healthy database. `verify_journal` goes further for
a file about to take the journal's place (a restore): it must be a whole CareCompanion journal of
a version this program knows, with exactly the schema that version's migrations build (tables,
columns, constraints, indexes; no trigger, no view, nothing extra), no broken foreign key, and
values of the kinds its columns hold, so that nothing in it can act behind the app's back or stop
the app from reading it.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from carecompanion.db.errors import JournalDamaged, JournalTooNew, JournalWriteFailed
from carecompanion.domain.records import (
    Actionable,
    EndReason,
    QuestionSource,
    QuestionStatus,
    Recorder,
    Response,
    TestKind,
    TreatmentCategory,
    TreatmentSetting,
    TrialPhase,
)

SQLITE_HEADER = b"SQLite format 3\x00"
NOT_OURS = "The file {path} is not a CareCompanion journal or backup ({why}). Nothing was changed."

Schema = dict[tuple[str, str], Any]


def _read_only(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    # Damage reports can quote raw bytes of the file, which need not be valid UTF-8.
    conn.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
    return conn


def check_file(path: Path, *, full: bool = False, label: object = None) -> None:
    """Raise JournalDamaged unless `path` is a healthy SQLite file. Opens it read-only.

    Messages name `label` (the file as the person knows it) when given, else `path`.
    """
    shown = path if label is None else label
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise JournalDamaged(f"The journal {shown} cannot be read: {exc.strerror}.") from exc
    if header != SQLITE_HEADER:
        raise JournalDamaged(
            f"The file {shown} is not a CareCompanion journal (it is empty, cut short or of "
            "another kind). It has been left untouched."
        )
    pragma = "integrity_check" if full else "quick_check"
    try:
        with closing(_read_only(path)) as conn:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise JournalDamaged(
            f"The journal {shown} is damaged ({type(exc).__name__}). It has been left untouched."
        ) from exc
    if [r[0] for r in rows] != ["ok"]:
        raise JournalDamaged(
            f"The journal {shown} is damaged ({rows[0][0]}). It has been left untouched."
        )


def stored_revision(path: Path) -> str | None:
    """The migration revision recorded in a healthy file, or None for a file without one."""
    with closing(_read_only(path)) as conn:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
            return None
    return str(row[0]) if row else None


def verify_journal(path: Path, *, label: object = None) -> str:
    """Raise unless `path` is a whole, healthy journal this version can open; return its revision.

    JournalDamaged for anything that is not exactly a CareCompanion journal, JournalTooNew for
    one a newer version wrote. Messages name `label` when given. Meant for a private copy in
    rollback-journal mode (see restore): SQLite checks CHECK constraints only on a connection
    that could write, so this one could, though it only reads (`query_only`).
    """
    from carecompanion.db.migrate import known_revisions

    shown = path if label is None else label
    check_file(path, label=shown)
    try:
        with closing(sqlite3.connect(path, isolation_level=None)) as conn:
            conn.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
            conn.execute("PRAGMA query_only=ON")
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
            _check_values(conn, shown)
    except sqlite3.DatabaseError as exc:
        raise JournalDamaged(
            f"The journal {shown} is damaged ({type(exc).__name__}). Nothing was changed."
        ) from exc
    return revision


def _revision(conn: sqlite3.Connection, shown: object) -> str:
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
    except (OSError, sqlite3.Error, SQLAlchemyError) as exc:
        raise JournalWriteFailed(
            "A journal to compare the backup with could not be made in the temporary folder "
            f"{tempfile.gettempdir()} ({type(exc).__name__}); it may be full. Nothing was changed."
        ) from exc


def describe_schema(conn: sqlite3.Connection) -> Schema:
    """Everything that makes up a schema: each object's normalised SQL and, for each table,
    its columns, indexes (with their columns) and foreign keys as SQLite reports them."""
    schema: Schema = {("encoding", ""): conn.execute("PRAGMA encoding").fetchone()[0]}
    objects = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    for kind, name, table, sql in objects:
        schema[(kind, name)] = (table, None if sql is None else normal_sql(sql))
    for kind, name, _, _ in objects:
        if kind != "table":
            continue
        quoted = _quote(name)
        schema[("columns", name)] = conn.execute(f"PRAGMA table_xinfo({quoted})").fetchall()
        schema[("foreign keys", name)] = conn.execute(
            f"PRAGMA foreign_key_list({quoted})"
        ).fetchall()
        indexes = sorted(conn.execute(f"PRAGMA index_list({quoted})").fetchall(), key=_by_name)
        schema[("indexes", name)] = [row[1:] for row in indexes]  # leave out the order number
        for index in indexes:
            schema[("index columns", index[1])] = conn.execute(
                f"PRAGMA index_xinfo({_quote(index[1])})"
            ).fetchall()
    return schema


def _by_name(row: tuple[Any, ...]) -> str:
    return str(row[1])


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


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


def _columns(conn: sqlite3.Connection, table: str) -> Iterator[tuple[str, str, bool]]:
    for _, name, declared, notnull, *_ in conn.execute(f"PRAGMA table_info({_quote(table)})"):
        yield name, str(declared).upper(), not notnull


# What SQLAlchemy stores for each declared type, as SQL conditions on a column {c}: a value
# outside them would stop the app when it reads the row (a datetime it cannot parse, a UUID that
# is not hex, text that is not UTF-8), so a restored file must not carry one.
_STORED = {
    "INTEGER": "typeof({c}) = 'integer'",
    "BOOLEAN": "typeof({c}) = 'integer' AND {c} IN (0, 1)",
    "CHAR(32)": "typeof({c}) = 'text' AND length({c}) = 32 AND NOT {c} GLOB '*[^0-9a-f]*'",
    "DATE": "typeof({c}) = 'text' AND {c} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
    " AND date({c}, '+0 days') = {c} AND {c} >= '0001'",
    "DATETIME": "typeof({c}) = 'text' AND {c} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
    " [0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]'"
    " AND date(substr({c}, 1, 10), '+0 days') = substr({c}, 1, 10) AND {c} >= '0001'"
    " AND time(substr({c}, 12, 8)) = substr({c}, 12, 8)",
}
_TEXT = "typeof({c}) = 'text'"
# Columns holding one of the domain's choices: any other word stops the app reading the record.
_CHOICES: dict[tuple[str, str], type[Enum]] = {
    ("checkins", "recorded_by"): Recorder,
    ("treatment_lines", "category"): TreatmentCategory,
    ("treatment_lines", "setting"): TreatmentSetting,
    ("treatment_lines", "best_response"): Response,
    ("treatment_lines", "end_reason"): EndReason,
    ("treatment_lines", "trial_phase"): TrialPhase,
    ("biomarker_tests", "kind"): TestKind,
    ("biomarker_tests", "actionable"): Actionable,
    ("questions", "source"): QuestionSource,
    ("questions", "status"): QuestionStatus,
}


def _choice_rule(column: str, choices: type[Enum]) -> str:
    words = ", ".join("'" + str(member.value) + "'" for member in choices)
    return f"{column} IN ({words})"


def _check_values(conn: sqlite3.Connection, shown: object) -> None:
    tables = [
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if row[0] != "alembic_version"
    ]
    for table in tables:
        rules: list[tuple[str, str]] = []
        text_columns: list[str] = []
        for name, declared, nullable in _columns(conn, table):
            is_text = "CHAR" in declared or "TEXT" in declared
            if is_text:
                text_columns.append(_quote(name))
            kind = _STORED.get(declared, _TEXT if is_text else "")
            choices = _CHOICES.get((table, name))
            if choices is not None:
                kind = _choice_rule("{c}", choices)
            if kind:
                allowed = f"({kind.format(c=_quote(name))})"
                if nullable:
                    allowed += f" OR {_quote(name)} IS NULL"
                rules.append((name, f"sum(NOT ({allowed}))"))
        if rules:
            counts = conn.execute(
                f"SELECT {', '.join(rule for _, rule in rules)} FROM {_quote(table)}"  # noqa: S608
            ).fetchone()
            for (name, _), bad in zip(rules, counts, strict=True):
                if bad:
                    why = f"its {table}.{name} holds values of the wrong kind"
                    raise JournalDamaged(NOT_OURS.format(path=shown, why=why))
        if text_columns:
            _check_utf8(conn, table, text_columns, shown)


def _check_utf8(conn: sqlite3.Connection, table: str, columns: list[str], shown: object) -> None:
    conn.text_factory = bytes
    try:
        rows = conn.execute(f"SELECT {', '.join(columns)} FROM {_quote(table)}")  # noqa: S608
        for row in rows:
            for value in row:
                if value is not None:
                    value.decode("utf-8")
    except UnicodeDecodeError:
        raise JournalDamaged(
            NOT_OURS.format(path=shown, why=f"its {table} holds text that cannot be read")
        ) from None
    finally:
        conn.text_factory = lambda raw: raw.decode("utf-8", errors="replace")
