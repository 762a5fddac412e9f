"""The profile: name, date of birth, diagnosis, time zone and care-team contacts.

Read through the driver (`checkin_rows.rows`): the window's title and Today read it before
the SQL layer's mapping is loaded.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from carecompanion.domain import rules
from carecompanion.domain.context import Context
from carecompanion.domain.records import CareContact, Profile, TemperatureUnit, WeightUnit
from carecompanion.services.checkin_rows import Reader, moment, rows

_PROFILE = (
    "SELECT name, date_of_birth, diagnosis, time_zone, cancer_type, emergency_number, "
    "temperature_unit, weight_unit, fever_threshold_c, supportive_prompt_dismissed_at "
    "FROM profile LIMIT 1"
)
_CONTACTS = (
    "SELECT id, name, role, phone, around_the_clock FROM care_contacts "
    "WHERE deleted_at IS NULL ORDER BY position"
)


def get(source: Reader) -> Profile:
    contacts = tuple(
        CareContact(
            id=uuid.UUID(hex=c[0]), name=c[1], role=c[2], phone=c[3], around_the_clock=bool(c[4])
        )
        for c in rows(source, _CONTACTS)
    )
    found = rows(source, _PROFILE)
    if not found:
        return Profile(contacts=contacts)
    (name, born, diagnosis, zone, cancer, emergency, degrees, mass, fever, dismissed) = found[0]
    return Profile(
        name=name,
        date_of_birth=date.fromisoformat(born) if born is not None else None,
        diagnosis=diagnosis,
        time_zone=zone,
        contacts=contacts,
        cancer_type=cancer,
        emergency_number=emergency,
        temperature_unit=TemperatureUnit(degrees),
        weight_unit=WeightUnit(mass),
        fever_threshold_c=fever,
        supportive_prompt_dismissed_at=moment(dismissed) if dismissed is not None else None,
    )


def save(session: Session, profile: Profile, ctx: Context) -> Profile:
    """Store the profile and replace the contact list with the one given."""
    from carecompanion.db.models import ProfileRow  # the mapping: loaded when first written

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
    from carecompanion.db.models import CareContactRow

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


def time_zone(source: Reader) -> str:
    """The profile's IANA zone name; empty means the computer's own."""
    found = rows(source, "SELECT time_zone FROM profile LIMIT 1")
    return (found[0][0] or "") if found else ""


def new_contact(
    name: str, role: str = "", phone: str = "", *, around_the_clock: bool = False
) -> CareContact:
    return CareContact(
        id=uuid.uuid4(), name=name, role=role, phone=phone, around_the_clock=around_the_clock
    )
