"""The profile: name, date of birth, diagnosis, time zone and care-team contacts."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from carecompanion.db.models import CareContactRow, ProfileRow
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import CareContact, Profile
from carecompanion.domain.times import local_zone, utc_now


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


def save(session: Session, profile: Profile, today: date | None = None) -> Profile:
    """Store the profile and replace the contact list with the one given."""
    if profile.date_of_birth is not None and profile.date_of_birth > (today or utc_now().date()):
        raise InvalidInput(
            "date of birth", profile.date_of_birth.isoformat(), "it cannot be in the future"
        )
    if profile.time_zone:
        local_zone(profile.time_zone)
    row = session.scalar(select(ProfileRow).limit(1))
    if row is None:
        row = ProfileRow()
        session.add(row)
    row.name = profile.name.strip()
    row.date_of_birth = profile.date_of_birth
    row.diagnosis = profile.diagnosis.strip()
    row.time_zone = profile.time_zone
    _save_contacts(session, profile.contacts)
    session.flush()
    return get(session)


def _save_contacts(session: Session, contacts: Sequence[CareContact]) -> None:
    for contact in contacts:
        if not contact.name.strip() and not contact.phone.strip():
            raise InvalidInput("care-team contact", contact.name, "give a name or a phone number")
    existing = {row.id: row for row in session.scalars(select(CareContactRow))}
    wanted = {c.id for c in contacts}
    for row in existing.values():
        if row.id not in wanted and row.deleted_at is None:
            row.deleted_at = utc_now()
    for position, contact in enumerate(contacts):
        row = existing.get(contact.id) or CareContactRow(id=contact.id)
        session.add(row)
        row.name = contact.name.strip()
        row.role = contact.role.strip()
        row.phone = contact.phone.strip()
        row.position = position
        row.deleted_at = None


def new_contact(name: str, role: str = "", phone: str = "") -> CareContact:
    return CareContact(id=uuid.uuid4(), name=name, role=role, phone=phone)
