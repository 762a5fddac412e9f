"""Flag rules at their edges, against hand-worked cases (PRODUCT.md "Flags")."""

import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from carecompanion.domain.flags import (
    CALL_NOW_SIGNS,
    FlagKind,
    Tier,
    Usual,
    call_now_signs,
    evaluate,
    evaluate_all,
    run_through,
    supportive_care_prompt,
    usual_level,
)
from carecompanion.domain.records import (
    CheckIn,
    EndReason,
    Recorder,
    TemperatureUnit,
    TreatmentCategory,
    TreatmentLine,
    WeightUnit,
)

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
D0 = T0.date()


def checkin(at, temperature=None, weight=None, **scores):
    return CheckIn(
        uuid.uuid4(), at, Recorder.PATIENT, scores, temperature_c=temperature, weight_kg=weight
    )


def days(n):
    return timedelta(days=n)


def kinds(flags):
    return [(f.symptom, f.kind) for f in flags]


# ----- tiers and their words -----


def test_tier_words_are_the_product_words():
    assert Tier.CALL_NOW.words == "Call now"
    assert Tier.TODAY.words == "Call your care team today"
    assert Tier.NEXT_CONTACT.words == "Tell your team at your next contact"
    assert Tier.CALL_NOW.suggests_call and Tier.TODAY.suggests_call
    assert not Tier.NEXT_CONTACT.suggests_call


# ----- fever -----


@pytest.mark.parametrize(
    ("temperature", "threshold", "flagged"),
    [(37.9, 38.0, False), (38.0, 38.0, True), (37.4, 37.5, False), (37.5, 37.5, True)],
)
def test_fever_at_or_above_the_threshold_is_call_now(temperature, threshold, flagged):
    flags = evaluate(checkin(T0, temperature=temperature), [], fever_threshold_c=threshold)
    assert bool(flags) is flagged
    if flagged:
        (flag,) = flags
        assert flag.kind is FlagKind.FEVER and flag.tier is Tier.CALL_NOW
        assert flag.reason == (
            f"Temperature {temperature:.1f} °C, at or above the fever threshold of "
            f"{threshold:.1f} °C."
        )


def test_default_threshold_is_38_and_37_9_is_not_a_fever():
    assert evaluate(checkin(T0, temperature=37.9), []) == []
    assert kinds(evaluate(checkin(T0, temperature=38.0), [])) == [("temperature", FlagKind.FEVER)]


def test_fever_reason_in_fahrenheit():
    (flag,) = evaluate(
        checkin(T0, temperature=38.2), [], temperature_unit=TemperatureUnit.FAHRENHEIT
    )
    assert flag.reason == ("Temperature 100.8 °F, at or above the fever threshold of 100.4 °F.")


# ----- severe scores -----


def test_breathless_seven_is_call_now_and_six_is_not():
    (flag,) = evaluate(checkin(T0, breathless=7), [], labels={"breathless": "Shortness of breath"})
    assert flag.tier is Tier.CALL_NOW and flag.kind is FlagKind.BREATHLESS
    assert flag.reason == "Shortness of breath is 7 of 10, severe (7 or more)."
    assert evaluate(checkin(T0, breathless=6), []) == []


def test_any_other_score_of_seven_is_today_and_six_is_not():
    (flag,) = evaluate(checkin(T0, pain=7), [])
    assert flag.tier is Tier.TODAY and flag.kind is FlagKind.SEVERE
    assert flag.usual is None
    assert evaluate(checkin(T0, pain=6, nausea=5), []) == []


def test_flags_come_most_urgent_tier_first():
    history = [checkin(T0 - days(d), nausea=1) for d in (1, 2)]
    flags = evaluate(checkin(T0, nausea=4, pain=8, temperature=38.5), history)
    assert [f.tier for f in flags] == [Tier.CALL_NOW, Tier.TODAY, Tier.NEXT_CONTACT]


# ----- usual level -----


def test_usual_is_the_median_of_the_seven_days_before():
    history = [checkin(T0 - days(d), pain=p) for d, p in [(1, 2), (2, 3), (3, 1), (6, 5)]]
    old = checkin(T0 - days(8), pain=9)  # outside the 7-day window
    usual = usual_level("pain", T0, [*history, old])
    assert usual == Usual(2.5, 4, 7)
    assert str(usual) == "usual 2.5, median of 4 check-ins over 7 days"


