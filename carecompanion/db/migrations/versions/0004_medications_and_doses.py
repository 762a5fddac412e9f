"""Medications (as the label says, regular or as needed) and the doses taken.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

from carecompanion.db.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "medications",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("dose", sa.Text(), nullable=False),
        sa.Column("as_needed", sa.Boolean(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("min_hours", sa.Float(), nullable=True),
        sa.Column("max_per_day", sa.Integer(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("stop_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "min_hours IS NULL OR (min_hours > 0 AND min_hours <= 72)",
            name=op.f("ck_medications_min_hours"),
        ),
        sa.CheckConstraint(
            "max_per_day IS NULL OR max_per_day BETWEEN 1 AND 24",
            name=op.f("ck_medications_max_per_day"),
        ),
        sa.CheckConstraint(
            "stop_date IS NULL OR stop_date >= start_date", name=op.f("ck_medications_dates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_medications")),
    )
    op.create_table(
        "doses",
        sa.Column("medication_id", sa.Uuid(), nullable=False),
        sa.Column("taken_at", UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=16), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "recorded_by IN ('patient', 'caregiver')", name=op.f("ck_doses_recorded_by")
        ),
        sa.ForeignKeyConstraint(
            ["medication_id"],
            ["medications.id"],
            name=op.f("fk_doses_medication_id_medications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_doses")),
    )
    op.create_index("ix_doses_taken_at", "doses", ["taken_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_doses_taken_at", table_name="doses")
    op.drop_table("doses")
    op.drop_table("medications")
