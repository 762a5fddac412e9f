"""The care-team PDF after page one: treatment history, medications, tests, open questions, and
with the full log every check-in and every dose."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak

from carecompanion.domain.records import (
    CheckIn,
    Medication,
    QuestionStatus,
    Recorder,
    TreatmentLine,
)
from carecompanion.domain.report import Report
from carecompanion.domain.vitals import show_temperature, show_weight
from carecompanion.export import fonts
from carecompanion.export.pdf_cells import Cells
from carecompanion.export.pdf_paged_table import PagedTable, Shape
from carecompanion.export.pdf_style import (
    CELL_LEADING,
    CELL_SIZE,
    HEADER_FILL,
    WIDTH,
    one_line,
    para,
)
from carecompanion.export.pdf_symptoms import purpose


def _dates(line: TreatmentLine) -> str:
    return f"{line.start_date:%d %b %Y} – " + (
        f"{line.end_date:%d %b %Y}" if line.end_date else "ongoing"
    )


def _kind(line: TreatmentLine) -> str:
    regimen = one_line(line.regimen)
    if not regimen or regimen.casefold().startswith(line.category.label.casefold()):
        return regimen or line.category.label
    kind = f"{line.category.label}: {regimen}"
    if line.nct_number:
        phase = line.trial_phase.value if line.trial_phase else "?"
        kind += f" ({line.nct_number}, phase {phase})"
    return kind


def _treatment_rows(
    lines: list[TreatmentLine], st: dict[str, ParagraphStyle], numbered: bool
) -> list[list[Any]]:
    head = ("Line", "Kind and drugs") if numbered else ("Kind", "What")
    rows: list[list[Any]] = [
        [para(h, st["bold"]) for h in (*head, "Dates", "Best response", "Why it ended")]
    ]
    for line in reversed(lines):
        rows.append(
            [
                para(str(line.line_number) if numbered else line.category.label, st["cell"]),
                para(_kind(line) if numbered else one_line(line.regimen) or "–", st["cell"]),
                para(_dates(line), st["cell"]),
                para(line.best_response.label if line.best_response else "–", st["cell"]),
                para(line.end_reason.label if line.end_reason else "–", st["cell"]),
            ]
        )
    return rows


def later_pages(report: Report, st: dict[str, ParagraphStyle]) -> list[Any]:
    story: list[Any] = [PageBreak(), para("Systemic treatment lines", st["h2"])]
    systemic = [ln for ln in report.lines if ln.line_number is not None]
    local = [ln for ln in report.lines if ln.line_number is None and ln.category.is_local]
    other = [ln for ln in report.lines if ln.line_number is None and not ln.category.is_local]
    story.append(
        _grid(
            _treatment_rows(systemic, st, True),
            [12 * mm, 70 * mm, 40 * mm, 28 * mm, WIDTH - 150 * mm],
        )
        if systemic
        else para(
            "No systemic treatment recorded." if report.lines else "No treatment lines recorded.",
            st["base"],
        )
    )
    for title, group in (
        ("Local treatments (surgery, radiation; not counted as lines)", local),
        ("Supportive and other care (not counted as lines)", other),
    ):
        if group:
            story.append(para(title, st["h2"]))
            story.append(
                _grid(
                    _treatment_rows(group, st, False),
                    [34 * mm, 48 * mm, 40 * mm, 28 * mm, WIDTH - 150 * mm],
                )
            )
    story += _medications(report, st)
    story.append(para("Tests and biomarkers", st["h2"]))
    rows = [[para(h, st["bold"]) for h in ("Date", "Test", "Marker", "Result", "Actionable")]]
    for test in report.tests:
        rows.append(
            [
                para(f"{test.tested_on:%d %b %Y}", st["cell"]),
                para(test.kind.label, st["cell"]),
                para(one_line(test.marker), st["cell"]),
                para(one_line(test.result), st["cell"]),
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
        story += _doses(report, st)
    return story


def _how_taken(report: Report, medication: Medication) -> str:
    taken = "as needed" if medication.as_needed else "regular"
    if one_line(medication.purpose):
        taken += f" for {purpose(report, medication.purpose)}"
    return taken


def _limits(medication: Medication) -> str:
    """The label's limits: "at least 2 h apart; up to 6 in 24 hours"."""
    found = []
    if medication.min_hours is not None:
        found.append(f"at least {medication.min_hours:g} h apart")
    if medication.max_per_day is not None:
        found.append(f"up to {medication.max_per_day} in 24 hours")
    return "; ".join(found) or "–"


