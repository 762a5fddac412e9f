"""A combination given as two records (letrozole with palbociclib) is two current lines, and a
line still going on is never counted as a prior one."""

from datetime import date, timedelta

from pypdf import PdfReader

from carecompanion.actions.records import add_line
from carecompanion.domain.records import EndReason, TreatmentCategory, TreatmentLine
from carecompanion.services import treatments
from carecompanion.services.exports import export_file, parse_period


def line(category, regimen, start, end=None, reason=None):
    return TreatmentLine(treatments.new_id(), category, regimen, start, end, end_reason=reason)


def test_two_ongoing_systemic_lines_are_both_current_and_not_prior(journal, ctx, tmp_path):
    for entry in (
        line(
            TreatmentCategory.CHEMOTHERAPY,
            "R-CHOP",
            date(2023, 1, 1),
            date(2023, 6, 1),
            EndReason.COMPLETED,
        ),
        line(
            TreatmentCategory.CAR_T,
            "Axi-cel",
            date(2024, 2, 1),
            date(2024, 2, 1),
            EndReason.REFRACTORY,
        ),
        line(TreatmentCategory.HORMONE, "Letrozole", date(2025, 7, 1)),
        line(TreatmentCategory.TARGETED, "Palbociclib", date(2025, 7, 1)),
    ):
        add_line(journal, ctx, entry)
    today = ctx.today()
    options = parse_period((today - timedelta(days=30)).isoformat(), today.isoformat(), today)
    target = export_file(journal, "pdf", tmp_path / "s.pdf", options, ctx.now(), ctx.zone)
    page = " ".join(PdfReader(target).pages[0].extract_text().split())
    assert "Current lines" in page and "Letrozole" in page and "Palbociclib" in page
    assert "Prior systemic lines 2" in page