def test_exactly_seven_days_before_is_inside_the_window():
    history = [checkin(T0 - days(7), pain=2), checkin(T0 - days(1), pain=4)]
    assert usual_level("pain", T0, history) == Usual(3.0, 2, 7)


def test_fewer_than_two_in_seven_days_uses_the_28_days_before():
    history = [
        checkin(T0 - days(2), pain=3),
        checkin(T0 - days(10), pain=1),
        checkin(T0 - days(20), pain=1),
        checkin(T0 - days(29), pain=9),  # outside 28 days
    ]
    usual = usual_level("pain", T0, history)
    assert usual == Usual(1.0, 3, 28)
    assert str(usual) == "usual 1, median of 3 check-ins over 28 days"


def test_a_weekly_logger_gets_a_usual_level_and_a_worse_flag():
    history = [checkin(T0 - days(7 * w), pain=4) for w in (1, 2, 3)]
    usual = usual_level("pain", T0, history)
    assert usual == Usual(4.0, 3, 28)  # one in the last 7 days: fewer than 2
    (flag,) = evaluate(checkin(T0, pain=6), history)
    assert flag.kind is FlagKind.WORSE and flag.tier is Tier.NEXT_CONTACT
    assert flag.reason == (
        "Pain is 6 of 10, 2 points above the usual level; "
        "usual 4, median of 3 check-ins over 28 days."
    )


def test_a_single_checkin_is_a_usual_level_from_one_checkin():
    assert str(usual_level("pain", T0, [checkin(T0 - days(20), pain=2)])) == (
        "usual 2, from 1 check-in over 28 days"
    )


def test_no_checkin_in_28_days_means_only_tiers_one_and_two():
    history = [checkin(T0 - days(29), nausea=0)]
    assert usual_level("nausea", T0, history) is None
    assert evaluate(checkin(T0, nausea=6), history) == []
    assert [f.tier for f in evaluate(checkin(T0, nausea=7), history)] == [Tier.TODAY]


def test_the_checkin_itself_and_later_ones_are_not_its_usual():
    entry = checkin(T0, pain=5)
    later = checkin(T0 + days(1), pain=0)
    assert evaluate(entry, [entry, later]) == []


def test_backdated_entry_uses_the_days_before_its_own_time():
    backdated_at = T0 - days(3)
    history = [
        checkin(backdated_at - days(1), pain=1),
        checkin(backdated_at - days(2), pain=1),
        checkin(T0 - days(1), pain=8),  # after the backdated moment
    ]
    (flag,) = evaluate(checkin(backdated_at, pain=4), history)
    assert flag.kind is FlagKind.NEWLY_MODERATE
    assert flag.usual is not None and flag.usual.value == 1


# ----- newly moderate and worse -----


def test_newly_moderate_exactly_at_four_and_not_at_three():
    history = [checkin(T0 - days(d), nausea=2) for d in (1, 2, 3)]
    (flag,) = evaluate(checkin(T0, nausea=4), history, labels={"nausea": "Nausea"})
    assert flag.kind is FlagKind.NEWLY_MODERATE and flag.tier is Tier.NEXT_CONTACT
    assert flag.reason == (
        "Nausea is 4 of 10, now moderate (4 or more); usual 2, median of 3 check-ins over 7 days."
    )
    assert evaluate(checkin(T0, nausea=3), history) == []


def test_not_newly_moderate_when_the_usual_was_already_four():
    history = [checkin(T0 - days(d), nausea=4) for d in (1, 2)]
    assert evaluate(checkin(T0, nausea=5), history) == []


def test_worse_needs_two_points_and_at_least_four():
    history = [checkin(T0 - days(d), fatigue=4) for d in (1, 2)]
    (flag,) = evaluate(checkin(T0, fatigue=6), history)
    assert flag.kind is FlagKind.WORSE
    assert evaluate(checkin(T0, fatigue=5), history) == []


def test_nausea_zero_to_two_is_not_worse():
    history = [checkin(T0 - days(d), nausea=0) for d in (1, 2, 3)]
    assert evaluate(checkin(T0, nausea=2), history) == []
    assert evaluate(checkin(T0, nausea=3), history) == []


def test_severe_outranks_the_other_rules_and_shows_the_usual():
    history = [checkin(T0 - days(d), pain=2) for d in (1, 2)]
    (flag,) = evaluate(checkin(T0, pain=9), history)
    assert flag.kind is FlagKind.SEVERE
    assert (
        flag.reason
        == "Pain is 9 of 10, severe (7 or more); usual 2, median of 2 check-ins over 7 days."
    )


