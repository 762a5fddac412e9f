"""The Save button remembers the journal from one save to the next; what it shows must always
be what the whole journal says, whatever changed in between and whoever changed it."""

import random
from contextlib import closing
from dataclasses import replace
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.actions.sync import exchange
from carecompanion.db import driver
from carecompanion.db.journal import open_journal
from carecompanion.domain.context import Context, fixed_clock
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.flags import evaluate, supportive_care_prompt
from carecompanion.domain.records import EndReason, TreatmentCategory, TreatmentLine
from carecompanion.services import (
    changes,
    checkins,
    profile,
    save_memory,
    symptoms,
    sync_folder,
    treatments,
)
from tests.unit.test_flags_save_window import START, fill

ZONE = ZoneInfo("Europe/London")


def at(moment):
    return Context(zone=ZONE, clock=fixed_clock(moment))


def whole_journal_says(journal, saved, now):
    """The flags and the supportive-care suggestion worked out from every check-in."""
    with journal.read() as session:
        everything = checkins.between(session)
        person = profile.get(session)
        labels = symptoms.labels(session)
        lines = treatments.all_lines(session)
    flags = evaluate(
        saved,
        everything,
        fever_threshold_c=person.fever_threshold_c,
        labels=labels,
        temperature_unit=person.temperature_unit,
        weight_unit=person.weight_unit,
    )
    prompt = supportive_care_prompt(
        lines,
        everything,
        now,
        dismissed_at=person.supportive_prompt_dismissed_at,
        today=now.astimezone(ZONE).date(),
    )
    return flags, prompt


def random_entry(rng, moment):
    scores = {"pain": rng.choice([0, 2, 3, 5, 7, 8, 9]), "nausea": rng.randrange(0, 9)}
    if rng.random() < 0.3:
        scores["breathless"] = rng.choice([1, 4, 7, 8])
    return CheckInEntry(
        scores,
        recorded_at=moment,
        temperature_c=rng.choice([None, None, None, 37.2, 38.1, 38.6]),
        weight_kg=rng.choice([None, None, 64.0, 66.5, 70.0]),
    )


@pytest.mark.parametrize("seed", range(6))
def test_every_save_shows_what_the_whole_journal_says(data, seed):
    """Saves mostly at the end of the journal, some backdated, mixed with edits, deletions,
    a changed fever threshold, treatment lines ended by growth and saves made by another
    program on the same journal: each save's flags and suggestion equal the whole journal's."""
    rng = random.Random(seed)
    journal = open_journal(data, now=START)
    other = open_journal(data, now=START)  # another program, with its own connections
    try:
        fill(journal, seed, days=150)
        moment = START + timedelta(days=151)
        for _ in range(70):
            moment += timedelta(hours=rng.choice([1, 5, 11, 30, 60]))
            roll = rng.random()
            if roll < 0.08:
                with journal.read() as session:
                    victim = rng.choice(checkins.between(session, moment - timedelta(days=20)))
                with journal.write() as session:
                    if rng.random() < 0.5:
                        checkins.delete(session, victim.id, moment)
                    else:
                        scores = {**victim.scores, "pain": rng.choice([1, 8])}
                        checkins.update(
                            session,
                            victim.id,
                            scores,
                            recorded_by=victim.recorded_by,
                            recorded_at=victim.recorded_at,
                            note=victim.note,
                            activity=victim.activity,
                            now=moment,
                        )
                continue
            if roll < 0.11:
                with journal.write() as session:
                    person = profile.get(session)
                    threshold = rng.choice([37.5, 38.0, 38.5])
                    profile.save(session, replace(person, fever_threshold_c=threshold), at(moment))
                continue
            if roll < 0.13:
                with journal.write() as session:
                    start = (moment - timedelta(days=90)).date()
                    treatments.add(
                        session,
                        TreatmentLine(
                            id=treatments.new_id(),
                            category=TreatmentCategory.CHEMOTHERAPY,
                            regimen="Carboplatin",
                            start_date=start,
                            end_date=start + timedelta(days=30),
                            end_reason=EndReason.REFRACTORY,
                        ),
                        at(moment),
                    )
                continue
            door = other if roll < 0.25 else journal
            when = moment - timedelta(days=rng.choice([2, 9])) if roll > 0.9 else moment
            done = check_in(door, at(moment), random_entry(rng, when))
            flags, prompt = whole_journal_says(journal, done.value.checkin, moment)
            assert done.value.qualifying == flags, (seed, moment)
            assert done.value.flags == [f for f in flags if f.raised]
            assert done.value.prompt == prompt, (seed, moment)
    finally:
        other.close()
        journal.close()


def test_a_save_made_by_another_program_counts_for_the_next_one(data):
    """Severe pain saved from a terminal, then the same pain saved in the window an hour
    later: the window's save must know of the first and not raise it again."""
    journal = open_journal(data, now=START)
    terminal = open_journal(data, now=START)
    try:
        check_in(journal, at(START), CheckInEntry({"pain": 2}))
        check_in(journal, at(START + timedelta(hours=1)), CheckInEntry({"pain": 2}))
        first = check_in(terminal, at(START + timedelta(hours=2)), CheckInEntry({"pain": 8}))
        assert [f.raised for f in first.value.qualifying] == [True]
        again = check_in(journal, at(START + timedelta(hours=3)), CheckInEntry({"pain": 8}))
        assert [f.raised for f in again.value.qualifying] == [False]
    finally:
        terminal.close()
        journal.close()


