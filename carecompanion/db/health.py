"""Checking a journal file without changing a byte of it, nor leaving anything beside it.

`check_file` asks SQLite whether a file is a healthy database; the full check also reads every
value of a CareCompanion journal (see `check_values`). `verify_journal` goes further for a file
about to take the journal's place (a restore): it must be a whole CareCompanion journal of a
version this program knows, with exactly the schema that version's migrations build (tables,
columns, constraints, indexes; no trigger, no view, nothing extra), no broken foreign key, and
values that keep the domain's rules, none dated in the future, so that nothing in it can act
behind the app's back or stop the app from reading it.

`check_values` is the one place these value rules live, in SQL (a few scans per table, never an
object per row): values of the kinds the columns hold, text that is UTF-8, the schema's CHECK
constraints (SQLite itself skips them on a read-only connection), and the domain's rules (text
limits, no NUL character, no date before 1900, well-formed keys and NCT numbers). Every refusal
names the kind of record, its id and what is wrong, never what the person wrote.

A read-only connection to a journal in WAL mode creates `-wal` and `-shm` files and cannot
remove them when it closes. So a check opens a file that has none of them beside it read-write,
with writes refused (`query_only`): nothing is recovered or written, and SQLite removes what it
made when the connection closes. A file with them beside it (in use, or left by a crash) is
opened read-only, which replays nothing into it.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from carecompanion.db.errors import (
    JournalDamaged,
    JournalTooNew,
    JournalWriteFailed,
    UnreadableText,
)
from carecompanion.db.text_damage import KINDS
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
from carecompanion.domain.rules import (
    MAX_MARKER_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_QUESTION_LENGTH,
    MAX_SHORT_TEXT,
)


class ValueDamage(JournalDamaged):
    """A stored value breaks a rule every journal keeps; `what` says which record and how."""

    def __init__(self, message: str, what: str) -> None:
        super().__init__(message)
        self.what = what


class UnreadableValue(UnreadableText, ValueDamage):
    """Stored text that is not UTF-8, found by the check (its record named, never its text)."""


SQLITE_HEADER = b"SQLite format 3\x00"
NOT_OURS = "The file {path} is not a CareCompanion journal or backup ({why}). Nothing was changed."
# A value that breaks a rule every journal keeps: named by record kind and id, never quoted.
BAD_VALUE = "The journal {path} is damaged: {what}. {then}"
LEFT_UNTOUCHED = (
    "It has been left untouched; `carecompanion restore FILE` puts a good backup in its place."
)
NOTHING_CHANGED = "Nothing was changed; choose another backup."
COMPANIONS = ("-wal", "-shm", "-journal")  # the files SQLite keeps beside a database
# How far ahead of now a stored time may be (clocks of two computers differ a little).
CLOCK_SLACK = timedelta(minutes=5)

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
        with checking(path) as conn:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
            if [r[0] for r in rows] != ["ok"]:
                raise JournalDamaged(
                    f"The journal {shown} is damaged ({rows[0][0]}). It has been left untouched."
                )
            if full and _has_table(conn, "alembic_version"):
                check_values(conn, shown, then=LEFT_UNTOUCHED)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        raise JournalDamaged(
            f"The journal {shown} is damaged ({type(exc).__name__}). It has been left untouched."
        ) from exc


@contextmanager
def checking(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that reads `path`, changes nothing in it and leaves nothing beside it.

    Without -wal, -shm or -journal beside the file, nothing is open on it and nothing needs
    replaying: it is opened read-write with writes refused, so that SQLite removes the -wal and
    -shm it makes as the connection closes (a read-only one leaves them). Otherwise, or where the
    file or folder cannot be written, read-only. Either way CHECK constraints are left to
    `check_values` (SQLite ignores them read-only), so both report them in the same words.
    """
    conn: sqlite3.Connection | None = None
    if not any(Path(f"{path}{ending}").exists() for ending in COMPANIONS):
        conn = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, isolation_level=None)
        try:
            conn.execute("PRAGMA query_only=ON")
            conn.execute("PRAGMA ignore_check_constraints=ON")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the log now
        except sqlite3.OperationalError as exc:
            conn.close()
            if _code(exc) not in (sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_READONLY):
                raise
            conn = None
        except BaseException:
            conn.close()
            raise
    if conn is None:
        conn = _read_only(path)
    conn.text_factory = _lenient
    try:
        yield conn
    finally:
        conn.close()


def _code(exc: sqlite3.Error) -> int:
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF


def _lenient(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
    ).fetchone()
    return bool(row[0])


