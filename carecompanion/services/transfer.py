"""Moving a journal between laptops: the whole journal as a document, and merging one in.

Merging matches records by UUID (the profile as the one profile, symptom settings by key). A
record new to this journal is added; one edited more recently in the file replaces this
journal's; anything else is left as it is. So importing the same file twice changes nothing,
and two journals that import each other's files end up the same.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from carecompanion.db.models import (
    BiomarkerTestRow,
    CareContactRow,
    CheckInRow,
    DoseRow,
    MedicationRow,
    ProfileRow,
    QuestionRow,
    SymptomSettingRow,
    TreatmentLineRow,
)
from carecompanion.domain.context import Context
from carecompanion.domain.records import (
    CareContact,
    Recorder,
    TemperatureUnit,
    WeightUnit,
)
from carecompanion.domain.transfer import (
    AROUND_THE_CLOCK,
    PROFILE_SAFETY,
    TEMPERATURE,
    WEIGHT,
    CheckInRecord,
    ContactRecord,
    DoseRecord,
    JournalDocument,
    LineRecord,
    MedicationRecord,
    MergeReport,
    ProfileRecord,
    QuestionRecord,
    Stamps,
    SymptomRecord,
    TestRecord,
    incoming_wins,
)
from carecompanion.services import (
    biomarkers,
    checkins,
    identity,
    medications,
    questions,
    treatments,
)
from carecompanion.services.import_checks import (
    Row,
    check_counts_after,
    checked_document,
    existing_rows,
)


def _stamps(row: Any) -> Stamps:
    return Stamps(row.created_at, row.updated_at, getattr(row, "deleted_at", None))


def _put_stamps(row: Any, stamps: Stamps) -> None:
    row.created_at = stamps.created_at
    row.updated_at = stamps.updated_at
    if hasattr(row, "deleted_at"):
        row.deleted_at = stamps.deleted_at


# ----- the journal as a document -----


def _stored_time(moment: datetime) -> str:
    """A time as the journal stores it (UTC, "YYYY-MM-DD HH:MM:SS.ffffff"), for plain SQL."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def checkin_records(
    session: Session,
    since: datetime | None = None,
    until: datetime | None = None,
    *,
    include_deleted: bool = True,
) -> list[CheckInRecord]:
    """Check-ins with their times, oldest first, read with two plain queries (fast for exports)."""
    query = select(
        CheckInRow.id,
        CheckInRow.recorded_at,
        CheckInRow.recorded_by,
        CheckInRow.note,
        CheckInRow.activity,
        CheckInRow.temperature_c,
        CheckInRow.weight_kg,
        CheckInRow.created_at,
        CheckInRow.updated_at,
        CheckInRow.deleted_at,
    ).order_by(CheckInRow.recorded_at, CheckInRow.id)
    conditions = []
    if since is not None:
        conditions.append(CheckInRow.recorded_at >= since)
    if until is not None:
        conditions.append(CheckInRow.recorded_at <= until)
    if not include_deleted:
        conditions.append(CheckInRow.deleted_at.is_(None))
    core = session.connection()  # plain Core rows: the ORM layer would double the time
    rows = core.execute(query.where(*conditions)).all()
    # Scores keyed by the stored hex of their check-in's id: making a UUID object for each of
    # tens of thousands of scores costs more than the rest of the export.
    scores: dict[str, dict[str, int]] = {row.id.hex: {} for row in rows}
    # The scores through the driver's own cursor, in this session's transaction: a row object
    # per score through the SQL layer took half the time of a ten-year export.
    where, params = [], []
    if since is not None:
        where.append("c.recorded_at >= ?")
        params.append(_stored_time(since))
    if until is not None:
        where.append("c.recorded_at <= ?")
        params.append(_stored_time(until))
    if not include_deleted:
        where.append("c.deleted_at IS NULL")
    clause = (" WHERE " + " AND ".join(where)) if where else ""  # our own words, values bound
    sql = "SELECT s.checkin_id, s.symptom, s.value FROM scores s JOIN checkins c ON "
    sql += "s.checkin_id = c.id" + clause
    driver = core.connection.driver_connection
    assert driver is not None
    for checkin_hex, symptom, value in driver.execute(sql, params):
        scores[checkin_hex][symptom] = value
    return [
        CheckInRecord(
            row.id,
            row.recorded_at,
            Recorder(row.recorded_by),
            scores[row.id.hex],
            row.note,
            row.activity,
            Stamps(row.created_at, row.updated_at, row.deleted_at),
            temperature_c=row.temperature_c,
            weight_kg=row.weight_kg,
        )
        for row in rows
    ]


