"""A count of the journal's changes, raised by every write that changes something.

`journal_changes` holds one row. Every write transaction that changes the journal raises its
count in the same transaction, whichever program or computer's change it applies, so "has
anything changed since I last looked" is one row to read: the window notices another
program's writes by it, and a save knows whether what it remembers of the journal still holds.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Plain CREATE TABLE, as in 0003: the schema check compares a journal's SQL with a fresh one's.
_CREATED = (
    "CREATE TABLE journal_changes (id INTEGER NOT NULL CONSTRAINT ck_journal_changes_one "
    "CHECK (id = 1), count INTEGER NOT NULL, "
    "CONSTRAINT pk_journal_changes PRIMARY KEY (id))"
)


def upgrade() -> None:
    op.execute(_CREATED)
    op.execute("INSERT INTO journal_changes (id, count) VALUES (1, 0)")


def downgrade() -> None:
    op.drop_table("journal_changes")
