"""Tests and biomarker results: add, edit, delete and undo, newest first."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from carecompanion.db.models import BiomarkerTestRow
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import Actionable, BiomarkerTest, TestKind
from carecompanion.domain.times import utc_now
from carecompanion.services import soft_delete


def validate(test: BiomarkerTest, today: date) -> BiomarkerTest:
    marker = " ".join(test.marker.split())
    if not marker:
        raise InvalidInput("marker", test.marker, "name what was tested, such as EGFR or PD-L1")
    if len(marker) > 80:
        raise InvalidInput("marker", marker[:20] + "…", "a marker name is up to 80 characters")
    if test.tested_on > today:
        raise InvalidInput("test date", test.tested_on.isoformat(), "it cannot be in the future")
    return replace(test, marker=marker, result=test.result.strip())


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


def add(session: Session, test: BiomarkerTest, today: date | None = None) -> BiomarkerTest:
    clean = validate(test, today or utc_now().date())
    row = BiomarkerTestRow(id=clean.id)
    _apply(row, clean)
    session.add(row)
    session.flush()
    return to_domain(row)


def update(session: Session, test: BiomarkerTest, today: date | None = None) -> BiomarkerTest:
    row = _live(session, test.id)
    _apply(row, validate(test, today or utc_now().date()))
    session.flush()
    return to_domain(row)


def delete(session: Session, test_id: uuid.UUID) -> None:
    soft_delete.delete(session, BiomarkerTestRow, test_id, "test")


def undelete(session: Session, test_id: uuid.UUID) -> None:
    soft_delete.undelete(session, BiomarkerTestRow, test_id, "test")


def _live(session: Session, test_id: uuid.UUID) -> BiomarkerTestRow:
    return soft_delete.live(session, BiomarkerTestRow, test_id, "test")
