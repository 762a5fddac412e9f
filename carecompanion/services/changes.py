"""A cheap fingerprint of the journal, to notice entries written by another process."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carecompanion.db.models import (
    BiomarkerTestRow,
    CareContactRow,
    CheckInRow,
    DoseRow,
    MedicationRow,
    ProfileRow,
    QuestionRow,
    SymptomSettingRow,
    TreatmentLineRow,
)

TRACKED = (
    CheckInRow,
    TreatmentLineRow,
    BiomarkerTestRow,
    QuestionRow,
    ProfileRow,
    CareContactRow,
    SymptomSettingRow,
    MedicationRow,
    DoseRow,
)


def fingerprint(session: Session) -> tuple[Any, ...]:
    """Row count and latest change of every table: equal fingerprints, nothing new."""
    return tuple(
        tuple(session.execute(select(func.count(), func.max(model.updated_at))).one())
        for model in TRACKED
    )
