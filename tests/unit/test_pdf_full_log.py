"""The --full-log pages, read back: each check-in's row gives its temperature, weight and
activity level beside its scores."""

from datetime import timedelta

from carecompanion.domain.records import ActivityLevel, Profile, TemperatureUnit
from carecompanion.domain.report import ReportOptions
from carecompanion.export import pdf
from carecompanion.services import checkins, profile
from tests.unit.test_pdf_page_one import NOW, OPTIONS, build, read


def test_every_check_in_row_holds_temperature_weight_and_activity(journal, ctx):
    with journal.write() as s:
        profile.save(
            s, Profile(time_zone="Europe/London", temperature_unit=TemperatureUnit.FAHRENHEIT), ctx
        )
        checkins.record(
            s,
            {"pain": 3, "nausea": 1},
            recorded_at=NOW - timedelta(days=2),
            now=NOW,
            temperature_c=38.2,
            weight_kg=61.5,
            activity=ActivityLevel.RESTING_UNDER_HALF,
        )
        checkins.record(s, {"pain": 2}, recorded_at=NOW - timedelta(days=1), now=NOW)
    options = ReportOptions(OPTIONS.start, OPTIONS.end, include_log=True)
    _, pages = read(pdf.render(build(journal, options)))
    log = " ".join("\n".join(pages[1:]).split())
    assert "Scores, temperature, weight, activity" in log
    assert (
        "Pain 3 · Nausea 1 · temperature 100.8 °F · weight 61.5 kg · activity: resting less "
        "than half the day (ECOG 2)"
    ) in log
    assert "Pain 2 ·" not in log  # a check-in with a score only lists just that
