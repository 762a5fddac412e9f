"""Charts for the PDF: the trend chart with shaded bands and treatment marks, and sparklines.

Every series has its own marker shape (and its own colour and dash pattern): the lines stay
apart printed in black and white, and the legend names each in words. Every point sits at its
time, so a gap of a week looks like a week. Labelled lines at 4 and 7 carry the moderate and
severe bands (a tint alone is too faint). Treatment starts and stops are solid grey vertical
lines with a small arrowhead, never dashed like a series, labelled above the plot in as many
rows as they need; marks too close for three rows are numbered and named in a key under the
chart. No text is smaller than 7.5 points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from carecompanion.domain.records import TreatmentCategory, TreatmentLine
from carecompanion.export.fonts import REGULAR
from carecompanion.palette import PRINT_SERIES

# The series colours (carecompanion.palette): they may repeat after 14, marker shapes not
# before 14 and the (marker, dash) pair never within 56.
COLOURS = PRINT_SERIES
MARKERS = (
    "circle",
    "square",
    "triangle",
    "diamond",
    "down",
    "cross",
    "plus",
)  # each drawn hollow, then filled: 14 shapes
DASHES: tuple[tuple[float, ...] | None, ...] = (None, (4, 2), (1.2, 1.8), (6, 2, 1, 2))
MODERATE_FILL = colors.HexColor("#fbe7b5")
SEVERE_FILL = colors.HexColor("#f6c9b8")
GRID = colors.HexColor("#c8c8c8")
TEXT = colors.HexColor("#1a1a1a")
MARK = colors.HexColor("#555555")
TEXT_SIZE = 7.5  # every text in the chart; none smaller
LABEL_SIZE = TEXT_SIZE
LABEL_ROWS = 3
ROW_STEP = 9.0
TICKS = (0, 2, 4, 7, 10)  # 4 and 7 start the moderate and severe bands
REFERENCE = (
    (4, "4 moderate", colors.HexColor("#8a5a00")),
    (7, "7 severe", colors.HexColor("#8A1C1C")),
)
MAX_MARKERS = 14  # per series; a long series shows every few points' marker, offset by series
LEGEND_COLUMNS = 4  # at least; more when the names are short enough
LEGEND_SAMPLE = 20.0  # the line and marker before a name in the legend
LEGEND_ROW = 10.0
KEY_ROW = 9.0


@dataclass(frozen=True, slots=True)
class SeriesStyle:
    colour: colors.Color
    dash: tuple[float, ...] | None
    marker: str
    filled: bool


def style(index: int) -> SeriesStyle:
    shape = index % (2 * len(MARKERS))
    return SeriesStyle(
        colour=colors.HexColor(COLOURS[index % len(COLOURS)]),
        dash=DASHES[(index + index // (2 * len(MARKERS))) % len(DASHES)],
        marker=MARKERS[shape % len(MARKERS)],
        filled=shape >= len(MARKERS),
    )


def marker(kind: SeriesStyle, x: float, y: float, size: float = 3.2) -> Group:
    """A marker centred on (x, y): hollow (white inside) or filled, in the series' colour."""
    fill = kind.colour if kind.filled else colors.white
    r = size
    group = Group()
    common = {"strokeColor": kind.colour, "strokeWidth": 0.9, "fillColor": fill}
    if kind.marker == "circle":
        group.add(Circle(x, y, r * 0.9, **common))
    elif kind.marker == "square":
        group.add(Rect(x - r * 0.8, y - r * 0.8, r * 1.6, r * 1.6, **common))
    elif kind.marker == "triangle":
        group.add(Polygon([x - r, y - r * 0.8, x + r, y - r * 0.8, x, y + r], **common))
    elif kind.marker == "down":
        group.add(Polygon([x - r, y + r * 0.8, x + r, y + r * 0.8, x, y - r], **common))
    elif kind.marker == "diamond":
        group.add(Polygon([x, y - r, x + r, y, x, y + r, x - r, y], **common))
    else:  # cross or plus: lines, thicker when "filled"
        width = 1.6 if kind.filled else 0.9
        if kind.marker == "cross":
            ends = ((x - r, y - r, x + r, y + r), (x - r, y + r, x + r, y - r))
        else:
            ends = ((x - r, y, x + r, y), (x, y - r, x, y + r))
        if not kind.filled:
            group.add(Circle(x, y, r * 0.35, strokeColor=None, fillColor=colors.white))
        for x1, y1, x2, y2 in ends:
            group.add(Line(x1, y1, x2, y2, strokeColor=kind.colour, strokeWidth=width))
    return group


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    drawing.initialFontName = REGULAR  # else an unembedded Helvetica is declared
    return drawing


def _text(x: float, y: float, text: str, size: float = TEXT_SIZE, anchor: str = "start") -> String:
    return String(x, y, text, fontName=REGULAR, fontSize=size, textAnchor=anchor, fillColor=TEXT)


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


