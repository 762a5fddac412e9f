"""Page one of the care-team PDF, read back: everything the brief lists is on it, even with
thirteen symptoms, three contacts and three pinned questions, and no two texts overprint."""

import io
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import combinations
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Group, PolyLine
from reportlab.pdfbase.pdfmetrics import stringWidth

from carecompanion.domain.records import (
    Actionable,
    ActivityLevel,
    BiomarkerTest,
    Dose,
    EndReason,
    Medication,
    Profile,
    TestKind,
    TreatmentCategory,
    TreatmentLine,
)
from carecompanion.domain.report import ReportOptions
from carecompanion.domain.symptoms import CORE_SYMPTOMS, OPTIONAL_SYMPTOMS
from carecompanion.export import fonts, pdf, pdf_chart
from carecompanion.services import (
    biomarkers,
    checkins,
    demo,
    medications,
    profile,
    questions,
    report,
    symptoms,
    treatments,
)

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
OPTIONS = ReportOptions(start=date(2026, 2, 19), end=date(2026, 3, 20))
QUESTIONS = (
    "Can we talk about pain relief at night?",
    "Is a trial open to me?",
    "Should the breathlessness be checked with a scan?",
)
CONTACTS = (
    ("Dr Priya Shah", "Oncologist", "020 7946 0456", False),
    ("Sam Morgan", "Partner", "07700 900123", False),
    ("Acute oncology line", "24-hour advice", "020 7946 0123", True),
)


def line(category, regimen, start, end=None, reason=None):
    return TreatmentLine(treatments.new_id(), category, regimen, start, end, end_reason=reason)


def add_medications(s, ctx):
    """A regular opioid, breakthrough doses of 1, 2, 3, 0, 1, ... a day from 19 Feb to 19 Mar
    (43 in the period's 30 days, the first 3 on 21 Feb), an anti-sickness tablet never taken."""
    started = date(2026, 1, 1)
    found = {}
    for name, as_needed, purpose, hours, most in (
        ("Morphine sulfate MR 20 mg", False, "pain", None, None),
        ("Oramorph 10 mg", True, "pain", 2.0, 6),
        ("Ondansetron 4 mg", True, "nausea", 8.0, 3),
    ):
        found[name] = medications.add(
            s,
            Medication(
                medications.new_id(), name, started, "as on the label", as_needed, purpose, hours,
                most,
            ),
            ctx,
        )  # fmt: skip
    zone = ZoneInfo("Europe/London")
    for days_ago in range(1, 30):
        on = NOW.astimezone(zone).date() - timedelta(days=days_ago)
        for k in range(days_ago % 4):
            at = datetime(on.year, on.month, on.day, 9 + 3 * k, tzinfo=zone)
            dose = Dose(medications.new_id(), found["Oramorph 10 mg"].id, at)
            medications.add_dose(s, dose, ctx)
    return found


BUSY_DOSES = (
    "Oramorph 10 mg as needed for pain (label: up to 6 a day): 1.4 a day on average, most 3 on "
    "21 Feb"
)


def fill_busy(journal, ctx):
    """Thirteen symptoms over a month, a fever, a weight lost, close treatment marks, and two
    as-needed medications beside a regular one."""
    with journal.write() as s:
        profile.save(
            s,
            Profile(
                name="Alex Morgan",
                diagnosis="Bowel cancer that has spread to the liver",
                time_zone="Europe/London",
                emergency_number="999",
                contacts=tuple(
                    profile.new_contact(n, r, p, around_the_clock=a) for n, r, p, a in CONTACTS
                ),
            ),
            ctx,
        )
        for symptom in OPTIONAL_SYMPTOMS:
            symptoms.set_active(s, symptom.key, True, NOW)
        symptoms.add_custom(s, "tingling hands", NOW)
        for added in (
            line(
                TreatmentCategory.CHEMOTHERAPY,
                "FOLFOX",
                date(2025, 6, 1),
                date(2025, 11, 1),
                EndReason.REFRACTORY,
            ),
            line(TreatmentCategory.SBRT, "Liver SBRT", date(2025, 11, 10), date(2025, 11, 20)),
            line(
                TreatmentCategory.CHEMOTHERAPY,
                "FOLFIRI",
                date(2025, 12, 1),
                date(2026, 3, 1),
                EndReason.TOXICITY,
            ),
            line(TreatmentCategory.TARGETED, "Sotorasib with panitumumab", date(2026, 3, 1)),
            line(TreatmentCategory.SIRT, "Y-90 to the right lobe", date(2026, 3, 2)),
            line(TreatmentCategory.SUPPORTIVE, "Supportive care team", date(2026, 3, 3)),
        ):
            treatments.add(s, added, ctx)
        biomarkers.add(
            s,
            BiomarkerTest(
                treatments.new_id(),
                date(2025, 7, 1),
                TestKind.NGS_PANEL,
                "KRAS",
                "G12C mutation found",
                Actionable.YES,
            ),
            ctx,
        )
        for text in QUESTIONS:
            q = questions.add(s, text, ctx)
            questions.set_pinned(s, q.id, True, ctx)
        add_medications(s, ctx)
        keys = [sym.key for sym in symptoms.active(s)]
        assert len(keys) == 13
        for day in range(30, 0, -1):
            at = NOW - timedelta(days=day, hours=2)
            scores = {key: (day + i) % 4 for i, key in enumerate(keys)}
            if day == 12:
                scores["breathless"] = 8
            if day in (6, 5):
                scores["pain"] = 8
            checkins.record(
                s,
                scores,
                recorded_at=at,
                now=NOW,
                temperature_c=38.4 if day == 12 else 36.8,
                weight_kg=70.0 - 0.15 * (30 - day),
                activity=ActivityLevel.RESTING_UNDER_HALF if day == 3 else None,
            )


