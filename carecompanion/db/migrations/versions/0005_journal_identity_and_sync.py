"""Whose journal: an id for every journal, and what the sync folder exchange remembers.

`journal_identity` holds one row: the journal's id (a UUID, made here for a journal that
existed before) and the sync folder chosen in Settings ("Keep computers in step"). The person
is the profile's name and date of birth. `sync_applied` remembers which change files of other
computers were applied (or wait, refused or of a newer format), and `sync_sent` which version
of each record this computer has already written to the folder.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

import uuid
from datetime import UTC, datetime

from alembic import op
from sqlalchemy import text

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# Plain CREATE TABLE, as in 0003: the schema check compares a journal's SQL with a fresh one's.
_CREATED = (
    "CREATE TABLE journal_identity (id CHAR(32) NOT NULL, created_at DATETIME NOT NULL, "
    "sync_folder TEXT NOT NULL DEFAULT '', "
    "CONSTRAINT pk_journal_identity PRIMARY KEY (id))",
    "CREATE TABLE sync_applied (device VARCHAR(32) NOT NULL, name VARCHAR(80) NOT NULL, "
    "outcome VARCHAR(8) NOT NULL CONSTRAINT ck_sync_applied_outcome "
    "CHECK (outcome IN ('applied', 'waiting')), "
    "seen_at DATETIME NOT NULL, "
    "CONSTRAINT pk_sync_applied PRIMARY KEY (device, name))",
    "CREATE TABLE sync_sent (id CHAR(32) NOT NULL, updated_at DATETIME NOT NULL, "
    "CONSTRAINT pk_sync_sent PRIMARY KEY (id))",
)


def upgrade() -> None:
    for statement in _CREATED:
        op.execute(statement)
    # Every journal gets its own id, a new one as well as one that existed before.
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    op.get_bind().execute(
        text("INSERT INTO journal_identity (id, created_at) VALUES (:id, :made)"),
        {"id": uuid.uuid4().hex, "made": made},
    )


def downgrade() -> None:
    op.drop_table("sync_sent")
    op.drop_table("sync_applied")
    op.drop_table("journal_identity")
