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
from carecompanion.domain.records import CareContact, Profile, TemperatureUnit, WeightUnit


def get(session: Session) -> Profile:
    row = session.scalar(select(ProfileRow).limit(1))
    contacts = tuple(
        CareContact(
            id=c.id, name=c.name, role=c.role, phone=c.phone, around_the_clock=c.around_the_clock
        )
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
        cancer_type=row.cancer_type,
        emergency_number=row.emergency_number,
        temperature_unit=TemperatureUnit(row.temperature_unit),
        weight_unit=WeightUnit(row.weight_unit),
        fever_threshold_c=row.fever_threshold_c,
        supportive_prompt_dismissed_at=row.supportive_prompt_dismissed_at,
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
    row.cancer_type = clean.cancer_type
    row.emergency_number = clean.emergency_number
    row.temperature_unit = clean.temperature_unit.value
    row.weight_unit = clean.weight_unit.value
    row.fever_threshold_c = clean.fever_threshold_c
    row.supportive_prompt_dismissed_at = clean.supportive_prompt_dismissed_at
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
        values = (contact.name, contact.role, contact.phone, contact.around_the_clock, position)
        current = (row.name, row.role, row.phone, row.around_the_clock, row.position)
        if current != values or row.deleted_at is not None:
            row.name, row.role, row.phone, row.around_the_clock, row.position = values
            row.deleted_at = None
            row.updated_at = now


def time_zone(session: Session) -> str:
    """The profile's IANA zone name; empty means the computer's own."""
    return session.scalar(select(ProfileRow.time_zone).limit(1)) or ""


def new_contact(
    name: str, role: str = "", phone: str = "", *, around_the_clock: bool = False
) -> CareContact:
    return CareContact(
        id=uuid.uuid4(), name=name, role=role, phone=phone, around_the_clock=around_the_clock
    )