def build(journal, options=OPTIONS):
    with journal.read() as session:
        return report.build(session, options, NOW, profile_zone(journal))


def profile_zone(journal):
    with journal.read() as session:
        return ZoneInfo(profile.get(session).time_zone or "UTC")


def _times(m, n):
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def text_boxes(page):
    """Every piece of text drawn on the page with its box (x0, y0, x1, y1) in points: from the
    baseline a fifth of the size down to three quarters of it up, as wide as the font sets it."""
    fonts.register()
    found = []

    def visit(text, cm, tm, font, size):
        if not text.strip() or font is None:
            return
        m = _times(tm, cm)
        name = str(font["/BaseFont"]).split("+")[-1].lstrip("/")
        sx, sy = (m[0] ** 2 + m[1] ** 2) ** 0.5, (m[2] ** 2 + m[3] ** 2) ** 0.5
        for part in text.split("\n"):
            if part.strip():
                width = stringWidth(part, name, size) * sx
                found.append(
                    (part, (m[4], m[5] - 0.2 * size * sy, m[4] + width, m[5] + 0.75 * size * sy))
                )

    page.extract_text(visitor_text=visit)
    return found


def text_sizes(page):
    """The size each piece of text on the page is drawn at, in points (font size times the
    scale of the text and graphics matrices, so a shrunk frame shows as smaller text)."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            m = _times(tm, cm)
            found.append((size * (m[2] ** 2 + m[3] ** 2) ** 0.5, text))

    page.extract_text(visitor_text=visit)
    return found


def overlapping(boxes, tolerance=0.4):
    clashes = []
    for (a, (ax0, ay0, ax1, ay1)), (b, (bx0, by0, bx1, by1)) in combinations(boxes, 2):
        if min(ax1, bx1) - max(ax0, bx0) > tolerance and min(ay1, by1) - max(ay0, by0) > tolerance:
            clashes.append((a, b))
    return clashes


def read(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() for page in reader.pages]


@pytest.fixture
def busy(journal, ctx):
    fill_busy(journal, ctx)
    return journal


def test_page_one_holds_everything_with_thirteen_symptoms(busy):
    built = build(busy)
    reader, pages = read(pdf.render(built))
    first = pages[0]
    # Header
    assert "Alex Morgan" in first and "Bowel cancer that has spread to the liver" in first
    assert "Period: 19 Feb 2026 to 20 Mar 2026 · 29 check-ins" in first
    assert "generated 20 Mar 2026 12:00" in first
    assert "not verified by a clinician" in first
    assert "Times are in Europe/London." in first
    # Treatment context: systemic lines only are counted; local treatments listed apart.
    assert (
        "Line 3: Targeted therapy – Sotorasib with panitumumab (from 01 Mar 2026, ongoing)" in first
    )
    assert "Prior systemic lines\n2" in first
    assert "Why line 2 stopped\nSide effects were too much (ended 01 Mar 2026)" in first
    assert "Stereotactic radiation (SBRT): Liver SBRT" in first and "not counted as lines" in first
    assert "Resting less than half the day: self-reported, read as ECOG 2" in first
    assert "KRAS: G12C mutation found" in first
    # What needs attention: most urgent tier first, each symptom once.
    attention = first[first.index("What needs attention") : first.index("How each symptom")]
    assert attention.index("Call now") < attention.index("Call today")
    assert "Temperature" in attention and "38.4 °C" in attention
    assert "Shortness of breath" in attention and "8 of 10, severe (7 or more)" in attention
    assert "Weight" in attention and "lost within 6 months" in attention
    assert attention.count("Pain") == 1
    assert "call now 1 · call today 2" in attention
    # Symptom table: every symptom, the vitals, higher is worse said in words.
    table = first[first.index("How each symptom") : first.index("Trend (")]
    for sym in (*CORE_SYMPTOMS, *OPTIONAL_SYMPTOMS):
        assert sym.label in table, sym.label
    assert "Tingling hands" in table
    assert "Wellbeing (0 = best)" in table
    assert "Temperature (°C)" in table and "Weight (kg)" in table
    assert "higher is worse" in table
    assert "(3 in 7 days)" in table or "(7 in 7 days)" in table
    # As-needed doses per day, each under the symptom it is for; the regular one not at all.
    flat = " ".join(table.split())
    assert BUSY_DOSES in flat
    assert "Ondansetron 4 mg as needed for nausea (label: up to 3 a day): none recorded" in flat
    assert flat.index("Pain") < flat.index("Oramorph") < flat.index("Nausea")
    assert flat.index("Nausea") < flat.index("Ondansetron") < flat.index("Tiredness")
    assert "Morphine sulfate" not in first
    # Chart legend: every symptom named again under the chart.
    chart = first[first.index("Trend (") : first.index("Questions for this visit")]
    for sym in (*CORE_SYMPTOMS, *OPTIONAL_SYMPTOMS):
        assert sym.label in chart, sym.label
    assert "L2 stop" in chart and "L3 start" in chart and "SIRT start" in chart
    # Pinned questions and contacts, 24-hour first, and the emergency number.
    for i, text in enumerate(QUESTIONS, start=1):
        assert f"{i}. {text}" in first
    names = [first.index(name) for name, *_ in CONTACTS]
    assert names[2] < names[0] < names[1]
    assert "Acute oncology line, 24-hour advice" in first and "24 hours" not in first
    assert "Emergency number: 999" in first
    assert f"page 1 of {len(pages)}" in first
    # Words a clinician should never read here.
    for wrong in ("Baseline", "baseline", " you", "You ", "Last line stopped because"):
        assert wrong not in first, wrong
    assert overlapping(text_boxes(reader.pages[0])) == []


@pytest.mark.parametrize("days", [30, 90, 365])
@pytest.mark.parametrize("all_symptoms", [False, True])
def test_no_text_overprints_on_the_demo_journal_page_one(journal, days, all_symptoms):
    with journal.write() as s:
        demo.generate(
            s, days=400, seed=7, end=NOW, zone=ZoneInfo("Europe/London"), all_symptoms=all_symptoms
        )
    options = ReportOptions(start=NOW.date() - timedelta(days=days - 1), end=NOW.date())
    reader, pages = read(pdf.render(build(journal, options)))
    first = pages[0]
    assert "Questions for this visit" in first and "Care team" in first
    assert overlapping(text_boxes(reader.pages[0])) == []
    # Reflowed, never shrunk: no text under 7.5 points, the chart still on page one, and no
    # date broken onto a line of its own ("04 Feb / 2026").
    small = [(round(size, 2), text) for size, text in text_sizes(reader.pages[0]) if size < 7.49]
    assert small == []
    assert "Trend (highest score each " + ("day" if days <= 90 else "week") in first
    assert not [ln for ln in first.split("\n") if ln.strip().isdigit() and len(ln.strip()) == 4]


def test_counts_are_per_tier_and_every_qualifying_check_in_counts(journal, ctx):
    """Pain 8 twice in two days: the second is not raised again (no nagging) but counts."""
    with journal.write() as s:
        symptoms.set_active(s, "breathless", True, NOW)
        for day, scores in (
            (9, {"pain": 2, "nausea": 1, "breathless": 1}),
            (8, {"pain": 2, "nausea": 1, "breathless": 1}),
            (7, {"pain": 2, "nausea": 1, "breathless": 8}),
            (6, {"pain": 8, "nausea": 1, "breathless": 1}),
            (5, {"pain": 8, "nausea": 5, "breathless": 1}),
            (4, {"pain": 2, "nausea": 1, "breathless": 1}),
        ):
            checkins.record(s, scores, recorded_at=NOW - timedelta(days=day), now=NOW)
    _, pages = read(pdf.render(build(journal)))
    first = pages[0]
    assert "call now 1 · call today 2 · next contact 0, of 6" in first
    attention = first[first.index("What needs attention") : first.index("How each symptom")]
    order = [attention.index(w) for w in ("Shortness of breath", "Pain", "Nausea")]
    assert order == sorted(order)
    assert "no, now mild: 2 on 16 Mar" in attention  # pain has eased since
    assert "Call now" in attention and "Call today" in attention


def test_an_empty_period_still_shows_the_treatment(journal, ctx):
    with journal.write() as s:
        treatments.add(
            s,
            line(
                TreatmentCategory.CHEMOTHERAPY,
                "FOLFOX",
                date(2025, 1, 1),
                date(2025, 6, 1),
                EndReason.REFRACTORY,
            ),
            ctx,
        )
        treatments.add(
            s, line(TreatmentCategory.IMMUNOTHERAPY, "Pembrolizumab", date(2025, 7, 1)), ctx
        )
    _, pages = read(pdf.render(build(journal)))
    first = pages[0]
    assert "No check-ins were recorded between 19 Feb 2026 and 20 Mar 2026." in first
    assert "Line 2: Immunotherapy (checkpoint inhibitor) – Pembrolizumab" in first
    assert "Why line 1 stopped\nThe cancer grew or did not respond" in first
    assert "No treatment lines recorded" not in "\n".join(pages)


def test_creation_date_is_the_report_moment_or_source_date_epoch(busy, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    reader, _ = read(pdf.render(build(busy)))
    assert reader.metadata["/CreationDate"].startswith("D:20260320120000")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14 Nov 2023 22:13:20 UTC
    data = pdf.render(build(busy))
    reader, pages = read(data)
    assert reader.metadata["/CreationDate"].startswith("D:20231114221320")
    assert "generated 14 Nov 2023 22:13" in pages[0]
    assert pdf.render(build(busy)) == data


def test_series_styles_never_repeat_and_a_lone_check_in_is_a_point():
    styles = [pdf_chart.style(i) for i in range(56)]
    assert len({(s.marker, s.filled) for s in styles[:14]}) == 14
    assert len({(s.marker, s.filled, s.dash) for s in styles}) == 56
    moment = datetime(2026, 3, 10, 12, tzinfo=UTC)
    drawing = pdf_chart.trend_chart(
        [("Pain", [(moment, 5)])], [], date(2026, 3, 1), date(2026, 3, 20), 400, 100
    )
    assert not any(
        isinstance(shape, PolyLine) and shape.strokeWidth == 1.1 for shape in drawing.contents
    )
    assert sum(isinstance(shape, Group) for shape in drawing.contents) == 2  # the point, the key


def test_sparklines_are_drawn_against_time():
    start, end = date(2026, 3, 1), date(2026, 3, 31)
    days = [datetime(2026, 3, d, 12, tzinfo=UTC) for d in (1, 2, 31)]
    drawing = pdf_chart.sparkline([(d, 3) for d in days], start, end, width=100)
    (line,) = [shape for shape in drawing.contents if isinstance(shape, PolyLine)]
    xs = line.points[0::2]
    assert xs[1] - xs[0] < (xs[2] - xs[1]) / 20  # a day apart, then 29 days apart


def test_treatment_labels_on_the_same_or_next_days_never_collide():
    lines = [
        line(TreatmentCategory.CHEMOTHERAPY, "A", date(2026, 1, 1), date(2026, 3, 1)),
        line(TreatmentCategory.TARGETED, "B", date(2026, 3, 1)),
        line(TreatmentCategory.SIRT, "C", date(2026, 3, 2), date(2026, 3, 2)),
        line(TreatmentCategory.SUPPORTIVE, "D", date(2026, 3, 3)),
        line(TreatmentCategory.SURGERY, "E", date(2026, 3, 3)),
    ]
    lines = [replace(lines[0], line_number=1), replace(lines[1], line_number=2), *lines[2:]]
    marks = pdf_chart.treatment_marks(lines, date(2026, 2, 1), date(2026, 3, 20))
    assert marks[0][1].endswith("start")
    placed, numbered = pdf_chart._place_labels(
        [(100.0 + i, text) for i, (_, text) in enumerate(marks)], 500
    )
    spans = [
        (x, x + stringWidth(t, fonts.REGULAR, pdf_chart.LABEL_SIZE), row) for x, row, t in placed
    ]
    for (a0, a1, ra), (b0, b1, rb) in combinations(spans, 2):
        assert ra != rb or a1 <= b0 or b1 <= a0
    assert len(placed) + len(numbered) == len(marks)


def test_a_page_one_too_full_for_the_chart_moves_it_to_page_two(busy, ctx):
    """Twenty-five symptoms, each severe: the chart heads page two; nothing is shrunk."""
    with busy.write() as s:
        extra = [symptoms.add_custom(s, f"custom symptom {i}", NOW).key for i in range(12)]
        checkins.record(s, dict.fromkeys(extra, 8), recorded_at=NOW - timedelta(hours=1), now=NOW)
    reader, pages = read(pdf.render(build(busy)))
    assert "Questions for this visit" in pages[0] and "Emergency number: 999" in pages[0]
    assert "The trend chart is at the top of page 2." in pages[0]
    assert pages[1].index("Trend (") < pages[1].index("Systemic treatment lines")
    assert min(size for size, _ in text_sizes(reader.pages[0])) >= 7.49
