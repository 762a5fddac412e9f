"""Deleting that can be undone: records are marked with `deleted_at`, never removed."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TypeVar

from sqlalchemy.orm import Session

from carecompanion.db.models import (
    BiomarkerTestRow,
    CheckInRow,
    DoseRow,
    MedicationRow,
    QuestionRow,
    TreatmentLineRow,
)
from carecompanion.domain.errors import NotFound

Row = TypeVar(
    "Row", CheckInRow, TreatmentLineRow, BiomarkerTestRow, QuestionRow, MedicationRow, DoseRow
)


def live(session: Session, model: type[Row], record_id: uuid.UUID, what: str) -> Row:
    """The record, unless it does not exist or was deleted."""
    row = session.get(model, record_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(f"{what} {record_id}")
    return row


def delete(
    session: Session,
    model: type[Row],
    record_id: uuid.UUID,
    what: str,
    now: datetime,
) -> Row:
    """Mark the record deleted at `now`; the change of updated time lets the deletion travel."""
    row = live(session, model, record_id, what)
    row.deleted_at = now
    row.updated_at = now
    return row


def undelete(
    session: Session, model: type[Row], record_id: uuid.UUID, what: str, now: datetime
) -> Row:
    row = session.get(model, record_id)
    if row is None:
        raise NotFound(f"{what} {record_id}")
    row.deleted_at = None
    row.updated_at = now
    return row