def test_a_changed_fever_threshold_counts_at_the_next_save(journal):
    check_in(journal, at(START), CheckInEntry({"pain": 1}, temperature_c=37.2))
    with journal.write() as session:
        person = profile.get(session)
        profile.save(session, replace(person, fever_threshold_c=37.5), at(START))
    done = check_in(
        journal, at(START + timedelta(hours=1)), CheckInEntry({"pain": 1}, temperature_c=37.6)
    )
    assert [f.symptom for f in done.value.flags] == ["temperature"]


def test_saves_one_after_another_keep_what_they_read(journal):
    """The second save of a session finds the first one's memory: nothing else changed."""
    check_in(journal, at(START), CheckInEntry({"pain": 3}))
    with journal.write() as session:
        assert save_memory.recall(journal, session) is not None


def test_any_other_change_lets_the_memory_go(journal):
    check_in(journal, at(START), CheckInEntry({"pain": 3}))
    with journal.write() as session:
        person = profile.get(session)
        profile.save(session, replace(person, name="Ann"), at(START))
    with journal.write() as session:
        assert save_memory.recall(journal, session) is None


def test_a_refused_save_changes_nothing_the_next_one_shows(journal):
    check_in(journal, at(START), CheckInEntry({"pain": 8}))
    with pytest.raises(InvalidInput):
        check_in(
            journal,
            at(START + timedelta(hours=1)),
            CheckInEntry({"pain": 9}, recorded_at=START + timedelta(days=2)),
        )
    done = check_in(journal, at(START + timedelta(hours=2)), CheckInEntry({"pain": 8}))
    assert done.value.flags == []  # the same severe pain two hours on: not raised again
    assert [f.raised for f in done.value.qualifying] == [False]


def test_a_backdated_save_is_judged_from_the_journal(journal):
    """An entry before the newest check-in: judged with the check-ins after it left out."""
    check_in(journal, at(START), CheckInEntry({"pain": 8}))
    later = check_in(journal, at(START + timedelta(days=1)), CheckInEntry({"pain": 8}))
    assert later.value.flags == []
    early = check_in(
        journal,
        at(START + timedelta(days=1, hours=1)),
        CheckInEntry({"pain": 9}, recorded_at=START - timedelta(days=1)),
    )
    assert [f.score for f in early.value.flags] == [9]


@pytest.mark.parametrize("offset", [0, 1, 2])
def test_a_symptom_severe_for_months_is_judged_exactly_at_every_save(journal, offset):
    """Tiredness 7 every third day for a year: a run of flags with no 7-day gap reaches back
    beyond what a save reads (the patient is told again every nine days or so, in a rhythm
    set a year ago), so such saves are judged from the journal, and agree with it."""
    moment = START
    for day in range(0, 365, 3):
        moment = START + timedelta(days=day + offset)
        with journal.write() as session:
            checkins.record(session, {"fatigue": 7, "pain": 1}, recorded_at=moment, now=moment)
    told = []
    for step in range(24):
        moment += timedelta(days=1 + step % 3, hours=step % 5)
        done = check_in(journal, at(moment), CheckInEntry({"fatigue": 7, "pain": 1}))
        flags, prompt = whole_journal_says(journal, done.value.checkin, moment)
        assert done.value.qualifying == flags, step
        assert done.value.prompt == prompt
        told.append(bool(done.value.flags))
    assert True in told and False in told


def test_a_program_writing_without_this_app_is_noticed(data):
    """Another program (a script, a database browser) deletes a check-in: the window sees the
    journal changed, and the next save does not rest on the deleted one."""
    journal = open_journal(data, now=START)
    try:
        first = check_in(journal, at(START), CheckInEntry({"pain": 8}))
        with journal.read() as session:
            before = changes.fingerprint(session)
        with closing(driver.connect(data.journal)) as other:
            other.execute(
                "UPDATE checkins SET deleted_at = updated_at WHERE id = ?",
                (first.value.checkin.id.hex,),
            )
            other.commit()
        with journal.read() as session:
            assert changes.fingerprint(session) != before
        again = check_in(journal, at(START + timedelta(hours=1)), CheckInEntry({"pain": 8}))
        assert [f.raised for f in again.value.qualifying] == [True]
    finally:
        journal.close()


def test_what_sync_remembers_of_the_folder_is_not_a_change(data, tmp_path):
    """An exchange that only sends this computer's changes leaves the change count alone: the
    window does not reload every page, and the next save still remembers."""
    folder = tmp_path / "Sync"
    folder.mkdir()
    journal = open_journal(data, now=START)
    try:
        check_in(journal, at(START), CheckInEntry({"pain": 3}))
        with journal.read() as session:
            before = changes.count(session)
        report = exchange(journal, at(START), folder, sync_folder.device_id(data)).value
        assert report.written == 1
        with journal.write() as session:
            assert changes.count(session) == before
            assert save_memory.recall(journal, session) is not None
    finally:
        journal.close()
