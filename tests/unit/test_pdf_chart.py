"""Page one's trend chart: labelled lines at 4 and 7, weekly highs beyond about three months,
treatment marks that cannot be taken for a dashed series, and a title that promises them only
when there are some."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from reportlab.graphics.shapes import Line, String

from carecompanion.domain.records import TreatmentCategory
from carecompanion.domain.report import ReportOptions
from carecompanion.export import pdf, pdf_chart
from carecompanion.services import checkins, demo, treatments
from tests.unit.test_pdf_page_one import NOW, OPTIONS, build, line, read


def _chart_text(first):
    return first[first.index("Trend (") : first.index("Questions for this visit")]


def test_title_mentions_treatment_lines_only_when_some_fall_in_the_period(journal, ctx):
    with journal.write() as s:
        checkins.record(s, {"pain": 3}, recorded_at=NOW - timedelta(days=2), now=NOW)
        treatments.add(s, line(TreatmentCategory.CHEMOTHERAPY, "FOLFOX", date(2025, 1, 1)), ctx)
    first = read(pdf.render(build(journal)))[1][0]
    assert "Trend (highest score each day)" in first
    assert "treatment starts" not in first
    with journal.write() as s:
        treatments.add(s, line(TreatmentCategory.TARGETED, "Sotorasib", date(2026, 3, 1)), ctx)
    first = read(pdf.render(build(journal)))[1][0]
    assert (
        "Trend (highest score each day; grey vertical lines mark treatment starts and stops)"
        in (" ".join(first.split()))
    )


def test_reference_lines_at_4_and_7_are_labelled_and_7_is_a_tick(journal):
    with journal.write() as s:
        checkins.record(s, {"pain": 3}, recorded_at=NOW - timedelta(days=2), now=NOW)
    chart = _chart_text(read(pdf.render(build(journal)))[1][0])
    assert "7 severe" in chart and "4 moderate" in chart
    ticks = chart.split("\n")
    assert "7" in ticks and "4" in ticks and "10" in ticks


def test_treatment_marks_are_solid_and_series_never_grey():
    lines = [line(TreatmentCategory.TARGETED, "A", date(2026, 3, 5), date(2026, 3, 12))]
    moment = datetime(2026, 3, 10, 12, tzinfo=UTC)
    series = [(f"S{i}", [(moment, i % 10), (moment + timedelta(days=1), 3)]) for i in range(8)]
    drawing = pdf_chart.trend_chart(series, lines, date(2026, 3, 1), date(2026, 3, 20), 500, 100)
    marks = [
        shape
        for shape in drawing.contents
        if isinstance(shape, Line) and shape.strokeColor == pdf_chart.MARK
    ]
    assert len(marks) == 2 and all(not m.strokeDashArray for m in marks)
    assert all(pdf_chart.style(i).colour != pdf_chart.MARK for i in range(56))
    sizes = [s.fontSize for s in drawing.contents if isinstance(s, String)]
    assert min(sizes) >= 7.5


def test_a_year_is_drawn_as_weekly_highs(journal):
    with journal.write() as s:
        demo.generate(s, days=400, seed=7, end=NOW, zone=ZoneInfo("Europe/London"))
    options = ReportOptions(start=NOW.date() - timedelta(days=364), end=NOW.date())
    built = build(journal, options)
    assert built.trend_bucket == "week"
    assert all(len(s.points) <= 54 for s in built.symptoms)
    (pain,) = [s for s in built.symptoms if s.key == "pain"]
    assert max(v for _, v in pain.points) == pain.worst  # a week's highest, never an average
    first = read(pdf.render(built))[1][0]
    assert "Trend (highest score each week" in first
    assert "Trend: the highest score each week" in " ".join(first.split())
    assert build(journal, OPTIONS).trend_bucket == "day"
