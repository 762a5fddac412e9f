"""The care-team summary reads whole check-ins for 28 days before its period and weights alone
for six months before it, and says exactly what it says when judged from the whole journal."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from carecompanion.domain.report import ReportOptions
from carecompanion.services import checkin_rows, checkins, demo, report
from tests.unit.test_pdf_page_one import NOW

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(params=["daily", "weekly"])
def year(request, journal):
    """A year of check-ins, daily (the demo journal) or weekly (each judged against the 28 days
    before it), with a weight 150 days back that a weight lost in the period is measured
    against."""
    with journal.write() as s:
        if request.param == "daily":
            demo.generate(s, days=365, seed=3, end=NOW, zone=LONDON)
        else:
            for week in range(52, 0, -1):
                at = NOW - timedelta(days=7 * week - 3, hours=week % 5)
                scores = {"pain": week % 4, "nausea": (week * 3) % 7, "fatigue": (week * 5) % 9}
                checkins.record(s, scores, recorded_at=at, now=NOW)
            # The 30-day period's first check-in, a 5 for pain: not news after the 9s of 27
            # days before the period, newly moderate without them.
            start = datetime(2026, 2, 19, tzinfo=LONDON)
            for hours in range(5):
                at = start - timedelta(days=27, hours=hours)
                checkins.record(s, {"pain": 9}, recorded_at=at, now=NOW)
            checkins.record(s, {"pain": 5}, recorded_at=start + timedelta(hours=1), now=NOW)
        checkins.record(
            s, {"pain": 1}, recorded_at=NOW - timedelta(days=150), now=NOW, weight_kg=90.0
        )
        checkins.record(
            s, {"pain": 6}, recorded_at=NOW - timedelta(hours=2), now=NOW, weight_kg=60.0
        )
    return journal


def summary(journal, days):
    options = ReportOptions(NOW.date() - timedelta(days=days - 1), NOW.date(), include_log=True)
    with journal.read() as session:
        return report.build(session, options, NOW, LONDON)


@pytest.mark.parametrize("days", [1, 7, 30, 120])
def test_the_summary_is_the_one_judged_from_the_whole_journal(year, monkeypatch, days):
    built = summary(year, days)
    assert built.checkin_count and built.flags
    assert "weight" in {f.key for f in built.flags}  # lost against the weight of 150 days ago
    monkeypatch.setattr(report, "_history", lambda s, _, until: checkins.between(s, None, until))
    assert summary(year, days) == built


def test_only_weights_are_read_from_before_the_usual_levels_window(year, monkeypatch):
    read = []
    original = checkin_rows.load

    def load(*args, **kwargs):
        found = original(*args, **kwargs)
        read.append((kwargs.get("weights_only", False), found))
        return found

    monkeypatch.setattr(checkin_rows, "load", load)
    built = summary(year, 30)
    since, _ = report.period_bounds(built.options, LONDON)
    whole = [c for weights_only, found in read if not weights_only for c in found]
    weights = [c for weights_only, found in read if weights_only for c in found]
    assert whole and all(c.recorded_at >= since - timedelta(days=28) for c in whole)
    assert weights and all(c.weight_kg is not None and not c.scores for c in weights)
    assert all(c.recorded_at >= since - timedelta(days=183) for c in weights)
