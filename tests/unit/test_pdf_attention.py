"""The "What needs attention" box, read back: still current against the tier's own threshold
with the latest value and date always given, and the highest value among the check-ins that
qualified at the tier, with their count, consistent with the symptom table."""

from datetime import timedelta

from carecompanion.domain.flags import Tier
from carecompanion.export import pdf
from carecompanion.services import checkins
from tests.unit.test_pdf_page_one import NOW, build, read


def _attention(journal):
    built = build(journal)
    _, pages = read(pdf.render(built))
    first = pages[0]
    return built, first[first.index("What needs attention") : first.index("How each symptom")]


def _log(journal, days_scores, **vitals_by_day):
    with journal.write() as s:
        for day, scores in days_scores:
            extra = {k: v[day] for k, v in vitals_by_day.items() if day in v}
            checkins.record(s, scores, recorded_at=NOW - timedelta(days=day), now=NOW, **extra)


def test_still_moderate_is_current_and_says_the_latest_value_and_date(journal):
    # Nausea 2, 2, then 5 on five days: newly moderate at first, then the usual level catches
    # up; the latest 5 is still moderate, so the flag is still current.
    days = [(12, 2), (11, 2), (10, 5), (9, 5), (8, 5), (7, 5), (6, 5), (5, 5)]
    _log(journal, [(d, {"pain": 1, "nausea": v}) for d, v in days])
    built, attention = _attention(journal)
    (flag,) = built.flags
    assert flag.key == "nausea" and flag.tier is Tier.NEXT_CONTACT and flag.current
    assert "yes: 5 on 15 Mar" in attention
    assert "no:" not in attention


def test_eased_score_says_its_band_value_and_date(journal):
    _log(journal, [(9, {"pain": 2}), (8, {"pain": 2}), (7, {"pain": 8}), (6, {"pain": 5})])
    built, attention = _attention(journal)
    (flag,) = built.flags
    assert flag.tier is Tier.TODAY and not flag.current
    assert "no, now moderate: 5 on 14 Mar" in attention  # 5 is below severe's 7


def test_a_later_repeat_fever_is_counted_dated_and_current(journal):
    temps = {9: 38.6, 8: 36.8, 4: 38.1}
    _log(journal, [(d, {"pain": 1}) for d in (9, 8, 4)], temperature_c=temps)
    built, attention = _attention(journal)
    (flag,) = built.flags
    assert flag.key == "temperature" and flag.count == 2 and flag.current
    assert "38.6 °C (fever at 38.0 °C)" in attention
    assert "2, last 16 Mar" in attention  # the repeat the patient was not shown again
    assert "yes: 38.1 °C on 16 Mar" in attention


def test_highest_is_among_the_qualifying_check_ins_at_the_tier_with_their_count(journal):
    scores = [(12, 2), (11, 2), (10, 7), (9, 9), (8, 8), (7, 3), (6, 3), (5, 3)]
    _log(journal, [(d, {"pain": v}) for d, v in scores])
    built, attention = _attention(journal)
    (flag,) = built.flags
    assert (flag.value, flag.count) == (9, 3)
    assert "Highest at this tier" in attention and "Check-ins" in attention
    assert "9 of 10, severe (7 or more)" in attention and "11 Mar" in attention
    assert "3, last 12 Mar" in attention
    (pain,) = [s for s in built.symptoms if s.key == "pain"]
    assert pain.worst == flag.value  # the table's worst agrees with the flag's highest


def test_tier_counts_footnote_says_repeats_count_but_were_not_shown_again(journal):
    _log(journal, [(9, {"pain": 2}), (8, {"pain": 8}), (7, {"pain": 8}), (6, {"pain": 2})])
    _, attention = _attention(journal)
    words = " ".join(attention.split())
    assert "call now 0 · call today 2 · next contact 0, of 4" in words
    assert "Counted: every check-in at or over a threshold" in words
    assert "repeats within 7 days were not shown to the patient again" in words
    assert "as the app showed them" not in words
