"""Page one's header and treatment box, read back: actionable biomarkers once per marker as
known at the period's end, and the time zone named plainly."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from carecompanion.domain.records import Actionable, BiomarkerTest, Profile, TestKind
from carecompanion.domain.report import ReportOptions
from carecompanion.export import pdf
from carecompanion.services import biomarkers, checkins, profile, report, treatments
from tests.unit.test_pdf_page_one import NOW, OPTIONS, read


def _test(on, marker, result, actionable=Actionable.YES):
    kind = TestKind.NGS_PANEL
    return BiomarkerTest(treatments.new_id(), on, kind, marker, result, actionable)


def _first(journal, options=OPTIONS, zone="Europe/London"):
    with journal.read() as session:
        built = report.build(session, options, NOW, ZoneInfo(zone))
    return built, read(pdf.render(built))[1][0]


def test_actionable_biomarkers_latest_per_marker_as_known_at_the_end(journal, ctx):
    with journal.write() as s:
        for test in (
            _test(date(2025, 7, 1), "KRAS", "G12C mutation found"),
            _test(date(2026, 3, 1), "KRAS ", "G12C still present in ctDNA"),
            _test(date(2025, 7, 1), "HER2", "amplified"),
            _test(date(2026, 1, 5), "HER2", "not amplified", Actionable.NO),
            _test(date(2026, 3, 10), "BRAF", "V600E", Actionable.YES),  # after the period
        ):
            biomarkers.add(s, test, ctx)
    built, first = _first(journal, ReportOptions(start=date(2026, 2, 5), end=date(2026, 3, 5)))
    assert [t.result for t in built.actionable] == ["G12C still present in ctDNA"]
    assert "KRAS: G12C still present in ctDNA (Mar 2026)" in first
    assert "G12C mutation found" not in first and "HER2" not in first and "BRAF" not in first
    # A past period shows what was known by its end.
    past = ReportOptions(start=date(2025, 11, 1), end=date(2025, 11, 30))
    built, first = _first(journal, past)
    assert [t.marker for t in built.actionable] == ["KRAS", "HER2"]
    assert "KRAS: G12C mutation found (Jul 2025)" in first and "HER2: amplified" in first


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Etc/UTC", "UTC"),
        ("UTC", "UTC"),
        ("Zulu", "UTC"),
        ("Europe/London", "Europe/London"),
        ("America/New_York", "America/New_York"),
    ],
)
def test_the_time_zone_is_named_plainly(journal, ctx, zone, shown):
    with journal.write() as s:
        profile.save(s, Profile(time_zone=zone), ctx)
        checkins.record(s, {"pain": 2}, recorded_at=NOW - timedelta(days=1), now=NOW)
    _, first = _first(journal, zone=zone)
    assert f"Times are in {shown}." in first
