"""initial journal schema

Revision ID: 0001
Revises:
Create Date: 2026-11-29 13:36:20.148314
"""

import sqlalchemy as sa
from alembic import op

import carecompanion.db.types

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "biomarker_tests",
        sa.Column("tested_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("marker", sa.String(length=80), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("actionable", sa.String(length=8), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", carecompanion.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", carecompanion.db.types.UTCDateTime(), nullable=False),
        sa.Column("deleted_at", carecompanion.db.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_biomarker_tests")),
    )
    op.create_table(
        "care_contacts",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", carecompanion.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", carecompanion.db.types.UTCDateTime(), nullable=False),
        sa.Column("deleted_at", carecompanion.db.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_care_contacts")),
    )
    op.create_table(
        "checkins",
        sa.Column("recorded_at", carecompanion.db.types.UTCDateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("activity", sa.Integer(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", carecompanion.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", carecompanion.db.types.UTCDateTime(), nullable=False),
        sa.Column("deleted_at", carecompanion.db.types.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "recorded_by IN ('patient', 'caregiver')", name=op.f("ck_checkins_recorded_by")
        ),
        sa.CheckConstraint(
            "activity IS NULL OR activity BETWEEN 0 AND 4", name=op.f("ck_checkins_activity")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkins")),
    )
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.create_index("ix_checkins_recorded_at", ["recorded_at"], unique=False)

    op.create_table(
        "profile",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("diagnosis", sa.Text(), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", carecompanion.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", carecompanion.db.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile")),
    )
    op.create_table(
        "questions",
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", carecompanion.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", carecompanion.db.types.UTCDateTime(), nullable=False),
        sa.Column("deleted_at", carecompanion.db.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
    )
    op.create_table(
        "symptom_settings",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("custom", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", carecompanion.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", carecompanion.db.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_symptom_settings")),
        sa.UniqueConstraint("key", name=op.f("uq_symptom_settings_key")),
    )
    op.create_table(
        "treatment_lines",
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("regimen", sa.Text(), nullable=False),
        sa.Column("setting", sa.String(length=16), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("best_response", sa.String(length=16), nullable=True),
        sa.Column("end_reason", sa.String(length=16), nullable=True),
        sa.Column("trial_phase", sa.String(length=4), nullable=True),
        sa.Column("nct_number", sa.String(length=11), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", carecompanion.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", carecompanion.db.types.UTCDateTime(), nullable=False),
        sa.Column("deleted_at", carecompanion.db.types.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name=op.f("ck_treatment_lines_dates")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_treatment_lines")),
    )
    op.create_table(
        "scores",
        sa.Column("checkin_id", sa.Uuid(), nullable=False),
        sa.Column("symptom", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", carecompanion.db.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", carecompanion.db.types.UTCDateTime(), nullable=False),
        sa.CheckConstraint("value BETWEEN 0 AND 10", name=op.f("ck_scores_value")),
        sa.ForeignKeyConstraint(
            ["checkin_id"],
            ["checkins.id"],
            name=op.f("fk_scores_checkin_id_checkins"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scores")),
        sa.UniqueConstraint("checkin_id", "symptom", name="uq_scores_checkin_symptom"),
    )
    with op.batch_alter_table("scores", schema=None) as batch_op:
        batch_op.create_index("ix_scores_symptom", ["symptom"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("scores", schema=None) as batch_op:
        batch_op.drop_index("ix_scores_symptom")

    op.drop_table("scores")
    op.drop_table("treatment_lines")
    op.drop_table("symptom_settings")
    op.drop_table("questions")
    op.drop_table("profile")
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_index("ix_checkins_recorded_at")

    op.drop_table("checkins")
    op.drop_table("care_contacts")
    op.drop_table("biomarker_tests")