def dump(
    session: Session, now: datetime, since: datetime | None = None, until: datetime | None = None
) -> JournalDocument:
    """Everything, deleted records included; `since` and `until` narrow the check-ins and the
    doses (every medication is included, so each dose finds its own)."""
    checkins_found = checkin_records(session, since, until)
    dose_query = select(DoseRow).order_by(DoseRow.taken_at, DoseRow.id)
    if since is not None:
        dose_query = dose_query.where(DoseRow.taken_at >= since)
    if until is not None:
        dose_query = dose_query.where(DoseRow.taken_at <= until)
    profile = profile_record(session)
    return JournalDocument(
        exported_at=now,
        journal=identity.identity(session),
        profile=profile,
        contacts=tuple(
            ContactRecord(
                CareContact(r.id, r.name, r.role, r.phone, r.around_the_clock),
                r.position,
                _stamps(r),
            )
            for r in session.scalars(
                select(CareContactRow).order_by(CareContactRow.position, CareContactRow.id)
            )
        ),
        symptoms=tuple(
            SymptomRecord(r.key, r.label, r.custom, r.active, r.position, r.updated_at)
            for r in session.scalars(select(SymptomSettingRow).order_by(SymptomSettingRow.key))
        ),
        checkins=tuple(checkins_found),
        lines=tuple(
            LineRecord(treatments.to_domain(r, None), _stamps(r))
            for r in session.scalars(
                select(TreatmentLineRow).order_by(TreatmentLineRow.start_date, TreatmentLineRow.id)
            )
        ),
        tests=tuple(
            TestRecord(biomarkers.to_domain(r), _stamps(r))
            for r in session.scalars(
                select(BiomarkerTestRow).order_by(BiomarkerTestRow.tested_on, BiomarkerTestRow.id)
            )
        ),
        questions=tuple(
            QuestionRecord(questions.to_domain(r), _stamps(r))
            for r in session.scalars(
                select(QuestionRow).order_by(QuestionRow.position, QuestionRow.id)
            )
        ),
        medications=tuple(
            MedicationRecord(medications.to_domain(r), _stamps(r))
            for r in session.scalars(
                select(MedicationRow).order_by(MedicationRow.start_date, MedicationRow.id)
            )
        ),
        doses=tuple(
            DoseRecord(medications.dose_to_domain(r), _stamps(r))
            for r in session.scalars(dose_query)
        ),
    )


def profile_record(session: Session) -> ProfileRecord | None:
    row = session.scalar(select(ProfileRow).limit(1))
    if row is None:
        return None
    return ProfileRecord(
        row.name,
        row.date_of_birth,
        row.diagnosis,
        row.time_zone,
        row.updated_at,
        cancer_type=row.cancer_type,
        emergency_number=row.emergency_number,
        temperature_unit=TemperatureUnit(row.temperature_unit),
        weight_unit=WeightUnit(row.weight_unit),
        fever_threshold_c=row.fever_threshold_c,
        supportive_prompt_dismissed_at=row.supportive_prompt_dismissed_at,
    )


# ----- merging a document in -----


def merge(session: Session, doc: JournalDocument, ctx: Context) -> MergeReport:
    """Bring the document's records into the journal (a dry run rolls the session back).

    Every record is checked against the rules the window applies before anything changes;
    the first that breaks one refuses the whole file, naming the record and the field.
    """
    doc = checked_document(session, doc, ctx)
    report = MergeReport()
    check_counts_after(session, doc)
    silent = doc.silent_on
    _merge_profile(session, doc.profile, report, keep_safety_fields=PROFILE_SAFETY in silent)
    _merge_symptoms(session, doc.symptoms, report)
    kinds: tuple[tuple[Any, list[tuple[uuid.UUID, Stamps, Any]], Any, str], ...] = (
        (
            CareContactRow,
            [(r.contact.id, r.stamps, r) for r in doc.contacts],
            _apply_format_1_contact if AROUND_THE_CLOCK in silent else _apply_contact,
            "care-team contacts",
        ),
        (
            TreatmentLineRow,
            [(r.line.id, r.stamps, r) for r in doc.lines],
            _apply_line,
            "treatment lines",
        ),
        (BiomarkerTestRow, [(r.test.id, r.stamps, r) for r in doc.tests], _apply_test, "tests"),
        (
            QuestionRow,
            [(r.question.id, r.stamps, r) for r in doc.questions],
            _apply_question,
            "questions",
        ),
        (
            CheckInRow,
            [(r.id, r.stamps, r) for r in doc.checkins],
            partial(_apply_checkin_keeping, keep=silent & {TEMPERATURE, WEIGHT}),
            "check-ins",
        ),
        # Medications before their doses: a dose's medication must be there first.
        (
            MedicationRow,
            [(r.medication.id, r.stamps, r) for r in doc.medications],
            _apply_medication,
            "medications",
        ),
        (DoseRow, [(r.dose.id, r.stamps, r) for r in doc.doses], _apply_dose, "doses"),
    )
    for model, records, apply, kind in kinds:
        _merge_rows(session, model, records, apply, kind, report)
    session.flush()
    return report