SHORT_NAMES = {
    TreatmentCategory.SIRT: "SIRT",
    TreatmentCategory.SBRT: "SBRT",
    TreatmentCategory.OTHER_RADIATION: "Radiation",
    TreatmentCategory.SURGERY: "Surgery",
    TreatmentCategory.SUPPORTIVE: "Supportive care",
    TreatmentCategory.OTHER: "Other treatment",
}


def line_name(line: TreatmentLine) -> str:
    """ "L2" for a systemic line; a local or supportive treatment by its short kind."""
    if line.line_number is not None:
        return f"L{line.line_number}"
    return SHORT_NAMES.get(line.category, line.category.label)


def treatment_marks(
    lines: Sequence[TreatmentLine], start: date, end: date
) -> list[tuple[date, str]]:
    """Starts and stops inside the period, one label per day ("L3 stop, L4 start")."""
    by_day: dict[date, list[str]] = {}
    for line in sorted(lines, key=lambda ln: ln.start_date):
        marks = [(line.start_date, "start")]
        if line.end_date is not None:
            marks.append((line.end_date, "stop"))
        for day, what in marks:
            if start <= day <= end:
                by_day.setdefault(day, []).append(f"{line_name(line)} {what}")
    return [
        (day, ", ".join(sorted(words, key=lambda w: "start" in w)))
        for day, words in sorted(by_day.items())
    ]


def _place_labels(
    marks: list[tuple[float, str]], right_edge: float
) -> tuple[list[tuple[float, int, str]], list[tuple[float, str]]]:
    """Each label into the first of the rows where it clears the one before it; labels that
    fit no row are numbered instead. Returns (x, row, text) placed and (x, text) numbered."""
    ends = [-1e9] * LABEL_ROWS
    placed: list[tuple[float, int, str]] = []
    numbered: list[tuple[float, str]] = []
    for at, text in marks:
        width = stringWidth(text, REGULAR, LABEL_SIZE)
        left = min(at + 1.5, right_edge - width)
        for row in range(LABEL_ROWS):
            if left > ends[row] + 3:
                ends[row] = left + width
                placed.append((left, row, text))
                break
        else:
            numbered.append((at, text))
    return placed, numbered


