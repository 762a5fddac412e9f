"""Treatment lines: add, edit, delete and undo, listed in order with their line numbers."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from carecompanion.db.models import TreatmentLineRow
from carecompanion.domain import rules
from carecompanion.domain.context import Context
from carecompanion.domain.records import (
    EndReason,
    Response,
    TreatmentCategory,
    TreatmentLine,
    TreatmentSetting,
    TrialPhase,
)
from carecompanion.services import soft_delete

NCT_PATTERN = rules.NCT_PATTERN
validate = rules.check_line


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


def add(session: Session, line: TreatmentLine, ctx: Context) -> TreatmentLine:
    clean = rules.check_line(line, ctx.today())
    now = ctx.now()
    row = TreatmentLineRow(id=clean.id, created_at=now, updated_at=now)
    fill_row(row, clean)
    session.add(row)
    session.flush()
    return _find(session, row.id)


def update(session: Session, line: TreatmentLine, ctx: Context) -> TreatmentLine:
    row = _live(session, line.id)
    fill_row(row, rules.check_line(line, ctx.today()))
    row.updated_at = ctx.now()
    session.flush()
    return _find(session, row.id)


def delete(session: Session, line_id: uuid.UUID, ctx: Context) -> None:
    soft_delete.delete(session, TreatmentLineRow, line_id, "treatment line", ctx.now())


def undelete(session: Session, line_id: uuid.UUID, ctx: Context) -> None:
    soft_delete.undelete(session, TreatmentLineRow, line_id, "treatment line", ctx.now())


def _live(session: Session, line_id: uuid.UUID) -> TreatmentLineRow:
    return soft_delete.live(session, TreatmentLineRow, line_id, "treatment line")


def _find(session: Session, line_id: uuid.UUID) -> TreatmentLine:
    return next(line for line in all_lines(session) if line.id == line_id)


def new_id() -> uuid.UUID:
    return uuid.uuid4()
