"""Treatment lines: add, edit, delete and undo, listed in order with their line numbers."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from carecompanion.db.models import TreatmentLineRow
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import (
    EndReason,
    Response,
    TreatmentCategory,
    TreatmentLine,
    TreatmentSetting,
    TrialPhase,
)
from carecompanion.domain.times import utc_now
from carecompanion.services import soft_delete

NCT_PATTERN = re.compile(r"NCT[0-9]{8}")


def validate(line: TreatmentLine, today: date) -> TreatmentLine:
    """Return the line cleaned up, or raise InvalidInput naming the field at fault."""
    regimen = line.regimen.strip()
    if not regimen and line.category is not TreatmentCategory.SUPPORTIVE:
        raise InvalidInput("regimen", line.regimen, "name the drugs or the treatment")
    if line.start_date > today:
        raise InvalidInput("start date", line.start_date.isoformat(), "it cannot be in the future")
    if line.end_date is not None:
        if line.end_date < line.start_date:
            raise InvalidInput(
                "end date",
                line.end_date.isoformat(),
                f"it cannot be before the start date, {line.start_date.isoformat()}",
            )
        if line.end_date > today:
            raise InvalidInput("end date", line.end_date.isoformat(), "it cannot be in the future")
    elif line.end_reason is not None:
        raise InvalidInput("reason it ended", line.end_reason.label, "give an end date too")
    nct = (line.nct_number or "").strip().upper() or None
    if nct is not None and NCT_PATTERN.fullmatch(nct) is None:
        raise InvalidInput("NCT number", line.nct_number, "it is NCT followed by 8 digits")
    is_trial = line.category is TreatmentCategory.CLINICAL_TRIAL
    if not is_trial and (nct or line.trial_phase):
        nct, phase = None, None
    else:
        phase = line.trial_phase
    return replace(line, regimen=regimen, nct_number=nct, trial_phase=phase)


def to_domain(row: TreatmentLineRow, number: int | None) -> TreatmentLine:
    return TreatmentLine(
        id=row.id,
        category=TreatmentCategory(row.category),
        regimen=row.regimen,
        start_date=row.start_date,
        end_date=row.end_date,
        setting=TreatmentSetting(row.setting) if row.setting else None,
        best_response=Response(row.best_response) if row.best_response else None,
        end_reason=EndReason(row.end_reason) if row.end_reason else None,
        trial_phase=TrialPhase(row.trial_phase) if row.trial_phase else None,
        nct_number=row.nct_number,
        notes=row.notes,
        line_number=number,
    )


def fill_row(row: TreatmentLineRow, line: TreatmentLine) -> None:
    row.category = line.category.value
    row.regimen = line.regimen
    row.start_date = line.start_date
    row.end_date = line.end_date
    row.setting = line.setting.value if line.setting else None
    row.best_response = line.best_response.value if line.best_response else None
    row.end_reason = line.end_reason.value if line.end_reason else None
    row.trial_phase = line.trial_phase.value if line.trial_phase else None
    row.nct_number = line.nct_number
    row.notes = line.notes


def all_lines(session: Session) -> list[TreatmentLine]:
    """Every line, oldest first; treatment lines numbered 1, 2, ... and supportive care not."""
    rows = session.scalars(
        select(TreatmentLineRow)
        .where(TreatmentLineRow.deleted_at.is_(None))
        .order_by(TreatmentLineRow.start_date, TreatmentLineRow.created_at)
    )
    lines: list[TreatmentLine] = []
    number = 0
    for row in rows:
        counted = TreatmentCategory(row.category).counts_as_line
        number += counted
        lines.append(to_domain(row, number if counted else None))
    return lines


def add(session: Session, line: TreatmentLine, today: date | None = None) -> TreatmentLine:
    clean = validate(line, today or utc_now().date())
    row = TreatmentLineRow(id=clean.id)
    fill_row(row, clean)
    session.add(row)
    session.flush()
    return _find(session, row.id)


def update(session: Session, line: TreatmentLine, today: date | None = None) -> TreatmentLine:
    row = _live(session, line.id)
    fill_row(row, validate(line, today or utc_now().date()))
    session.flush()
    return _find(session, row.id)


def delete(session: Session, line_id: uuid.UUID) -> None:
    soft_delete.delete(session, TreatmentLineRow, line_id, "treatment line")


def undelete(session: Session, line_id: uuid.UUID) -> None:
    soft_delete.undelete(session, TreatmentLineRow, line_id, "treatment line")


def _live(session: Session, line_id: uuid.UUID) -> TreatmentLineRow:
    return soft_delete.live(session, TreatmentLineRow, line_id, "treatment line")


def _find(session: Session, line_id: uuid.UUID) -> TreatmentLine:
    return next(line for line in all_lines(session) if line.id == line_id)


def new_id() -> uuid.UUID:
    return uuid.uuid4()
