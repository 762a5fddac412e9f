"""Actions as every door calls them: what they change, what they refuse, what undo puts back."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from carecompanion.actions import Change
from carecompanion.actions import questions as question_actions
from carecompanion.actions import records as record_actions
from carecompanion.actions.context import journal_context
from carecompanion.actions.settings import SettingsChange, save_settings
from carecompanion.db.models import ProfileRow
from carecompanion.domain.context import Context, fixed_clock
from carecompanion.domain.errors import InvalidInput, NotFound
from carecompanion.domain.records import (
    BiomarkerTest,
    EndReason,
    Profile,
    QuestionStatus,
    TestKind,
    TreatmentCategory,
    TreatmentLine,
)
from carecompanion.services import biomarkers, exports, questions, symptoms, treatments
from carecompanion.services.profile import new_contact

LINE = TreatmentLine(uuid.uuid4(), TreatmentCategory.CHEMOTHERAPY, "FOLFOX", date(2025, 1, 6))
TEST = BiomarkerTest(uuid.uuid4(), date(2025, 2, 1), TestKind.NGS_PANEL, "KRAS", "G12C")


def test_a_line_edited_deleted_and_brought_back_moves_its_updated_time(journal, ctx):
    added = record_actions.add_line(journal, ctx, LINE)
    assert added.changed == frozenset({Change.TREATMENTS})
    assert added.value.line_number == 1
    later = Context(ctx.zone, ctx.recorder, fixed_clock(ctx.now() + timedelta(hours=1)))
    ended = TreatmentLine(
        LINE.id,
        LINE.category,
        LINE.regimen,
        LINE.start_date,
        date(2025, 4, 1),
        end_reason=EndReason.REFRACTORY,
    )
    assert record_actions.update_line(journal, later, ended).value.end_date == date(2025, 4, 1)
    record_actions.delete_line(journal, later, LINE.id)
    with journal.read() as session:
        assert treatments.all_lines(session) == []
    record_actions.undelete_line(journal, later, LINE.id)
    with journal.read() as session:
        assert [line.end_reason for line in treatments.all_lines(session)] == [EndReason.REFRACTORY]


def test_an_end_reason_needs_an_end_date(journal, ctx):
    with pytest.raises(InvalidInput, match="give an end date too"):
        record_actions.add_line(
            journal,
            ctx,
            TreatmentLine(
                uuid.uuid4(),
                TreatmentCategory.CHEMOTHERAPY,
                "X",
                date(2025, 1, 1),
                end_reason=EndReason.TOXICITY,
            ),
        )


def test_a_test_edited_deleted_and_brought_back(journal, ctx):
    record_actions.add_test(journal, ctx, TEST)
    changed = BiomarkerTest(TEST.id, TEST.tested_on, TEST.kind, "  KRAS   G12C ", "positive")
    assert record_actions.update_test(journal, ctx, changed).value.marker == "KRAS G12C"
    assert record_actions.delete_test(journal, ctx, TEST.id).changed == frozenset({Change.TESTS})
    with journal.read() as session:
        assert biomarkers.all_tests(session) == []
    record_actions.undelete_test(journal, ctx, TEST.id)
    with journal.read() as session:
        assert [t.result for t in biomarkers.all_tests(session)] == ["positive"]


def test_editing_a_deleted_record_says_it_is_gone(journal, ctx):
    record_actions.add_test(journal, ctx, TEST)
    record_actions.delete_test(journal, ctx, TEST.id)
    with pytest.raises(NotFound):
        record_actions.update_test(journal, ctx, TEST)
    with pytest.raises(NotFound):
        question_actions.edit_question(journal, ctx, uuid.uuid4(), "Anything?")


def test_questions_are_edited_answered_and_only_open_ones_pinned(journal, ctx):
    asked = question_actions.add_question(journal, ctx, "Can I travel?").value
    edited = question_actions.edit_question(journal, ctx, asked.id, "  Can I fly?  ").value
    assert edited.text == "Can I fly?"
    question_actions.set_question_status(
        journal, ctx, asked.id, QuestionStatus.ANSWERED, " Yes, with a letter. "
    )
    with pytest.raises(InvalidInput, match="only open questions can be pinned"):
        question_actions.pin_question(journal, ctx, asked.id, True)
    with journal.read() as session:
        assert questions.all_questions(session)[0].answer == "Yes, with a letter."
    with pytest.raises(NotFound):
        question_actions.reorder_questions(journal, ctx, [uuid.uuid4()])


def test_settings_offer_symptoms_and_refuse_to_drop_a_core_one(journal, ctx):
    save_settings(journal, ctx, SettingsChange(Profile(), {"sleep": True}, ["Tingling hands"]))
    save_settings(journal, ctx, SettingsChange(Profile(), {"custom_tingling_hands": False}))
    save_settings(journal, ctx, SettingsChange(Profile(), {}, ["tingling  HANDS"]))
    with journal.read() as session:
        offered = [s.key for s in symptoms.active(session)]
    assert offered[-2:] == ["sleep", "custom_tingling_hands"]
    with pytest.raises(InvalidInput, match="always offered"):
        save_settings(journal, ctx, SettingsChange(Profile(), {"pain": False}))
    with pytest.raises(InvalidInput, match="choose one from the list"):
        save_settings(journal, ctx, SettingsChange(Profile(), {"happiness": True}))
    with pytest.raises(InvalidInput, match="up to 20 contacts"):
        many = tuple(new_contact(f"Nurse {n}") for n in range(21))
        save_settings(journal, ctx, SettingsChange(Profile(contacts=many)))


def test_a_journal_holding_an_unknown_zone_still_opens_in_the_computers_zone(journal, ctx):
    with journal.write() as session:
        session.add(ProfileRow(name="", diagnosis="", time_zone="Mars/Olympus"))
    found = journal_context(journal, clock=ctx.clock)
    assert found.zone.key != "Mars/Olympus"
    assert found.now() == ctx.now()


def test_text_rules_refuse_broken_characters_and_nul(journal, ctx):
    with pytest.raises(InvalidInput, match="lone surrogates"):
        question_actions.add_question(journal, ctx, "Why\ud800?")
    with pytest.raises(InvalidInput, match="NUL"):
        question_actions.add_question(journal, ctx, "Why\x00?")


def test_unreadable_import_files_are_named(tmp_path, ctx):
    with pytest.raises(InvalidInput, match="a file that exists"):
        exports.read_import(tmp_path / "missing.json", ctx.now())
    with pytest.raises(InvalidInput, match="not a folder"):
        exports.read_import(tmp_path, ctx.now())
