"""Treatment line and test actions: add, edit, delete and bring back."""

from __future__ import annotations

import uuid

from carecompanion.actions import Change, Done
from carecompanion.db.journal import Journal
from carecompanion.domain.context import Context
from carecompanion.domain.records import BiomarkerTest, TreatmentLine
from carecompanion.services import biomarkers, treatments

LINES = frozenset({Change.TREATMENTS})
TESTS = frozenset({Change.TESTS})


def add_line(journal: Journal, ctx: Context, line: TreatmentLine) -> Done[TreatmentLine]:
    with journal.write() as session:
        return Done(treatments.add(session, line, ctx), LINES)


def update_line(journal: Journal, ctx: Context, line: TreatmentLine) -> Done[TreatmentLine]:
    with journal.write() as session:
        return Done(treatments.update(session, line, ctx), LINES)


def delete_line(journal: Journal, ctx: Context, line_id: uuid.UUID) -> Done[None]:
    with journal.write() as session:
        treatments.delete(session, line_id, ctx)
    return Done(None, LINES)


def undelete_line(journal: Journal, ctx: Context, line_id: uuid.UUID) -> Done[None]:
    with journal.write() as session:
        treatments.undelete(session, line_id, ctx)
    return Done(None, LINES)


def add_test(journal: Journal, ctx: Context, test: BiomarkerTest) -> Done[BiomarkerTest]:
    with journal.write() as session:
        return Done(biomarkers.add(session, test, ctx), TESTS)


def update_test(journal: Journal, ctx: Context, test: BiomarkerTest) -> Done[BiomarkerTest]:
    with journal.write() as session:
        return Done(biomarkers.update(session, test, ctx), TESTS)


def delete_test(journal: Journal, ctx: Context, test_id: uuid.UUID) -> Done[None]:
    with journal.write() as session:
        biomarkers.delete(session, test_id, ctx)
    return Done(None, TESTS)


def undelete_test(journal: Journal, ctx: Context, test_id: uuid.UUID) -> Done[None]:
    with journal.write() as session:
        biomarkers.undelete(session, test_id, ctx)
    return Done(None, TESTS)
