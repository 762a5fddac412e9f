"""Drop the index on scores.symptom.

SQLite preferred it for range queries of a few weeks and then read every score ever recorded,
which made a 30-day chart or summary slower the longer the journal. The unique index on
(checkin_id, symptom) serves every query.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scores", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scores_symptom"))


def downgrade() -> None:
    with op.batch_alter_table("scores", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scores_symptom"), ["symptom"], unique=False)