def test_never_the_word_baseline():
    history = [checkin(T0 - days(d), pain=2, nausea=1) for d in (1, 2)]
    flags = evaluate(checkin(T0, pain=9, nausea=5, temperature=39.0), history)
    assert flags and all("baseline" not in f.reason.lower() for f in flags)


# ----- weight -----


def test_weight_loss_of_exactly_five_percent_within_six_months():
    history = [checkin(T0 - days(170), weight=60.0), checkin(T0 - days(30), weight=58.5)]
    (flag,) = evaluate(checkin(T0, weight=57.0), history)
    assert flag.kind is FlagKind.WEIGHT_LOSS and flag.tier is Tier.NEXT_CONTACT
    assert flag.value == 5.0
    assert flag.reason == (
        "Weight 57.0 kg, 5.0 % less than 60.0 kg within the six months before (5 % or more)."
    )
    assert evaluate(checkin(T0, weight=57.1), history) == []


def test_weight_loss_from_more_than_six_months_ago_is_not_counted():
    history = [checkin(T0 - days(200), weight=60.0), checkin(T0 - days(100), weight=58.0)]
    assert evaluate(checkin(T0, weight=57.0), history) == []


# ----- no nagging -----


def test_same_tier_same_symptom_not_raised_again_within_seven_days():
    first = checkin(T0, pain=8)
    again = checkin(T0 + days(3), pain=8)
    lower = checkin(
        T0
        + days(
            6,
        )
        + timedelta(hours=23),
        pain=7,
    )
    week = checkin(T0 + days(7), pain=8)  # 7 days after the one that raised it
    result = evaluate_all([first, again, lower, week])
    assert [[f.raised for f in flags] for _, flags in result] == [[True], [False], [False], [True]]
    # Every one still qualifies: the PDF counts them.
    assert all(len(flags) == 1 for _, flags in result)


def test_a_rise_above_the_score_that_raised_it_is_raised():
    first = checkin(T0, pain=7)
    higher = checkin(T0 + days(1), pain=8)
    same = checkin(T0 + days(2), pain=8)
    highest = checkin(T0 + days(3), pain=9)
    result = evaluate_all([first, higher, same, highest])
    assert [flags[0].raised for _, flags in result] == [True, True, False, True]


def test_a_different_tier_or_symptom_is_raised():
    history = [checkin(T0 - days(d), pain=1, nausea=1) for d in (1, 2)]
    severe = checkin(T0, pain=8)
    moderate_nausea = checkin(T0 + days(1), nausea=4, pain=8)
    result = evaluate_all([*history, severe, moderate_nausea])
    last = result[-1][1]
    assert [(f.symptom, f.raised) for f in last] == [("pain", False), ("nausea", True)]


def test_repeat_chain_is_walked_back_to_a_seven_day_gap():
    # Pain 8 every 5 days: each is compared with the flag that raised it, not the one just
    # before, so every other one is raised (10 days after the last raised one).
    run = [checkin(T0 + days(5 * i), pain=8) for i in range(6)]
    raised = [flags[0].raised for _, flags in evaluate_all(run)]
    assert raised == [True, False, True, False, True, False]


def test_one_checkin_gives_the_same_answer_as_the_whole_period():
    rng = random.Random(4)
    entries = [
        checkin(
            T0 + timedelta(hours=13 * i),
            pain=rng.choice([1, 2, 3, 4, 6, 7, 8, 9]),
            nausea=rng.randrange(0, 8),
            temperature=rng.choice([None, None, 37.0, 38.1, 38.6]),
        )
        for i in range(120)
    ]
    whole = {c.id: flags for c, flags in evaluate_all(reversed(entries))}
    for i, entry in enumerate(entries):
        assert evaluate(entry, entries[:i] + entries[i + 1 :]) == whole[entry.id]


