"""The profile: name, date of birth, diagnosis, time zone and care-team contacts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from carecompanion.db.models import CareContactRow, ProfileRow
from carecompanion.domain import rules
from carecompanion.domain.context import Context
from carecompanion.domain.records import CareContact, Profile


def get(session: Session) -> Profile:
    row = session.scalar(select(ProfileRow).limit(1))
    contacts = tuple(
        CareContact(id=c.id, name=c.name, role=c.role, phone=c.phone)
        for c in session.scalars(
            select(CareContactRow)
            .where(CareContactRow.deleted_at.is_(None))
            .order_by(CareContactRow.position)
        )
    )
    if row is None:
        return Profile(contacts=contacts)
    return Profile(
        name=row.name,
        date_of_birth=row.date_of_birth,
        diagnosis=row.diagnosis,
        time_zone=row.time_zone,
        contacts=contacts,
    )


def save(session: Session, profile: Profile, ctx: Context) -> Profile:
    """Store the profile and replace the contact list with the one given."""
    clean = rules.check_profile(profile, ctx.today())
    now = ctx.now()
    row = session.scalar(select(ProfileRow).limit(1))
    if row is None:
        row = ProfileRow(created_at=now)
        session.add(row)
    row.name = clean.name
    row.date_of_birth = clean.date_of_birth
    row.diagnosis = clean.diagnosis
    row.time_zone = clean.time_zone
    row.updated_at = now
    _save_contacts(session, clean.contacts, now)
    session.flush()
    return get(session)


def _save_contacts(session: Session, contacts: Sequence[CareContact], now: datetime) -> None:
    existing = {row.id: row for row in session.scalars(select(CareContactRow))}
    wanted = {c.id for c in contacts}
    for old in existing.values():
        if old.id not in wanted and old.deleted_at is None:
            old.deleted_at = now
            old.updated_at = now
    for position, contact in enumerate(contacts):
        row = existing.get(contact.id) or CareContactRow(id=contact.id, created_at=now)
        session.add(row)
        values = (contact.name, contact.role, contact.phone, position, None)
        if (row.name, row.role, row.phone, row.position, row.deleted_at) != values:
            row.name, row.role, row.phone, row.position, row.deleted_at = values
            row.updated_at = now


def time_zone(session: Session) -> str:
    """The profile's IANA zone name; empty means the computer's own."""
    return session.scalar(select(ProfileRow.time_zone).limit(1)) or ""


def new_contact(name: str, role: str = "", phone: str = "") -> CareContact:
    return CareContact(id=uuid.uuid4(), name=name, role=role, phone=phone)
