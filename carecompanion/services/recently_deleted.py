"""What was deleted lately: check-ins, treatment lines, tests, questions, medicines and doses.

Deleting marks a record with `deleted_at` (see `soft_delete`), so a deletion survives a restart
and can be undone for as long as the record is kept. This reads those marked within the last
`days` days, newest deletion first, as plain values the window shows and restores through the
undelete actions. Nothing here writes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from carecompanion.db.models import (
    BiomarkerTestRow,
    CheckInRow,
    DoseRow,
    MedicationRow,
    QuestionRow,
    TreatmentLineRow,
)
from carecompanion.domain.records import TestKind, TreatmentCategory
from carecompanion.services import symptoms

KEPT_DAYS = 30  # "recently deleted" keeps deletions this long (PRODUCT.md)
PREVIEW_CHARACTERS = 80


class Kind(Enum):
    CHECKIN = "check-in"
    TREATMENT = "treatment"
    TEST = "test result"
    QUESTION = "question"
    MEDICATION = "medicine"
    DOSE = "dose"


@dataclass(frozen=True, slots=True)
class Deleted:
    """One deleted record: what it was in a few words, when it happened, when it was deleted.

    `at` is the moment it describes (a check-in's or a dose's time), `on` a day (a treatment's
    start, a test's date); the window shows either in the profile's zone. `blocked` says why it
    cannot be brought back alone (a dose whose medicine is deleted too), else "".
    """

    kind: Kind
    id: uuid.UUID
    summary: str
    deleted_at: datetime
    at: datetime | None = None
    on: date | None = None
    blocked: str = ""


def _short(text: str) -> str:
    flat = " ".join(text.split())
    if len(flat) <= PREVIEW_CHARACTERS:
        return flat
    return flat[: PREVIEW_CHARACTERS - 1].rstrip() + "…"


def within(session: Session, now: datetime, days: int = KEPT_DAYS) -> list[Deleted]:
    """Records deleted in the `days` days up to `now`, the most recent deletion first.

    A deletion dated after `now` (a clock that ran ahead) is included: it is recent too.
    """
    since = now - timedelta(days=days)
    labels = symptoms.labels(session)
    order = {key: place for place, key in enumerate(labels)}  # the check-in form's order
    found: list[Deleted] = []

    for checkin in session.scalars(select(CheckInRow).where(CheckInRow.deleted_at >= since)):
        scores = ", ".join(
            f"{labels.get(s.symptom, s.symptom)} {s.value}"
            for s in sorted(
                checkin.scores, key=lambda s: (order.get(s.symptom, len(order)), s.symptom)
            )
        )
        parts = [scores or "no scores"]
        if checkin.note:
            parts.append(f"“{_short(checkin.note)}”")
        found.append(
            Deleted(
                Kind.CHECKIN,
                checkin.id,
                " · ".join(parts),
                _deleted(checkin.deleted_at),
                at=checkin.recorded_at,
            )
        )

    for line in session.scalars(
        select(TreatmentLineRow).where(TreatmentLineRow.deleted_at >= since)
    ):
        category = _label(TreatmentCategory, line.category)
        what = f"{category}: {_short(line.regimen)}" if line.regimen else category
        found.append(
            Deleted(Kind.TREATMENT, line.id, what, _deleted(line.deleted_at), on=line.start_date)
        )

    for test in session.scalars(
        select(BiomarkerTestRow).where(BiomarkerTestRow.deleted_at >= since)
    ):
        what = ", ".join(
            part for part in (_short(test.marker), _short(test.result)) if part
        ) or _label(TestKind, test.kind)
        found.append(
            Deleted(Kind.TEST, test.id, what, _deleted(test.deleted_at), on=test.tested_on)
        )

    for question in session.scalars(select(QuestionRow).where(QuestionRow.deleted_at >= since)):
        found.append(
            Deleted(
                Kind.QUESTION,
                question.id,
                _short(question.text),
                _deleted(question.deleted_at),
            )
        )

    for medication in session.scalars(
        select(MedicationRow).where(MedicationRow.deleted_at >= since)
    ):
        what = f"{medication.name}, {medication.dose}" if medication.dose else medication.name
        found.append(
            Deleted(
                Kind.MEDICATION,
                medication.id,
                _short(what),
                _deleted(medication.deleted_at),
                on=medication.start_date,
            )
        )

    doses = session.execute(
        select(DoseRow, MedicationRow.name, MedicationRow.deleted_at)
        .join(MedicationRow, MedicationRow.id == DoseRow.medication_id)
        .where(DoseRow.deleted_at >= since)
    ).all()
    for dose, name, medication_deleted in doses:
        found.append(
            Deleted(
                Kind.DOSE,
                dose.id,
                f"{name} taken",
                _deleted(dose.deleted_at),
                at=dose.taken_at,
                blocked=(
                    f"Bring back {name} first: the medicine is deleted too."
                    if medication_deleted is not None
                    else ""
                ),
            )
        )

    return sorted(found, key=lambda item: item.deleted_at, reverse=True)


def _deleted(value: datetime | None) -> datetime:
    assert value is not None  # selected by `deleted_at >= since`
    return value


def _label(enum: type[TreatmentCategory] | type[TestKind], value: str) -> str:
    try:
        return enum(value).label
    except ValueError:
        return value
