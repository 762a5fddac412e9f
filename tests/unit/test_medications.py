"""Medications and as-needed doses: the label's limits, the rolling 24 hours, logging as it
happened."""

import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from carecompanion.actions.medications import (
    add_medication,
    dose_check,
    log_dose,
    stop_medication,
)
from carecompanion.actions.views import ongoing_with_windows
from carecompanion.domain import rules
from carecompanion.domain.context import Context, fixed_clock
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.medications import dose_window, doses_per_day, earlier_than_label
from carecompanion.domain.records import Dose, Medication, Recorder

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 3, 20)


def oxycodone(**changes):
    values = dict(
        id=uuid.uuid4(),
        name="Oxycodone 5 mg",
        start_date=date(2026, 1, 1),
        dose="5 mg capsule",
        as_needed=True,
        purpose="pain",
        min_hours=4.0,
        max_per_day=6,
    )
    return Medication(**(values | changes))


def doses(medication, *hours_ago):
    return [Dose(uuid.uuid4(), medication.id, NOW - timedelta(hours=h)) for h in hours_ago]


# ----- the label's limits -----


@pytest.mark.parametrize("hours", [0, -1, 72.5, float("nan"), True])
def test_min_hours_must_be_above_0_and_at_most_72(hours):
    with pytest.raises(InvalidInput) as refused:
        rules.check_medication(oxycodone(min_hours=hours), TODAY)
    assert refused.value.field == "min-hours"
    assert "more than 0 and at most 72 hours" in str(refused.value)


@pytest.mark.parametrize("hours", [0.5, 4, 72])
def test_min_hours_in_range_is_taken(hours):
    assert rules.check_medication(oxycodone(min_hours=hours), TODAY).min_hours == hours


@pytest.mark.parametrize("most", [0, 25, -3])
def test_max_per_day_must_be_1_to_24(most):
    with pytest.raises(InvalidInput, match=r"max-per-day: .* a whole number of doses from 1 to 24"):
        rules.check_medication(oxycodone(max_per_day=most), TODAY)


def test_a_medication_needs_a_name_and_a_stop_after_its_start():
    with pytest.raises(InvalidInput, match="medication name"):
        rules.check_medication(oxycodone(name="   "), TODAY)
    with pytest.raises(InvalidInput, match="stop date"):
        rules.check_medication(oxycodone(stop_date=date(2025, 12, 31)), TODAY)


# ----- the rolling 24 hours -----


def test_three_of_six_in_the_last_24_hours_and_no_wait_once_4_hours_passed():
    med = oxycodone()
    window = dose_window(med, doses(med, 5, 10, 20), NOW)
    assert window.taken == 3 and window.allowed_now
    assert window.summary(LONDON) == "3 of 6 in the last 24 hours"


def test_next_from_follows_the_least_time_between_doses():
    med = oxycodone()
    window = dose_window(med, doses(med, 1.5), NOW)
    assert window.next_from == NOW + timedelta(hours=2.5)
    assert window.summary(LONDON) == "1 of 6 in the last 24 hours · next from 14:30"


def test_a_dose_exactly_24_hours_ago_has_left_the_window():
    med = oxycodone(max_per_day=2, min_hours=None)
    window = dose_window(med, doses(med, 24, 23), NOW)
    assert window.taken == 1 and window.allowed_now


def test_with_the_most_taken_the_next_waits_for_the_oldest_to_leave_the_window():
    med = oxycodone(max_per_day=3, min_hours=1)
    window = dose_window(med, doses(med, 22, 10, 2), NOW)
    assert not window.allowed_now
    assert window.next_from == NOW + timedelta(hours=2)  # 22 hours ago + 24


def test_the_window_runs_across_midnight_and_a_change_of_clocks():
    # London moved to summer time at 01:00 UTC on 29 March 2026.
    med = oxycodone(max_per_day=2, min_hours=None)
    at = datetime(2026, 3, 29, 9, 0, tzinfo=UTC)
    taken = [
        Dose(uuid.uuid4(), med.id, datetime(2026, 3, 28, 10, 0, tzinfo=UTC)),
        Dose(uuid.uuid4(), med.id, datetime(2026, 3, 28, 23, 30, tzinfo=UTC)),
    ]
    window = dose_window(med, taken, at)
    assert window.taken == 2 and not window.allowed_now
    assert window.next_from == datetime(2026, 3, 29, 10, 0, tzinfo=UTC)  # 24 real hours
    assert window.summary(LONDON).endswith("next from 11:00")  # 10:00 UTC is 11:00 BST
    tokyo = window.summary(ZoneInfo("Asia/Tokyo"))
    assert tokyo.endswith("next from 19:00")


