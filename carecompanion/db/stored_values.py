"""The values stored in a journal, checked in SQL against the rules every journal keeps.

`check_values` is the one place these rules live (a few scans per table, never an object per
row): values of the kinds the columns hold, text that is UTF-8, the schema's CHECK constraints
(SQLite itself skips them on a read-only connection), and the domain's rules (no NUL character,
no date before 1900, well-formed keys and NCT numbers, text no longer than any version ever
stored; with a time, nothing dated after it). Every refusal names the kind of record, its id and
what is wrong, never what the person wrote.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum

from carecompanion.db.driver import sqlite
from carecompanion.db.errors import JournalDamaged, UnreadableText
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


# A value that breaks a rule every journal keeps: named by record kind and id, never quoted.
BAD_VALUE = "The journal {path} is damaged: {what}. {then}"
NOTHING_CHANGED = "Nothing was changed; choose another backup."
# How far ahead of now a stored time may be (clocks of two computers differ a little).
CLOCK_SLACK = timedelta(minutes=5)


def lenient(raw: bytes) -> str:
    """Text as read for a damage report: bytes that are not UTF-8 never stop the report."""
    return raw.decode("utf-8", errors="replace")


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _columns(conn: sqlite.Connection, table: str) -> Iterator[tuple[str, str, bool]]:
    for _, name, declared, notnull, *_ in conn.execute(f"PRAGMA table_info({quote(table)})"):
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
    ("doses", "recorded_by"): Recorder,
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


# Columns whose length every version has checked: part of their shape, or added after the
# domain's limits applied to every door (migrations 0003 and 0004).
_SHAPED_TEXT = {
    ("treatment_lines", "nct_number"),
    ("profile", "time_zone"),
    ("profile", "cancer_type"),
    ("profile", "emergency_number"),
    ("medications", "name"),
    ("medications", "dose"),
    ("medications", "purpose"),
    ("medications", "notes"),
}

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
    ("medications", "name"): MAX_SHORT_TEXT,
    ("medications", "dose"): MAX_SHORT_TEXT,
    ("medications", "purpose"): MAX_SHORT_TEXT,
    ("medications", "notes"): MAX_NOTE_LENGTH,
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
    conn: sqlite.Connection,
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
        text = [quote(name) for name, declared, _ in described[table] if _is_text(declared)]
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
    "taken_at": "time taken",
    "temperature_c": "temperature",
    "weight_kg": "weight",
    "fever_threshold_c": "fever threshold",
    "around_the_clock": "24-hour mark",
    "min_hours": "least hours between doses",
    "max_per_day": "most doses a day",
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
            allowed = f"({kind.format(c=quote(name))})"
            if nullable:
                allowed += f" OR {quote(name)} IS NULL"
            rules.append(_Rule(f"NOT ({allowed})", what))
    return rules


def _check_rules(conn: sqlite.Connection, table: str) -> list[_Rule]:
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
        c = quote(name)
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
    names = {name for name, _, _ in columns}
    if table == "checkins" and {"id", "temperature_c", "weight_kg"} <= names:
        # Every door refuses a check-in with nothing in it; a file holding one is not ours.
        rules.append(
            _Rule(
                "temperature_c IS NULL AND weight_kg IS NULL AND NOT EXISTS "
                "(SELECT 1 FROM scores WHERE scores.checkin_id = checkins.id)",
                "no score, temperature or weight",
            )
        )
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
    conn: sqlite.Connection, table: str, rules: list[_Rule], shown: object, then: str
) -> None:
    """One scan of `table` for all `rules`; JournalDamaged naming the first one a row breaks."""
    if not rules:
        return
    quoted = quote(table)
    counts = conn.execute(
        f"SELECT {', '.join(f'coalesce(max({rule.bad}), 0)' for rule in rules)} "  # noqa: S608
        f"FROM {quoted}"
    ).fetchone()
    for rule, broken in zip(rules, counts, strict=True):
        if broken:
            what = f"{_record(conn, table, f'WHERE {rule.bad}')} has {rule.what}"
            raise ValueDamage(BAD_VALUE.format(path=shown, what=what, then=then), what)


def _record(conn: sqlite.Connection, table: str, where: str) -> str:
    """The kind and id of the first row of `table` matching `where` ("check-in <uuid>")."""
    kind = KINDS.get(table, f"a row of its table {table}")
    has_id = any(name == "id" for name, _, _ in _columns(conn, table))
    row = conn.execute(
        f"SELECT rowid, {'id' if has_id else 'NULL'} FROM {quote(table)} {where} LIMIT 1"  # noqa: S608
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
    conn: sqlite.Connection, table: str, columns: list[str], shown: object, then: str
) -> None:
    has_id = '"id"' in columns
    conn.text_factory = bytes
    try:
        rows = conn.execute(
            f"SELECT rowid, {'id' if has_id else 'NULL'}, {', '.join(columns)} "  # noqa: S608
            f"FROM {quote(table)}"
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
        conn.text_factory = lenient


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
