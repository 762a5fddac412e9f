"""Treatments: every column readable, wrapping rather than cutting text short."""

import uuid
from datetime import date

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QStyle

from carecompanion.actions.records import add_line
from carecompanion.domain.records import (
    EndReason,
    Response,
    TreatmentCategory,
    TreatmentLine,
    TrialPhase,
)


def line(category, regimen, start, end=None, reason=None, **more):
    return TreatmentLine(
        uuid.uuid4(),
        category,
        regimen,
        start,
        end,
        best_response=Response.STABLE if end else None,
        end_reason=reason,
        **more,
    )


def cell_fits(table, row, column):
    """The cell's whole text, wrapped at words, fits inside the cell."""
    text = table.item(row, column).text()
    rect = table.visualRect(table.model().index(row, column))
    # The item view draws text inside the focus frame's margin plus a pixel, on each side.
    focus = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table)
    inner = rect.width() - 2 * (focus + 1)
    needed = table.fontMetrics().boundingRect(
        QRect(0, 0, inner, 10_000), Qt.TextFlag.TextWordWrap, text
    )
    return needed.width() <= inner and needed.height() <= rect.height()


def test_why_it_ended_and_every_other_column_is_read_in_full(window, store, qtbot):
    lines = [
        line(
            TreatmentCategory.CHEMOTHERAPY,
            "FOLFOX (oxaliplatin, fluorouracil, folinic acid)",
            date(2025, 12, 1),
            date(2026, 3, 13),
            EndReason.REFRACTORY,
        ),
        line(
            TreatmentCategory.TARGETED,
            "Sotorasib (KRAS G12C inhibitor) with panitumumab",
            date(2026, 3, 20),
            date(2026, 6, 1),
            EndReason.TOXICITY,
        ),
        line(
            TreatmentCategory.SIRT,
            "Yttrium-90",
            date(2026, 6, 12),
            date(2026, 6, 14),
            EndReason.COMPLETED,
        ),
        line(
            TreatmentCategory.CLINICAL_TRIAL,
            "Investigational KRAS vaccine with pembrolizumab",
            date(2026, 10, 14),
            trial_phase=TrialPhase.I,
            nct_number="NCT01574702",
        ),
    ]
    for one in lines:
        assert store.run(add_line, one) is not None
    window.show_view("treatments")
    page = window.treatments
    table = page.table
    why = page.columns.index("Why it ended")
    narrowest = window.minimumSize().width()
    wrapped = []
    for width in (1024, narrowest):  # roomy, then narrow enough that long columns must wrap
        window.resize(width, 700)
        qtbot.waitUntil(lambda w=width: window.width() == w)
        page.fit_columns()
        wrapped.append(max(table.rowHeight(r) for r in range(table.rowCount())))
        header = table.horizontalHeader()
        widths = [header.sectionSize(c) for c in range(table.columnCount())]
        assert sum(widths) <= table.viewport().width() + 1  # no sideways scrolling
        for row in range(table.rowCount()):
            for column in range(table.columnCount()):
                assert cell_fits(table, row, column), (width, table.item(row, column).text())
        reasons = [table.item(r, why).text() for r in range(table.rowCount())]
        assert "The cancer grew or did not respond" in reasons
        for row in range(table.rowCount()):
            item = table.item(row, why)
            assert item.toolTip() == item.text()  # the whole text on hover, too
            assert item.data(Qt.ItemDataRole.AccessibleDescriptionRole) == item.text()
    assert wrapped[1] > wrapped[0]  # narrower: more lines, never shorter text
