"""Services: validation messages, line numbers, pinned questions, delete and undo."""

import uuid
from datetime import date, timedelta

import pytest

from carecompanion.domain.errors import InvalidInput, NotFound
from carecompanion.domain.records import (
    EndReason,
    QuestionStatus,
    TreatmentCategory,
    TreatmentLine,
    TrialPhase,
)
from carecompanion.services import checkins, questions, symptoms, treatments


def line(**changes):
    fields = dict(
        id=uuid.uuid4(),
        category=TreatmentCategory.CHEMOTHERAPY,
        regimen="FOLFOX",
        start_date=date(2025, 1, 1),
    )
    fields.update(changes)
    return TreatmentLine(**fields)


def test_end_before_start_is_refused_and_nothing_saved(journal, ctx):
    with pytest.raises(InvalidInput) as error, journal.write() as session:
        treatments.add(session, line(end_date=date(2024, 12, 1)), ctx)
    assert str(error.value) == (
        "end date: '2024-12-01' is not allowed; it cannot be before the start date, 2025-01-01."
    )
    with journal.read() as session:
        assert treatments.all_lines(session) == []


def test_nct_number_must_have_its_shape(journal, ctx):
    with pytest.raises(InvalidInput, match="NCT followed by 8 digits"), journal.write() as s:
        treatments.add(s, line(category=TreatmentCategory.CLINICAL_TRIAL, nct_number="NCT123"), ctx)
    with journal.write() as session:
        saved = treatments.add(
            session,
            line(
                category=TreatmentCategory.CLINICAL_TRIAL,
                nct_number=" nct01234567 ",
                trial_phase=TrialPhase.II,
            ),
            ctx,
        )
    assert saved.nct_number == "NCT01234567"


def test_lines_are_numbered_by_start_and_supportive_care_is_not(journal, ctx):
    with journal.write() as session:
        treatments.add(session, line(start_date=date(2025, 6, 1), regimen="second"), ctx)
        treatments.add(
            session,
            line(category=TreatmentCategory.SUPPORTIVE, regimen="", start_date=date(2025, 3, 1)),
            ctx,
        )
        treatments.add(
            session,
            line(
                start_date=date(2025, 1, 1),
                end_date=date(2025, 5, 1),
                end_reason=EndReason.REFRACTORY,
            ),
            ctx,
        )
    with journal.read() as session:
        numbers = [(ln.regimen, ln.line_number) for ln in treatments.all_lines(session)]
    assert numbers == [("FOLFOX", 1), ("", None), ("second", 2)]


def test_a_fourth_pinned_question_is_refused_kindly(journal, ctx):
    with journal.write() as session:
        asked = [questions.add(session, f"Question {n}?", ctx) for n in range(4)]
        for q in asked[:3]:
            questions.set_pinned(session, q.id, True, ctx)
    with pytest.raises(InvalidInput, match="up to 3 can be pinned"), journal.write() as s:
        questions.set_pinned(s, asked[3].id, True, ctx)
    with journal.write() as session:
        questions.set_status(session, asked[0].id, QuestionStatus.ANSWERED, ctx, "Yes.")
        questions.set_pinned(session, asked[3].id, True, ctx)  # answering freed a place
        assert [q.text for q in questions.pinned(session)] == [
            "Question 1?",
            "Question 2?",
            "Question 3?",
        ]


def test_same_question_twice_is_added_once_and_reorder_sticks(journal, ctx):
    with journal.write() as session:
        a = questions.add(session, "Can I travel?", ctx)
        assert questions.add(session, "  can i travel? ", ctx).id == a.id
        b = questions.add(session, "Who do I call at night?", ctx)
        questions.reorder(session, [b.id, a.id], ctx)
        assert [q.id for q in questions.all_questions(session)] == [b.id, a.id]


def test_delete_then_undo_brings_the_checkin_back(journal, now):
    with journal.write() as session:
        saved = checkins.record(session, {"pain": 4}, note="kept", now=now)
    with journal.write() as session:
        checkins.delete(session, saved.id, now=now)
    with journal.read() as session:
        assert checkins.between(session) == []
        with pytest.raises(NotFound):
            checkins.get(session, saved.id)
    with journal.write() as session:
        checkins.undelete(session, saved.id, now)
    with journal.read() as session:
        assert [c.note for c in checkins.between(session)] == ["kept"]


def test_custom_symptoms_can_be_scored_once_added(journal, now):
    with pytest.raises(InvalidInput, match="symptom"), journal.write() as session:
        checkins.record(session, {"custom_tingling_hands": 3}, now=now)
    with journal.write() as session:
        symptoms.add_custom(session, "Tingling hands", now)
        checkins.record(session, {"custom_tingling_hands": 3}, now=now)
        keys = [s.key for s in symptoms.active(session)]
    assert keys == ["pain", "nausea", "fatigue", "anxiety", "custom_tingling_hands"]


def test_edit_replaces_scores_and_keeps_the_id(journal, now):
    with journal.write() as session:
        saved = checkins.record(session, {"pain": 4, "nausea": 1}, now=now)
        edited = checkins.update(
            session,
            saved.id,
            {"pain": 5, "fatigue": 2},
            recorded_by=saved.recorded_by,
            recorded_at=saved.recorded_at - timedelta(hours=1),
            note="later thoughts",
            activity=None,
            now=now,
        )
    assert edited.id == saved.id and edited.scores == {"pain": 5, "fatigue": 2}
