"""Questions for the care team: add, edit, reorder, pin up to three, mark asked or answered."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carecompanion.db.models import QuestionRow
from carecompanion.domain.errors import InvalidInput, NotFound
from carecompanion.domain.records import (
    MAX_PINNED_QUESTIONS,
    Question,
    QuestionSource,
    QuestionStatus,
)
from carecompanion.services import soft_delete

MAX_QUESTION_LENGTH = 1000


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


def _clean_text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise InvalidInput("question", text, "write the question you want to ask")
    if len(cleaned) > MAX_QUESTION_LENGTH:
        raise InvalidInput(
            "question",
            f"{len(cleaned)} characters",
            f"a question holds up to {MAX_QUESTION_LENGTH}",
        )
    return cleaned


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
    source: QuestionSource = QuestionSource.USER,
    question_id: uuid.UUID | None = None,
) -> Question:
    """Add a question at the end of the list; the same text twice is added once."""
    cleaned = _clean_text(text)
    existing = find_by_text(session, cleaned)
    if existing is not None:
        return existing
    last = session.scalar(
        select(func.max(QuestionRow.position)).where(QuestionRow.deleted_at.is_(None))
    )
    row = QuestionRow(
        id=question_id or uuid.uuid4(),
        text=cleaned,
        source=source.value,
        position=(last if last is not None else -1) + 1,
    )
    session.add(row)
    session.flush()
    return to_domain(row)


def edit(session: Session, question_id: uuid.UUID, text: str) -> Question:
    row = _live(session, question_id)
    row.text = _clean_text(text)
    return to_domain(row)


def set_pinned(session: Session, question_id: uuid.UUID, pinned_: bool) -> Question:
    row = _live(session, question_id)
    if pinned_ and not row.pinned and len(pinned(session)) >= MAX_PINNED_QUESTIONS:
        raise InvalidInput(
            "pinned questions",
            MAX_PINNED_QUESTIONS + 1,
            f"up to {MAX_PINNED_QUESTIONS} can be pinned for the next visit; unpin one first",
        )
    row.pinned = pinned_
    return to_domain(row)


def set_status(
    session: Session, question_id: uuid.UUID, status: QuestionStatus, answer: str = ""
) -> Question:
    row = _live(session, question_id)
    row.status = status.value
    row.answer = answer.strip() if status is QuestionStatus.ANSWERED else row.answer
    if status is not QuestionStatus.OPEN:
        row.pinned = False
    return to_domain(row)


def reorder(session: Session, ordered_ids: Sequence[uuid.UUID]) -> None:
    """Give the questions the order of `ordered_ids`; any not named keep their order after."""
    rows = {row.id: row for row in session.scalars(select(QuestionRow))}
    unknown = [str(i) for i in ordered_ids if i not in rows]
    if unknown:
        raise NotFound("question " + ", ".join(unknown))
    rest = [q.id for q in all_questions(session) if q.id not in set(ordered_ids)]
    for position, question_id in enumerate([*ordered_ids, *rest]):
        rows[question_id].position = position


def delete(session: Session, question_id: uuid.UUID) -> None:
    soft_delete.delete(session, QuestionRow, question_id, "question").pinned = False


def undelete(session: Session, question_id: uuid.UUID) -> None:
    soft_delete.undelete(session, QuestionRow, question_id, "question")


def _live(session: Session, question_id: uuid.UUID) -> QuestionRow:
    return soft_delete.live(session, QuestionRow, question_id, "question")