def stored_revision(path: Path) -> str | None:
    """The migration revision recorded in a healthy file, or None for a file without one."""
    with checking(path) as conn:
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.OperationalError:
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
        with closing(sqlite3.connect(path, isolation_level=None)) as conn:
            conn.text_factory = _lenient
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
    "FLOAT": "typeof({c}) IN ('real', 'integer')",
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

# A journal is never refused for text an earlier version let in: files imported before the
# domain's limits applied to every door could hold notes up to the import guard's million
# characters (CSV had no cap at all below that). Refusing such a journal at opening, or its own
# backup at restore, would lock a person out of their history, so stored text is held only to
# that guard; the domain's limits (below) still decide what can be typed or imported now.
STORED_TEXT_GUARD = 1_000_000


def _stored_limit(table: str, column: str) -> int | None:
    limit = _TEXT_LIMITS.get((table, column))
    if limit is None:
        return None
    return limit if (table, column) in _SHAPED_TEXT else max(limit, STORED_TEXT_GUARD)


# Columns whose length is part of their shape, which every version has checked.
_SHAPED_TEXT = {("treatment_lines", "nct_number"), ("profile", "time_zone")}

# The domain's limits on what a person writes (domain/rules.py), per column.
_TEXT_LIMITS: dict[tuple[str, str], int] = {
    ("checkins", "note"): MAX_NOTE_LENGTH,
    ("treatment_lines", "regimen"): MAX_SHORT_TEXT,
    ("treatment_lines", "notes"): MAX_NOTE_LENGTH,
    ("treatment_lines", "nct_number"): 11,
    ("biomarker_tests", "marker"): MAX_MARKER_LENGTH,
    ("biomarker_tests", "result"): MAX_SHORT_TEXT,
    ("biomarker_tests", "notes"): MAX_NOTE_LENGTH,
    ("questions", "text"): MAX_QUESTION_LENGTH,
    ("questions", "answer"): MAX_NOTE_LENGTH,
    ("profile", "name"): MAX_SHORT_TEXT,
    ("profile", "diagnosis"): MAX_QUESTION_LENGTH,
    ("profile", "time_zone"): 64,
    ("profile", "cancer_type"): MAX_SHORT_TEXT,
    ("profile", "emergency_number"): MAX_SHORT_TEXT,
    ("care_contacts", "name"): MAX_SHORT_TEXT,
    ("care_contacts", "role"): MAX_SHORT_TEXT,
    ("care_contacts", "phone"): MAX_SHORT_TEXT,
    ("symptom_settings", "key"): 40,
    ("symptom_settings", "label"): 40,
    ("scores", "symptom"): 40,
}
_A_KEY = "NOT ({c} GLOB '[a-z]*' AND NOT {c} GLOB '*[^a-z0-9_]*')"
# Other rules of the domain, as SQL true for a row that breaks them, and what such a row has.
_SHAPES: dict[tuple[str, str], tuple[str, str]] = {
    ("scores", "symptom"): (_A_KEY, "a symptom name that is not a symptom's key"),
    ("symptom_settings", "key"): (_A_KEY, "a key that is not a symptom's key"),
    ("treatment_lines", "nct_number"): (
        "{c} IS NOT NULL AND NOT {c} GLOB 'NCT[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'",
        "an NCT number that is not NCT followed by 8 digits",
    ),
    ("biomarker_tests", "marker"): ("trim({c}) = ''", "no marker name"),
    ("questions", "text"): ("trim({c}) = ''", "no question text"),
    ("profile", "time_zone"): (
        "{c} <> '' AND (NOT {c} GLOB '[A-Za-z]*' OR {c} GLOB '*[^A-Za-z0-9_+/-]*')",
        "a time zone that is not a zone name",
    ),
}
# The schema's CHECK constraints, in words.
_CHECK_WORDS = {
    "ck_scores_value": "a value outside 0 to 10",
    "ck_checkins_activity": "an activity level outside 0 to 4",
    "ck_checkins_recorded_by": "a 'recorded by' other than patient or caregiver",
    "ck_checkins_temperature_c": "a temperature outside 34 to 43 °C",
    "ck_checkins_weight_kg": "a weight outside 20 to 300 kg",
    "ck_treatment_lines_dates": "an end date before its start date",
    "ck_profile_temperature_unit": "a temperature unit other than C or F",
    "ck_profile_weight_unit": "a weight unit other than kg or lb",
    "ck_profile_fever_threshold_c": "a fever threshold outside 37.5 to 38.5 °C",
}
_EARLIEST = "1900-01-01"
_SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"


