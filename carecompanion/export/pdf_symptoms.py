"""Page one's symptom table: per symptom its usual level (with its basis), previous, latest,
worst and band, with a trend line drawn against time; then temperature and weight. Under the
symptom an as-needed medication is for (pain, nausea), its doses per day in the period: the
average and the most, against the label's most in 24 hours (a clinician reads three or more
breakthrough doses a day as a sign the background dose may need changing).

Column widths come from the text they hold and a value never breaks inside itself
("38.0 (30 Nov)", "fever (≥ 38.0)"); the trend column takes what is left.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Spacer, Table, TableStyle

from carecompanion.domain.flags import is_fever
from carecompanion.domain.report import AsNeeded, Report, VitalSummary
from carecompanion.domain.symptoms import Band
from carecompanion.domain.vitals import in_unit_temperature, in_unit_weight
from carecompanion.export import fonts
from carecompanion.export.pdf_attention import label
from carecompanion.export.pdf_chart import sparkline
from carecompanion.export.pdf_style import BOX, WIDTH, keep, one_line, para, score, short_day

HEAD = ("Symptom", "Usual", "Previous", "Latest", "Worst in period", "Band or change", "Trend")
PAD = 6.0  # a cell's left and right padding together, in points
MAX_SYMPTOM = 40 * mm
MIN_TREND = 24 * mm
MINUS = "\u2212"
RULE = colors.HexColor("#d0d0d0")
DOSE_INDENT = 8.0  # points: a medication's doses sit under the symptom they are for


def _day(report: Report, moment: Any) -> str:
    return short_day(moment, report.zone, report.options.start, report.options.end)


def _vital(report: Report, key: str, value: float) -> str:
    """A temperature or weight in the profile's unit, without the unit (the row names it)."""
    if key == "temperature":
        return f"{in_unit_temperature(value, report.temperature_unit):.1f}"
    return f"{in_unit_weight(value, report.weight_unit):.1f}"


def weight_change(report: Report, vital: VitalSummary) -> str:
    """ "−5.3 kg (−7.5 %) since 4 Dec": from the period's first weight to its latest."""
    if len(vital.points) < 2:
        return "–"
    first_at, first = vital.points[0]
    change = in_unit_weight(vital.latest, report.weight_unit) - in_unit_weight(
        first, report.weight_unit
    )
    percent = 100.0 * (vital.latest - first) / first
    text = f"{change:+.1f} {report.weight_unit.value} ({percent:+.1f} %)".replace("-", MINUS)
    return f"{keep(text)} {keep('since ' + _day(report, first_at))}"


def _vital_cells(report: Report, vital: VitalSummary) -> list[str]:
    if vital.key == "temperature":
        name = f"Temperature (°{report.temperature_unit.value})"
        worst = f"{_vital(report, vital.key, vital.worst)} highest"
        threshold = _vital(report, vital.key, report.fever_threshold_c)
        fever = is_fever(vital.latest, report.fever_threshold_c, report.temperature_unit)
        band = f"fever (≥ {threshold})" if fever else f"below {threshold}"
    else:
        name = f"Weight ({report.weight_unit.value})"
        worst = f"{_vital(report, vital.key, vital.worst)} lowest"
        band = weight_change(report, vital)
    previous = "–" if vital.previous is None else _vital(report, vital.key, vital.previous)
    latest = f"{_vital(report, vital.key, vital.latest)} ({_day(report, vital.latest_at)})"
    return [name, "–", previous, latest, worst, band]


def _cells(report: Report) -> list[list[str]]:
    """Each row's texts; a text never breaks where it holds a no-break space."""
    rows: list[list[str]] = []
    for s in report.symptoms:
        usual = f"{s.usual.value:g} ({s.usual.count} in {s.usual.days} days)" if s.usual else "–"
        latest = f"{score(s.latest)} ({_day(report, s.latest_at)})" if s.latest is not None else "–"
        rows.append(
            [
                label(report, s.key),
                keep(usual),
                score(s.previous),
                keep(latest),
                score(s.worst),
                s.band.label if s.band else "–",
            ]
        )
    for vital in report.vitals:
        name, *rest = _vital_cells(report, vital)
        rows.append([name, *(keep(t) if "since" not in t else t for t in rest)])
    return rows