def test_earlier_than_the_label_says_how_in_plain_words():
    med = oxycodone()
    assert earlier_than_label(med, doses(med, 5), NOW) is None
    reason = earlier_than_label(med, doses(med, 1), NOW)
    assert reason == (
        "the label says at least 4 hours between doses, and another was recorded 1 h before"
    )


def test_a_dose_at_the_same_second_or_backdated_between_others_is_seen_as_early():
    med = oxycodone(min_hours=4, max_per_day=2)
    taken = doses(med, 0)  # one at NOW
    assert "less than a minute before" in earlier_than_label(med, taken, NOW)
    later = doses(med, -1)  # one an hour after the new one
    assert "1 h after" in earlier_than_label(med, later, NOW)
    only_most = oxycodone(min_hours=None, max_per_day=2)
    three = doses(only_most, -2, -10)  # two later today: a third in the same 24 hours
    reason = earlier_than_label(only_most, three, NOW)
    assert reason == "the label says at most 2 in 24 hours, and with this one there would be 3"


def test_a_gap_just_short_of_the_label_is_not_rounded_up_to_it():
    med = oxycodone(min_hours=4)
    taken = [Dose(uuid.uuid4(), med.id, NOW - timedelta(hours=4) + timedelta(seconds=1))]
    assert earlier_than_label(med, taken, NOW).endswith("3 h 59 min before")


def test_doses_per_day_by_local_day_with_the_most_and_its_day():
    med = oxycodone()
    taken = doses(med, 1, 2, 3, 30, 50)  # 20 Mar x3, 19 Mar x1, 18 Mar x1
    per_day = doses_per_day(taken, date(2026, 3, 14), date(2026, 3, 20), LONDON)
    assert (per_day.total, per_day.days, per_day.most) == (5, 7, 3)
    assert per_day.most_on == date(2026, 3, 20)
    assert round(per_day.average, 2) == 0.71


# ----- through the actions, as every door uses them -----


@pytest.fixture
def at_noon():
    return Context(zone=LONDON, clock=fixed_clock(NOW))


def test_a_dose_sooner_than_the_label_is_recorded_as_it_happened(journal, at_noon):
    med = add_medication(journal, at_noon, oxycodone()).value
    first = log_dose(journal, at_noon, med.id, NOW - timedelta(hours=1)).value
    assert first.earlier_than_label is None
    assert dose_check(journal, at_noon, med.id) is not None
    second = log_dose(journal, at_noon, med.id, recorded_by=Recorder.CAREGIVER).value
    assert second.earlier_than_label.startswith("the label says at least 4 hours")
    assert second.window.taken == 2 and second.dose.recorded_by is Recorder.CAREGIVER
    (window,) = ongoing_with_windows(journal, at_noon)
    assert window.summary(LONDON) == "2 of 6 in the last 24 hours · next from 16:00"


def test_a_dose_in_the_future_is_refused(journal, at_noon):
    med = add_medication(journal, at_noon, oxycodone()).value
    with pytest.raises(InvalidInput, match="time"):
        log_dose(journal, at_noon, med.id, NOW + timedelta(hours=1))


def test_two_ongoing_medications_cannot_share_a_name_and_stopping_frees_it(journal, at_noon):
    add_medication(journal, at_noon, oxycodone())
    with pytest.raises(InvalidInput, match="a name no other ongoing medication has"):
        add_medication(journal, at_noon, oxycodone(name="oxycodone  5 MG"))
    stopped = stop_medication(journal, at_noon, "OXYCODONE 5 mg").value
    assert stopped.stop_date == TODAY
    add_medication(journal, at_noon, oxycodone())


def test_an_unknown_name_lists_the_ongoing_medications(journal, at_noon):
    add_medication(journal, at_noon, oxycodone())
    with pytest.raises(InvalidInput) as refused:
        stop_medication(journal, at_noon, "Morphine")
    assert "one of the ongoing medications: 'Oxycodone 5 mg'" in str(refused.value)


def test_a_dose_written_by_another_process_changes_the_windows_fingerprint(journal, at_noon):
    from carecompanion.services import changes

    med = add_medication(journal, at_noon, oxycodone()).value
    with journal.read() as session:
        before = changes.fingerprint(session)
    log_dose(journal, at_noon, med.id, NOW - timedelta(hours=5))
    with journal.read() as session:
        assert changes.fingerprint(session) != before
