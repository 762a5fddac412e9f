"""The backups folder: a failed snapshot leaves nothing behind, and thinning removes only
automatic backups it can date, keeping files it did not make."""

from datetime import timedelta

import pytest

from carecompanion.db import backup
from carecompanion.db.driver import sqlite as driver_sqlite
from carecompanion.db.journal import open_journal
from carecompanion.services import checkins


def test_a_snapshot_of_a_file_that_is_not_a_journal_fails_and_leaves_no_file(tmp_path):
    source = tmp_path / "notes.db"
    source.write_bytes(b"these are notes, not a database " * 200)
    destination = tmp_path / "backups" / "copy.db"
    with pytest.raises(driver_sqlite.DatabaseError):
        backup.snapshot(source, destination)
    assert list(destination.parent.iterdir()) == []  # neither the copy nor its .partial


def test_there_are_no_backups_before_the_folder_exists(tmp_path):
    assert backup.listing(tmp_path / "backups") == []


def test_thinning_deletes_old_automatic_backups_and_nothing_else(data, now):
    with open_journal(data, now=now) as journal, journal.write() as session:
        checkins.record(session, {"pain": 3}, now=now)
    ages = (0, 1, 2, 3, 4, 5, 6, 7, 12, 19, 20, 21)
    taken = [backup.take(data.journal, data.backups, "daily", now - timedelta(a)) for a in ages]
    foreign = data.backups / "journal-my own copy.db"  # named like a backup, but not dated
    foreign.write_bytes(b"kept by the person")
    listed = backup.listing(data.backups)
    assert [b.path for b in listed] == [t.path for t in reversed(taken)]  # oldest first
    removed = backup.thin(data.backups, now)
    # Now is Friday 20 March. Kept: the 7 days 14-20 March; Sunday 8 and Sunday 1 March, the
    # newest of their ISO weeks; 28 February, the newest of its month. Gone: 13 March (its week
    # already has 15 March) and 27 February (its month has the 28th).
    assert [(now - b.taken_at).days for b in listed if b.path in removed] == [21, 7]
    left = {p.name for p in data.backups.iterdir()}
    assert left == {foreign.name} | {t.path.name for t in taken if t.path not in removed}
    assert len(left) == 1 + 10
    assert foreign.read_bytes() == b"kept by the person"
