"""The care-team PDF: page one answers who, when, what treatment, what is flagged and how each
symptom moved; later pages hold the treatment history, tests, open questions and the log.

Written with reportlab's Platypus in its invariant mode, so the same report gives the same
bytes; the creation date is the report's own moment (or SOURCE_DATE_EPOCH when set), never
reportlab's invariant 2000-01-01. Every text is set in the bundled DejaVu fonts.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from io import BytesIO
from pathlib import Path
from typing import Any, ClassVar

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    KeepInFrame,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from carecompanion import __version__
from carecompanion.domain.records import CareContact, TreatmentLine
from carecompanion.domain.report import Report
from carecompanion.export import fonts
from carecompanion.export.files import write_atomic
from carecompanion.export.pdf_attention import attention, label
from carecompanion.export.pdf_chart import treatment_marks, trend_chart
from carecompanion.export.pdf_record import later_pages
from carecompanion.export.pdf_style import (
    BOTTOM_MARGIN,
    BOX,
    HEADER_FILL,
    MARGIN,
    TITLE,
    WIDTH,
    day,
    keep,
    one_line,
    para,
    short_day,
    styles,
    zone_name,
)
from carecompanion.export.pdf_symptoms import symptom_table


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no type hints
    """Draws "page X of Y" once every page is known."""

    footer = ""
    counted: ClassVar[list[int]] = []  # receives the page count once the document is saved

    created: ClassVar[datetime | None] = None  # the creation date written in the metadata
    # Told the number of pages laid out so far, as each one is (a long log takes seconds).
    progress: ClassVar[Callable[[int], None] | None] = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        if self.created is not None:
            self._doc._timeStamp = _stamp(self.created)

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()
        told = type(self).progress  # a staticmethod: the class gives the plain function
        if told is not None:
            told(len(self._pages))

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


def _stamp(moment: datetime) -> TimeStamp:
    """reportlab's timestamp for a moment, in UTC (its invariant mode would write 2000-01-01)."""
    stamp = TimeStamp(1)
    utc = moment.astimezone(UTC)
    stamp.t = utc.timestamp()
    stamp.lt = utc.timetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    stamp.tzname = "UTC"
    return stamp


