"""Medications and doses: add, edit, stop, delete and bring back; find by name; list doses."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy.orm import Session

from carecompanion.db.models import DoseRow, MedicationRow
from carecompanion.domain import rules
from carecompanion.domain.context import Context
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import Dose, Medication, Recorder
from carecompanion.services import soft_delete
from carecompanion.services.medication_rows import all_medications as all_medications
from carecompanion.services.medication_rows import doses_between as doses_between


def to_domain(row: MedicationRow) -> Medication:
    return Medication(
        id=row.id,
        name=row.name,
        start_date=row.start_date,
        dose=row.dose,
        as_needed=row.as_needed,
        purpose=row.purpose,
        min_hours=row.min_hours,
        max_per_day=row.max_per_day,
        stop_date=row.stop_date,
        notes=row.notes,
    )


def dose_to_domain(row: DoseRow) -> Dose:
    return Dose(row.id, row.medication_id, row.taken_at, Recorder(row.recorded_by))


def fill_row(row: MedicationRow, medication: Medication) -> None:
    row.name, row.dose, row.as_needed = medication.name, medication.dose, medication.as_needed
    row.purpose, row.min_hours = medication.purpose, medication.min_hours
    row.max_per_day, row.start_date = medication.max_per_day, medication.start_date
    row.stop_date, row.notes = medication.stop_date, medication.notes


def _check_name_free(session: Session, medication: Medication) -> None:
    """Two ongoing medications never share a name: `dose NAME` must know which one."""
    if not medication.ongoing:
        return
    for other in all_medications(session):
        same = other.name.casefold() == medication.name.casefold()
        if same and other.ongoing and other.id != medication.id:
            raise InvalidInput(
                "medication name",
                medication.name,
                "a name no other ongoing medication has (stop or rename the other first)",
            )


def add(session: Session, medication: Medication, ctx: Context) -> Medication:
    clean = rules.check_medication(medication, ctx.today())
    _check_name_free(session, clean)
    now = ctx.now()
    row = MedicationRow(id=clean.id, created_at=now, updated_at=now)
    fill_row(row, clean)
    session.add(row)
    session.flush()
    return to_domain(row)


def _check_doses_inside(session: Session, medication: Medication, ctx: Context) -> None:
    """A changed start or stop date may not leave recorded doses outside the days taken."""
    taken = doses_between(session, medication_id=medication.id)
    if not taken:
        return
    first = taken[0].taken_at.astimezone(ctx.zone).date()
    last = taken[-1].taken_at.astimezone(ctx.zone).date()
    if medication.start_date > first:
        raise InvalidInput(
            "start date",
            medication.start_date.isoformat(),
            f"a day on or before the first recorded dose, {first.isoformat()}",
        )
    if medication.stop_date is not None and medication.stop_date < last:
        raise InvalidInput(
            "stop date",
            medication.stop_date.isoformat(),
            f"a day on or after the last recorded dose, {last.isoformat()}",
        )


def update(session: Session, medication: Medication, ctx: Context) -> Medication:
    row = soft_delete.live(session, MedicationRow, medication.id, "medication")
    clean = rules.check_medication(medication, ctx.today())
    _check_name_free(session, clean)
    _check_doses_inside(session, clean, ctx)
    fill_row(row, clean)
    row.updated_at = ctx.now()
    session.flush()
    return to_domain(row)


def get(session: Session, medication_id: uuid.UUID) -> Medication:
    return to_domain(soft_delete.live(session, MedicationRow, medication_id, "medication"))


def by_name(session: Session, name: str, *, ongoing_only: bool = True) -> Medication:
    """The medication a person names (any case, spaces tidied), or InvalidInput listing them."""
    wanted = " ".join(name.split()).casefold()
    every = all_medications(session)
    known = [m for m in every if m.ongoing or not ongoing_only]
    for medication in known:
        if medication.name.casefold() == wanted:
            return medication
    names = ", ".join(repr(m.name) for m in known) or "none yet (add one with med add)"
    stopped = [m for m in every if m.name.casefold() == wanted and m.stop_date is not None]
    if stopped:
        when = max(m.stop_date for m in stopped if m.stop_date is not None)
        raise InvalidInput(
            "medication", name, f"it was stopped on {when.isoformat()}; ongoing: {names}"
        )
    raise InvalidInput("medication", name, f"one of the ongoing medications: {names}")


def for_dose(session: Session, name: str, at: datetime, ctx: Context) -> Medication:
    """The medication of that name being taken on the day of `at` (a stopped one too, for a
    dose backdated into its days), or InvalidInput saying which days it was taken."""
    wanted = " ".join(name.split()).casefold()
    day = at.astimezone(ctx.zone).date()
    named = [m for m in all_medications(session) if m.name.casefold() == wanted]
    taking = [
        m for m in named if m.start_date <= day and (m.stop_date is None or day <= m.stop_date)
    ]
    if taking:
        return taking[0]
    if named:
        spans = "; ".join(_span(m) for m in named)
        raise InvalidInput("time", day.isoformat(), f"a day {named[0].name} was taken: {spans}")
    return by_name(session, name)


def _span(medication: Medication) -> str:
    start = medication.start_date.isoformat()
    if medication.stop_date is None:
        return f"from {start}"
    return f"{start} to {medication.stop_date.isoformat()}"


def check_dose_day(medication: Medication, at: datetime, ctx: Context) -> None:
    """A dose falls on a day the medication was taken (in the journal's zone)."""
    day = at.astimezone(ctx.zone).date()
    inside = medication.start_date <= day and (
        medication.stop_date is None or day <= medication.stop_date
    )
    if not inside:
        raise InvalidInput(
            "time", day.isoformat(), f"a day {medication.name} was taken: {_span(medication)}"
        )


def delete(session: Session, medication_id: uuid.UUID, ctx: Context) -> None:
    soft_delete.delete(session, MedicationRow, medication_id, "medication", ctx.now())


def undelete(session: Session, medication_id: uuid.UUID, ctx: Context) -> None:
    soft_delete.undelete(session, MedicationRow, medication_id, "medication", ctx.now())


def stop(session: Session, medication_id: uuid.UUID, on: date, ctx: Context) -> Medication:
    current = get(session, medication_id)
    return update(session, replace(current, stop_date=on), ctx)


# ----- doses -----


def add_dose(session: Session, dose: Dose, ctx: Context) -> Dose:
    now = ctx.now()
    rules.check_dose(dose, now)
    check_dose_day(get(session, dose.medication_id), dose.taken_at, ctx)
    row = DoseRow(
        id=dose.id,
        created_at=now,
        updated_at=now,
        medication_id=dose.medication_id,
        taken_at=dose.taken_at,
        recorded_by=dose.recorded_by.value,
    )
    session.add(row)
    session.flush()
    return dose_to_domain(row)


def update_dose(session: Session, dose: Dose, ctx: Context) -> Dose:
    row = soft_delete.live(session, DoseRow, dose.id, "dose")
    rules.check_dose(dose, ctx.now())
    check_dose_day(get(session, dose.medication_id), dose.taken_at, ctx)
    row.medication_id, row.taken_at = dose.medication_id, dose.taken_at
    row.recorded_by = dose.recorded_by.value
    row.updated_at = ctx.now()
    session.flush()
    return dose_to_domain(row)


def delete_dose(session: Session, dose_id: uuid.UUID, ctx: Context) -> None:
    soft_delete.delete(session, DoseRow, dose_id, "dose", ctx.now())


def undelete_dose(session: Session, dose_id: uuid.UUID, ctx: Context) -> None:
    soft_delete.undelete(session, DoseRow, dose_id, "dose", ctx.now())


def new_id() -> uuid.UUID:
    return uuid.uuid4()
