"""When the journal cannot be used, the person is told why in plain words, and no file is
changed: another program's database, a missing backup or one from a newer version, a journal
in use, a damaged index, a folder where the journal should be."""

import hashlib
import sqlite3

import pytest
from sqlalchemy import event

from carecompanion.db import backup
from carecompanion.db.driver import sqlite as driver_sqlite
from carecompanion.db.errors import JournalBusy, JournalDamaged, JournalTooNew
from carecompanion.db.health import check_file
from carecompanion.db.journal import open_journal
from carecompanion.db.lock import LockFile
from carecompanion.db.migrate import upgrade
from carecompanion.db.restore import restore
from carecompanion.services import checkins


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def another_programs_database(path):
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.close()


def test_another_programs_database_is_not_taken_for_a_journal(data, now):
    data.ensure()
    another_programs_database(data.journal)
    before = digest(data.journal)
    with pytest.raises(JournalDamaged, match="is a database, but not a CareCompanion journal"):
        open_journal(data, now=now)
    assert digest(data.journal) == before


def test_restore_from_a_file_that_is_not_there_says_so(journal, data, now, tmp_path):
    journal.close()
    before = digest(data.journal)
    with pytest.raises(JournalDamaged, match=r"There is no file .*gone\.db to restore from"):
        restore(data, tmp_path / "gone.db", now)
    assert digest(data.journal) == before


def test_restore_refuses_another_programs_database(journal, data, now, tmp_path):
    with journal.write() as session:
        checkins.record(session, {"pain": 2}, note="mine", now=now)
    journal.close()
    foreign = tmp_path / "recipes.db"
    another_programs_database(foreign)
    before = digest(data.journal)
    with pytest.raises(JournalDamaged, match="is not a CareCompanion journal or backup"):
        restore(data, foreign, now)
    assert digest(data.journal) == before


def test_restore_refuses_a_backup_from_a_newer_version(journal, data, now, tmp_path):
    journal.close()
    newer = backup.snapshot(data.journal, tmp_path / "newer.db")
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = digest(data.journal)
    with pytest.raises(JournalTooNew, match="made by a newer version of CareCompanion"):
        restore(data, newer, now)
    assert digest(data.journal) == before


def test_restore_takes_a_backup_from_an_older_version(data, now, tmp_path):
    older = tmp_path / "older.db"
    upgrade(older, "0001")
    restore(data, older, now)
    with open_journal(data, now=now) as journal, journal.read() as session:  # brought up to date
        assert checkins.count(session) == 0


def test_sole_use_is_refused_at_once_while_another_process_has_the_journal(journal, data, now):
    with pytest.raises(JournalBusy, match="Another CareCompanion window or command is using"):
        open_journal(data, sole_use=True, now=now)
    with journal.read() as session:  # the first user keeps the journal
        assert checkins.count(session) == 0


def test_an_update_that_needs_the_journal_alone_waits_for_the_others(data, now):
    data.ensure()
    upgrade(data.journal, "0001")
    before = digest(data.journal)
    with LockFile(data.lock) as other_user:
        assert other_user.shared()
        with pytest.raises(JournalBusy, match="needs to update the journal, and that needs it"):
            open_journal(data, now=now)
    assert digest(data.journal) == before
    with open_journal(data, now=now) as journal, journal.read() as session:  # now alone: updated
        assert checkins.count(session) == 0


def test_a_shared_lock_is_refused_while_someone_holds_the_journal_alone(data):
    data.ensure()
    with LockFile(data.lock) as alone:
        assert alone.exclusive()
        assert not LockFile(data.lock).shared(wait_seconds=0)
    assert LockFile(data.lock).shared(wait_seconds=0)


def test_a_save_blocked_by_another_writer_says_so_and_saves_nothing(journal, data, now):
    journal.engine.dispose()
    event.listen(journal.engine, "connect", lambda conn, _: conn.execute("PRAGMA busy_timeout=0"))
    # The app's own SQLite: within one process, each copy of SQLite sees only its own locks.
    other = driver_sqlite.connect(data.journal, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process in the middle of its own save
    try:
        busy = pytest.raises(JournalBusy, match="stayed busy for too long; nothing was saved")
        with busy, journal.write() as session:
            checkins.record(session, {"pain": 5}, now=now)
    finally:
        other.execute("ROLLBACK")
        other.close()
    with journal.read() as session:
        assert checkins.count(session) == 0


def test_a_folder_in_place_of_the_journal_cannot_be_read(tmp_path):
    folder = tmp_path / "journal.db"
    folder.mkdir()
    with pytest.raises(JournalDamaged, match="cannot be read"):
        check_file(folder)


def test_a_damaged_index_fails_the_check_with_what_sqlite_found(tmp_path):
    path = tmp_path / "journal.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (text TEXT)")
        conn.execute("CREATE INDEX by_text ON notes (text)")
        conn.executemany("INSERT INTO notes VALUES (?)", [("same",), ("same",)])
        # Declare the index unique after the fact: its two equal entries now break it.
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute(
            "UPDATE sqlite_master SET sql = 'CREATE UNIQUE INDEX by_text ON notes (text)'"
            " WHERE name = 'by_text'"
        )
    conn.close()
    before = digest(path)
    with pytest.raises(JournalDamaged, match=r"is damaged \(non-unique entry in index by_text\)"):
        check_file(path, full=True)
    assert digest(path) == before