def _generated(report: Report) -> datetime:
    """When the summary was made: SOURCE_DATE_EPOCH when set (reproducible builds), else the
    moment the report was built."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return report.generated_at


def _day(report: Report, moment: datetime | None) -> str:
    return day(moment, report.zone)


def _short_day(report: Report, moment: datetime | None) -> str:
    return short_day(moment, report.zone, report.options.start, report.options.end)


def _label(report: Report, key: str) -> str:
    return label(report, key)


def _header(report: Report, st: dict[str, ParagraphStyle], tight: bool = False) -> list[Any]:
    """Title, who, diagnosis, period; `tight` puts who and the diagnosis on one line when they
    fit on it, and less space under the header."""
    who = one_line(report.name) or "Name not given"
    if report.date_of_birth:
        who += f" · born {report.date_of_birth:%d %b %Y}"
    options = report.options
    generated = _generated(report).astimezone(report.zone)
    diagnosis = f"Diagnosis: {one_line(report.diagnosis) or 'not recorded'}"
    base = st["base"]
    joined = f"{who} · {diagnosis}"
    fits = stringWidth(joined, base.fontName, base.fontSize) <= WIDTH
    facts = [
        *([joined] if tight and fits else [who, diagnosis]),
        f"Period: {options.start:%d %b %Y} to {options.end:%d %b %Y} · "
        f"{report.checkin_count} check-in{'s' if report.checkin_count != 1 else ''}"
        + (f" ({report.caregiver_count} by a caregiver)" if report.caregiver_count else "")
        + f" · generated {generated:%d %b %Y %H:%M}",
    ]
    return [
        para(TITLE, st["title"]),
        para("\n".join(facts), st["base"]),
        para(
            f"Times are in {zone_name(report.time_zone)}. Reported by the patient or caregiver "
            "in the CareCompanion app; not verified by a clinician.",
            st["small"],
        ),
        Spacer(1, (0.5 if tight else 1.5) * mm),
    ]


def _line_text(line: TreatmentLine, on: date) -> str:
    if line.end_date is None or line.end_date > on:
        state = f"from {line.start_date:%d %b %Y}, ongoing"
    else:
        state = f"{line.start_date:%d %b %Y} to {line.end_date:%d %b %Y}"
    regimen = one_line(line.regimen)
    if not regimen or regimen.casefold().startswith(line.category.label.casefold()):
        return f"{regimen or line.category.label} ({state})"
    return f"{line.category.label} – {regimen} ({state})"


def _treatment(report: Report, st: dict[str, ParagraphStyle]) -> list[Any]:
    on = report.options.end
    line = report.current_line
    rows: list[tuple[str, str]] = []
    if line is not None:
        ongoing = line.end_date is None or line.end_date > on
        current = report.current_lines or (line,)
        heading = "Current line" if ongoing else "Latest line (ended)"
        if ongoing and len(current) > 1:
            heading = "Current lines"
        rows.append(
            (
                heading,
                "; ".join(f"Line {ln.line_number}: {_line_text(ln, on)}" for ln in current),
            )
        )
    elif report.lines:
        later = sum(1 for ln in report.lines if ln.start_date > on)
        rows.append(
            (
                "Current line",
                f"No systemic treatment had started by {on:%d %b %Y}"
                + (
                    f"; {later} treatment{'s' if later != 1 else ''} recorded after it"
                    if later
                    else ""
                )
                + ".",
            )
        )
    else:
        rows.append(("Current line", "No treatment lines recorded."))
    rows.append(("Prior systemic lines", str(report.prior_lines)))
    stopped = report.last_stopped
    if stopped is not None:
        reason = stopped.end_reason.label if stopped.end_reason else "reason not recorded"
        rows.append(
            (
                f"Why line {stopped.line_number} stopped",
                f"{reason} (ended {stopped.end_date:%d %b %Y})" if stopped.end_date else reason,
            )
        )
    local = "; ".join(
        f"{ln.category.label}: {one_line(ln.regimen)} ({ln.start_date:%b %Y})"
        if one_line(ln.regimen)
        else f"{ln.category.label} ({ln.start_date:%b %Y})"
        for ln in report.local_treatments
    )
    rows.append(
        ("Local treatments", f"{local}; not counted as lines" if local else "none recorded")
    )
    if report.other_treatments:
        rows.append(
            (
                "Supportive and other care",
                "; ".join(_line_text(ln, on) for ln in report.other_treatments),
            )
        )
    activity = report.latest_activity
    rows.append(
        (
            "Latest activity level",
            f"{activity[0].label}: self-reported, read as ECOG {activity[0].value} "
            f"({_day(report, activity[1])})"
            if activity
            else "not recorded",
        )
    )
    markers = "; ".join(
        f"{one_line(t.marker)}: {one_line(t.result)} ({t.tested_on:%b %Y})"
        for t in report.actionable
    )
    rows.append(("Actionable biomarkers", markers or "none recorded"))
    return [_box("Treatment", rows, st)]


def _box(
    title: str,
    rows: Sequence[tuple[str, str]],
    st: dict[str, ParagraphStyle],
    fill: colors.Color | None = None,
) -> Table:
    cell = st["cell"]
    data = [[para(title, st["bold"]), ""]] + [[para(k, cell), para(v, cell)] for k, v in rows]
    # The names as wide as the widest of them, the rest for the values.
    names = max(stringWidth(k, fonts.REGULAR, cell.fontSize) for k, _ in rows) + 14
    table = Table(data, colWidths=[names, WIDTH - names], hAlign="LEFT")
    pad = 0.7 if cell.fontSize < 8 else 1.2
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (-1, 0)),
                ("FONT", (0, 0), (-1, -1), fonts.REGULAR, cell.fontSize),
                ("BOX", (0, 0), (-1, -1), 0.6, BOX),
                ("BACKGROUND", (0, 0), (-1, 0), fill or HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), pad),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
            ]
        )
    )
    return table


# Words saying a number answers day and night: then "24 hours" is not added a second time.
AROUND_THE_CLOCK = re.compile(r"24\s*[-/ ]?\s*(h|hour|7)|around the clock|day and night", re.I)


def contact_who(contact: CareContact) -> str:
    """ "Dr Priya Shah, Oncologist"; a number answering day and night says so once."""
    who = one_line(contact.name)
    role = one_line(contact.role)
    if role:
        who += f", {role}"
    if contact.around_the_clock and not AROUND_THE_CLOCK.search(who):
        who += ", 24 hours"
    return who


def _contacts(report: Report, st: dict[str, ParagraphStyle], width: float) -> Table:
    """One row per contact: who (name and role) and the phone number, which never breaks."""
    cell = st["cell"]
    phones = [keep(one_line(c.phone)) or "–" for c in report.contacts]
    phone_width = min(
        width / 2, max(stringWidth(p, fonts.REGULAR, cell.fontSize) for p in phones) + 4
    )
    rows = [
        [para(contact_who(c), cell), para(phone, cell)]
        for c, phone in zip(report.contacts, phones, strict=True)
    ]
    table = Table(rows, colWidths=[width - phone_width, phone_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), fonts.REGULAR, cell.fontSize),  # else Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return table


def _closing(report: Report, st: dict[str, ParagraphStyle], tight: bool = False) -> list[Any]:
    """The pinned questions and the care-team contacts, side by side (`tight`: closer above)."""
    cell = st["cell"]
    left: list[Any] = []
    if report.options.include_questions:
        left.append(para("Questions for this visit", st["h3"]))
        left += [
            para(f"{i}. {one_line(q.text)}", cell) for i, q in enumerate(report.pinned, 1)
        ] or [para("No questions pinned.", cell)]
    right: list[Any] = [para("Care team", st["h3"])]
    if report.contacts:
        right.append(_contacts(report, st, WIDTH * 0.44 - 6))
    if not report.contacts:
        right.append(para("No contacts recorded.", cell))
    if report.emergency_number:
        right.append(para(f"Emergency number: {one_line(report.emergency_number)}", cell))
    if not left:
        left, right = right, []
    table = Table([[left, right]], colWidths=[WIDTH * 0.56, WIDTH * 0.44], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 8),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [Spacer(1, (1 if tight else 2) * mm), table]


def chart_title(report: Report) -> str:
    """ "Trend (highest score each week; grey vertical lines mark treatment starts and stops)",
    the second half only when a treatment starts or stops in the period."""
    title = f"Trend (highest score each {report.trend_bucket}"
    if treatment_marks(report.lines, report.options.start, report.options.end):
        title += "; grey vertical lines mark treatment starts and stops"
    return title + ")"


def _height(flowables: Sequence[Any]) -> float:
    """How tall the flowables stand in page one's frame, wrapped as the frame wraps them."""
    total = 0.0
    for f in flowables:
        _, h = f.wrap(FRAME_WIDTH, PAGE_ONE_HEIGHT)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