def _choice_rule(column: str, choices: type[Enum]) -> str:
    words = ", ".join("'" + str(member.value) + "'" for member in choices)
    return f"{column} IN ({words})"


@dataclass(frozen=True, slots=True)
class _Rule:
    bad: str  # SQL, true for a row that breaks the rule
    what: str  # what such a row has, in plain words


def check_values(
    conn: sqlite3.Connection,
    shown: object,
    *,
    now: datetime | None = None,
    then: str = NOTHING_CHANGED,
) -> None:
    """Raise JournalDamaged (UnreadableText for text that is not UTF-8) for the first stored
    value that breaks a rule every journal keeps, naming its record and what is wrong.

    In order: values of the kinds their columns hold, text that is UTF-8, the schema's CHECK
    constraints and the domain's rules; with `now`, no time after it (and no date after its
    day, wherever on Earth that is). `then` ends the message: what happened, what to do.
    """
    tables = sorted(
        row[0]
        for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        if row[0] != "alembic_version" and not row[0].startswith("sqlite_")
    )
    described = {table: list(_columns(conn, table)) for table in tables}
    for table in tables:
        _first_broken(conn, table, _kind_rules(table, described[table]), shown, then)
    for table in tables:
        text = [_quote(name) for name, declared, _ in described[table] if _is_text(declared)]
        if text:
            _check_utf8(conn, table, text, shown, then)
    for table in tables:
        rules = _check_rules(conn, table) + _domain_rules(table, described[table], now)
        _first_broken(conn, table, rules, shown, then)


def _is_text(declared: str) -> bool:
    return "CHAR" in declared or "TEXT" in declared


_FIELD_WORDS = {
    "recorded_at": "recording time",
    "created_at": "creation time",
    "updated_at": "time of change",
    "deleted_at": "time of deletion",
    "tested_on": "test date",
    "supportive_prompt_dismissed_at": "time a suggestion was put aside",
}


def _words(column: str) -> str:
    return _FIELD_WORDS.get(column, column.replace("_", " "))


def _a(words: str) -> str:
    return ("an " if words[:1] in "aeiou" else "a ") + words


def _kind_rules(table: str, columns: list[tuple[str, str, bool]]) -> list[_Rule]:
    rules: list[_Rule] = []
    for name, declared, nullable in columns:
        kind = _STORED.get(declared, _TEXT if _is_text(declared) else "")
        what = f"{_a(_words(name))} of the wrong kind"
        choices = _CHOICES.get((table, name))
        if choices is not None:
            kind = _choice_rule("{c}", choices)
            what = f"{_a(_words(name))} that is not one of its choices"
        if kind:
            allowed = f"({kind.format(c=_quote(name))})"
            if nullable:
                allowed += f" OR {_quote(name)} IS NULL"
            rules.append(_Rule(f"NOT ({allowed})", what))
    return rules


def _check_rules(conn: sqlite3.Connection, table: str) -> list[_Rule]:
    row = conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    rules = []
    for name, expression in check_constraints(row[0] or ""):
        shown = name if name is not None and re.fullmatch(r"[a-z0-9_]{1,64}", name) else None
        what = _CHECK_WORDS.get(shown or "", f"a value its rules do not allow ({shown or 'CHECK'})")
        rules.append(_Rule(f"NOT ({expression})", what))
    return rules


def _domain_rules(
    table: str, columns: list[tuple[str, str, bool]], now: datetime | None
) -> list[_Rule]:
    rules: list[_Rule] = []
    for name, declared, _ in columns:
        c = _quote(name)
        field = _words(name)
        if _is_text(declared):
            rules.append(
                _Rule(f"instr(CAST({c} AS BLOB), X'00') > 0", f"a NUL character in its {field}")
            )
            limit = _stored_limit(table, name)
            if limit is not None:
                rules.append(
                    _Rule(f"length({c}) > {limit}", f"{_a(field)} longer than {limit:,} characters")
                )
            shape = _SHAPES.get((table, name))
            if shape is not None:
                rules.append(_Rule(shape[0].format(c=c), f"{shape[1]}"))
        if declared in ("DATE", "DATETIME"):
            rules.append(_Rule(f"{c} < '{_EARLIEST}'", f"{_a(field)} before 1900"))
        if now is not None and declared in ("DATE", "DATETIME"):
            rules.append(_future_rule(c, field, declared, _latest(name, now)))
    return rules


# A record's own stamps: written from the computer's clock (also where a score is stamped by
# the database layer), so compared with it too, or with `now` if that is later.
_STAMPS = frozenset({"created_at", "updated_at", "deleted_at"})


