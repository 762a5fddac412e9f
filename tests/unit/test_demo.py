"""The sample journal: believable, and the same for the same seed."""

from datetime import UTC, datetime
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from carecompanion.db.journal import open_journal
from carecompanion.domain.flags import Tier, evaluate_all
from carecompanion.domain.records import EndReason, Recorder, TreatmentCategory
from carecompanion.services import biomarkers, checkins, demo, profile, questions, treatments

END = datetime(2026, 6, 1, 20, 0, tzinfo=UTC)


def build(paths, seed, days=120):
    with open_journal(paths, now=END) as journal:
        with journal.write() as session:
            demo.generate(session, days=days, seed=seed, end=END, zone=ZoneInfo("Europe/Paris"))
        with journal.read() as session:
            return (
                checkins.between(session),
                treatments.all_lines(session),
                biomarkers.all_tests(session),
                questions.all_questions(session),
            )


def test_same_seed_gives_the_same_journal(tmp_path):
    from carecompanion.paths import resolve

    assert build(resolve(tmp_path / "a"), 7) == build(resolve(tmp_path / "b"), 7)
    assert build(resolve(tmp_path / "c"), 8)[0] != build(resolve(tmp_path / "d"), 7)[0]


def test_demo_journal_tells_a_believable_story(data):
    entries, lines, tests, asked = build(data, 1, days=365)
    assert len(entries) >= 365
    assert all(e.recorded_at <= END for e in entries)
    assert {e.recorded_by for e in entries} == {Recorder.PATIENT, Recorder.CAREGIVER}
    assert sum(bool(e.note) for e in entries) > 5
    reasons = {line.end_reason for line in lines}
    assert {EndReason.REFRACTORY, EndReason.TOXICITY} <= reasons
    assert any(line.ongoing for line in lines)
    numbered = [line.line_number for line in lines if line.line_number]
    assert numbered == list(range(1, len(numbered) + 1))
    assert any(
        line.category is TreatmentCategory.SUPPORTIVE and line.line_number is None for line in lines
    )
    assert any(t.actionable.value == "yes" for t in tests)
    assert sum(q.pinned for q in asked) == 2
    # Nausea answers chemotherapy: higher on average during the first line than at the end.
    first = lines[0]
    during = [e.scores["nausea"] for e in entries if e.recorded_at.date() <= first.end_date]
    late = [e.scores["nausea"] for e in entries[-60:]]
    assert sum(during) / len(during) > sum(late) / len(late) + 0.5


# The standard demo journals: `carecompanion --demo` (365 days) and `carecompanion demo` (90
# days by default), both seed 1, ending at different moments and in different zones.
STANDARD = [
    (365, datetime(2026, 6, 1, 20, 0, tzinfo=UTC), "Europe/London"),
    (365, datetime(2026, 11, 19, 7, 30, tzinfo=UTC), "America/New_York"),
    (90, datetime(2026, 2, 1, 19, 0, tzinfo=UTC), "Asia/Tokyo"),
    (90, datetime(2026, 11, 19, 7, 30, tzinfo=UTC), "Europe/London"),
]


@pytest.mark.parametrize(("days", "end", "zone"), STANDARD)
def test_demo_journal_flags_at_most_one_checkin_in_five(tmp_path, days, end, zone):
    """PRODUCT.md: the patient sees a flag after at most 1 check-in in 5, and "call now" after
    at most 1 in 20, on the standard demo journal."""
    from carecompanion.paths import resolve

    with open_journal(resolve(tmp_path / "d"), now=end) as journal:
        with journal.write() as session:
            demo.generate(session, days=days, seed=1, end=end, zone=ZoneInfo(zone))
        with journal.read() as session:
            entries = checkins.between(session)
            person = profile.get(session)
    assert person.emergency_number and any(c.around_the_clock for c in person.contacts)
    judged = evaluate_all(entries, fever_threshold_c=person.fever_threshold_c)
    shown = sum(any(f.raised for f in flags) for _, flags in judged)
    call_now = sum(any(f.raised and f.tier is Tier.CALL_NOW for f in flags) for _, flags in judged)
    assert shown / len(judged) <= 1 / 5
    assert call_now / len(judged) <= 1 / 20
    # Flags do happen: a year of failing treatment is not all quiet.
    assert shown >= len(judged) / 20
    assert call_now >= 1


def test_demo_year_has_temperatures_a_fever_and_a_slow_weight_loss(data):
    entries, _lines, _tests, _asked = build(data, 1, days=365)
    temperatures = [e.temperature_c for e in entries if e.temperature_c is not None]
    assert len(entries) / 10 < len(temperatures) < len(entries) / 2
    fevers = [e for e in entries if e.temperature_c is not None and e.temperature_c >= 38.0]
    assert 1 <= len(fevers) <= 3
    assert all(e.note for e in fevers)  # what they did about it, in their words
    assert 36.0 <= sorted(temperatures)[len(temperatures) // 2] <= 37.2
    weighed = [e for e in entries if e.weight_kg is not None]
    gaps = {(b.recorded_at - a.recorded_at).days for a, b in pairwise(weighed)}
    assert gaps <= set(range(6, 15))  # weekly (a hospital stay can skip one)
    first, last = weighed[0].weight_kg, weighed[-1].weight_kg
    assert 0.03 < (first - last) / first < 0.12
    # Slow: no week loses more than 1.5 kg.
    assert all(a.weight_kg - b.weight_kg < 1.5 for a, b in pairwise(weighed))


def test_the_demo_regimen_takes_more_breakthrough_doses_on_worse_pain_days(data):
    from collections import defaultdict

    from carecompanion.services import medications

    zone = ZoneInfo("Europe/Paris")
    journal = open_journal(data, now=END)
    with journal.write() as session:
        demo.generate(session, days=365, seed=1, end=END, zone=zone)
    with journal.read() as session:
        found = {m.name: m for m in medications.all_medications(session)}
        doses = medications.doses_between(session)
        pain_by_day: dict = defaultdict(int)
        for c in checkins.between(session):
            day = c.recorded_at.astimezone(zone).date()
            pain_by_day[day] = max(pain_by_day[day], c.scores.get("pain", 0))
    regular = found["Morphine sulfate MR 20 mg"]
    breakthrough = found["Oramorph 10 mg"]
    assert not regular.as_needed and breakthrough.as_needed
    assert (breakthrough.min_hours, breakthrough.max_per_day) == (2.0, 6)
    assert found["Ondansetron 4 mg"].purpose == "nausea"
    per_day: dict = defaultdict(int)
    for dose in doses:
        if dose.medication_id == breakthrough.id:
            per_day[dose.taken_at.astimezone(zone).date()] += 1
    worse = [per_day[d] for d, pain in pain_by_day.items() if pain >= 5]
    milder = [per_day[d] for d, pain in pain_by_day.items() if pain <= 3]
    assert worse and milder
    assert sum(worse) / len(worse) > 2 * sum(milder) / len(milder)
    assert max(per_day.values()) <= breakthrough.max_per_day
