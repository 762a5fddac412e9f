"""Every record of an imported document checked before anything changes: the domain's rules
as the window applies them, stamps never in the future, doses of known medications on days they
were taken, and the counts the window allows (pinned questions, contacts, one ongoing
medication per name) as they would stand after the merge.

Refusals name the record as the file places it (`checkins[3] (<id>)`, a CSV's `line 5`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from carecompanion.db.models import (
    BiomarkerTestRow,
    CareContactRow,
    CheckInRow,
    DoseRow,
    MedicationRow,
    QuestionRow,
    TreatmentLineRow,
)
from carecompanion.domain import rules
from carecompanion.domain.context import Context
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import (
    Profile,
)
from carecompanion.domain.symptoms import Symptom
from carecompanion.domain.times import check_moment
from carecompanion.domain.transfer import (
    JournalDocument,
    MedicationRecord,
    Stamps,
    incoming_wins,
)
from carecompanion.services import (
    medications,
    symptoms,
)

Row = TypeVar(
    "Row",
    CheckInRow,
    TreatmentLineRow,
    BiomarkerTestRow,
    QuestionRow,
    CareContactRow,
    MedicationRow,
    DoseRow,
)
T = TypeVar("T")
CHUNK = 500


def existing_rows(
    session: Session, model: type[Row], ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Row]:
    found: dict[uuid.UUID, Row] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found.update(
            {row.id: row for row in session.scalars(select(model).where(model.id.in_(chunk)))}
        )
    return found


def checked_document(session: Session, doc: JournalDocument, ctx: Context) -> JournalDocument:
    """The document with every record checked by the domain's rules and cleaned as they clean.

    Records are named as the JSON file places them (`checkins[3]`), or by their line in a CSV.
    """
    now, today = ctx.now(), ctx.today()
    _as("file", check_moment, doc.exported_at, now, "exported_at")
    for index, setting in enumerate(doc.symptoms):
        where = f"symptoms[{index}] ({setting.key})"
        _as(
            where,
            rules.check_symptom_setting,
            setting.key,
            setting.label,
            setting.custom,
            setting.active,
        )
        _as(where, check_moment, setting.updated_at, now, "updated_at")
    known = symptoms.known(session)
    known.update({s.key: Symptom(s.key, s.label, custom=True) for s in doc.symptoms if s.custom})
    profile = doc.profile
    if profile is not None:
        person = Profile(
            profile.name,
            profile.date_of_birth,
            profile.diagnosis,
            profile.time_zone,
            cancer_type=profile.cancer_type,
            emergency_number=profile.emergency_number,
            fever_threshold_c=profile.fever_threshold_c,
        )
        clean = _as("profile", rules.check_profile, person, today)
        _as("profile", check_moment, profile.updated_at, now, "updated_at")
        if profile.supportive_prompt_dismissed_at is not None:
            _as(
                "profile",
                check_moment,
                profile.supportive_prompt_dismissed_at,
                now,
                "supportive_prompt_dismissed_at",
            )
        profile = replace(
            profile,
            name=clean.name,
            diagnosis=clean.diagnosis,
            time_zone=clean.time_zone,
            cancer_type=clean.cancer_type,
            emergency_number=clean.emergency_number,
            fever_threshold_c=clean.fever_threshold_c,
        )
    contacts = []
    for index, contact in enumerate(doc.contacts):
        where = f"contacts[{index}] ({contact.contact.id})"
        _check_stamps(where, contact.stamps, now)
        contacts.append(replace(contact, contact=_as(where, rules.check_contact, contact.contact)))
    seen: set[uuid.UUID] = set()
    for index, checkin in enumerate(doc.checkins):
        where = f"{checkin.origin or f'checkins[{index}]'} ({checkin.id})"
        if checkin.id in seen:
            raise InvalidInput(where, "a repeated id", "each check-in appears once in a file")
        seen.add(checkin.id)
        _as(
            where,
            partial(
                rules.check_checkin,
                temperature_c=checkin.temperature_c,
                weight_kg=checkin.weight_kg,
            ),
            checkin.scores,
            checkin.recorded_at,
            checkin.note,
            known,
            now,
        )
        _check_stamps(where, checkin.stamps, now)
    lines = []
    for index, line in enumerate(doc.lines):
        where = f"treatment_lines[{index}] ({line.line.id})"
        _check_stamps(where, line.stamps, now)
        lines.append(replace(line, line=_as(where, rules.check_line, line.line, today)))
    tests = []
    for index, test in enumerate(doc.tests):
        where = f"tests[{index}] ({test.test.id})"
        _check_stamps(where, test.stamps, now)
        tests.append(replace(test, test=_as(where, rules.check_test, test.test, today)))
    found_questions = []
    for index, record in enumerate(doc.questions):
        question = record.question
        where = f"questions[{index}] ({question.id})"
        _check_stamps(where, record.stamps, now)
        text = _as(where, rules.check_question_text, question.text)
        answer = _as(where, rules.check_answer, question.answer)
        _as(where, rules.check_pin, question.pinned, question.status)
        found_questions.append(
            replace(record, question=replace(question, text=text, answer=answer))
        )
    found_medications = []
    for index, medication in enumerate(doc.medications):
        where = f"medications[{index}] ({medication.medication.id})"
        _check_stamps(where, medication.stamps, now)
        checked = _as(where, rules.check_medication, medication.medication, today)
        found_medications.append(replace(medication, medication=checked))
    _check_doses(session, replace(doc, medications=tuple(found_medications)), ctx)
    return replace(
        doc,
        profile=profile,
        contacts=tuple(contacts),
        lines=tuple(lines),
        tests=tuple(tests),
        questions=tuple(found_questions),
        medications=tuple(found_medications),
    )


def _check_doses(session: Session, doc: JournalDocument, ctx: Context) -> None:
    """Each dose taken at a real time, on a day its medication was taken, of a medication in
    the file or already in the journal (deleted ones included: a deleted medication's doses
    travel with it)."""
    now = ctx.now()
    by_id = {r.medication.id: r.medication for r in doc.medications}
    in_file = set(by_id)
    wanted = sorted({r.dose.medication_id for r in doc.doses} - in_file)
    stored = existing_rows(session, MedicationRow, wanted)
    by_id.update({key: medications.to_domain(row) for key, row in stored.items()})
    known = in_file | set(stored)
    for index, record in enumerate(doc.doses):
        dose = record.dose
        where = f"doses[{index}] ({dose.id})"
        if dose.medication_id not in known:
            raise InvalidInput(
                f"{where}: medication_id",
                str(dose.medication_id),
                "the id of a medication in this file or already in the journal",
            )
        _check_stamps(where, record.stamps, now)
        _as(where, rules.check_dose, dose, now)
        _as(where, medications.check_dose_day, by_id[dose.medication_id], dose.taken_at, ctx)


def _as(where: str, check: Callable[..., T], *args: Any) -> T:
    """Run one rule; a refusal names the record it came from."""
    try:
        return check(*args)
    except InvalidInput as exc:
        raise InvalidInput(f"{where}: {exc.field}", exc.value, exc.allowed) from None


def _check_stamps(where: str, stamps: Stamps, now: datetime) -> None:
    _as(where, rules.check_stamps, stamps.created_at, stamps.updated_at, stamps.deleted_at, now)


def _live_after(
    session: Session,
    model: Any,
    incoming: Iterable[tuple[uuid.UUID, Stamps, bool]],
    counted: Callable[[Any], bool],
) -> int:
    """How many records count once the file's newer records have won (new ones included)."""
    state: dict[uuid.UUID, bool] = {}
    stamps: dict[uuid.UUID, datetime] = {}
    for row in session.scalars(select(model)):
        state[row.id] = counted(row) and row.deleted_at is None
        stamps[row.id] = row.updated_at
    for record_id, record_stamps, counts in incoming:
        if incoming_wins(record_stamps.updated_at, stamps.get(record_id)):
            state[record_id] = counts and record_stamps.deleted_at is None
    return sum(state.values())


