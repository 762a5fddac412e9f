"""Recently deleted: what was deleted in the last 30 days, across restarts, newest first."""

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from carecompanion.actions.checkins import CheckInEntry, check_in, delete_checkin, undelete_checkin
from carecompanion.actions.medications import (
    add_medication,
    delete_dose,
    delete_medication,
    log_dose,
)
from carecompanion.actions.questions import add_question, delete_question
from carecompanion.db.journal import open_journal
from carecompanion.domain.context import Context, fixed_clock
from carecompanion.domain.records import Medication
from carecompanion.services import recently_deleted
from carecompanion.services.recently_deleted import Kind

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def at(moment: datetime) -> Context:
    return Context(zone=LONDON, clock=fixed_clock(moment))


def medicine(name: str) -> Medication:
    return Medication(uuid.uuid4(), name, date(2026, 1, 1), dose="5 mg tablet")


def listed(journal, now=NOW):
    with journal.read() as session:
        return recently_deleted.within(session, now)


def test_deletions_of_the_last_30_days_newest_first_not_older_ones(journal):
    old_day, recent_day = NOW - timedelta(days=40), NOW - timedelta(days=10)
    old = check_in(journal, at(old_day), CheckInEntry({"pain": 3})).value.checkin
    recent = check_in(journal, at(old_day), CheckInEntry({"pain": 6, "nausea": 2}, note="bad"))
    delete_checkin(journal, at(old_day), old.id)
    delete_checkin(journal, at(recent_day), recent.value.checkin.id)
    question = add_question(journal, at(old_day), "Is there a trial for me?").value
    delete_question(journal, at(NOW - timedelta(days=1)), question.id)

    found = listed(journal)

    assert [(item.kind, item.id) for item in found] == [
        (Kind.QUESTION, question.id),
        (Kind.CHECKIN, recent.value.checkin.id),
    ]
    checkin = found[1]
    assert checkin.deleted_at == recent_day
    assert checkin.at == old_day
    assert "Pain 6" in checkin.summary and "Nausea 2" in checkin.summary
    assert "“bad”" in checkin.summary
    assert found[0].summary == "Is there a trial for me?"


def test_a_deletion_is_still_listed_after_the_journal_is_opened_again(data, journal):
    saved = check_in(journal, at(NOW - timedelta(days=12)), CheckInEntry({"pain": 4}))
    delete_checkin(journal, at(NOW - timedelta(days=10)), saved.value.checkin.id)
    journal.close()
    with open_journal(data, now=NOW) as again:
        assert [item.id for item in listed(again)] == [saved.value.checkin.id]
        undelete_checkin(again, at(NOW), saved.value.checkin.id)
        assert listed(again) == []


def test_medicines_and_doses_a_dose_of_a_deleted_medicine_says_to_bring_that_back_first(journal):
    kept = add_medication(journal, at(NOW - timedelta(days=20)), medicine("Ondansetron")).value
    gone = add_medication(journal, at(NOW - timedelta(days=20)), medicine("Oxycodone")).value
    lone = log_dose(journal, at(NOW - timedelta(days=15)), kept.id).value.dose
    with_it = log_dose(journal, at(NOW - timedelta(days=15)), gone.id).value.dose
    delete_dose(journal, at(NOW - timedelta(days=12)), lone.id)
    delete_dose(journal, at(NOW - timedelta(days=11)), with_it.id)
    delete_medication(journal, at(NOW - timedelta(days=10)), gone.id)

    found = {item.id: item for item in listed(journal)}

    assert found[gone.id].kind is Kind.MEDICATION
    assert found[gone.id].summary == "Oxycodone, 5 mg tablet"
    assert found[lone.id].summary == "Ondansetron taken" and not found[lone.id].blocked
    assert "Bring back Oxycodone first" in found[with_it.id].blocked
    assert kept.id not in found


def test_a_shorter_period_lists_fewer(journal):
    saved = check_in(journal, at(NOW - timedelta(days=12)), CheckInEntry({"pain": 4}))
    delete_checkin(journal, at(NOW - timedelta(days=10)), saved.value.checkin.id)
    with journal.read() as session:
        assert recently_deleted.within(session, NOW, days=7) == []
        assert len(recently_deleted.within(session, NOW, days=30)) == 1