def _merge_rows(
    session: Session,
    model: type[Row],
    records: Iterable[tuple[uuid.UUID, Stamps, Any]],
    apply: Any,
    kind: str,
    report: MergeReport,
) -> None:
    items = list(records)
    counts = report.of(kind)
    existing = existing_rows(session, model, [i for i, _, _ in items])
    for record_id, stamps, record in items:
        row = existing.get(record_id)
        if row is None:
            counts.added += 1
            row = model(id=record_id)
            apply(row, record)
            _put_stamps(row, stamps)
            session.add(row)
        elif incoming_wins(stamps.updated_at, row.updated_at):
            counts.updated += 1
            apply(row, record)
            _put_stamps(row, stamps)
        else:
            counts.unchanged += 1


def _apply_checkin(row: CheckInRow, record: CheckInRecord) -> None:
    row.recorded_at = record.recorded_at
    row.recorded_by = record.recorded_by.value
    row.note = record.note
    row.activity = record.activity
    row.temperature_c, row.weight_kg = record.temperature_c, record.weight_kg
    checkins.set_scores(row, record.scores)


def _apply_checkin_keeping(row: CheckInRow, record: CheckInRecord, *, keep: frozenset[str]) -> None:
    """Apply a check-in, keeping the vital signs the document does not speak for."""
    if TEMPERATURE in keep:
        record = replace(record, temperature_c=row.temperature_c)
    if WEIGHT in keep:
        record = replace(record, weight_kg=row.weight_kg)
    _apply_checkin(row, record)


def _apply_medication(row: MedicationRow, record: MedicationRecord) -> None:
    medications.fill_row(row, record.medication)


def _apply_dose(row: DoseRow, record: DoseRecord) -> None:
    dose = record.dose
    row.medication_id, row.taken_at = dose.medication_id, dose.taken_at
    row.recorded_by = dose.recorded_by.value


def _apply_line(row: TreatmentLineRow, record: LineRecord) -> None:
    treatments.fill_row(row, record.line)


def _apply_test(row: BiomarkerTestRow, record: TestRecord) -> None:
    test = record.test
    row.tested_on, row.kind, row.marker = test.tested_on, test.kind.value, test.marker
    row.result, row.actionable, row.notes = test.result, test.actionable.value, test.notes


def _apply_question(row: QuestionRow, record: QuestionRecord) -> None:
    q = record.question
    row.text, row.source, row.status = q.text, q.source.value, q.status.value
    row.answer, row.pinned, row.position = q.answer, q.pinned, q.position


def _apply_contact(row: CareContactRow, record: ContactRecord) -> None:
    c = record.contact
    row.name, row.role, row.phone, row.position = c.name, c.role, c.phone, record.position
    row.around_the_clock = c.around_the_clock


def _apply_format_1_contact(row: CareContactRow, record: ContactRecord) -> None:
    """A format 1 file knows nothing of 24-hour numbers: the contact keeps what it has here."""
    known = bool(row.around_the_clock) if row.around_the_clock is not None else False
    _apply_contact(row, replace(record, contact=replace(record.contact, around_the_clock=known)))


def _merge_profile(
    session: Session,
    incoming: ProfileRecord | None,
    report: MergeReport,
    *,
    keep_safety_fields: bool,
) -> None:
    if incoming is None:
        return
    counts = report.of("profile")
    row = session.scalar(select(ProfileRow).limit(1))
    if row is not None and not incoming_wins(incoming.updated_at, row.updated_at):
        counts.unchanged += 1
        return
    if row is None:
        counts.added += 1
    else:
        counts.updated += 1
    if row is None:
        row = ProfileRow(created_at=incoming.updated_at)
        session.add(row)
    row.name, row.date_of_birth = incoming.name, incoming.date_of_birth
    row.diagnosis, row.time_zone = incoming.diagnosis, incoming.time_zone
    row.updated_at = incoming.updated_at
    if keep_safety_fields and row.fever_threshold_c is not None:
        return  # a format 1 file's profile does not speak for these
    row.cancer_type, row.emergency_number = incoming.cancer_type, incoming.emergency_number
    row.temperature_unit = incoming.temperature_unit.value
    row.weight_unit = incoming.weight_unit.value
    row.fever_threshold_c = incoming.fever_threshold_c
    row.supportive_prompt_dismissed_at = incoming.supportive_prompt_dismissed_at


def _merge_symptoms(
    session: Session, incoming: Sequence[SymptomRecord], report: MergeReport
) -> None:
    counts = report.of("symptom settings")
    rows = {r.key: r for r in session.scalars(select(SymptomSettingRow))}
    for record in incoming:
        row = rows.get(record.key)
        if row is not None and not incoming_wins(record.updated_at, row.updated_at):
            counts.unchanged += 1
            continue
        if row is None:
            counts.added += 1
        else:
            counts.updated += 1
        if row is None:
            row = SymptomSettingRow(key=record.key, created_at=record.updated_at)
            session.add(row)
            rows[record.key] = row
        row.label, row.custom, row.active = record.label, record.custom, record.active
        row.position, row.updated_at = record.position, record.updated_at
