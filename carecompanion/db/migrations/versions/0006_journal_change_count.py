"""A count of the journal's changes, raised by every change to what the journal records.

`journal_changes` holds one row. Triggers on every table of records (check-ins and their
scores, symptoms, treatment lines, tests, questions, the profile and its contacts, medications
and doses) raise its count in the same transaction as the change, whoever makes it (this
program, another one, a script), so "has anything changed since I last looked" is one row to
read: the window notices other programs' writes by it, and a save knows whether what it
remembers of the journal still holds. What sync remembers of the folder (`sync_applied`,
`sync_sent`) and the journal's id are not records, and do not count.

A later migration that copies one of these tables (SQLite's batch mode) must create its
triggers again.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COUNTED = (
    "checkins",
    "scores",
    "symptom_settings",
    "treatment_lines",
    "biomarker_tests",
    "questions",
    "profile",
    "care_contacts",
    "medications",
    "doses",
)
_EVENTS = {"inserted": "INSERT", "updated": "UPDATE", "deleted": "DELETE"}

# Plain CREATE TABLE, as in 0003: the schema check compares a journal's SQL with a fresh one's.
_CREATED = (
    "CREATE TABLE journal_changes (id INTEGER NOT NULL CONSTRAINT ck_journal_changes_one "
    "CHECK (id = 1), count INTEGER NOT NULL, "
    "CONSTRAINT pk_journal_changes PRIMARY KEY (id))"
)


def _trigger(table: str, word: str) -> str:
    """The trigger raising the count after each row `word` in `table` (names from COUNTED)."""
    return (
        f"CREATE TRIGGER tr_{table}_{word} AFTER {_EVENTS[word]} ON {table} "  # noqa: S608
        "BEGIN UPDATE journal_changes SET count = count + 1 WHERE id = 1; END"
    )


def upgrade() -> None:
    op.execute(_CREATED)
    op.execute("INSERT INTO journal_changes (id, count) VALUES (1, 0)")
    for table in COUNTED:
        for word in _EVENTS:
            op.execute(_trigger(table, word))


def downgrade() -> None:
    for table in COUNTED:
        for word in _EVENTS:
            op.execute(f"DROP TRIGGER tr_{table}_{word}")
    op.drop_table("journal_changes")
