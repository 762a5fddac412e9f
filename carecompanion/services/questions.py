"""Questions for the care team: add, edit, reorder, pin up to three, mark asked or answered."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carecompanion.db.models import QuestionRow
from carecompanion.domain import rules
from carecompanion.domain.context import Context
from carecompanion.domain.errors import NotFound
from carecompanion.domain.records import (
    Question,
    QuestionSource,
    QuestionStatus,
)
from carecompanion.services import soft_delete

MAX_QUESTION_LENGTH = rules.MAX_QUESTION_LENGTH


def to_domain(row: QuestionRow) -> Question:
    return Question(
        id=row.id,
        text=row.text,
        source=QuestionSource(row.source),
        status=QuestionStatus(row.status),
        answer=row.answer,
        pinned=row.pinned,
        position=row.position,
    )


def all_questions(session: Session) -> list[Question]:
    rows = session.scalars(
        select(QuestionRow)
        .where(QuestionRow.deleted_at.is_(None))
        .order_by(QuestionRow.position, QuestionRow.created_at)
    )
    return [to_domain(row) for row in rows]


def pinned(session: Session) -> list[Question]:
    return [q for q in all_questions(session) if q.pinned]


def find_by_text(session: Session, text: str) -> Question | None:
    wanted = text.strip().casefold()
    return next((q for q in all_questions(session) if q.text.casefold() == wanted), None)


def add(
    session: Session,
    text: str,
    ctx: Context,
    source: QuestionSource = QuestionSource.USER,
    question_id: uuid.UUID | None = None,
) -> Question:
    """Add a question at the end of the list; the same text twice is added once."""
    cleaned = rules.check_question_text(text)
    existing = find_by_text(session, cleaned)
    if existing is not None:
        return existing
    last = session.scalar(
        select(func.max(QuestionRow.position)).where(QuestionRow.deleted_at.is_(None))
    )
    now = ctx.now()
    row = QuestionRow(
        id=question_id or uuid.uuid4(),
        text=cleaned,
        source=source.value,
        position=(last if last is not None else -1) + 1,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return to_domain(row)


def edit(session: Session, question_id: uuid.UUID, text: str, ctx: Context) -> Question:
    row = _live(session, question_id)
    row.text = rules.check_question_text(text)
    row.updated_at = ctx.now()
    return to_domain(row)


def set_pinned(session: Session, question_id: uuid.UUID, pinned_: bool, ctx: Context) -> Question:
    row = _live(session, question_id)
    if pinned_ and not row.pinned:
        rules.check_pin(pinned_, QuestionStatus(row.status))
        rules.check_pinned_count(len(pinned(session)) + 1)
    row.pinned = pinned_
    row.updated_at = ctx.now()
    return to_domain(row)


def set_status(
    session: Session,
    question_id: uuid.UUID,
    status: QuestionStatus,
    ctx: Context,
    answer: str = "",
) -> Question:
    row = _live(session, question_id)
    row.status = status.value
    row.answer = rules.check_answer(answer) if status is QuestionStatus.ANSWERED else row.answer
    if status is not QuestionStatus.OPEN:
        row.pinned = False
    row.updated_at = ctx.now()
    return to_domain(row)


def reorder(session: Session, ordered_ids: Sequence[uuid.UUID], ctx: Context) -> None:
    """Give the questions the order of `ordered_ids`; any not named keep their order after."""
    rows = {row.id: row for row in session.scalars(select(QuestionRow))}
    unknown = [str(i) for i in ordered_ids if i not in rows]
    if unknown:
        raise NotFound("question " + ", ".join(unknown))
    rest = [q.id for q in all_questions(session) if q.id not in set(ordered_ids)]
    now = ctx.now()
    for position, question_id in enumerate([*ordered_ids, *rest]):
        row = rows[question_id]
        if row.position != position:
            row.position = position
            row.updated_at = now


def delete(session: Session, question_id: uuid.UUID, ctx: Context) -> None:
    soft_delete.delete(session, QuestionRow, question_id, "question", ctx.now()).pinned = False


def undelete(session: Session, question_id: uuid.UUID, ctx: Context) -> None:
    soft_delete.undelete(session, QuestionRow, question_id, "question", ctx.now())


def _live(session: Session, question_id: uuid.UUID) -> QuestionRow:
    return soft_delete.live(session, QuestionRow, question_id, "question")