# The frame holding page one (the page less its margins and the frame's own padding).
PAGE_ONE_HEIGHT = A4[1] - MARGIN - BOTTOM_MARGIN - 12
# Its width for text: the frame's 6-point padding either side (tables are set WIDTH wide and
# reach into the padding; a paragraph wraps within this).
FRAME_WIDTH = WIDTH - 12
MIN_PLOT = 24 * mm
MIN_PLOT_COMPACT = 16 * mm
MIN_PLOT_TIGHT = 14 * mm  # still clear of overprinting: the 0 and 2 on the axis 7.9 points apart
MAX_PLOT = 58 * mm
# Page one's layouts, tried in turn: (compact tables, tight header and spacing, least plot).
LAYOUTS = (
    (False, False, MIN_PLOT),
    (True, False, MIN_PLOT_COMPACT),
    (True, True, MIN_PLOT_TIGHT),
)


def _page_one(report: Report) -> tuple[list[Any], list[Any]]:
    """Page one, and what had to move to the head of page two (only the trend chart, and only
    when a compact page one leaves it less than its least height).

    Page one is first laid out roomy, then compact (7.5-point tables on tighter lines, a
    shorter chart), then tight (who and the diagnosis on one line, less space between parts);
    nothing is ever shrunk below 7.5 points. The KeepInFrame around it only
    guards against a miscount: the layouts chosen fit as they are.
    """
    st = styles()
    if report.checkin_count == 0:
        story = _header(report, st) + _treatment(report, st)
        story += [
            Spacer(1, 4 * mm),
            para(
                f"No check-ins were recorded between {report.options.start:%d %b %Y} and "
                f"{report.options.end:%d %b %Y}.",
                st["bold"],
            ),
        ]
        return [_frame(story + _closing(report, st))], []
    shown = [(_label(report, s.key), s.points) for s in report.symptoms if s.points]
    start, end = report.options.start, report.options.end
    for compact, tight, least in LAYOUTS:
        st = styles(compact)
        story = _header(report, st, tight) + _treatment(report, st)
        story += attention(report, st) + symptom_table(report, st, compact, report.trend_bucket)
        closing = _closing(report, st, tight)
        heading = para(chart_title(report), st["h2"])
        bare = trend_chart(shown, report.lines, start, end, WIDTH, 0)
        room = PAGE_ONE_HEIGHT - _height([*story, heading, *closing]) - bare.height - 2
        if room >= least:
            chart = trend_chart(shown, report.lines, start, end, WIDTH, min(MAX_PLOT, room))
            return [_frame([*story, heading, chart, *closing])], []
    moved = para("The trend chart is at the top of page 2.", st["small"])
    chart = trend_chart(shown, report.lines, start, end, WIDTH, MAX_PLOT)
    return [_frame([*story, moved, *closing])], [heading, chart]


