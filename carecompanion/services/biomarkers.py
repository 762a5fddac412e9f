"""Tests and biomarker results: add, edit, delete and undo, newest first."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from carecompanion.db.models import BiomarkerTestRow
from carecompanion.domain import rules
from carecompanion.domain.context import Context
from carecompanion.domain.records import Actionable, BiomarkerTest, TestKind
from carecompanion.services import soft_delete

validate = rules.check_test


def to_domain(row: BiomarkerTestRow) -> BiomarkerTest:
    return BiomarkerTest(
        id=row.id,
        tested_on=row.tested_on,
        kind=TestKind(row.kind),
        marker=row.marker,
        result=row.result,
        actionable=Actionable(row.actionable),
        notes=row.notes,
    )


def _apply(row: BiomarkerTestRow, test: BiomarkerTest) -> None:
    row.tested_on = test.tested_on
    row.kind = test.kind.value
    row.marker = test.marker
    row.result = test.result
    row.actionable = test.actionable.value
    row.notes = test.notes


def all_tests(session: Session) -> list[BiomarkerTest]:
    rows = session.scalars(
        select(BiomarkerTestRow)
        .where(BiomarkerTestRow.deleted_at.is_(None))
        .order_by(BiomarkerTestRow.tested_on.desc(), BiomarkerTestRow.created_at.desc())
    )
    return [to_domain(row) for row in rows]


def actionable(session: Session) -> list[BiomarkerTest]:
    return [t for t in all_tests(session) if t.actionable is Actionable.YES]


def add(session: Session, test: BiomarkerTest, ctx: Context) -> BiomarkerTest:
    clean = rules.check_test(test, ctx.today())
    now = ctx.now()
    row = BiomarkerTestRow(id=clean.id, created_at=now, updated_at=now)
    _apply(row, clean)
    session.add(row)
    session.flush()
    return to_domain(row)


def update(session: Session, test: BiomarkerTest, ctx: Context) -> BiomarkerTest:
    row = _live(session, test.id)
    _apply(row, rules.check_test(test, ctx.today()))
    row.updated_at = ctx.now()
    session.flush()
    return to_domain(row)


def delete(session: Session, test_id: uuid.UUID, ctx: Context) -> None:
    soft_delete.delete(session, BiomarkerTestRow, test_id, "test", ctx.now())


def undelete(session: Session, test_id: uuid.UUID, ctx: Context) -> None:
    soft_delete.undelete(session, BiomarkerTestRow, test_id, "test", ctx.now())


def _live(session: Session, test_id: uuid.UUID) -> BiomarkerTestRow:
    return soft_delete.live(session, BiomarkerTestRow, test_id, "test")