def purpose(report: Report, text: str) -> str:
    """What a medication is for, in words: a symptom's own label ("tiredness (fatigue)")."""
    words = one_line(text)
    for key, name in report.labels.items():
        if words.casefold() in (key.casefold(), name.casefold()):
            return name[:1].lower() + name[1:]
    return words


def _symptom_for(report: Report, item: AsNeeded) -> str | None:
    """The key of the symptom in the table this medication is for, if it is one of them."""
    words = one_line(item.medication.purpose).casefold()
    for s in report.symptoms:
        if words and words in (s.key.casefold(), label(report, s.key).casefold()):
            return s.key
    return None


def _average(per_day_average: float) -> str:
    shown = f"{per_day_average:.1f}"
    return "under 0.1" if shown == "0.0" else shown


def doses_text(report: Report, item: AsNeeded) -> str:
    """ "Oramorph 10 mg as needed for pain (label: up to 6 a day): 1.6 a day on average, most 4
    on 12 Nov", or "...: none recorded in the period"; the days counted are named when the
    medication started or stopped within the period."""
    medication = item.medication
    name = f"{one_line(medication.name)} as needed"
    if one_line(medication.purpose):
        name += f" for {purpose(report, medication.purpose)}"
    if medication.max_per_day is not None:
        name += f" (label: up to {medication.max_per_day} a day)"
    per_day = item.per_day
    if per_day is None:
        return f"{name}: none recorded in the period"
    text = f"{name}: {_average(per_day.average)} a day on average"
    if item.first > report.options.start:
        text += f" from {_day(report, item.first)}"
    if item.last < report.options.end:
        text += f" to {_day(report, item.last)}"
    if per_day.most == 1:
        return f"{text}, never more than 1 a day"
    return f"{text}, most {per_day.most} on {_day(report, per_day.most_on)}"


def _widest(texts: list[str], font: str, size: float, whole: bool) -> float:
    """The widest text (whole) or the widest unbreakable run of one, with the padding."""
    runs = texts if whole else [run for t in texts for run in t.split(" ")]
    return float(max(stringWidth(r, font, size) for r in runs)) + PAD + 1


def _widths(cells: list[list[str]], size: float, trend_min: float) -> list[float]:
    """Each column as wide as its text (a heading may wrap between words); the weight's change
    on one line and the headings whole while the trend column keeps its least width."""
    columns = [list(c) for c in zip(*cells, strict=True)]
    widths = [
        max(
            _widest(column, fonts.REGULAR, size, whole=i != 5),
            _widest([HEAD[i]], fonts.BOLD, size, whole=False),
        )
        for i, column in enumerate(columns)
    ]
    widths[0] = min(widths[0], MAX_SYMPTOM)
    wished = [
        max(widths[i], _widest(columns[5], fonts.REGULAR, size, whole=True))
        if i == 5
        else max(widths[i], _widest([HEAD[i]], fonts.BOLD, size, whole=True))
        for i in range(len(widths))
    ]
    for i in (5, 4, 2, 1, 3):
        spare = WIDTH - sum(widths) - trend_min
        widths[i] = max(widths[i], min(wished[i], widths[i] + max(0.0, spare)))
    return [*widths, WIDTH - sum(widths)]


