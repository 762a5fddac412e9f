"""Medications in the care-team PDF, read back with pypdf: as-needed doses per calendar day on
page one against a hand count (midnight, the period's edges, a change of clocks, another zone),
nothing when there is nothing to count, the medication list on a later page and every dose in
the full log. The report reads the doses in one query."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from carecompanion.domain.context import Context, fixed_clock
from carecompanion.domain.records import Dose, Medication, Profile, Recorder
from carecompanion.domain.report import ReportOptions
from carecompanion.export import pdf
from carecompanion.services import checkin_rows, checkins, medications, profile, report
from tests.unit.test_pdf_page_one import read

LONDON = ZoneInfo("Europe/London")
# After the clocks went forward in London (01:00 UTC on Sunday 29 March 2026).
LATER = datetime(2026, 4, 5, 12, 0, tzinfo=UTC)
# Wednesday 25 March to Thursday 2 April: nine days, across the change of clocks.
PERIOD = ReportOptions(start=date(2026, 3, 25), end=date(2026, 4, 2))
FULL = ReportOptions(PERIOD.start, PERIOD.end, include_log=True)

# Breakthrough doses, as London clocks showed them (GMT until 29 March 01:00, then BST).
DOSES = (
    (datetime(2026, 3, 24, 23, 59, tzinfo=LONDON), "before the period: not counted"),
    (datetime(2026, 3, 25, 0, 0, tzinfo=LONDON), "the period's first moment"),
    (datetime(2026, 3, 28, 23, 30, tzinfo=LONDON), "23:30, Saturday"),
    (datetime(2026, 3, 29, 0, 10, tzinfo=LONDON), "just after midnight, Sunday"),
    (datetime(2026, 3, 29, 23, 30, tzinfo=LONDON), "23:30 BST, Sunday (22:30 UTC)"),
    (datetime(2026, 3, 30, 0, 30, tzinfo=LONDON), "00:30 BST Monday: still Sunday in UTC"),
    (datetime(2026, 3, 30, 9, 0, tzinfo=LONDON), "Monday morning"),
    (datetime(2026, 4, 2, 23, 59, tzinfo=LONDON), "the period's last minute"),
    (datetime(2026, 4, 3, 0, 0, tzinfo=LONDON), "after the period (23:00 UTC on its last day)"),
)
# By hand, in London: 25 Mar 1, 28 Mar 1, 29 Mar 2, 30 Mar 2, 2 Apr 1: 7 in 9 days, 0.8 a
# day, most 2 first on 29 March (counted in UTC, 29 March would hold 3).
LONDON_LINE = (
    "Oramorph 10 mg as needed for pain (label: up to 6 a day): 0.8 a day on average, most 2 on "
    "29 Mar"
)
# In New York (EDT, UTC-4): 28 Mar 2, 29 Mar 2, 30 Mar 1, 2 Apr 2 (the last two London doses
# fall on its evening of 2 April), the first two on 24 March: 7 in 9 days, most 2 on 28 Mar.
NEW_YORK_LINE = (
    "Oramorph 10 mg as needed for pain (label: up to 6 a day): 0.8 a day on average, most 2 on "
    "28 Mar"
)


@pytest.fixture
def later():
    return Context(zone=LONDON, clock=fixed_clock(LATER))


def medication(name, as_needed=True, purpose="pain", hours=2.0, most=6, start=date(2026, 3, 1)):
    return Medication(
        medications.new_id(), name, start, "5 ml oral solution (10 mg)", as_needed, purpose,
        hours if as_needed else None, most if as_needed else None,
    )  # fmt: skip


def fill(journal, ctx, *, zone="Europe/London", meds=(), doses=()):
    """A profile, a pain check-in a day in the period, and the medications and doses given
    (doses as (medication name, moment, who))."""
    added = {}
    with journal.write() as s:
        profile.save(s, Profile(name="Alex Morgan", time_zone=zone), ctx)
        for day in range(9):
            at = datetime(2026, 3, 25, 10, tzinfo=LONDON) + timedelta(days=day)
            checkins.record(s, {"pain": 3 + day % 3, "nausea": 1}, recorded_at=at, now=LATER)
        for med in meds:
            added[med.name] = medications.add(s, med, ctx)
        for name, at, who in doses:
            dose = Dose(medications.new_id(), added[name].id, at, who)
            medications.add_dose(s, dose, ctx)
    return added


def render(journal, options=PERIOD, zone=LONDON):
    with journal.read() as session:
        built = report.build(session, options, LATER, zone)
    return built, read(pdf.render(built))[1]


def flat(text):
    return " ".join(text.split())


def fill_regimen(journal, ctx, zone="Europe/London"):
    return fill(
        journal,
        ctx,
        zone=zone,
        meds=(
            medication("Oramorph 10 mg"),
            medication("Morphine sulfate MR 20 mg", as_needed=False),
        ),
        doses=[
            ("Oramorph 10 mg", at, Recorder.CAREGIVER if i == 3 else Recorder.PATIENT)
            for i, (at, _) in enumerate(DOSES)
        ]
        + [
            ("Morphine sulfate MR 20 mg", datetime(2026, 3, 26, 8, tzinfo=LONDON), Recorder.PATIENT)
        ],
    )


def test_doses_per_day_on_page_one_match_a_hand_count_in_the_profile_zone(journal, later):
    fill_regimen(journal, later)
    built, pages = render(journal)
    (item,) = built.as_needed
    assert item.per_day is not None
    assert (item.per_day.days, item.per_day.total, item.per_day.most) == (9, 7, 2)
    assert item.per_day.most_on == date(2026, 3, 29)
    first = flat(pages[0])
    assert LONDON_LINE in first
    table = first[first.index("How each symptom moved") : first.index("Trend (")]
    assert table.index("Pain") < table.index("Oramorph") < table.index("Nausea")
    assert "Doses: as needed, per calendar day." in table
    assert "Morphine sulfate" not in first  # a regular medication is not counted on page one


def test_another_profile_zone_counts_its_own_calendar_days(journal, later):
    fill_regimen(journal, later, zone="America/New_York")
    built, pages = render(journal, zone=ZoneInfo("America/New_York"))
    (item,) = built.as_needed
    assert item.per_day is not None
    assert (item.per_day.total, item.per_day.most_on) == (7, date(2026, 3, 28))
    assert NEW_YORK_LINE in flat(pages[0])


def test_a_medication_started_in_the_period_is_averaged_over_its_own_days(journal, later):
    at = datetime(2026, 3, 30, 9, tzinfo=LONDON)
    fill(
        journal,
        later,
        meds=(medication("Oxycodone 5 mg", start=date(2026, 3, 30), most=4),),
        doses=[("Oxycodone 5 mg", at + timedelta(hours=h), Recorder.PATIENT) for h in (0, 5, 26)],
    )
    _, pages = render(journal)
    # 30 Mar 2, 31 Mar 1; counted over 30 Mar to 2 Apr: 3 in 4 days.
    assert (
        "Oxycodone 5 mg as needed for pain (label: up to 4 a day): 0.8 a day on average from "
        "30 Mar, most 2 on 30 Mar"
    ) in flat(pages[0])


def test_an_unused_as_needed_medication_says_none_when_another_was_taken(journal, later):
    fill(
        journal,
        later,
        meds=(medication("Oramorph 10 mg"), medication("Ondansetron 4 mg", purpose="nausea")),
        doses=[("Oramorph 10 mg", datetime(2026, 3, 26, 9, tzinfo=LONDON), Recorder.PATIENT)],
    )
    first = flat(render(journal)[1][0])
    assert "Oramorph 10 mg as needed for pain (label: up to 6 a day): 0.1 a day on average" in (
        first
    )
    assert "never more than 1 a day" in first
    assert (
        "Ondansetron 4 mg as needed for nausea (label: up to 6 a day): none recorded in the period"
        in first
    )
    assert first.index("Nausea") < first.index("Ondansetron")


@pytest.mark.parametrize("case", ["no medications", "regular only", "as needed, no doses"])
def test_page_one_says_nothing_of_doses_when_none_as_needed_were_recorded(journal, later, case):
    meds, doses = (), []
    if case == "regular only":
        meds = (medication("Morphine sulfate MR 20 mg", as_needed=False),)
        doses = [(meds[0].name, datetime(2026, 3, 26, 8, tzinfo=LONDON), Recorder.PATIENT)]
    elif case == "as needed, no doses":
        meds = (medication("Oramorph 10 mg"),)
    fill(journal, later, meds=meds, doses=doses)
    built, pages = render(journal)
    assert built.as_needed == ()
    first = flat(pages[0])
    assert "as needed" not in first and "Doses:" not in first
    assert "none recorded in the period" not in first


def test_the_medication_list_is_on_a_later_page(journal, later):
    fill(
        journal,
        later,
        meds=(
            medication("Oramorph 10 mg"),
            medication("Ondansetron 4 mg", purpose="feeling sick", hours=8, most=3),
            medication("Morphine sulfate MR 20 mg", as_needed=False),
            medication("Paracetamol 1 g", start=date(2026, 4, 3)),  # after the period
        ),
    )
    with journal.write() as s:
        stopped = medications.add(s, medication("Codeine 30 mg", start=date(2026, 1, 5)), later)
        medications.stop(s, stopped.id, date(2026, 3, 1), later)
    _, pages = render(journal)
    assert "Medications" not in pages[0]
    rest = flat("\n".join(pages[1:]))
    listed = rest[rest.index("Medications") : rest.index("Tests and biomarkers")]
    assert "Label dose Taken Label's limits Dates" in listed
    assert "Oramorph 10 mg 5 ml oral solution (10 mg) as needed for pain" in listed
    assert "at least 2 h apart; up to 6 in 24 hours 01 Mar 2026 – ongoing" in listed
    assert "as needed for feeling sick at least 8 h apart; up to 3 in 24 hours" in listed
    assert "Morphine sulfate MR 20 mg 5 ml oral solution (10 mg) regular for pain –" in listed
    assert "Codeine 30 mg" in listed and "05 Jan 2026 – 01 Mar 2026" in listed
    assert "Paracetamol" not in rest
    assert "Every dose" not in rest  # only with the full log


def test_no_medications_says_so_on_a_later_page(journal, later):
    fill(journal, later)
    _, pages = render(journal)
    assert "Medications No medications recorded." in flat("\n".join(pages[1:]))


def test_the_full_log_lists_every_dose_in_the_profile_zone_with_who_recorded_it(journal, later):
    fill_regimen(journal, later)
    built, pages = render(journal, FULL)
    rest = flat("\n".join(pages[1:]))
    doses = rest[rest.index("Every dose in the period") :]
    assert doses.startswith("Every dose in the period When Medication By")
    counted = [at for at, _ in DOSES[1:-1]]
    assert doses.count("Oramorph 10 mg (as needed)") == len(counted) == 7
    assert doses.count("Morphine sulfate MR 20 mg") == 1
    for at in counted:
        assert f"{at:%d %b %Y %H:%M}" in doses, at
    assert "24 Mar 2026 23:59" not in doses and "03 Apr 2026 00:00" not in doses
    # Newest first, in London's clock: 00:30 BST on 30 March, not 23:30 UTC the day before.
    assert doses.index("02 Apr 2026 23:59") < doses.index("30 Mar 2026 00:30")
    assert "29 Mar 2026 23:30 Oramorph 10 mg (as needed) patient" in doses
    assert "29 Mar 2026 00:10 Oramorph 10 mg (as needed) caregiver" in doses
    assert len(built.doses) == 8


def test_the_report_reads_doses_in_one_query(journal, later):
    fill_regimen(journal, later)
    seen: list[str] = []
    with journal.read() as session:
        connection = checkin_rows.driver(session)  # SQLite's own trace: the SQL layer's and
        connection.set_trace_callback(seen.append)  # the driver's statements alike
        try:
            report.build(session, FULL, LATER, LONDON)
        finally:
            connection.set_trace_callback(None)
    assert sum("FROM doses" in s for s in seen) == 1
    assert sum("FROM medications" in s for s in seen) == 1
