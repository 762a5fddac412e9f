"""Charts for the PDF: the trend chart with shaded bands and treatment marks, and sparklines.

Each symptom has its own colour and dash pattern, so the lines stay apart in greyscale, and a
legend names them in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors

from carecompanion.domain.records import TreatmentLine
from carecompanion.domain.report import SymptomSummary
from carecompanion.export.fonts import REGULAR

SERIES = (
    ("#0072B2", None),
    ("#D55E00", (4, 2)),
    ("#009E73", (1, 2)),
    ("#CC79A7", (6, 2, 1, 2)),
    ("#E69F00", (8, 3)),
    ("#56B4E9", (2, 2)),
    ("#000000", (5, 2, 1, 2, 1, 2)),
    ("#999933", (3, 3)),
)
MODERATE_FILL = colors.HexColor("#fbe7b5")
SEVERE_FILL = colors.HexColor("#f6c9b8")
GRID = colors.HexColor("#c8c8c8")
TEXT = colors.HexColor("#1a1a1a")


def _drawing(width: float, height: float) -> Drawing:
    drawing = Drawing(width, height)
    drawing.initialFontName = REGULAR  # else an unembedded Helvetica is declared
    return drawing


def _style(index: int) -> tuple[colors.Color, tuple[int, ...] | None]:
    colour, dash = SERIES[index % len(SERIES)]
    return colors.HexColor(colour), dash


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def trend_chart(
    symptoms: Sequence[SymptomSummary],
    lines: Sequence[TreatmentLine],
    start: date,
    end: date,
    width: float,
    height: float,
) -> Drawing:
    drawing = _drawing(width, height)
    left, right, bottom = 22.0, 56.0, 30.0
    top = height - 14.0
    plot_w, plot_h = width - left - right, top - bottom
    first = datetime.combine(start, time.min, tzinfo=UTC)
    span = (datetime.combine(end, time.max, tzinfo=UTC) - first).total_seconds()

    def x(moment: datetime) -> float:
        offset = (moment.astimezone(UTC) - first).total_seconds() / span
        return left + plot_w * min(1.0, max(0.0, offset))

    def y(score: float) -> float:
        return bottom + plot_h * score / 10

    for low, high, fill, word in (
        (4, 7, MODERATE_FILL, "moderate 4–6"),
        (7, 10, SEVERE_FILL, "severe 7–10"),
    ):
        drawing.add(Rect(left, y(low), plot_w, y(high) - y(low), fillColor=fill, strokeColor=None))
        drawing.add(
            String(
                left + plot_w + 4,
                (y(low) + y(high)) / 2 - 3,
                word,
                fontName=REGULAR,
                fontSize=7,
                fillColor=TEXT,
            )
        )
    drawing.add(
        String(
            left + plot_w + 4,
            (y(0) + y(4)) / 2 - 3,
            "none–mild 0–3",
            fontName=REGULAR,
            fontSize=7,
            fillColor=TEXT,
        )
    )
    for score in range(0, 11, 2):
        drawing.add(
            Line(left, y(score), left + plot_w, y(score), strokeColor=GRID, strokeWidth=0.4)
        )
        drawing.add(
            String(
                left - 4,
                y(score) - 2.5,
                str(score),
                fontName=REGULAR,
                fontSize=7,
                textAnchor="end",
                fillColor=TEXT,
            )
        )
    days = (end - start).days or 1
    ticks = 6
    fmt = "%b %Y" if days > 400 else "%d %b"
    for i in range(ticks + 1):
        day = start + timedelta(days=round(days * i / ticks))
        drawing.add(
            String(
                x(_moment(day)),
                bottom - 10,
                day.strftime(fmt),
                fontName=REGULAR,
                fontSize=7,
                textAnchor="middle",
                fillColor=TEXT,
            )
        )
    for line in lines:
        marks = [(line.start_date, "start")]
        if line.end_date is not None:
            marks.append((line.end_date, "stop"))
        name = f"L{line.line_number}" if line.line_number else "Supportive"
        for day, what in marks:
            if start <= day <= end:
                at = x(_moment(day))
                drawing.add(
                    Line(
                        at,
                        bottom,
                        at,
                        top,
                        strokeColor=colors.HexColor("#555555"),
                        strokeWidth=0.7,
                        strokeDashArray=(2, 2),
                    )
                )
                drawing.add(
                    String(
                        at + 1.5,
                        top + 2,
                        f"{name} {what}",
                        fontName=REGULAR,
                        fontSize=6.5,
                        fillColor=TEXT,
                    )
                )
    for index, symptom in enumerate(symptoms):
        colour, dash = _style(index)
        points = [(x(at), y(value)) for at, value in symptom.points]
        if len(points) > 1:
            drawing.add(PolyLine(points, strokeColor=colour, strokeWidth=1.3, strokeDashArray=dash))
        legend_x = left + (index % 4) * (plot_w / 4)
        legend_y = 8 - (index // 4) * 9
        drawing.add(
            Line(
                legend_x,
                legend_y + 2.5,
                legend_x + 16,
                legend_y + 2.5,
                strokeColor=colour,
                strokeWidth=1.5,
                strokeDashArray=dash,
            )
        )
        drawing.add(
            String(
                legend_x + 19, legend_y, symptom.label, fontName=REGULAR, fontSize=7, fillColor=TEXT
            )
        )
    drawing.add(
        Rect(left, bottom, plot_w, plot_h, fillColor=None, strokeColor=GRID, strokeWidth=0.6)
    )
    return drawing


def sparkline(symptom: SymptomSummary, width: float = 70, height: float = 14) -> Drawing:
    drawing = _drawing(width, height)
    values = [value for _, value in symptom.points]
    drawing.add(
        Line(0, height * 0.7, width, height * 0.7, strokeColor=SEVERE_FILL, strokeWidth=0.6)
    )
    if len(values) > 1:
        step = width / (len(values) - 1)
        points = [(i * step, 1 + (height - 2) * v / 10) for i, v in enumerate(values)]
        drawing.add(PolyLine(points, strokeColor=TEXT, strokeWidth=0.8))
    return drawing
