"""The care-team PDF after page one: treatment history, tests, open questions, every check-in."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Table, TableStyle

from carecompanion.domain.records import QuestionStatus, Recorder
from carecompanion.domain.report import Report
from carecompanion.export import fonts
from carecompanion.export.pdf_style import HEADER_FILL, WIDTH, para


def later_pages(report: Report, st: dict[str, ParagraphStyle]) -> list[Any]:
    story: list[Any] = [PageBreak(), para("Treatment history", st["h2"])]
    rows: list[list[Any]] = [
        [
            para(h, st["bold"])
            for h in ("Line", "Kind and drugs", "Dates", "Best response", "Why it ended")
        ]
    ]
    for line in reversed(report.lines):
        dates = f"{line.start_date:%d %b %Y} – " + (
            f"{line.end_date:%d %b %Y}" if line.end_date else "ongoing"
        )
        kind = f"{line.category.label}: {line.regimen}"
        if line.nct_number:
            kind += (
                f" ({line.nct_number}, phase {line.trial_phase.value if line.trial_phase else '?'})"
            )
        rows.append(
            [
                str(line.line_number or "–"),
                para(kind, st["cell"]),
                para(dates, st["cell"]),
                para(line.best_response.label if line.best_response else "–", st["cell"]),
                para(line.end_reason.label if line.end_reason else "–", st["cell"]),
            ]
        )
    story.append(
        _grid(rows, [12 * mm, 70 * mm, 40 * mm, 28 * mm, WIDTH - 150 * mm])
        if report.lines
        else para("No treatment lines recorded.", st["base"])
    )
    story.append(para("Tests and biomarkers", st["h2"]))
    rows = [[para(h, st["bold"]) for h in ("Date", "Test", "Marker", "Result", "Actionable")]]
    for test in report.tests:
        rows.append(
            [
                para(f"{test.tested_on:%d %b %Y}", st["cell"]),
                para(test.kind.label, st["cell"]),
                para(test.marker, st["cell"]),
                para(test.result, st["cell"]),
                test.actionable.value,
            ]
        )
    story.append(
        _grid(rows, [24 * mm, 46 * mm, 24 * mm, 64 * mm, WIDTH - 158 * mm])
        if report.tests
        else para("No tests recorded.", st["base"])
    )
    if report.options.include_questions:
        story.append(para("Open questions", st["h2"]))
        asked = [q for q in report.open_questions if q.status is QuestionStatus.OPEN]
        story += [para(f"• {q.text}", st["base"]) for q in asked] or [para("None.", st["base"])]
    if report.options.include_log:
        story += _log(report, st)
    return story


def _log(report: Report, st: dict[str, ParagraphStyle]) -> list[Any]:
    rows: list[list[Any]] = [[para(h, st["bold"]) for h in ("When", "By", "Scores", "Note")]]
    order = [s.key for s in report.symptoms]
    for entry in report.log:
        ranked = sorted(
            entry.scores.items(),
            key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order),
        )
        scores = " · ".join(f"{report.labels.get(k, k)} {v}" for k, v in ranked)
        who = "caregiver" if entry.recorded_by is Recorder.CAREGIVER else "patient"
        note = entry.note if report.options.include_notes else ""
        rows.append(
            [
                para(report.local(entry.recorded_at).strftime("%d %b %Y %H:%M"), st["cell"]),
                who,
                para(scores, st["cell"]),
                para(note, st["cell"]),
            ]
        )
    return [
        para("Every check-in in the period", st["h2"]),
        _grid(rows, [33 * mm, 18 * mm, 72 * mm, WIDTH - 123 * mm]),
    ]


def _grid(rows: list[list[Any]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 8),
                ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#bdbdbd")),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table
