"""Question actions: add (from anywhere), edit, pin, mark asked or answered, reorder, delete."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from carecompanion.actions import Change, Done
from carecompanion.db.journal import Journal
from carecompanion.domain.context import Context
from carecompanion.domain.records import Question, QuestionSource, QuestionStatus
from carecompanion.services import questions

CHANGED = frozenset({Change.QUESTIONS})


def add_question(
    journal: Journal, ctx: Context, text: str, source: QuestionSource = QuestionSource.USER
) -> Done[Question]:
    with journal.write() as session:
        return Done(questions.add(session, text, ctx, source), CHANGED)


def edit_question(
    journal: Journal, ctx: Context, question_id: uuid.UUID, text: str
) -> Done[Question]:
    with journal.write() as session:
        return Done(questions.edit(session, question_id, text, ctx), CHANGED)


def pin_question(
    journal: Journal, ctx: Context, question_id: uuid.UUID, pinned: bool
) -> Done[Question]:
    with journal.write() as session:
        return Done(questions.set_pinned(session, question_id, pinned, ctx), CHANGED)


def set_question_status(
    journal: Journal,
    ctx: Context,
    question_id: uuid.UUID,
    status: QuestionStatus,
    answer: str = "",
) -> Done[Question]:
    with journal.write() as session:
        return Done(questions.set_status(session, question_id, status, ctx, answer), CHANGED)


def reorder_questions(
    journal: Journal, ctx: Context, ordered_ids: Sequence[uuid.UUID]
) -> Done[None]:
    with journal.write() as session:
        questions.reorder(session, ordered_ids, ctx)
    return Done(None, CHANGED)


def delete_question(journal: Journal, ctx: Context, question_id: uuid.UUID) -> Done[None]:
    with journal.write() as session:
        questions.delete(session, question_id, ctx)
    return Done(None, CHANGED)


def undelete_question(journal: Journal, ctx: Context, question_id: uuid.UUID) -> Done[None]:
    with journal.write() as session:
        questions.undelete(session, question_id, ctx)
    return Done(None, CHANGED)
