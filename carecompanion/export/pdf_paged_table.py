"""A long table handed to reportlab a page at a time.

Reportlab splits a table at each page's foot by copying what is left of it, with all its
style commands, so a log of thousands of check-ins costs the square of its length: ten years
took most of a minute. `PagedTable` gives reportlab only the rows a page can take (a batch of
rows while their heights are not yet known), lets reportlab split them exactly as it would the
whole table (inside a row first, the header repeated at the top of each page), and carries what
is left over, with the rows not yet handed over, to the next page. The pages come out the same;
the work grows with the rows.

Every row is measured once. Reportlab measures every row of a table it is asked to split (its
early stop for long tables only works with spanned cells), and the frame asks twice at each page
break: at the foot of the full page, where nothing fits, and again at the top of the next one.
The heights found in each attempt are kept, and a page whose rows are all measured is handed
just those rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable, Table, TableStyle

# Rows handed over while their heights are unknown: more than a page holds of the shortest rows
# (a line of 8-point text with its padding); doubled while a whole batch still fits where it is
# asked to go.
BATCH = 60
# One row more than the measured heights ask for, so a sum of heights a hair from reportlab's
# own never changes where it splits.
SPARE_ROWS = 1


@dataclass(frozen=True)
class Shape:
    """What the table is besides its rows: header row, column widths, how to split, and its
    style for a given list of row flags (one per row, the header not counted)."""

    header: list[Any]
    widths: list[float]
    split_in_row: float
    style: Callable[[Sequence[Any]], list[tuple[Any, ...]]]


class PagedTable(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    def __init__(
        self,
        shape: Shape,
        rows: list[list[Any]],
        flags: list[Any],
        heights: list[float | None] | None = None,
    ) -> None:
        super().__init__()
        self.hAlign = "CENTER"  # as a reportlab Table stands in its frame
        self.shape = shape
        # A flowable alone in a cell is put in a list, as reportlab does when it measures a
        # row: a row handed over with its height known is then split as one it measured.
        self.rows = rows if heights else [_listed(row) for row in rows]
        self.flags = flags
        # Row heights reportlab worked out already (the header's first): rows carried over
        # from the last page are not measured again.
        self.heights: list[float | None] = heights or [None]
        self._whole: Table | None = None

    def _table(self, count: int) -> Table:
        shape = self.shape
        known = self.heights[: count + 1]
        table = Table(
            [shape.header, *self.rows[:count]],
            colWidths=shape.widths,
            rowHeights=known + [None] * (count + 1 - len(known)),
            repeatRows=1,
            splitByRow=0,
            splitInRow=shape.split_in_row,
        )
        table.setStyle(TableStyle(shape.style(self.flags[:count])))
        return table

    def _keep_heights(self, table: Table) -> None:
        """Keep the row heights reportlab measured in `table` (its first rows are ours)."""
        kept = self.heights + [None] * (len(table._rowHeights) - len(self.heights))
        for row, height in enumerate(table._rowHeights):
            if kept[row] is None:
                kept[row] = height
        self.heights = kept

    def _count(self, avail_height: float) -> int:
        """How many rows to hand reportlab for a page of `avail_height`: with their heights
        known, those that fit, the one reaching past the foot of the page and enough after it
        for more than `split_in_row` below the foot (reportlab splits inside a row only when
        the rest of the table is that tall); else a batch."""
        total = 0.0
        enough = avail_height + self.shape.split_in_row
        for row, height in enumerate(self.heights):
            if height is None:
                break
            total += height
            if total > enough:
                return min(len(self.rows), max(row, 1) + SPARE_ROWS)
        return min(len(self.rows), max(BATCH, len(self.heights) - 1))

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if len(self.rows) <= BATCH:
            self._whole = self._table(len(self.rows))
            size = self._whole.wrap(avail_width, avail_height)
            self._keep_heights(self._whole)
            return size  # type: ignore[no-any-return]
        self._whole = None
        return avail_width, avail_height + 1  # more than fits: the frame asks for a split

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        count = self._count(avail_height)
        while True:
            table = self._table(count)
            parts = table.split(avail_width, avail_height)
            self._keep_heights(table)
            if count == len(self.rows) or len(parts) != 1:
                break
            count = min(2 * count, len(self.rows))  # the whole batch fitted: a bigger one
        if count == len(self.rows) or not parts:
            return parts  # type: ignore[no-any-return]
        first, rest = parts
        # What reportlab left for the next page (after its repeated header: the rest of a row
        # split in two, then whole rows), followed by the rows not yet handed over. A row's
        # remainder keeps the flags of the row it came from; rows keep their heights.
        left = rest._cellvalues[1:]
        start = count - len(left)
        return [
            first,
            PagedTable(
                self.shape,
                [*left, *self.rows[count:]],
                self.flags[start:],
                [*rest._argH, *self.heights[count + 1 :]],
            ),
        ]

    def draw(self) -> None:
        assert self._whole is not None
        self._whole.drawOn(self.canv, 0, 0)


def _listed(row: list[Any]) -> list[Any]:
    return [[cell] if isinstance(cell, Flowable) else cell for cell in row]
