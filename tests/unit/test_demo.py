"""The sample journal: believable, and the same for the same seed."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from carecompanion.db.journal import open_journal
from carecompanion.domain.records import EndReason, Recorder, TreatmentCategory
from carecompanion.services import biomarkers, checkins, demo, questions, treatments

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