def _medication_dates(medication: Medication) -> str:
    return f"{medication.start_date:%d %b %Y} – " + (
        f"{medication.stop_date:%d %b %Y}" if medication.stop_date else "ongoing"
    )


def _medications(report: Report, st: dict[str, ParagraphStyle]) -> list[Any]:
    """Every medication started by the period's end: as its label says, how it is taken and
    for what, the label's limits, and from when until when."""
    story: list[Any] = [para("Medications", st["h2"])]
    if not report.medications:
        return [*story, para("No medications recorded.", st["base"])]
    head = ("Medication", "Label dose", "Taken", "Label's limits", "Dates")
    rows: list[list[Any]] = [[para(h, st["bold"]) for h in head]]
    for medication in report.medications:
        rows.append(
            [
                para(one_line(medication.name), st["cell"]),
                para(one_line(medication.dose) or "–", st["cell"]),
                para(_how_taken(report, medication), st["cell"]),
                para(_limits(medication), st["cell"]),
                para(_medication_dates(medication), st["cell"]),
            ]
        )
    return [*story, _grid(rows, [42 * mm, 42 * mm, 32 * mm, 36 * mm, WIDTH - 152 * mm])]


def _doses(report: Report, st: dict[str, ParagraphStyle]) -> list[Any]:
    """Every dose in the period, newest first: when (in the profile's zone), which medication,
    who recorded it."""
    story: list[Any] = [para("Every dose in the period", st["h2"])]
    if not report.doses:
        return [*story, para("No doses recorded in the period.", st["base"])]
    names = {m.id: m for m in report.medications}
    cell = Cells(st["cell"])
    widths = [33 * mm, WIDTH - 51 * mm, 18 * mm]
    rows: list[list[Any]] = [[para(h, st["bold"]) for h in ("When", "Medication", "By")]]
    for dose in report.doses:
        medication = names.get(dose.medication_id)
        name = one_line(medication.name) if medication else "–"
        if medication is not None and medication.as_needed:
            name += " (as needed)"
        rows.append(
            [
                cell.short(report.local(dose.taken_at).strftime("%d %b %Y %H:%M"), widths[0]),
                cell.short(name, widths[1]),
                "caregiver" if dose.recorded_by is Recorder.CAREGIVER else "patient",
            ]
        )
    return [*story, _grid(rows, widths)]


def _log(report: Report, st: dict[str, ParagraphStyle]) -> list[Any]:
    head = ("When", "By", "Scores, temperature, weight, activity", "Note")
    cell = Cells(st["cell"])
    widths = [33 * mm, 18 * mm, 72 * mm, WIDTH - 123 * mm]
    rows: list[list[Any]] = [[para(h, st["bold"]) for h in head]]
    entries: list[tuple[int, int]] = []  # the first and last row of each check-in
    order = [s.key for s in report.symptoms]
    for entry in report.log:
        ranked = sorted(
            entry.scores.items(),
            key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order),
        )
        scores = " · ".join(
            [f"{report.labels.get(k, k)} {v}" for k, v in ranked] + _measured(report, entry)
        )
        who = "caregiver" if entry.recorded_by is Recorder.CAREGIVER else "patient"
        first, *rest = [  # no note: an empty cell, as an empty paragraph would leave it
            [cell(line) for line in part if line]
            for part in note_parts(entry.note if report.options.include_notes else "")
        ]
        entries.append((len(rows), len(rows) + len(rest)))
        rows.append(
            [
                cell.short(report.local(entry.recorded_at).strftime("%d %b %Y %H:%M"), widths[0]),
                who,
                cell.short(scores, widths[2]),
                first,
            ]
        )
        rows += [["", "", "", part] for part in rest]
    return [para("Every check-in in the period", st["h2"]), _grid(rows, widths, entries)]


def _measured(report: Report, entry: CheckIn) -> list[str]:
    """The check-in's temperature, weight and activity level, in the profile's units."""
    found: list[str] = []
    if entry.temperature_c is not None:
        found.append(
            f"temperature {show_temperature(entry.temperature_c, report.temperature_unit)}"
        )
    if entry.weight_kg is not None:
        found.append(f"weight {show_weight(entry.weight_kg, report.weight_unit)}")
    if entry.activity is not None:
        found.append(f"activity: {entry.activity.label.lower()} (ECOG {entry.activity.value})")
    return found


