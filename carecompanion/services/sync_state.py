"""What the sync folder exchange remembers in the journal: the versions this computer has
written to the folder (`sync_sent`) and the other computers' files it has read
(`sync_applied`), each in the same transaction as the change it stands for.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from carecompanion.db.models import (
    ProfileRow,
    SymptomSettingRow,
    SyncAppliedRow,
    SyncSentRow,
)
from carecompanion.domain.transfer import JournalDocument
from carecompanion.services import transfer
from carecompanion.services.identity import RECORD_KINDS

APPLIED, WAITING = "applied", "waiting"
_KINDS = (*RECORD_KINDS, ProfileRow, SymptomSettingRow)


def _versions(session: Session) -> dict[uuid.UUID, datetime]:
    found: dict[uuid.UUID, datetime] = {}
    for model in _KINDS:
        found.update(dict(session.execute(select(model.id, model.updated_at)).tuples().all()))
    return found


def _sent(session: Session) -> dict[uuid.UUID, datetime]:
    return dict(session.execute(select(SyncSentRow.id, SyncSentRow.updated_at)).tuples().all())


def unsent(session: Session, now: datetime, *, everything: bool = False) -> JournalDocument | None:
    """The records changed since this computer last wrote them to the folder (all of them
    with `everything`), as a document; None when there is nothing to write.

    Each dose comes with its medication and every symptom setting comes along, so a file is
    complete on its own whatever order the other computers read the files in.
    """
    versions = _versions(session)
    sent = {} if everything else _sent(session)
    changed = {key for key, stamp in versions.items() if sent.get(key) != stamp}
    if not changed:
        return None
    doc = transfer.dump(session, now)
    medications_needed = {r.dose.medication_id for r in doc.doses if r.dose.id in changed}
    profile_row = session.scalar(select(ProfileRow.id).limit(1))
    return replace(
        doc,
        profile=doc.profile if profile_row in changed else None,
        contacts=tuple(r for r in doc.contacts if r.contact.id in changed),
        checkins=tuple(r for r in doc.checkins if r.id in changed),
        lines=tuple(r for r in doc.lines if r.line.id in changed),
        tests=tuple(r for r in doc.tests if r.test.id in changed),
        questions=tuple(r for r in doc.questions if r.question.id in changed),
        medications=tuple(
            r
            for r in doc.medications
            if r.medication.id in changed or r.medication.id in medications_needed
        ),
        doses=tuple(r for r in doc.doses if r.dose.id in changed),
    )


def note_held(session: Session, doc: JournalDocument | None) -> None:
    """Remember that every record now holds a version the folder has (after this computer
    wrote `doc`, or after applying another computer's file): only what changes after this is
    written next time. Versions this journal holds that differ are left to be written."""
    if doc is None:
        return
    versions = _versions(session)
    keys = _keys(session, doc)
    sent = _sent(session)
    for key, stamp in keys:
        if versions.get(key) == stamp and sent.get(key) != stamp:
            session.merge(SyncSentRow(id=key, updated_at=stamp))


def _keys(session: Session, doc: JournalDocument) -> Iterable[tuple[uuid.UUID, datetime]]:
    yield from ((r.contact.id, r.stamps.updated_at) for r in doc.contacts)
    yield from ((r.id, r.stamps.updated_at) for r in doc.checkins)
    yield from ((r.line.id, r.stamps.updated_at) for r in doc.lines)
    yield from ((r.test.id, r.stamps.updated_at) for r in doc.tests)
    yield from ((r.question.id, r.stamps.updated_at) for r in doc.questions)
    yield from ((r.medication.id, r.stamps.updated_at) for r in doc.medications)
    yield from ((r.dose.id, r.stamps.updated_at) for r in doc.doses)
    if doc.profile is not None:
        profile_id = session.scalar(select(ProfileRow.id).limit(1))
        if profile_id is not None:
            yield profile_id, doc.profile.updated_at
    query = select(SymptomSettingRow.key, SymptomSettingRow.id)
    by_key = dict(session.execute(query).tuples().all())
    for setting in doc.symptoms:
        if setting.key in by_key:
            yield by_key[setting.key], setting.updated_at


def forget_sent(session: Session) -> None:
    """A new folder (or this computer's files gone from it): write everything again."""
    session.execute(delete(SyncSentRow))


def outcomes(session: Session, device: str) -> dict[str, str]:
    """The files of `device` this journal has seen, and what became of each."""
    rows = session.execute(
        select(SyncAppliedRow.name, SyncAppliedRow.outcome).where(SyncAppliedRow.device == device)
    )
    return dict(rows.tuples().all())


def note_file(session: Session, device: str, name: str, outcome: str, now: datetime) -> None:
    session.merge(SyncAppliedRow(device=device, name=name, outcome=outcome, seen_at=now))