def legend_columns(labels: Sequence[str], width: float) -> int:
    """As many legend columns as the widest name allows across the drawing, at least 4."""
    widest = max((stringWidth(t, REGULAR, TEXT_SIZE) for t in labels), default=0.0)
    fits = int(width // (LEGEND_SAMPLE + widest + 4))
    return max(LEGEND_COLUMNS, min(fits, len(labels), 6))


def legend_rows(count: int, columns: int = LEGEND_COLUMNS) -> int:
    return (count + columns - 1) // columns


def trend_chart(
    symptoms: Sequence[tuple[str, Sequence[tuple[datetime, int]]]],
    lines: Sequence[TreatmentLine],
    start: date,
    end: date,
    width: float,
    plot_height: float,
) -> Drawing:
    """Scores 0-10 against time, one series per (label, points); the drawing's height is the
    plot's plus its labels, the date axis and the legend, so nothing spills out of it."""
    marks = treatment_marks(lines, start, end)
    left, right = 22.0, 58.0
    plot_w = width - left - right
    first = datetime.combine(start, time.min, tzinfo=UTC)
    span = (datetime.combine(end, time.max, tzinfo=UTC) - first).total_seconds()

    def x(moment: datetime) -> float:
        offset = (moment.astimezone(UTC) - first).total_seconds() / span
        return left + plot_w * min(1.0, max(0.0, offset))

    placed, numbered = _place_labels([(x(_moment(d)), t) for d, t in marks], left + plot_w)
    label_rows = 1 + max((row for _, row, _ in placed), default=-1)
    key_text = "; ".join(f"{i} {text}" for i, (_, text) in enumerate(numbered, start=1))
    key_lines = _wrap(key_text, width - 4, TEXT_SIZE) if key_text else []
    columns = legend_columns([name for name, _ in symptoms], width - 4)
    rows = legend_rows(len(symptoms), columns)
    legend_h = rows * LEGEND_ROW
    bottom = 16.0 + legend_h + len(key_lines) * KEY_ROW
    height = bottom + plot_height + label_rows * ROW_STEP + 3
    top = bottom + plot_height
    drawing = _drawing(width, height)

    def y(score: float) -> float:
        return bottom + plot_height * score / 10

    for low, high, fill in ((4, 7, MODERATE_FILL), (7, 10, SEVERE_FILL)):
        drawing.add(Rect(left, y(low), plot_w, y(high) - y(low), fillColor=fill, strokeColor=None))
    for value in TICKS:
        drawing.add(
            Line(left, y(value), left + plot_w, y(value), strokeColor=GRID, strokeWidth=0.4)
        )
        drawing.add(_text(left - 4, y(value) - 2.5, str(value), anchor="end"))
    for value, word, colour in REFERENCE:
        drawing.add(
            Line(left, y(value), left + plot_w + 3, y(value), strokeColor=colour, strokeWidth=0.8)
        )
        label = _text(left + plot_w + 5, y(value) - 2.5, word)
        label.fillColor = colour
        drawing.add(label)
    days = (end - start).days or 1
    ticks = min(6, days)
    fmt = "%b %Y" if days > 400 else "%d %b"
    for i in range(ticks + 1):
        day = start + timedelta(days=round(days * i / ticks))
        drawing.add(_text(x(_moment(day)), bottom - 10.5, day.strftime(fmt), anchor="middle"))
    for at, row, text in placed:
        drawing.add(_text(at, top + 4 + row * ROW_STEP, text, LABEL_SIZE))
    for number, (at, _) in enumerate(numbered, start=1):
        drawing.add(_text(at + 1.5, top - 7, str(number), LABEL_SIZE))
    for day, _ in marks:
        at = x(_moment(day))
        drawing.add(Line(at, bottom, at, top, strokeColor=MARK, strokeWidth=0.6))
        drawing.add(
            Polygon(
                [at - 2.2, top + 2.2, at + 2.2, top + 2.2, at, top],
                fillColor=MARK,
                strokeColor=None,
            )
        )
    for index, (label, series) in enumerate(symptoms):
        kind = style(index)
        points = [(x(at), y(value)) for at, value in series]
        if len(points) > 1:
            drawing.add(
                PolyLine(
                    points, strokeColor=kind.colour, strokeWidth=1.1, strokeDashArray=kind.dash
                )
            )
        step = max(1, -(-len(points) // MAX_MARKERS))
        for i, (px, py) in enumerate(points):
            if (i + index) % step == 0 or i == len(points) - 1 or len(points) == 1:
                drawing.add(marker(kind, px, py, 2.4))
        legend_x = 4 + (index % columns) * (width - 4) / columns
        legend_y = 4 + len(key_lines) * KEY_ROW + (rows - 1 - index // columns) * LEGEND_ROW
        drawing.add(
            Line(
                legend_x,
                legend_y + 2.5,
                legend_x + 16,
                legend_y + 2.5,
                strokeColor=kind.colour,
                strokeWidth=1.1,
                strokeDashArray=kind.dash,
            )
        )
        drawing.add(marker(kind, legend_x + 8, legend_y + 2.5, 2.4))
        drawing.add(_text(legend_x + LEGEND_SAMPLE, legend_y, label))
    for i, text in enumerate(reversed(key_lines)):
        drawing.add(_text(4, 2 + i * KEY_ROW, text))
    drawing.add(
        Rect(left, bottom, plot_w, plot_height, fillColor=None, strokeColor=GRID, strokeWidth=0.6)
    )
    return drawing


def _wrap(text: str, width: float, size: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}".strip()
        if current and stringWidth(trial, REGULAR, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current else lines


def sparkline(
    points: Sequence[tuple[datetime, float]],
    start: date,
    end: date,
    low: float = 0,
    high: float = 10,
    bands: bool = True,
    width: float = 96,
    height: float = 13,
) -> Drawing:
    """A small line of the values against time over the period (a lone value, a dot); a 0-10
    score over its moderate and severe bands, other values between their own low and high."""
    drawing = _drawing(width, height)
    first = datetime.combine(start, time.min, tzinfo=UTC)
    span = (datetime.combine(end, time.max, tzinfo=UTC) - first).total_seconds()
    room = (high - low) or 1.0

    def at(moment: datetime, value: float) -> tuple[float, float]:
        offset = min(1.0, max(0.0, (moment.astimezone(UTC) - first).total_seconds() / span))
        return 1.5 + (width - 3) * offset, 1.5 + (height - 3) * (value - low) / room

    if bands:
        for b_low, b_high, fill in ((4, 7, MODERATE_FILL), (7, 10, SEVERE_FILL)):
            y0 = at(first, b_low)[1]
            y1 = at(first, b_high)[1]
            drawing.add(Rect(0, y0, width, y1 - y0, fillColor=fill, strokeColor=None))
    else:
        drawing.add(Line(0, 0.5, width, 0.5, strokeColor=GRID, strokeWidth=0.4))
    shown = [at(moment, value) for moment, value in points]
    if len(shown) > 1:
        drawing.add(PolyLine(shown, strokeColor=TEXT, strokeWidth=0.8))
    if shown:
        last_x, last_y = shown[-1]
        drawing.add(Circle(last_x, last_y, 1.3, fillColor=TEXT, strokeColor=None))
    return drawing
