"""The care-team PDF: page one answers who, when, what treatment, what is flagged and how each
symptom moved; later pages hold the treatment history, tests, open questions and the log.

Written with reportlab's Platypus. `rl_config.invariant` makes the same report give the same
bytes, and every text is set in the bundled DejaVu fonts.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from pathlib import Path
from typing import Any, ClassVar

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from carecompanion import __version__
from carecompanion.domain.report import Report
from carecompanion.domain.symptoms import band_for
from carecompanion.export import fonts
from carecompanion.export.files import write_atomic
from carecompanion.export.pdf_chart import sparkline, trend_chart
from carecompanion.export.pdf_record import later_pages
from carecompanion.export.pdf_style import (
    BOX,
    FLAG_FILL,
    HEADER_FILL,
    MARGIN,
    TITLE,
    WIDTH,
    day,
    one_line,
    para,
    score,
    styles,
)


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Draws "page X of Y" once every page is known."""

    footer = ""
    counted: ClassVar[list[int]] = []  # receives the page count once the document is saved

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        self.counted.append(total)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(fonts.REGULAR, 7.5)
            self.setFillColor(colors.HexColor("#444444"))
            self.drawString(MARGIN, 8 * mm, self.footer)
            self.drawRightString(A4[0] - MARGIN, 8 * mm, f"page {self._pageNumber} of {total}")
            super().showPage()
        super().save()


def _header(report: Report, st: dict[str, ParagraphStyle]) -> list[Any]:
    who = report.name or "Name not given"
    if report.date_of_birth:
        who += f" · born {report.date_of_birth:%d %b %Y}"
    options = report.options
    facts = [
        who,
        f"Diagnosis: {one_line(report.diagnosis) or 'not recorded'}",
        f"Period: {options.start:%d %b %Y} to {options.end:%d %b %Y} · "
        f"{report.checkin_count} check-ins"
        + (f" ({report.caregiver_count} by a caregiver)" if report.caregiver_count else "")
        + f" · generated {report.local(report.generated_at):%d %b %Y %H:%M}",
        f"Times are in {report.time_zone}.",
    ]
    return [
        para(TITLE, st["title"]),
        para("\n".join(facts), st["base"]),
        para(
            "Reported by the patient or caregiver in the CareCompanion app; not verified by a "
            "clinician.",
            st["small"],
        ),
        Spacer(1, 3 * mm),
    ]


def _treatment(report: Report, st: dict[str, ParagraphStyle]) -> list[Any]:
    line = report.current_line
    if line is None:
        now = "No treatment lines recorded."
    else:
        state = "ongoing" if line.end_date is None else f"ended {line.end_date:%d %b %Y}"
        now = (
            f"Line {line.line_number}: {line.category.label} – {one_line(line.regimen)} "
            f"(from {line.start_date:%d %b %Y}, {state})"
        )
    activity = report.latest_activity
    markers = (
        "; ".join(f"{t.marker}: {one_line(t.result)}" for t in report.actionable) or "none recorded"
    )
    rows = [
        ("Current or last line", now),
        ("Prior lines", str(report.prior_lines)),
        (
            "Last line stopped because",
            report.last_stop_reason.label if report.last_stop_reason else "–",
        ),
        (
            "Latest activity level",
            f"{activity[0].label} (ECOG {activity[0].value}), {day(activity[1], report.zone)}"
            if activity
            else "not recorded",
        ),
        ("Actionable biomarkers", markers),
    ]
    return [_box("Treatment", rows, st)]


def _box(
    title: str,
    rows: Sequence[tuple[str, str]],
    st: dict[str, ParagraphStyle],
    fill: colors.Color | None = None,
) -> Table:
    data = [[para(title, st["bold"]), ""]] + [
        [para(k, st["cell"]), para(v, st["cell"])] for k, v in rows
    ]
    table = Table(data, colWidths=[42 * mm, WIDTH - 42 * mm])
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (-1, 0)),
                ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 8),
                ("BOX", (0, 0), (-1, -1), 0.6, BOX),
                ("BACKGROUND", (0, 0), (-1, 0), fill or HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return table


def _flags(report: Report, st: dict[str, ParagraphStyle]) -> list[Any]:
    rows: list[list[Any]] = [[para("Flags: what to look at first", st["bold"])]]
    if not report.flags:
        rows.append(
            [
                para(
                    "No symptom was severe, newly moderate or 2 or more points worse than "
                    "the person's usual in this period.",
                    st["cell"],
                )
            ]
        )
    for flag in report.flags:
        times = f" Flagged on {flag.times} check-ins in the period." if flag.times > 1 else ""
        rows.append(
            [
                para(
                    f"{day(flag.at, report.zone)} · {flag.kind.value}: {flag.reason}{times}",
                    st["cell"],
                )
            ]
        )
    if report.supportive_prompt:
        rows.append([para(f"Supportive care: {report.supportive_prompt}", st["cell"])])
    table = Table(rows, colWidths=[WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.0, colors.HexColor("#b45309")),
                ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 8),
                ("BACKGROUND", (0, 0), (-1, -1), FLAG_FILL),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ]
        )
    )
    return [Spacer(1, 2 * mm), table]


