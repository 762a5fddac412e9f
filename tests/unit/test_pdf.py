"""The care-team PDF, read back as a clinician's software would."""

import io
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader

from carecompanion.domain.records import (
    Actionable,
    BiomarkerTest,
    EndReason,
    Profile,
    Recorder,
    TestKind,
    TreatmentCategory,
    TreatmentLine,
)
from carecompanion.domain.report import ReportOptions
from carecompanion.export import pdf
from carecompanion.services import biomarkers, checkins, profile, questions, report, treatments

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
NAME = "Zoë Παπαδοπούλου-Иванова"
OPTIONS = ReportOptions(start=date(2026, 2, 19), end=date(2026, 3, 20), include_log=True)


def fill(journal, ctx):
    with journal.write() as s:
        profile.save(
            s,
            Profile(
                name=NAME,
                date_of_birth=date(1961, 5, 2),
                diagnosis="Pancreatic cancer",
                contacts=(profile.new_contact("Nurse Ana", "Oncology nurse", "020 7946 0999"),),
            ),
            ctx,
        )
        for start, end, regimen, reason in (
            (date(2025, 6, 1), date(2025, 11, 1), "FOLFIRINOX", EndReason.REFRACTORY),
            (date(2025, 11, 20), None, "Gemcitabine with nab-paclitaxel", None),
        ):
            treatments.add(
                s,
                TreatmentLine(
                    treatments.new_id(),
                    TreatmentCategory.CHEMOTHERAPY,
                    regimen,
                    start,
                    end,
                    end_reason=reason,
                ),
                ctx,
            )
        biomarkers.add(
            s,
            BiomarkerTest(
                treatments.new_id(),
                date(2025, 7, 1),
                TestKind.NGS_PANEL,
                "BRCA2",
                "Germline mutation",
                Actionable.YES,
            ),
            ctx,
        )
        for text in ("Can we talk about pain relief at night?", "Is a trial open to me?"):
            q = questions.add(s, text, ctx)
            questions.set_pinned(s, q.id, True, ctx)
        for day in range(28, 0, -1):
            checkins.record(
                s,
                {"pain": 2, "nausea": 1, "fatigue": 3, "anxiety": 2},
                recorded_at=NOW - timedelta(days=day),
                now=NOW,
                note="Slept well" if day == 10 else "",
            )
        checkins.record(
            s,
            {"pain": 8, "nausea": 1, "fatigue": 6, "anxiety": 2},
            recorded_at=NOW - timedelta(hours=2),
            now=NOW,
            recorded_by=Recorder.CAREGIVER,
            note="Pain woke him at 4am",
        )


def build(journal, options=OPTIONS):
    with journal.read() as session:
        return report.build(session, options, NOW, UTC)


def read(data):
    reader = PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() for page in reader.pages]


@pytest.fixture
def filled(journal, ctx):
    fill(journal, ctx)
    return journal


def test_page_one_answers_who_when_what_and_what_is_flagged(filled):
    _, pages = read(pdf.render(build(filled)))
    first = pages[0]
    assert "Symptom summary for the care team" in first
    assert NAME in first and "born 02 May 1961" in first and "Pancreatic cancer" in first
    assert "19 Feb 2026 to 20 Mar 2026" in first
    assert "not verified by a clinician" in first
    assert "Call today\nPain\n8 of 10, severe (7 or more)\n20 Mar\n1\nyes: 8 on 20 Mar" in first
    assert "Next contact\nTiredness (fatigue)\n6 of 10, newly moderate (usual 3)" in first
    assert "call now 0 · call today 1 · next contact 0, of 29" in first
    assert "Line 2: Chemotherapy – Gemcitabine with nab-paclitaxel" in first
    assert "Why line 1 stopped\nThe cancer grew or did not respond (ended 01 Nov 2025)" in first
    assert "BRCA2: Germline mutation" in first
    # Each row: symptom, usual (its basis), previous, latest (date), worst, band.
    for row in (
        "Pain\n2 (7 in 7 days)\n2\n8 (20 Mar)\n8\nsevere",
        "Nausea\n1 (7 in 7 days)\n1\n1 (20 Mar)\n1\nmild",
        "Tiredness (fatigue)\n3 (7 in 7 days)\n3\n6 (20 Mar)\n6\nmoderate",
        "Anxiety\n2 (7 in 7 days)\n2\n2 (20 Mar)\n2\nmild",
    ):
        assert row in first, row
    assert "1. Can we talk about pain relief at night?" in first
    assert "2. Is a trial open to me?" in first
    assert "Nurse Ana, Oncology nurse\n020 7946 0999" in first.replace("\u00a0", " ")
    assert f"page 1 of {len(pages)}" in first
    assert f"page {len(pages)} of {len(pages)}" in pages[-1]