def check_counts_after(session: Session, doc: JournalDocument) -> None:
    """Up to three pinned questions and twenty contacts, as the window allows."""
    pinned = _live_after(
        session,
        QuestionRow,
        ((r.question.id, r.stamps, r.question.pinned) for r in doc.questions),
        lambda row: bool(row.pinned),
    )
    _as("questions", rules.check_pinned_count, pinned)
    contacts = _live_after(
        session, CareContactRow, ((r.contact.id, r.stamps, True) for r in doc.contacts), bool
    )
    _as("contacts", rules.check_contact_count, contacts)
    _check_medication_names_after(session, doc)


def _check_medication_names_after(session: Session, doc: JournalDocument) -> None:
    """No two ongoing medications share a name once the file is merged (any case), as the
    window allows: `dose NAME` must know which one is meant. The refusal names the first
    medication of the file that would share its name."""
    state: dict[uuid.UUID, tuple[str, bool]] = {}  # id: (name, ongoing and not deleted)
    stamps: dict[uuid.UUID, datetime] = {}
    for row in session.scalars(select(MedicationRow)):
        state[row.id] = (row.name, row.stop_date is None and row.deleted_at is None)
        stamps[row.id] = row.updated_at
    winners: list[tuple[int, MedicationRecord]] = []
    for index, record in enumerate(doc.medications):
        medication = record.medication
        if incoming_wins(record.stamps.updated_at, stamps.get(medication.id)):
            live = medication.ongoing and record.stamps.deleted_at is None
            state[medication.id] = (medication.name, live)
            winners.append((index, record))
    holders: dict[str, int] = {}
    for name, live in state.values():
        if live:
            holders[name.casefold()] = holders.get(name.casefold(), 0) + 1
    for index, record in winners:
        name, live = state[record.medication.id]
        if live and holders[name.casefold()] > 1:
            raise InvalidInput(
                f"medications[{index}] ({record.medication.id}): medication name",
                name,
                "a name no other ongoing medication has (stop or rename the other first)",
            )