# A long note is set in parts of at most this many of its lines (and about this many
# characters), one table row each, drawn as one cell. Each line is a paragraph of its own: a
# part splits at the foot of a page between lines (or inside one long line), and each part
# wraps on its own, so a note of thousands of short lines costs a few short paragraphs per page
# rather than a re-wrap of all that is left of it (which took half a minute for such a note).
PART_LINES = 40
PART_CHARS = 2_000
BLANK_LINE = "\u00a0"  # a no-break space gives a blank line its height, where "" has none


def note_parts(note: str) -> list[list[str]]:
    """The note's lines in parts, at least one. Every character that shows is kept; a run of
    blank lines is shown as one, and blank lines at either end are left out."""
    lines: list[str] = []
    for line in note.splitlines():
        if line.strip():
            lines.append(line)
        elif lines and lines[-1] != BLANK_LINE:
            lines.append(BLANK_LINE)
    while lines and lines[-1] == BLANK_LINE:
        lines.pop()
    parts: list[list[str]] = []
    size = 0
    for line in lines:
        if not parts or len(parts[-1]) == PART_LINES or size + len(line) > PART_CHARS:
            parts.append([])
            size = 0
        parts[-1].append(line)
        size += len(line)
    return parts or [[""]]


# A row taller than what is left of the page (a note of thousands of characters, or one long
# word) is split across pages rather than refused with reportlab's LayoutError. A row is split
# only where at least this much of it stays on the page; a shorter stub moves whole to the next
# page, so short rows are not cut in two for the sake of a line.
MIN_ROW_PART = 30  # points: about three lines of 8-point cell text
RULE = colors.HexColor("#bdbdbd")


def _grid(
    rows: list[list[Any]], widths: list[float], entries: list[tuple[int, int]] | None = None
) -> PagedTable:
    """A table with a header row repeated on every page. `entries` groups rows drawn as one:
    no rule between them and no padding, so a note set in parts reads as one cell."""
    # Split inside the row that meets the foot of the page (splitByRow=0 tries that first), so
    # each page ends full and carries one header; splitting between rows first would put the
    # rest of a long row on a page by itself and then a second header half-way down it.
    header, body = rows[0], rows[1:]
    if entries is None:
        return PagedTable(
            Shape(header, widths, MIN_ROW_PART, _ruled_grid), body, [None] * len(body)
        )
    # Each row: (joined to the row above, joined to the row below) within one check-in.
    flags = [(False, False)] * len(body)
    for first, last in entries:
        for row in range(first, last + 1):
            flags[row - 1] = (row > first, row < last)
    return PagedTable(Shape(header, widths, MIN_ROW_PART, _entry_grid), body, flags)


# Text set as plain strings (`Cells.short`) takes the table's font: the cell style's.
_BASE: list[tuple[Any, ...]] = [
    ("FONT", (0, 0), (-1, -1), fonts.REGULAR, CELL_SIZE, CELL_LEADING),
    ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
]


def _ruled_grid(flags: Sequence[None]) -> list[tuple[Any, ...]]:
    return [*_BASE, ("GRID", (0, 0), (-1, -1), 0.3, RULE)]


def _entry_grid(flags: Sequence[tuple[bool, bool]]) -> list[tuple[Any, ...]]:
    """Rules around the table, between columns, under the header and under each check-in's
    last row; rows of one check-in without padding between them. Each as a few commands for
    runs of rows: reportlab carries every command over at each page break."""
    style = [
        *_BASE,
        ("BOX", (0, 0), (-1, -1), 0.3, RULE),
        ("LINEAFTER", (0, 0), (-2, -1), 0.3, RULE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.3, RULE),
    ]
    for start, end, (above, below) in _runs(flags):
        if not below:
            style.append(("LINEBELOW", (0, start), (-1, end), 0.3, RULE))
        if below:
            style.append(("BOTTOMPADDING", (0, start), (-1, end), 0))
        if above:
            style.append(("TOPPADDING", (0, start), (-1, end), 0))
    return style


def _runs(flags: Sequence[tuple[bool, bool]]) -> list[tuple[int, int, tuple[bool, bool]]]:
    """Runs of rows (numbered from 1, after the header) with the same flags."""
    runs: list[tuple[int, int, tuple[bool, bool]]] = []
    for row, flag in enumerate(flags, start=1):
        if runs and runs[-1][2] == flag and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row, flag)
        else:
            runs.append((row, row, flag))
    return runs
