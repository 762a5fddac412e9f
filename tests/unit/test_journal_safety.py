"""Promises about data: private files, damaged journals untouched, backups, restore."""

import hashlib
import sqlite3
import stat
from datetime import date, timedelta

import pytest

from carecompanion.db import backup
from carecompanion.db.errors import JournalBusy, JournalDamaged, JournalTooNew
from carecompanion.db.journal import open_journal
from carecompanion.db.lock import LockFile
from carecompanion.db.restore import restore
from carecompanion.domain.context import Context, fixed_clock
from carecompanion.services import checkins, questions


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def fill(journal, now, n=5):
    with journal.write() as session:
        for i in range(n):
            checkins.record(
                session,
                {"pain": i % 11, "nausea": 2},
                recorded_at=now - timedelta(hours=i),
                note=f"entry {i}",
                now=now,
            )
        questions.add(session, "What comes next?", Context(clock=fixed_clock(now)))


def test_folder_journal_and_backups_are_private(journal, data, now):
    fill(journal, now)
    taken = journal.backup_if_due(now)
    assert mode(data.root) == 0o700
    assert mode(data.backups) == 0o700
    assert mode(data.journal) == 0o600
    assert mode(taken.path) == 0o600


def test_a_corrupted_journal_is_refused_and_left_byte_for_byte(journal, data, now):
    fill(journal, now, n=200)
    journal.close()
    raw = bytearray(data.journal.read_bytes())
    for offset in range(4096 * 2, len(raw), 997):  # scribble over pages after the header
        raw[offset] ^= 0xFF
    data.journal.write_bytes(bytes(raw))
    before = digest(data.journal)
    with pytest.raises(JournalDamaged, match="left untouched"):
        open_journal(data, now=now)
    assert digest(data.journal) == before
    wal = data.journal.with_name("journal.db-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # nothing was written for it


@pytest.mark.parametrize("content", [b"", b"\0" * 8192, b"%PDF-1.7 not a journal"])
def test_empty_zeroed_or_foreign_files_are_refused(data, now, content):
    data.ensure()
    data.journal.write_bytes(content)
    with pytest.raises(JournalDamaged):
        open_journal(data, now=now)
    assert data.journal.read_bytes() == content


def test_a_journal_from_a_newer_version_is_refused_unchanged(journal, data, now):
    journal.close()
    with sqlite3.connect(data.journal) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = digest(data.journal)
    with pytest.raises(JournalTooNew, match="newer version"):
        open_journal(data, now=now)
    assert digest(data.journal) == before


def test_backup_then_restore_gives_back_identical_data(journal, data, now, tmp_path):
    fill(journal, now)
    snapshot = backup.snapshot(data.journal, tmp_path / "snap.db")
    with journal.read() as session:
        before = checkins.between(session)
    with journal.write() as session:
        checkins.record(session, {"pain": 9}, now=now)
        checkins.delete(session, before[0].id, now=now)
    journal.close()
    kept = restore(data, snapshot, now)
    with open_journal(data, now=now) as reopened, reopened.read() as session:
        assert checkins.between(session) == before
    assert kept is not None and kept.exists()  # the journal as it was is kept


def test_restore_refuses_while_another_user_holds_the_journal(journal, data, now, tmp_path):
    fill(journal, now)
    snapshot = backup.snapshot(data.journal, tmp_path / "snap.db")
    with journal.write() as session:
        checkins.record(session, {"pain": 3}, now=now)
    before = digest(data.journal)
    with pytest.raises(JournalBusy, match="Close it"):
        restore(data, snapshot, now)
    assert digest(data.journal) == before


def test_restore_over_a_damaged_journal_moves_it_aside(journal, data, now, tmp_path):
    fill(journal, now)
    snapshot = backup.snapshot(data.journal, tmp_path / "snap.db")
    journal.close()
    data.journal.write_bytes(b"garbage")
    kept = restore(data, snapshot, now)
    assert kept.read_bytes() == b"garbage"
    with open_journal(data, now=now) as reopened, reopened.read() as session:
        assert len(checkins.between(session)) == 5


def test_restore_refuses_a_file_that_is_not_a_journal(data, now, tmp_path):
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello")
    with pytest.raises(JournalDamaged):
        restore(data, bogus, now)


def test_sole_use_is_refused_while_shared(journal, data):
    other = LockFile(data.lock)
    assert not other.exclusive()
    other.release()
    journal.close()
    with LockFile(data.lock) as alone:
        assert alone.exclusive()


def test_automatic_backup_is_daily_and_verified(journal, data, now):
    assert journal.backup_if_due(now) is None  # nothing to back up yet
    fill(journal, now)
    first = journal.backup_if_due(now)
    assert first is not None
    assert journal.backup_if_due(now + timedelta(hours=23)) is None
    assert journal.backup_if_due(now + timedelta(days=1)) is not None
    with sqlite3.connect(first.path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM checkins").fetchone()[0] == 5
    conn.close()


def test_thinning_keeps_7_daily_4_weekly_12_monthly(tmp_path, now):
    made = [
        backup.BackupFile(tmp_path / f"b{i}", now - timedelta(days=i), "daily")
        for i in range(0, 800)
    ]
    keep = backup.to_keep(made, now)
    kept = sorted(b.taken_at.date() for b in made if b.path in keep)
    # Now is Friday 20 March 2026. The 7 days 14-20 March; the newest of the 4 ISO weeks back
    # to 23 February: 20 March (already kept), Sundays 15 March (kept), 8 and 1 March; the
    # newest of the 12 months back to April 2025: 20 March (kept) and each month's last day.
    daily = [date(2026, 3, day) for day in range(14, 21)]
    weekly = [date(2026, 3, 1), date(2026, 3, 8)]
    monthly = [date(2026, 2, 28), date(2026, 1, 31)] + [
        date(2025, month, 30 if month in (4, 6, 9, 11) else 31) for month in range(4, 13)
    ]
    assert kept == sorted(daily + weekly + monthly)
    assert len(keep) == 7 + 2 + 11
