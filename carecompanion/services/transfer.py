"""Moving a journal between laptops: the whole journal as a document, and merging one in.

Merging matches records by UUID (the profile as the one profile, symptom settings by key). A
record new to this journal is added; one edited more recently in the file replaces this
journal's; anything else is left as it is. So importing the same file twice changes nothing,
and two journals that import each other's files end up the same.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import String, select, type_coerce
from sqlalchemy.orm import Session

from carecompanion.db.models import (
    BiomarkerTestRow,
    CareContactRow,
    CheckInRow,
    ProfileRow,
    QuestionRow,
    ScoreRow,
    SymptomSettingRow,
    TreatmentLineRow,
)
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import (
    CareContact,
    Recorder,
)
from carecompanion.domain.symptoms import BUILT_IN
from carecompanion.domain.transfer import (
    CheckInRecord,
    ContactRecord,
    JournalDocument,
    LineRecord,
    MergeReport,
    ProfileRecord,
    QuestionRecord,
    Stamps,
    SymptomRecord,
    TestRecord,
)
from carecompanion.services import biomarkers, checkins, questions, treatments

Row = TypeVar("Row", CheckInRow, TreatmentLineRow, BiomarkerTestRow, QuestionRow, CareContactRow)
CHUNK = 500


def _stamps(row: Any) -> Stamps:
    return Stamps(row.created_at, row.updated_at, getattr(row, "deleted_at", None))


def _put_stamps(row: Any, stamps: Stamps) -> None:
    row.created_at = stamps.created_at
    row.updated_at = stamps.updated_at
    if hasattr(row, "deleted_at"):
        row.deleted_at = stamps.deleted_at


# ----- the journal as a document -----


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
    raw_id = type_coerce(ScoreRow.checkin_id, String)
    score_query = select(raw_id, ScoreRow.symptom, ScoreRow.value).join(
        CheckInRow, ScoreRow.checkin_id == CheckInRow.id
    )
    for checkin_hex, symptom, value in core.execute(score_query.where(*conditions)):
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
        )
        for row in rows
    ]


def dump(
    session: Session, now: datetime, since: datetime | None = None, until: datetime | None = None
) -> JournalDocument:
    """Everything, deleted records included; `since` and `until` narrow the check-ins only."""
    checkins_found = checkin_records(session, since, until)
    profile = profile_record(session)
    return JournalDocument(
        exported_at=now,
        profile=profile,
        contacts=tuple(
            ContactRecord(CareContact(r.id, r.name, r.role, r.phone), r.position, _stamps(r))
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
    )


def profile_record(session: Session) -> ProfileRecord | None:
    row = session.scalar(select(ProfileRow).limit(1))
    if row is None:
        return None
    return ProfileRecord(row.name, row.date_of_birth, row.diagnosis, row.time_zone, row.updated_at)


# ----- merging a document in -----


def _existing(session: Session, model: type[Row], ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Row]:
    found: dict[uuid.UUID, Row] = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found.update(
            {row.id: row for row in session.scalars(select(model).where(model.id.in_(chunk)))}
        )
    return found


def merge(session: Session, doc: JournalDocument, dry_run: bool = False) -> MergeReport:
    """Bring the document's records into the journal; with `dry_run`, only count."""
    _check_symptom_keys(session, doc)
    report = MergeReport()
    _merge_profile(session, doc.profile, report, dry_run)
    _merge_symptoms(session, doc.symptoms, report, dry_run)
    _merge_rows(
        session,
        CareContactRow,
        [(r.contact.id, r.stamps, r) for r in doc.contacts],
        _apply_contact,
        "care-team contacts",
        report,
        dry_run,
    )
    _merge_rows(
        session,
        TreatmentLineRow,
        [(r.line.id, r.stamps, r) for r in doc.lines],
        _apply_line,
        "treatment lines",
        report,
        dry_run,
    )
    _merge_rows(
        session,
        BiomarkerTestRow,
        [(r.test.id, r.stamps, r) for r in doc.tests],
        _apply_test,
        "tests",
        report,
        dry_run,
    )
    _merge_rows(
        session,
        QuestionRow,
        [(r.question.id, r.stamps, r) for r in doc.questions],
        _apply_question,
        "questions",
        report,
        dry_run,
    )
    _merge_rows(
        session,
        CheckInRow,
        [(r.id, r.stamps, r) for r in doc.checkins],
        _apply_checkin,
        "check-ins",
        report,
        dry_run,
    )
    if not dry_run:
        session.flush()
    return report


def _check_symptom_keys(session: Session, doc: JournalDocument) -> None:
    known = set(BUILT_IN) | {s.key for s in doc.symptoms if s.custom}
    known |= set(session.scalars(select(SymptomSettingRow.key).where(SymptomSettingRow.custom)))
    for index, record in enumerate(doc.checkins):
        for key in record.scores:
            if key not in known:
                raise InvalidInput(
                    f"check-in {index + 1} ({record.id})",
                    key,
                    "a symptom of this journal or one defined in the file",
                )


def _merge_rows(
    session: Session,
    model: type[Row],
    records: Iterable[tuple[uuid.UUID, Stamps, Any]],
    apply: Any,
    kind: str,
    report: MergeReport,
    dry_run: bool,
) -> None:
    items = list(records)
    counts = report.of(kind)
    existing = _existing(session, model, [i for i, _, _ in items])
    for record_id, stamps, record in items:
        row = existing.get(record_id)
        if row is None:
            counts.added += 1
            if not dry_run:
                row = model(id=record_id)
                apply(row, record)
                _put_stamps(row, stamps)
                session.add(row)
        elif stamps.updated_at > row.updated_at:
            counts.updated += 1
            if not dry_run:
                apply(row, record)
                _put_stamps(row, stamps)
        else:
            counts.unchanged += 1


def _apply_checkin(row: CheckInRow, record: CheckInRecord) -> None:
    row.recorded_at = record.recorded_at
    row.recorded_by = record.recorded_by.value
    row.note = record.note
    row.activity = record.activity
    checkins.set_scores(row, record.scores)


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


def _merge_profile(
    session: Session, incoming: ProfileRecord | None, report: MergeReport, dry_run: bool
) -> None:
    if incoming is None:
        return
    counts = report.of("profile")
    row = session.scalar(select(ProfileRow).limit(1))
    if row is not None and incoming.updated_at <= row.updated_at:
        counts.unchanged += 1
        return
    if row is None:
        counts.added += 1
    else:
        counts.updated += 1
    if dry_run:
        return
    if row is None:
        row = ProfileRow(created_at=incoming.updated_at)
        session.add(row)
    row.name, row.date_of_birth = incoming.name, incoming.date_of_birth
    row.diagnosis, row.time_zone = incoming.diagnosis, incoming.time_zone
    row.updated_at = incoming.updated_at


def _merge_symptoms(
    session: Session, incoming: Sequence[SymptomRecord], report: MergeReport, dry_run: bool
) -> None:
    counts = report.of("symptom settings")
    rows = {r.key: r for r in session.scalars(select(SymptomSettingRow))}
    for record in incoming:
        row = rows.get(record.key)
        if row is not None and record.updated_at <= row.updated_at:
            counts.unchanged += 1
            continue
        if row is None:
            counts.added += 1
        else:
            counts.updated += 1
        if dry_run:
            continue
        if row is None:
            row = SymptomSettingRow(key=record.key, created_at=record.updated_at)
            session.add(row)
            rows[record.key] = row
        row.label, row.custom, row.active = record.label, record.custom, record.active
        row.position, row.updated_at = record.position, record.updated_at