def test_a_run_started_too_late_for_a_run_of_flags_learns_that_symptoms_past():
    """Severe pain every third day for 300 days: a run started 200 days in cannot know which
    flag last raised it (the person is told again every nine days, in a rhythm set on day 0)
    until it learns the pain's whole past; a symptom out of flags for 7 days needs nothing."""
    run = [checkin(T0 + days(3 * i), pain=8) for i in range(100)]
    for last in run[-4:]:
        before = [c for c in run if c.recorded_at < last.recorded_at]
        short_from = last.recorded_at - days(100)
        short = [c for c in before if c.recorded_at >= short_from]
        started = run_through(short, short_from, weights_from=short_from)
        assert started.unsure_of(last) == {"pain"}
        started.learn("pain", before)
        assert started.unsure_of(last) == set()
        assert started.judge(last) == evaluate(last, run)
    quiet = [*run[:60], checkin(T0 + days(400), pain=8)]
    newest = quiet[-1]
    since = newest.recorded_at - days(190)
    started = run_through(
        [c for c in quiet[:-1] if c.recorded_at >= since], since, weights_from=since
    )
    assert started.unsure_of(newest) == set()
    assert started.judge(newest) == evaluate(newest, quiet)


# ----- the call-now list -----


def test_call_now_list_is_complete_and_never_reassures():
    text = " ".join(CALL_NOW_SIGNS).lower()
    for sign in (
        "38.0 °c (100.4 °f)",
        "shivering",
        "trouble breathing",
        "chest pain",
        "bleeding",
        "vomiting blood",
        "black stools",
        "not keeping fluids down",
        "confusion",
        "very hard to wake",
        "a fit",
        "trouble speaking",
        "car t",
        "weakness or numbness in the legs",
        "bladder or bowels",
        "painful, swollen leg",
        "fainting",
    ):
        assert sign in text, sign
    assert "you are fine" not in text
    assert call_now_signs(37.5)[0].startswith("A temperature of 37.5 °C (99.5 °F) or more")


# ----- the supportive-care prompt -----


def line(reason, category=TreatmentCategory.CHEMOTHERAPY, end=D0):
    return TreatmentLine(uuid.uuid4(), category, "X", T0.date() - days(90), end, end_reason=reason)


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


def test_no_supportive_prompt_while_supportive_care_is_ongoing():
    lines = [line(EndReason.REFRACTORY), line(EndReason.REFRACTORY)]
    ongoing = line(None, TreatmentCategory.SUPPORTIVE, end=None)
    assert supportive_care_prompt([*lines, ongoing], [], T0) is None
    ended = line(EndReason.COMPLETED, TreatmentCategory.SUPPORTIVE, end=T0.date() - days(1))
    assert supportive_care_prompt([*lines, ended], [], T0) is not None


def test_supportive_prompt_stays_away_for_14_days_after_not_now():
    lines = [line(EndReason.REFRACTORY), line(EndReason.REFRACTORY)]
    shown = supportive_care_prompt(lines, [], T0, dismissed_at=T0 - days(14))
    assert shown is not None
    hidden = supportive_care_prompt(lines, [], T0, dismissed_at=T0 - days(13))
    assert hidden is None


def test_wellbeing_says_which_end_is_worst():
    (flag,) = evaluate(checkin(T0, wellbeing=9), [], labels={"wellbeing": "Wellbeing"})
    assert flag.reason.startswith("Wellbeing (0 best, 10 worst) is 9 of 10")


@pytest.mark.parametrize(
    ("temperature", "unit", "flagged"),
    [
        (37.94, TemperatureUnit.CELSIUS, False),  # shows 37.9 °C
        (37.96, TemperatureUnit.CELSIUS, True),  # shows 38.0 °C, the threshold as shown
        (37.97, TemperatureUnit.FAHRENHEIT, True),  # compared as shown in °F too
    ],
)
def test_a_reading_that_shows_as_the_threshold_calls_now(temperature, unit, flagged):
    from carecompanion.domain.vitals import show_temperature

    found = evaluate(checkin(T0, temperature=temperature), [], temperature_unit=unit)
    shown, line = show_temperature(temperature, unit), show_temperature(38.0, unit)
    assert bool(found) == (float(shown.split()[0]) >= float(line.split()[0]))
    if unit is TemperatureUnit.CELSIUS:
        assert bool(found) == flagged


def test_a_five_percent_loss_typed_in_pounds_is_flagged():
    before = checkin(T0 - days(30), weight=61.23)  # 135 lb
    after = checkin(T0, weight=58.17)  # 128.25 lb, 4.998 % as stored
    found = evaluate(after, [before], weight_unit=WeightUnit.LB)
    assert [f.kind for f in found] == [FlagKind.WEIGHT_LOSS]
    assert "5.0 % less" in found[0].reason