def _latest(column: str, now: datetime) -> datetime:
    moment = now.astimezone(UTC)
    return max(moment, datetime.now(UTC)) if column in _STAMPS else moment


def _future_rule(c: str, field: str, declared: str, latest: datetime) -> _Rule:
    if declared == "DATE":
        # A day that has come somewhere: the latest zones are 14 hours ahead of UTC.
        today = (latest + timedelta(hours=14)).date().isoformat()
        return _Rule(f"{c} > '{today}'", f"{_a(field)} in the future")
    limit = (latest + CLOCK_SLACK).strftime(_SQLITE_TIME)
    return _Rule(f"{c} > '{limit}'", f"{_a(field)} in the future")


def _first_broken(
    conn: sqlite3.Connection, table: str, rules: list[_Rule], shown: object, then: str
) -> None:
    """One scan of `table` for all `rules`; JournalDamaged naming the first one a row breaks."""
    if not rules:
        return
    quoted = _quote(table)
    counts = conn.execute(
        f"SELECT {', '.join(f'coalesce(max({rule.bad}), 0)' for rule in rules)} "  # noqa: S608
        f"FROM {quoted}"
    ).fetchone()
    for rule, broken in zip(rules, counts, strict=True):
        if broken:
            what = f"{_record(conn, table, f'WHERE {rule.bad}')} has {rule.what}"
            raise ValueDamage(BAD_VALUE.format(path=shown, what=what, then=then), what)


def _record(conn: sqlite3.Connection, table: str, where: str) -> str:
    """The kind and id of the first row of `table` matching `where` ("check-in <uuid>")."""
    kind = KINDS.get(table, f"a row of its table {table}")
    has_id = any(name == "id" for name, _, _ in _columns(conn, table))
    row = conn.execute(
        f"SELECT rowid, {'id' if has_id else 'NULL'} FROM {_quote(table)} {where} LIMIT 1"  # noqa: S608
    ).fetchone()
    if row is None:
        return kind
    return f"{kind} {_identity(row[0], row[1])}"


def _identity(rowid: int, ident: object) -> str:
    """A record's UUID, or its row number when its id is not one (never other stored text)."""
    if isinstance(ident, bytes):
        ident = ident.decode("ascii", errors="replace")
    if isinstance(ident, str) and len(ident) == 32:
        try:
            return str(uuid.UUID(hex=ident))
        except ValueError:
            pass
    return f"(row {rowid})"


def _check_utf8(
    conn: sqlite3.Connection, table: str, columns: list[str], shown: object, then: str
) -> None:
    has_id = '"id"' in columns
    conn.text_factory = bytes
    try:
        rows = conn.execute(
            f"SELECT rowid, {'id' if has_id else 'NULL'}, {', '.join(columns)} "  # noqa: S608
            f"FROM {_quote(table)}"
        )
        for rowid, ident, *values in rows:
            for value in values:
                if value is not None and not _decodes(value):
                    record = f"{KINDS.get(table, 'a row of its table ' + table)} " + _identity(
                        rowid, ident
                    )
                    what = f"the text of {record} cannot be read (it is not UTF-8)"
                    raise UnreadableValue(BAD_VALUE.format(path=shown, what=what, then=then), what)
    finally:
        conn.text_factory = _lenient


def _decodes(value: object) -> bool:
    if not isinstance(value, bytes):
        return True
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_CHECK_TOKEN = re.compile(
    r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]"""
    r"""|(?:\bconstraint\s+("(?:[^"]|"")*"|`[^`]*`|\[[^\]]*\]|\w+)\s+)?\bcheck\s*\("""
    r"|[()]",
    re.IGNORECASE,
)


def check_constraints(sql: str) -> list[tuple[str | None, str]]:
    """The CHECK constraints of a CREATE TABLE statement: (name or None, expression)."""
    found: list[tuple[str | None, str]] = []
    depth = 0
    start: int | None = None
    name: str | None = None
    for token in _CHECK_TOKEN.finditer(sql):
        text = token.group()
        if text[0] in "'\"`[":
            continue  # a literal or a quoted name: its brackets do not count
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
            if start is not None and depth == 0:
                found.append((name, sql[start : token.start()].strip()))
                start = None
        elif start is None:  # CHECK ( and perhaps its name
            raw = token.group(1)
            name = None if raw is None else raw[1:-1] if raw[0] in '"`[' else raw
            start, depth = token.end(), 1
        else:
            depth += 1
    return found
