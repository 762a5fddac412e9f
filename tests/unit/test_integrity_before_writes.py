"""Damage that a quick check misses is caught before anything writes into the journal."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from datetime import UTC, datetime

import pytest

from carecompanion.cli import main
from carecompanion.db.errors import JournalDamaged
from carecompanion.db.journal import open_journal
from carecompanion.services import checkins


def damage_an_index(journal_file) -> None:
    """Point the check-in time index at another column: every page reads fine, the index lies."""
    with closing(sqlite3.connect(journal_file)) as conn:
        conn.execute("PRAGMA writable_schema=ON")
        conn.execute(
            "UPDATE sqlite_master SET sql='CREATE INDEX ix_checkins_recorded_at ON checkins (note)'"
            " WHERE name='ix_checkins_recorded_at'"
        )
        conn.commit()
    with closing(sqlite3.connect(journal_file)) as conn:
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]


def test_index_damage_stops_a_checkin_before_it_is_written(tmp_path, capsys):
    root = tmp_path / "journal"
    assert main(["--data-dir", str(root), "log", "--pain", "3"]) == 0
    damage_an_index(root / "journal.db")
    before = hashlib.sha256((root / "journal.db").read_bytes()).hexdigest()
    capsys.readouterr()

    assert main(["--data-dir", str(root), "log", "--pain", "4"]) == 3
    assert "damaged" in capsys.readouterr().err
    assert hashlib.sha256((root / "journal.db").read_bytes()).hexdigest() == before
    assert main(["--data-dir", str(root), "check"]) == 3


def test_the_window_is_not_opened_on_a_journal_with_index_damage(data):
    with open_journal(data):
        pass
    with open_journal(data) as journal, journal.write() as session:
        checkins.record(session, {"pain": 2}, now=datetime(2026, 3, 20, tzinfo=UTC))
    damage_an_index(data.journal)
    with pytest.raises(JournalDamaged):
        open_journal(data)


def test_the_window_may_paint_before_the_verdict_but_writes_wait_for_it(data):
    with open_journal(data) as journal, journal.write() as session:
        checkins.record(session, {"pain": 2}, now=datetime(2026, 3, 20, tzinfo=UTC))
    damage_an_index(data.journal)
    before = data.journal.read_bytes()
    with open_journal(data, verify_later=True, automatic_backup=False) as journal:
        with journal.read() as session:
            assert checkins.count(session) == 1  # reading to paint the first page is fine
        with pytest.raises(JournalDamaged), journal.write() as session:
            checkins.record(session, {"pain": 9}, now=datetime(2026, 3, 20, tzinfo=UTC))
    assert data.journal.read_bytes() == before


def test_a_copy_left_by_a_killed_restore_is_cleared_when_the_journal_next_opens(data):
    with open_journal(data):
        pass
    leftovers = [data.root / "journal.db.restoring", data.root / "journal.db.restoring-wal"]
    for leftover in leftovers:
        leftover.write_bytes(b"half a journal")
    with open_journal(data):
        pass
    assert not any(leftover.exists() for leftover in leftovers)
