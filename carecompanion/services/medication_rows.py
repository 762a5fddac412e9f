"""Reading medications and doses through the driver (`checkin_rows.rows`): Today shows the
ongoing ones with their last 24 hours before the SQL layer's mapping is loaded, and History
asks for years of doses on a worker, where an object of the mapping per dose held the
interpreter long enough to stall the window."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from carecompanion.domain.records import Dose, Medication, Recorder
from carecompanion.services.checkin_rows import Reader, moment, rows, stored

_MEDICATIONS = (
    "SELECT id, name, start_date, dose, as_needed, purpose, min_hours, max_per_day, stop_date, "
    "notes FROM medications WHERE deleted_at IS NULL"
)


def all_medications(source: Reader) -> list[Medication]:
    """Every medication not deleted, ongoing ones first, then by name."""
    found = [
        Medication(
            id=uuid.UUID(hex=found_id),
            name=name,
            start_date=date.fromisoformat(start),
            dose=dose,
            as_needed=bool(as_needed),
            purpose=purpose,
            min_hours=min_hours,
            max_per_day=max_per_day,
            stop_date=date.fromisoformat(stop) if stop is not None else None,
            notes=notes,
        )
        for (
            found_id,
            name,
            start,
            dose,
            as_needed,
            purpose,
            min_hours,
            max_per_day,
            stop,
            notes,
        ) in rows(source, _MEDICATIONS)
    ]
    return sorted(found, key=lambda m: (not m.ongoing, m.name.casefold(), m.start_date))


def doses_between(
    source: Reader,
    since: datetime | None = None,
    until: datetime | None = None,
    medication_id: uuid.UUID | None = None,
) -> list[Dose]:
    """Doses not deleted, of medications not deleted, taken in [since, until], oldest first."""
    where = [
        "d.deleted_at IS NULL",
        "d.medication_id IN (SELECT id FROM medications WHERE deleted_at IS NULL)",
    ]
    params: list[str] = []
    if since is not None:
        where.append("d.taken_at >= ?")
        params.append(stored(since))
    if until is not None:
        where.append("d.taken_at <= ?")
        params.append(stored(until))
    if medication_id is not None:
        where.append("d.medication_id = ?")
        params.append(medication_id.hex)
    sql = "SELECT d.id, d.medication_id, d.taken_at, d.recorded_by FROM doses d WHERE "
    sql += " AND ".join(where) + " ORDER BY d.taken_at"  # our own words, values bound
    # A few medicines and two recorders over thousands of doses: each made once.
    medicines: dict[str, uuid.UUID] = {}
    recorders = {r.value: r for r in Recorder}
    found = []
    for dose_id, medicine, taken_at, recorded_by in rows(source, sql, params):
        medicine_id = medicines.get(medicine)
        if medicine_id is None:
            medicine_id = medicines[medicine] = uuid.UUID(hex=medicine)
        found.append(
            Dose(
                uuid.UUID(hex=dose_id),
                medicine_id,
                moment(taken_at),
                recorders.get(recorded_by) or Recorder(recorded_by),
            )
        )
    return found
