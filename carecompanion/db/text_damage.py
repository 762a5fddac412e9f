"""Finding stored text that is not UTF-8, and naming its record without ever showing the text.

SQLite hands text back as it was written; one damaged byte makes Python's sqlite3 refuse the
row with an error that quotes the text. The journal turns that error into UnreadableText,
naming the record found here through a read-only connection that reads text as bytes.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from carecompanion.db.driver import sqlite
from carecompanion.db.errors import UnreadableText

DECODE_FAILURE = "Could not decode to UTF-8"
KINDS = {
    "checkins": "check-in",
    "scores": "score",
    "symptom_settings": "symptom setting",
    "treatment_lines": "treatment line",
    "biomarker_tests": "test",
    "questions": "question",
    "profile": "profile",
    "care_contacts": "care-team contact",
    "medications": "medication",
    "doses": "dose",
}


def is_decode_failure(error: BaseException) -> bool:
    return DECODE_FAILURE in str(error)


def unreadable_text(journal: Path) -> UnreadableText:
    """The error to raise: which record holds the text, and what to do."""
    record = first_unreadable(journal)
    return UnreadableText(
        f"The journal in {journal.parent} is damaged: the text of {record or 'a record'} cannot "
        "be read (it is not UTF-8). Nothing was changed. Restore a backup with "
        "`carecompanion restore FILE`."
    )


def first_unreadable(journal: Path) -> str | None:
    """The first record holding text that is not UTF-8 ("check-in <id>"), or None."""
    from carecompanion.db.health import checking  # health reads this module's KINDS

    try:
        with checking(journal) as db:
            db.text_factory = bytes
            for table, kind in KINDS.items():  # our own table names, never input
                query = db.execute(f'SELECT rowid, * FROM "{table}"')  # noqa: S608
                columns = [c[0] for c in query.description[1:]]
                for rowid, *values in query:
                    if any(_broken(v) for v in values):
                        return f"{kind} {_identity(columns, values, rowid)}"
    except sqlite.Error:
        return None
    return None


def _identity(columns: list[str], values: list[Any], rowid: int) -> str:
    ident = values[columns.index("id")] if "id" in columns else None
    if isinstance(ident, bytes):
        try:
            return str(uuid.UUID(ident.decode("ascii")))
        except (UnicodeDecodeError, ValueError):
            pass
    return f"(row {rowid})"


def _broken(value: object) -> bool:
    if not isinstance(value, bytes):
        return False
    try:
        value.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False
