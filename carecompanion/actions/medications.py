"""Medication and dose actions: add, edit, stop, delete and bring back; log a dose; and the
read that tells Today how many doses were taken in the last 24 hours."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from carecompanion.actions import Change, Done
from carecompanion.db.journal import Journal
from carecompanion.domain.context import Context
from carecompanion.domain.medications import (
    LOOKBACK,
    DoseWindow,
    dose_window,
    earlier_than_label,
)
from carecompanion.domain.records import Dose, Medication, Recorder
from carecompanion.services import medications

CHANGED = frozenset({Change.MEDICATIONS})


def add_medication(journal: Journal, ctx: Context, medication: Medication) -> Done[Medication]:
    with journal.write() as session:
        return Done(medications.add(session, medication, ctx), CHANGED)


def update_medication(journal: Journal, ctx: Context, medication: Medication) -> Done[Medication]:
    with journal.write() as session:
        return Done(medications.update(session, medication, ctx), CHANGED)


def stop_medication(
    journal: Journal, ctx: Context, name: str, on: date | None = None
) -> Done[Medication]:
    """Stop the ongoing medication of that name on a day (today by default)."""
    with journal.write() as session:
        found = medications.by_name(session, name)
        return Done(medications.stop(session, found.id, on or ctx.today(), ctx), CHANGED)


def delete_medication(journal: Journal, ctx: Context, medication_id: uuid.UUID) -> Done[None]:
    with journal.write() as session:
        medications.delete(session, medication_id, ctx)
    return Done(None, CHANGED)


def undelete_medication(journal: Journal, ctx: Context, medication_id: uuid.UUID) -> Done[None]:
    with journal.write() as session:
        medications.undelete(session, medication_id, ctx)
    return Done(None, CHANGED)


@dataclass(frozen=True, slots=True)
class DoseLogged:
    """A dose saved, with the medication's 24 hours after it and, when it came sooner than
    the label allows, the words saying how (it is recorded all the same)."""

    dose: Dose
    window: DoseWindow
    earlier_than_label: str | None


def log_dose(
    journal: Journal,
    ctx: Context,
    medication_id: uuid.UUID,
    taken_at: datetime | None = None,
    recorded_by: Recorder | None = None,
    dose_id: uuid.UUID | None = None,
) -> Done[DoseLogged]:
    """Record a dose as it happened: never refused for being early, only for being impossible
    (a time in the future, a medication deleted)."""
    now = ctx.now()
    at = taken_at or now
    with journal.write() as session:
        medication = medications.get(session, medication_id)
        around = medications.doses_between(session, at - LOOKBACK, at + LOOKBACK, medication_id)
        early = earlier_than_label(medication, around, at) if medication.as_needed else None
        dose = Dose(dose_id or uuid.uuid4(), medication_id, at, recorded_by or ctx.recorder)
        saved = medications.add_dose(session, dose, ctx)
        after = medications.doses_between(session, now - LOOKBACK, now, medication_id)
    return Done(DoseLogged(saved, dose_window(medication, after, now), early), CHANGED)


def update_dose(journal: Journal, ctx: Context, dose: Dose) -> Done[Dose]:
    with journal.write() as session:
        return Done(medications.update_dose(session, dose, ctx), CHANGED)


def delete_dose(journal: Journal, ctx: Context, dose_id: uuid.UUID) -> Done[None]:
    with journal.write() as session:
        medications.delete_dose(session, dose_id, ctx)
    return Done(None, CHANGED)


def undelete_dose(journal: Journal, ctx: Context, dose_id: uuid.UUID) -> Done[None]:
    with journal.write() as session:
        medications.undelete_dose(session, dose_id, ctx)
    return Done(None, CHANGED)


# ----- reads -----


def dose_check(
    journal: Journal, ctx: Context, medication_id: uuid.UUID, at: datetime | None = None
) -> str | None:
    """Before logging: why a dose at `at` (now by default) is sooner than the label allows."""
    moment = at or ctx.now()
    with journal.read() as session:
        medication = medications.get(session, medication_id)
        if not medication.as_needed:
            return None
        around = medications.doses_between(
            session, moment - LOOKBACK, moment + LOOKBACK, medication_id
        )
    return earlier_than_label(medication, around, moment)
