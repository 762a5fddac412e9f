"""A long table handed to reportlab a page at a time.

Reportlab splits a table at each page's foot by copying what is left of it, with all its
style commands, so a log of thousands of check-ins costs the square of its length: ten years
took most of a minute. `PagedTable` gives reportlab a batch of rows at a time, more than a page
holds, lets reportlab split that batch exactly as it would the whole table (inside a row first,
the header repeated at the top of each page), and carries what is left over, with the rows not
yet in a batch, to the next page. The pages come out the same; the work grows with the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable, Table, TableStyle

# Rows per batch to start with: more than a page holds of the shortest rows (a line of 8-point
# text with its padding); doubled while a whole batch still fits where it is asked to go.
BATCH = 60


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
        self.rows = rows
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

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if len(self.rows) <= BATCH:
            self._whole = self._table(len(self.rows))
            return self._whole.wrap(avail_width, avail_height)  # type: ignore[no-any-return]
        self._whole = None
        return avail_width, avail_height + 1  # more than fits: the frame asks for a split

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        count = min(BATCH, len(self.rows))
        while True:
            parts = self._table(count).split(avail_width, avail_height)
            if count == len(self.rows) or len(parts) != 1:
                break
            count = min(2 * count, len(self.rows))  # the whole batch fitted: a bigger one
        if count == len(self.rows) or not parts:
            return parts  # type: ignore[no-any-return]
        first, rest = parts
        # What reportlab left for the next page (after its repeated header: the rest of a row
        # split in two, then whole rows), followed by the rows not yet in a batch. A row's
        # remainder keeps the flags of the row it came from; rows keep their heights.
        left = rest._cellvalues[1:]
        start = count - len(left)
        return [
            first,
            PagedTable(
                self.shape,
                [*left, *self.rows[count:]],
                self.flags[start:],
                list(rest._argH),
            ),
        ]

    def draw(self) -> None:
        assert self._whole is not None
        self._whole.drawOn(self.canv, 0, 0)
