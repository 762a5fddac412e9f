"""For tests of damage SQLite's quick check finds: a journal of check-ins a day apart, and pages
of one table made unreadable while the file's header and the other tables still read."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from carecompanion.db.journal import open_journal
from carecompanion.paths import DataPaths
from carecompanion.services import checkins


def daily_checkins(data: DataPaths, last: datetime, days: int) -> None:
    """One check-in a day for `days` days up to `last`, the oldest written first."""
    with open_journal(data, now=last) as journal, journal.write() as session:
        for back in range(days - 1, -1, -1):
            checkins.record(
                session,
                {"pain": back % 10, "nausea": 2},
                note="n" * 200,
                now=last - timedelta(days=back),
            )


def damage_leaves(journal_file: Path, table: str, *, first_only: bool = False) -> None:
    """Break the cell pointers of the leaf pages of `table` (with `first_only`, of the one that
    holds its oldest rows): quick_check reports it; reads of other rows still work."""
    with closing(sqlite3.connect(journal_file)) as conn:
        try:
            pages = [
                row[0]
                for row in conn.execute(
                    "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,)
                )
            ]
        except sqlite3.OperationalError:
            pytest.skip("this SQLite has no dbstat table to find the pages with")
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    with journal_file.open("r+b") as handle:
        for page in pages[:1] if first_only else pages:
            handle.seek((page - 1) * size + 8)
            handle.write(b"\x00\x10" * 32)  # every cell "at" byte 16, inside the header