def test_later_pages_hold_history_tests_questions_and_the_log(filled):
    _, pages = read(pdf.render(build(filled)))
    rest = "\n".join(pages[1:])
    assert "Systemic treatment lines" in rest and "FOLFIRINOX" in rest
    assert "Tests and biomarkers" in rest and "BRCA2" in rest
    assert "Open questions" in rest
    assert "Pain woke him at 4am" in rest and "caregiver" in rest


def test_metadata_language_and_fonts_are_set_and_embedded(filled):
    reader, _ = read(pdf.render(build(filled)))
    meta = reader.metadata
    assert meta.title == f"Symptom summary for the care team: {NAME}"
    assert meta.author == NAME
    assert meta.subject == "Symptoms 19 Feb 2026 to 20 Mar 2026"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            seen.add(font["/BaseFont"])
            assert "/FontFile2" in font["/FontDescriptor"], font["/BaseFont"]
    assert seen and all("DejaVuSans" in name for name in seen)


# The command line with its clock fixed at NOW: `python -m carecompanion` has no clock option,
# so the child swaps the clock the command reads for a frozen one and runs the same main().
FROZEN_CLI = f"""
import sys
from datetime import datetime
from carecompanion import cli

class FrozenClock(datetime):
    @classmethod
    def now(cls, tz=None):
        return datetime.fromisoformat({NOW.isoformat()!r}).astimezone(tz)

cli.datetime = FrozenClock
sys.exit(cli.main(sys.argv[1:]))
"""


def export_in_a_process_of_its_own(data, target, zone):
    command = ["--data-dir", str(data.root), "export", "pdf", "-o", str(target)]
    period = ["--from", "2026-02-19", "--to", "2026-03-20", "--full-log"]
    done = subprocess.run(
        [sys.executable, "-c", FROZEN_CLI, *command, *period],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TZ": zone},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return target.read_bytes()


@pytest.mark.slow
def test_the_same_journal_gives_the_same_bytes_from_processes_25_hours_apart(
    filled, data, ctx, tmp_path
):
    """Two runs of the command, each its own process (its own hash seed and font loading), one
    where the computer's clock reads 14 hours ahead of UTC and one 11 hours behind; the clock
    is fixed and the profile names the zone, which alone decides every date and time shown."""
    with filled.write() as s:
        profile.save(s, replace(profile.get(s), time_zone="Europe/London"), ctx)
    east = export_in_a_process_of_its_own(data, tmp_path / "east.pdf", "Pacific/Kiritimati")
    west = export_in_a_process_of_its_own(data, tmp_path / "west.pdf", "Pacific/Pago_Pago")
    _, pages = read(east)
    assert "19 Feb 2026 to 20 Mar 2026" in pages[0] and NAME in pages[0]
    assert "generated 20 Mar 2026 12:00" in pages[0]  # NOW in London, which keeps GMT in March
    assert east == west


def test_an_empty_journal_gives_a_valid_pdf_that_says_so(journal):
    _, pages = read(pdf.render(build(journal)))
    assert "No check-ins were recorded between 19 Feb 2026 and 20 Mar 2026." in pages[0]
    assert "No treatment lines recorded." in pages[0]


def test_write_is_atomic_and_private(filled, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    target = out / "summary.pdf"
    pdf.write(build(filled), target)
    assert target.read_bytes().startswith(b"%PDF")
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert [p.name for p in out.iterdir()] == ["summary.pdf"]  # no temporary file left


def test_the_history_behind_the_period_is_not_read(filled, monkeypatch):
    seen = []
    original = checkins.between
    monkeypatch.setattr(
        checkins,
        "between",
        lambda s, since=None, until=None: seen.append(since) or original(s, since, until),
    )
    build(filled)
    assert seen and all(since is not None for since in seen)