def _symptom_table(report: Report, st: dict[str, ParagraphStyle]) -> list[Any]:
    head = ["Symptom", "Baseline", "Previous", "Latest", "Worst", "Band (latest)", "Trend"]
    rows: list[list[Any]] = [[para(h, st["bold"]) for h in head]]
    for s in report.symptoms:
        rows.append(
            [
                para(s.label, st["cell"]),
                score(s.baseline),
                score(s.previous),
                para(
                    f"{score(s.latest)} ({day(s.latest_at, report.zone)})"
                    if s.latest is not None
                    else "–",
                    st["cell"],
                ),
                score(s.worst),
                s.band.label if s.band else "no score",
                sparkline(s) if len(s.points) > 1 else "",
            ]
        )
    widths = [32 * mm, 19 * mm, 21 * mm, 30 * mm, 15 * mm, 24 * mm, WIDTH - 141 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 8),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, BOX),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#d0d0d0")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
    ]
    for row, s in enumerate(report.symptoms, start=1):
        if s.latest is not None and band_for(s.latest).value == "severe":
            style.append(("FONT", (5, row), (5, row), fonts.BOLD, 8))
    table.setStyle(TableStyle(style))
    note = para(
        "Scores are 0 to 10 and higher is worse: 0 none, 1–3 mild, 4–6 moderate, "
        "7–10 severe. Baseline: the median of the 7 days before the latest score.",
        st["small"],
    )
    return [para("How each symptom moved", st["h2"]), table, Spacer(1, 1 * mm), note]


def _closing(report: Report, st: dict[str, ParagraphStyle]) -> list[Any]:
    parts: list[Any] = []
    if report.options.include_questions and report.pinned:
        parts.append(para("Questions for this visit", st["h2"]))
        parts += [para(f"{i}. {q.text}", st["base"]) for i, q in enumerate(report.pinned, 1)]
    if report.contacts:
        first = report.contacts[0]
        role = f" ({first.role})" if first.role else ""
        parts.append(
            para(one_line(f"Care team contact: {first.name}{role} {first.phone}"), st["base"])
        )
    return parts


def _page_one(report: Report, st: dict[str, ParagraphStyle]) -> list[Any]:
    story = _header(report, st) + _treatment(report, st)
    if report.checkin_count == 0:
        story += [
            Spacer(1, 4 * mm),
            para(
                f"No check-ins were recorded between {report.options.start:%d %b %Y} and "
                f"{report.options.end:%d %b %Y}.",
                st["bold"],
            ),
        ]
        return story + _closing(report, st)
    story += _flags(report, st) + _symptom_table(report, st)
    shown = [s for s in report.symptoms if s.points]
    story += [
        para(
            "Trend (highest score each day; dashed lines mark treatment starts and stops)", st["h2"]
        ),
        trend_chart(shown, report.lines, report.options.start, report.options.end, WIDTH, 62 * mm),
    ]
    return story + _closing(report, st)


def render_counted(report: Report) -> tuple[bytes, int]:
    """The PDF as bytes and its number of pages; the same report always gives the same bytes."""
    st = styles()
    rl_config.invariant = 1
    buffer = BytesIO()
    subject = f"Symptoms {report.options.start:%d %b %Y} to {report.options.end:%d %b %Y}"
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=16 * mm,
        title=TITLE + (f": {report.name}" if report.name else ""),
        author=report.name or "CareCompanion user",
        subject=subject,
        creator=f"CareCompanion {__version__}",
        initialFontName=fonts.REGULAR,  # else an unused, unembedded Helvetica
        lang="en",
    )
    footer = f"{TITLE} · {report.name}" if report.name else TITLE
    pages: list[int] = []
    canvas = type("FooterCanvas", (_NumberedCanvas,), {"footer": footer, "counted": pages})
    story = _page_one(report, st) + later_pages(report, st)
    doc.build(story, canvasmaker=canvas)
    return buffer.getvalue(), pages[-1]


def render(report: Report) -> bytes:
    """The PDF as bytes: the same report always gives the same bytes."""
    return render_counted(report)[0]


def write(report: Report, target: Path) -> int:
    """Write the PDF atomically (a temporary file, then a rename), private to the user.

    Returns the number of pages.
    """
    data, pages = render_counted(report)
    write_atomic(target, data)
    return pages
