"""The journal's id and person, whether it is empty, and what an import may do with a file.

The rules are the domain's (`domain/identity.judge`); this module reads what they need.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, tzinfo
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from carecompanion.db.models import (
    BiomarkerTestRow,
    CareContactRow,
    CheckInRow,
    DoseRow,
    JournalIdentityRow,
    MedicationRow,
    ProfileRow,
    QuestionRow,
    SymptomSettingRow,
    TreatmentLineRow,
)
from carecompanion.domain.identity import JournalIdentity, Person, Verdict, judge

if TYPE_CHECKING:  # the files' model loads with them, not with the window's sync status
    from carecompanion.domain.transfer import JournalDocument

RECORD_KINDS = (
    CheckInRow,
    TreatmentLineRow,
    BiomarkerTestRow,
    QuestionRow,
    CareContactRow,
    MedicationRow,
    DoseRow,
)


def journal_id(session: Session) -> uuid.UUID:
    found = session.scalar(select(JournalIdentityRow.id).limit(1))
    if found is None:  # every migrated journal has one; a missing row is made again
        found = uuid.uuid4()
        session.add(JournalIdentityRow(id=found, created_at=_epoch()))
        session.flush()
    return found


def _epoch() -> datetime:
    return datetime(2000, 1, 1, tzinfo=UTC)


def identity(session: Session, zone: tzinfo | None = None) -> JournalIdentity:
    """This journal's id and person (with the days of its check-ins when `zone` is given)."""
    row = session.execute(select(ProfileRow.name, ProfileRow.date_of_birth).limit(1)).first()
    person = Person(row.name, row.date_of_birth) if row is not None else Person()
    if zone is not None:
        first, last = session.execute(
            select(func.min(CheckInRow.recorded_at), func.max(CheckInRow.recorded_at)).where(
                CheckInRow.deleted_at.is_(None)
            )
        ).one()
        if first is not None and last is not None:
            first_day, last_day = first.astimezone(zone).date(), last.astimezone(zone).date()
            person = replace(person, first_day=first_day, last_day=last_day)
    return JournalIdentity(journal_id(session), person)


def is_empty(session: Session) -> bool:
    """No record of any kind (deleted ones count): nothing that could belong to a person."""
    return all(session.scalar(select(model.id).limit(1)) is None for model in RECORD_KINDS)


def adopt(session: Session, new_id: uuid.UUID) -> None:
    """Take another journal's id (this journal is empty: see `domain.identity`). What the
    welcome or Settings put here before joining (the profile, symptom choices) counts as
    older than the journal joined, so the joined journal's own settings win the merge."""
    current = journal_id(session)
    session.execute(
        update(JournalIdentityRow).where(JournalIdentityRow.id == current).values(id=new_id)
    )
    for model in (ProfileRow, SymptomSettingRow):
        session.execute(update(model).values(created_at=_epoch(), updated_at=_epoch()))


def file_person(doc: JournalDocument, zone: tzinfo) -> Person:
    """Whose journal the document says it is, with the days of its check-ins."""
    if doc.journal is not None:
        person = doc.journal.person
    elif doc.profile is not None:
        person = Person(doc.profile.name, doc.profile.date_of_birth)
    else:
        person = Person()
    days: list[date] = [
        c.recorded_at.astimezone(zone).date() for c in doc.checkins if c.stamps.deleted_at is None
    ]
    if days:
        person = replace(person, first_day=min(days), last_day=max(days))
    return person


def admit(
    session: Session, doc: JournalDocument, zone: tzinfo, *, merge_other: bool = False
) -> tuple[JournalDocument, Verdict]:
    """The document as it may be merged here, and why; raises OtherJournal for another
    person's file not asked for. Another journal's records merged on request leave this
    journal's profile (its person) as it is; an empty journal adopts the file's id."""
    ours = identity(session, zone)
    verdict = judge(
        ours,
        is_empty(session),
        doc.journal,
        file_person(doc, zone),
        merge_other=merge_other,
    )
    if verdict is Verdict.ADOPT and doc.journal is not None:
        adopt(session, doc.journal.id)
    if verdict is Verdict.OTHER:
        doc = replace(doc, profile=None)
    return doc, verdict


def set_sync_folder(session: Session, folder: str) -> None:
    journal_id(session)
    session.execute(update(JournalIdentityRow).values(sync_folder=folder))
