"""Page one's "What needs attention" box.

One row per flagged symptom, most urgent tier first: the highest value among the symptom's
check-ins at that tier and when, how many check-ins reached the tier, and whether the latest
value is still at or over the tier's own threshold, always with that value and its date.
Column widths come from the text they hold, so a date or a value never breaks in two.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Spacer, Table, TableStyle

from carecompanion.domain.flags import Tier
from carecompanion.domain.report import FlagSummary, Report
from carecompanion.domain.symptoms import BUILT_IN
from carecompanion.export import fonts
from carecompanion.export.pdf_style import (
    ATTENTION_EDGE,
    CALL_NOW_FILL,
    FLAG_FILL,
    WIDTH,
    keep,
    para,
    short_day,
)

TIER_LABELS = {
    Tier.CALL_NOW: "Call now",
    Tier.TODAY: "Call today",
    Tier.NEXT_CONTACT: "Next contact",
}
HEAD = ("Tier", "Symptom", "Highest at this tier", "On", "Check-ins", "Still current?")
TIER_WORDS = (
    "Counted: every check-in at or over a threshold; repeats within 7 days were not shown to "
    "the patient again."
)
PAD = 7.0  # a cell's left and right padding together, in points
MIN_HIGHEST = 44 * mm
MAX_SYMPTOM = 38 * mm


def label(report: Report, key: str) -> str:
    """A symptom's name as the summary shows it ("Wellbeing (0 = best)")."""
    name = report.labels.get(key, key)
    known = BUILT_IN.get(key)
    if known is not None and known.best_anchor == "best":
        return f"{name} (0 = best)"
    return name


def _day(report: Report, moment: Any) -> str:
    return short_day(moment, report.zone, report.options.start, report.options.end)


def still_current(report: Report, flag: FlagSummary) -> str:
    """ "yes: 38.1 °C on 28 Nov", "no, now mild: 2 on 30 Nov", "no: 36.5 °C on 29 Nov"."""
    value = keep(f"{flag.latest} on {_day(report, flag.latest_at)}")
    if flag.current:
        return f"yes: {value}"
    if flag.latest_band:
        return f"no, now {flag.latest_band}: {value}"
    return f"no: {value}"


def how_often(report: Report, flag: FlagSummary) -> str:
    """ "1", or "3, last 28 Nov" when the latest of them is not the highest's day."""
    if flag.count == 1 or flag.last_at is None:
        return str(flag.count)
    last = _day(report, flag.last_at)
    if last == _day(report, flag.at):
        return str(flag.count)
    return f"{flag.count}, last {last}"


def _natural(texts: list[str], font: str, size: float) -> float:
    return float(max(stringWidth(t, font, size) for t in texts)) + PAD + 1


def _unbreakable(texts: list[str], size: float) -> float:
    """The widest run of a text that may not break (no ordinary space inside it)."""
    return float(max(stringWidth(p, fonts.REGULAR, size) for t in texts for p in t.split(" ")))


def _widths(cells: list[list[str]], size: float) -> list[float]:
    """Tier, date and count as wide as their text; the symptom, the highest value and the
    latest value too when they fit, else the highest value's column gives way first."""
    columns = [list(c) for c in zip(*cells, strict=True)]

    def natural(i: int) -> float:
        return max(_natural(columns[i], fonts.REGULAR, size), _natural([HEAD[i]], fonts.BOLD, size))

    tier = _natural([*columns[0], HEAD[0]], fonts.BOLD, size)
    on, count = natural(3), natural(4)
    rest = WIDTH - tier - on - count
    symptom, highest, current = natural(1), natural(2), natural(5)
    if symptom + highest + current > rest:
        symptom = min(symptom, MAX_SYMPTOM)
        least = _unbreakable(columns[5], size) + PAD + 1
        current = max(least, min(current, rest - symptom - MIN_HIGHEST))
    highest = rest - symptom - current
    return [tier, symptom, highest, on, count, current]


def attention(report: Report, st: dict[str, ParagraphStyle]) -> list[Any]:
    """The box: per symptom its worst tier, most urgent first, and the check-ins per tier."""
    cell = st["cell"]
    texts = [
        [
            TIER_LABELS[flag.tier],
            label(report, flag.key) if flag.key in report.labels else flag.label,
            flag.what,
            _day(report, flag.at),
            how_often(report, flag),
            still_current(report, flag),
        ]
        for flag in report.flags
    ]
    rows: list[list[Any]] = [[para("What needs attention", st["bold"])]]
    spans: list[tuple[Any, ...]] = [("SPAN", (0, 0), (-1, 0))]
    if texts:
        rows.append([para(h, st["cellbold"]) for h in HEAD])
    for row in texts:
        rows.append([para(row[0], st["cellbold"]), *(para(t, cell) for t in row[1:])])
    counts = " · ".join(f"{TIER_LABELS[tier].lower()} {n}" for tier, n in report.tier_counts)
    summary = (
        f"Check-ins at each tier (each counted once, at its most urgent): {counts}, "
        f"of {report.checkin_count}. {TIER_WORDS}"
        if texts
        else "No check-in in the period reached a flag: no temperature at or above the fever "
        "threshold, no score of 7 or more, none newly moderate or 2 or more points above the "
        "usual level, no weight loss of 5 % or more."
    )
    rows.append([para(summary, st["small"])])
    spans.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
    if report.supportive_prompt:
        rows.append([para(f"Supportive care: {report.supportive_prompt}", st["small"])])
        spans.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
    columns = len(HEAD)
    rows = [row + [""] * (columns - len(row)) for row in rows]
    widths = _widths(texts, cell.fontSize) if texts else [WIDTH / columns] * columns
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    style: list[tuple[Any, ...]] = [
        *spans,
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, cell.fontSize),
        ("BOX", (0, 0), (-1, -1), 1.0, ATTENTION_EDGE),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD / 2),
        ("BACKGROUND", (0, 0), (-1, -1), FLAG_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 0.3 if cell.fontSize < 8 else 0.8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.3 if cell.fontSize < 8 else 0.8),
    ]
    for at, flag in enumerate(report.flags, start=2):
        if flag.tier is Tier.CALL_NOW:
            style.append(("BACKGROUND", (0, at), (0, at), CALL_NOW_FILL))
    table.setStyle(TableStyle(style))
    return [Spacer(1, 1.2 * mm), table]