def _frame(content: list[Any]) -> KeepInFrame:
    return KeepInFrame(WIDTH, PAGE_ONE_HEIGHT, content, mode="shrink")


def render_counted(
    report: Report, progress: Callable[[int], None] | None = None
) -> tuple[bytes, int]:
    """The PDF as bytes and its number of pages; the same report always gives the same bytes.
    `progress` is told the number of pages laid out so far, as each one is."""
    st = styles()
    buffer = BytesIO()
    subject = f"Symptoms {report.options.start:%d %b %Y} to {report.options.end:%d %b %Y}"
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=BOTTOM_MARGIN,
        title=TITLE + (f": {report.name}" if report.name else ""),
        author=report.name or "CareCompanion user",
        subject=subject,
        creator=f"CareCompanion {__version__}",
        initialFontName=fonts.REGULAR,  # else an unused, unembedded Helvetica
        lang="en",
        invariant=1,  # no random document id: the same report gives the same bytes
    )
    footer = f"{TITLE} · {report.name}" if report.name else TITLE
    pages: list[int] = []
    canvas = type(
        "FooterCanvas",
        (_NumberedCanvas,),
        {
            "footer": footer,
            "counted": pages,
            "created": _generated(report),
            "progress": None if progress is None else staticmethod(progress),
        },
    )
    first, moved = _page_one(report)
    later = later_pages(report, st)
    story = first + later[:1] + moved + later[1:]  # later pages begin with their page break
    doc.build(story, canvasmaker=canvas)
    return buffer.getvalue(), pages[-1]


def render(report: Report) -> bytes:
    """The PDF as bytes: the same report always gives the same bytes."""
    return render_counted(report)[0]


def write(report: Report, target: Path, progress: Callable[[int], None] | None = None) -> int:
    """Write the PDF atomically (a temporary file, then a rename), private to the user.

    Returns the number of pages; `progress` is told each page as it is laid out.
    """
    data, pages = render_counted(report, progress)
    write_atomic(target, data)
    return pages
