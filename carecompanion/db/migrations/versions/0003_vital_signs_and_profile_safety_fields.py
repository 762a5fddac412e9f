"""Vital signs on check-ins; the profile's call-now and unit settings; 24-hour contacts.

Check-ins gain an optional temperature (°C) and weight (kg), stored in SI units. The profile
gains the short cancer type, the emergency number, the units it shows, the fever threshold the
care team chose (37.5-38.5 °C) and when the supportive-care suggestion was last put aside. A
care-team contact can be marked as answering 24 hours a day.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


# Plain ALTER TABLE ADD COLUMN, not a batch rebuild: a rebuild reorders the table's constraints
# from run to run, and the schema check compares a journal's SQL with a fresh migration's.
_ADDED = (
    "ALTER TABLE checkins ADD COLUMN temperature_c FLOAT CONSTRAINT ck_checkins_temperature_c "
    "CHECK (temperature_c IS NULL OR temperature_c BETWEEN 34.0 AND 43.0)",
    "ALTER TABLE checkins ADD COLUMN weight_kg FLOAT CONSTRAINT ck_checkins_weight_kg "
    "CHECK (weight_kg IS NULL OR weight_kg BETWEEN 20.0 AND 300.0)",
    "ALTER TABLE profile ADD COLUMN cancer_type TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE profile ADD COLUMN emergency_number VARCHAR(40) NOT NULL DEFAULT ''",
    "ALTER TABLE profile ADD COLUMN temperature_unit VARCHAR(1) NOT NULL DEFAULT 'C' "
    "CONSTRAINT ck_profile_temperature_unit CHECK (temperature_unit IN ('C', 'F'))",
    "ALTER TABLE profile ADD COLUMN weight_unit VARCHAR(2) NOT NULL DEFAULT 'kg' "
    "CONSTRAINT ck_profile_weight_unit CHECK (weight_unit IN ('kg', 'lb'))",
    "ALTER TABLE profile ADD COLUMN fever_threshold_c FLOAT NOT NULL DEFAULT 38.0 "
    "CONSTRAINT ck_profile_fever_threshold_c CHECK (fever_threshold_c BETWEEN 37.5 AND 38.5)",
    "ALTER TABLE profile ADD COLUMN supportive_prompt_dismissed_at DATETIME",
    "ALTER TABLE care_contacts ADD COLUMN around_the_clock BOOLEAN NOT NULL DEFAULT 0",
)


def upgrade() -> None:
    for statement in _ADDED:
        op.execute(statement)


def downgrade() -> None:
    with op.batch_alter_table("care_contacts", schema=None) as batch_op:
        batch_op.drop_column("around_the_clock")
    with op.batch_alter_table("profile", schema=None) as batch_op:
        for column in (
            "supportive_prompt_dismissed_at",
            "fever_threshold_c",
            "weight_unit",
            "temperature_unit",
            "emergency_number",
            "cancer_type",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("checkins", schema=None) as batch_op:
        batch_op.drop_column("weight_kg")
        batch_op.drop_column("temperature_c")
