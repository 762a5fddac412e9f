"""Flag rules against hand-worked cases."""

import uuid
from datetime import UTC, datetime, timedelta

from carecompanion.domain.flags import FlagKind, baseline, flags_for, supportive_care_prompt
from carecompanion.domain.records import (
    CheckIn,
    EndReason,
    Recorder,
    TreatmentCategory,
    TreatmentLine,
)

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def checkin(at, **scores):
    return CheckIn(uuid.uuid4(), at, Recorder.PATIENT, scores)


def days(n):
    return timedelta(days=n)


def test_no_history_only_severe_can_flag():
    assert flags_for(checkin(T0, pain=6, nausea=5), []) == []
    (flag,) = flags_for(checkin(T0, pain=7), [])
    assert flag.kind is FlagKind.SEVERE
    assert flag.baseline is None
    assert flag.reason == "Pain is 7 of 10, in the severe range (7 or more)."


def test_baseline_is_the_median_of_the_week_before():
    history = [checkin(T0 - days(d), pain=p) for d, p in [(1, 2), (2, 3), (3, 1), (6, 5)]]
    old = checkin(T0 - days(8), pain=9)  # outside the 7-day window
    assert baseline("pain", T0, [*history, old]) == 2.5


def test_newly_moderate_when_baseline_was_below_four():
    history = [checkin(T0 - days(d), nausea=2) for d in (1, 2, 3)]
    (flag,) = flags_for(checkin(T0, nausea=4), history, {"nausea": "Nausea"})
    assert flag.kind is FlagKind.NEWLY_MODERATE
    assert flag.reason == "Nausea is 4 of 10, now moderate; over the week before it was 2, below 4."


def test_worse_by_two_points_above_a_moderate_baseline():
    history = [checkin(T0 - days(d), fatigue=4) for d in (1, 2)]
    (flag,) = flags_for(checkin(T0, fatigue=6), history, {"fatigue": "Tiredness"})
    assert flag.kind is FlagKind.WORSE
    assert "2 points above your usual 4" in flag.reason


def test_one_point_worse_is_not_flagged():
    history = [checkin(T0 - days(1), fatigue=4)]
    assert flags_for(checkin(T0, fatigue=5), history) == []


def test_severe_outranks_the_other_rules_and_mentions_the_baseline():
    history = [checkin(T0 - days(1), pain=2)]
    (flag,) = flags_for(checkin(T0, pain=9), history)
    assert flag.kind is FlagKind.SEVERE
    assert flag.reason.endswith("your usual over the week before was 2.")


def test_backdated_entry_uses_the_week_before_its_own_time():
    # Entered today, but about a moment three days ago: later check-ins are not its baseline.
    backdated_at = T0 - days(3)
    history = [
        checkin(backdated_at - days(1), pain=1),
        checkin(backdated_at - days(2), pain=1),
        checkin(T0 - days(1), pain=8),  # after the backdated moment
    ]
    (flag,) = flags_for(checkin(backdated_at, pain=4), history)
    assert flag.kind is FlagKind.NEWLY_MODERATE
    assert flag.baseline == 1


def test_the_checkin_itself_is_not_its_own_baseline():
    entry = checkin(T0, pain=5)
    assert flags_for(entry, [entry]) == []


def line(reason):
    return TreatmentLine(
        uuid.uuid4(), TreatmentCategory.CHEMOTHERAPY, "X", T0.date(), T0.date(), end_reason=reason
    )


def test_supportive_prompt_after_two_lines_stopped_by_progression():
    assert supportive_care_prompt([line(EndReason.REFRACTORY)], [], T0) is None
    lines = [line(EndReason.REFRACTORY), line(EndReason.TOXICITY), line(EndReason.REFRACTORY)]
    assert "2 treatments have stopped" in supportive_care_prompt(lines, [], T0)


def test_supportive_prompt_after_three_severe_checkins_in_two_weeks():
    severe = [checkin(T0 - days(d), pain=8) for d in (1, 5, 13)]
    assert supportive_care_prompt([], severe, T0) is not None
    assert supportive_care_prompt([], severe[:2], T0) is None
    spread = [checkin(T0 - days(d), pain=8) for d in (1, 5, 15)]
    assert supportive_care_prompt([], spread, T0) is None