def symptom_table(
    report: Report, st: dict[str, ParagraphStyle], compact: bool, bucket: str
) -> list[Any]:
    """The heading, the table and its note. `compact` sets the rows closer together."""
    cell = st["cell"]
    texts = _cells(report)
    widths = _widths(texts, cell.fontSize, MIN_TREND)
    trend_width = widths[-1] - PAD
    spark_height = 9.0 if compact else 13.0
    start, end = report.options.start, report.options.end
    lines: list[Any] = [
        sparkline(s.points, start, end, width=trend_width, height=spark_height) if s.points else ""
        for s in report.symptoms
    ]
    for vital in report.vitals:
        values = [v for _, v in vital.points]
        pad = max(0.5, (max(values) - min(values)) * 0.15)
        lines.append(
            sparkline(
                vital.points,
                start,
                end,
                min(values) - pad,
                max(values) + pad,
                bands=False,
                width=trend_width,
                height=spark_height,
            )
        )
    head: list[Any] = [para(h, st["cellbold"]) for h in HEAD]
    symptom_rows = [
        [*(para(t, cell) for t in row), ln] for row, ln in zip(texts, lines, strict=True)
    ]
    for row, s in zip(symptom_rows, report.symptoms, strict=False):
        if s.band is Band.SEVERE:
            row[5] = para(s.band.label, st["cellbold"])
    under: dict[str | None, list[AsNeeded]] = {}
    for item in report.as_needed:
        under.setdefault(_symptom_for(report, item), []).append(item)
    keys = [s.key for s in report.symptoms] + [None] * len(report.vitals)
    rows: list[list[Any]] = [head]
    dose_rows: list[int] = []
    for row, key in zip(symptom_rows, keys, strict=True):
        rows.append(row)
        for item in under.pop(key, []) if key is not None else []:
            dose_rows.append(len(rows))
            rows.append(_dose_row(report, item, st, trend_width, spark_height))
    for item in under.pop(None, []):
        dose_rows.append(len(rows))
        rows.append(_dose_row(report, item, st, trend_width, spark_height))
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    pad = 0.5 if compact else 1.1  # 7.5-point text on 9-point lines when compact
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.REGULAR, cell.fontSize),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, BOX),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD / 2),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
    ]
    for at in range(1, len(rows)):
        # A symptom's doses read as part of it: no rule between the two rows.
        if at + 1 not in dose_rows:
            style.append(("LINEBELOW", (0, at), (-1, at), 0.25, RULE))
    for at in dose_rows:
        style.append(("SPAN", (0, at), (5, at)))
        style.append(("LEFTPADDING", (0, at), (0, at), PAD / 2 + DOSE_INDENT))
        if compact:  # close under its symptom, as one entry with it
            style.append(("TOPPADDING", (0, at), (-1, at), 0))
    table.setStyle(TableStyle(style))
    weight = any(v.key == "weight" for v in report.vitals)
    note = para(
        "Scores 0–10 as felt then; higher is worse (wellbeing: 0 is best). Bands: 0 none, "
        "1–3 mild, 4–6 moderate, 7–10 severe. Usual: the median of the 7 days before the latest "
        "check-in (of 28 days when the 7 hold fewer than 2; in brackets, check-ins over days). "
        f"Trend: the highest score each {bucket}."
        + (" Weight: change from the period's first weight." if weight else "")
        + (" Doses: as needed, per calendar day." if report.as_needed else ""),
        st["small"],
    )
    return [para("How each symptom moved", st["h2"]), table, Spacer(1, 0.8 * mm), note]


def _dose_row(
    report: Report, item: AsNeeded, st: dict[str, ParagraphStyle], width: float, height: float
) -> list[Any]:
    """One medication's doses per day: the words across the first six columns, and the most
    doses in a day drawn against time from none to the label's most (or the most taken)."""
    high = max(item.medication.max_per_day or 0, item.per_day.most if item.per_day else 0, 1)
    line: Any = ""
    if item.per_day is not None:
        start, end = report.options.start, report.options.end
        line = sparkline(item.points, start, end, 0, high, bands=False, width=width, height=height)
    return [para(doses_text(report, item), st["cell"]), "", "", "", "", "", line]
