"""Nothing is left behind: temporary files of a killed `backup -o` or export are cleared later,
working files of a killed restore or creation are cleared on the next opening, journals kept
aside are thinned after 30 days (never the newest), and a check leaves no -wal or -shm."""

import hashlib
import os
import sqlite3
import time
from contextlib import closing
from datetime import timedelta

import pytest

from carecompanion import paths
from carecompanion.cli import main
from carecompanion.db import backup
from carecompanion.db.driver import sqlite as driver_sqlite
from carecompanion.db.health import check_file
from carecompanion.db.journal import open_journal
from carecompanion.db.restore import restore
from carecompanion.services import checkins

HOUR = 3600


def run(data, *argv):
    return main(["--data-dir", str(data.root), *argv])


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_journal(data, now, notes=("one",)):
    with open_journal(data, now=now, automatic_backup=False) as journal, journal.write() as s:
        for i, note in enumerate(notes):
            checkins.record(
                s, {"pain": 3}, recorded_at=now - timedelta(hours=i), note=note, now=now
            )


def age(path, seconds):
    moment = time.time() - seconds
    os.utime(path, (moment, moment), follow_symlinks=False)


@pytest.fixture
def outside(tmp_path):
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


# ----- temporary files beside a requested file -----


@pytest.mark.parametrize("command", ["backup", "export"])
def test_temporary_files_a_killed_write_left_are_cleared_once_an_hour_old(
    data, now, outside, command
):
    make_journal(data, now)
    stale_dir = outside / ".copy.db.0123456789abcdef.tmp.d"
    stale_dir.mkdir()
    (stale_dir / "copy.db").write_bytes(b"half a snapshot")
    stale_file = outside / ".out.csv.fedcba9876543210.tmp"
    stale_file.write_bytes(b"half an export")
    fresh = outside / ".other.csv.00112233445566ff.tmp"  # perhaps still being written
    fresh.write_bytes(b"being written")
    theirs = outside / ".notes.txt.tmp"  # not a name of ours
    theirs.write_bytes(b"mine")
    victim = outside / "victim"
    victim.write_bytes(b"precious")
    link = outside / ".link.csv.aaaaaaaaaaaaaaaa.tmp"
    link.symlink_to(victim)
    for path in (stale_dir / "copy.db", stale_dir, stale_file, theirs, link):
        age(path, 2 * HOUR)
    argv = ["backup", "-o", str(outside / "copy.db")]
    if command == "export":
        argv = ["export", "csv", "-o", str(outside / "out.csv")]
    assert run(data, *argv) == 0
    assert not stale_dir.exists() and not stale_file.exists()
    assert fresh.exists() and theirs.exists() and link.is_symlink()
    assert victim.read_bytes() == b"precious"


# ----- working files of a restore or a creation -----


@pytest.mark.parametrize(
    "leftover",
    [
        "journal.db.new",
        "journal.db.new-journal",
        "journal.db.new-wal",
        "journal.db.restoring",
        "journal.db.restoring-wal",
        "journal-replaced-20260301T100000000000Z.db.copying",
    ],
)
def test_an_empty_working_file_left_by_a_full_disk_is_cleared_when_the_journal_next_opens(
    data, now, leftover
):
    make_journal(data, now)
    (data.root / leftover).write_bytes(b"")
    with open_journal(data, now=now, automatic_backup=False):
        pass
    assert not (data.root / leftover).exists()
    assert (data.root / "journal.db").exists()


def test_a_working_file_left_before_the_journal_was_made_is_cleared_by_the_first_log(data):
    data.ensure()
    (data.root / "journal.db.new").write_bytes(b"")
    assert run(data, "log", "--pain", "2") == 0
    assert not (data.root / "journal.db.new").exists()


def test_a_restore_clears_what_a_killed_creation_left(data, now, tmp_path):
    other = paths.resolve(tmp_path / "other")
    make_journal(other, now)
    source = backup.snapshot(other.journal, tmp_path / "b.db")
    data.ensure()
    (data.root / "journal.db.new").write_bytes(b"")
    restore(data, source, now)
    assert not (data.root / "journal.db.new").exists()


def test_a_full_disk_while_a_journal_is_made_leaves_no_working_file(data, monkeypatch, capsys):
    from carecompanion.db import migrate

    def full(path, *args, **kwargs):
        path.write_bytes(b"")
        raise driver_sqlite.OperationalError("database or disk is full")

    monkeypatch.setattr(migrate, "upgrade", full)
    assert run(data, "log", "--pain", "2") == 3
    assert sorted(p.name for p in data.root.iterdir() if p.name.startswith("journal.db")) == []


def test_a_copy_kept_aside_carries_its_name_only_once_whole(data, now, tmp_path, monkeypatch):
    from carecompanion.db import restore as restoring

    other = paths.resolve(tmp_path / "other")
    make_journal(other, now)
    source = backup.snapshot(other.journal, tmp_path / "b.db")
    make_journal(data, now)

    def cut_short(current, target):
        target.write_bytes(current.read_bytes()[:100])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(restoring, "_copy_exclusive", cut_short)
    monkeypatch.setattr(
        restoring.os, "link", lambda *a, **k: (_ for _ in ()).throw(OSError(18, "cross-device"))
    )
    before = digest(data.journal)
    with pytest.raises(Exception, match="full"):
        restore(data, source, now)
    assert digest(data.journal) == before
    assert [p.name for p in data.root.iterdir() if p.name.startswith("journal-")] == []


# ----- journals kept aside by restore are thinned -----


def stamp(moment):
    return moment.strftime(backup.STAMP)


def test_journals_kept_aside_are_kept_30_days_and_the_newest_of_each_kind_always(data, now):
    data.ensure()
    names = {
        "old replaced": f"journal-replaced-{stamp(now - timedelta(days=40))}.db",
        "older replaced": f"journal-replaced-{stamp(now - timedelta(days=90))}-2.db",
        "recent replaced": f"journal-replaced-{stamp(now - timedelta(days=29))}.db",
        "newest replaced": f"journal-replaced-{stamp(now - timedelta(days=2))}.db",
        "only damaged": f"journal-damaged-{stamp(now - timedelta(days=200))}.db",
        "future replaced": f"journal-replaced-{stamp(now + timedelta(days=400))}.db",
        "not ours": "journal-replaced-by-hand.db",
    }
    for name in names.values():
        (data.root / name).write_bytes(b"kept")
    (data.root / (names["old replaced"] + "-wal")).write_bytes(b"its log")
    removed = backup.thin_set_aside(data.root, now)
    gone = {"old replaced", "older replaced"}
    assert sorted(p.name for p in removed) == sorted(names[k] for k in gone)
    assert not (data.root / (names["old replaced"] + "-wal")).exists()
    for key, name in names.items():
        assert (data.root / name).exists() == (key not in gone), key


def test_the_newest_journal_kept_aside_survives_however_old(data, now):
    data.ensure()
    only = data.root / f"journal-replaced-{stamp(now - timedelta(days=365))}.db"
    only.write_bytes(b"kept")
    assert backup.thin_set_aside(data.root, now) == []
    assert only.exists()


def test_a_restore_thins_the_journals_kept_aside_by_earlier_ones(data, now, tmp_path):
    other = paths.resolve(tmp_path / "other")
    make_journal(other, now)
    source = backup.snapshot(other.journal, tmp_path / "b.db")
    make_journal(data, now)
    old = data.root / f"journal-replaced-{stamp(now - timedelta(days=45))}.db"
    old.write_bytes(b"kept")
    kept = restore(data, source, now)
    assert kept is not None and kept.exists()
    assert not old.exists()


# ----- checks leave nothing beside the file -----


def damage_an_index(journal):
    with closing(sqlite3.connect(journal)) as conn:
        conn.execute("PRAGMA writable_schema=ON")
        conn.execute(
            "UPDATE sqlite_master SET sql='CREATE INDEX ix_checkins_recorded_at ON checkins (note)'"
            " WHERE name='ix_checkins_recorded_at'"
        )
        conn.commit()


def test_check_on_a_damaged_journal_leaves_no_wal_or_shm_beside_it(data, now, capsys):
    make_journal(data, now, ["one", "two", "three"])
    damage_an_index(data.journal)
    assert data.journal.read_bytes()[18:20] == b"\x02\x02"  # WAL mode
    before = digest(data.journal)
    assert run(data, "check") == 3
    assert "trouble" in capsys.readouterr().out
    assert sorted(p.name for p in data.root.iterdir() if p.name.startswith("journal.db")) == [
        "journal.db"
    ]
    assert digest(data.journal) == before


@pytest.mark.parametrize("full", [True, False])
def test_a_check_of_a_healthy_journal_changes_no_byte_and_leaves_nothing(data, now, full):
    make_journal(data, now)
    before = digest(data.journal)
    check_file(data.journal, full=full)
    assert sorted(p.name for p in data.root.iterdir() if p.name.startswith("journal.db")) == [
        "journal.db"
    ]
    assert digest(data.journal) == before


def test_a_check_of_a_journal_in_use_replays_nothing_into_it(data, now):
    make_journal(data, now)
    holder = sqlite3.connect(data.journal)
    try:
        holder.execute("PRAGMA wal_autocheckpoint=0")
        holder.execute("UPDATE checkins SET note = 'changed'")
        holder.commit()
        before = digest(data.journal)
        check_file(data.journal, full=True)
        assert digest(data.journal) == before
    finally:
        holder.close()


def test_check_on_a_healthy_journal_leaves_nothing_beside_it(data, now, capsys):
    make_journal(data, now)
    before = sorted(p.name for p in data.root.iterdir())
    assert run(data, "check") == 0
    assert "integrity: ok" in capsys.readouterr().out
    assert sorted(p.name for p in data.root.iterdir()) == before


def test_restore_with_a_lock_that_cannot_be_used_is_exit_3_not_a_crash(data, now, tmp_path, capsys):
    make_journal(data, now)
    source = backup.snapshot(data.journal, tmp_path / "copy.db")
    data.lock.unlink()
    data.lock.mkdir()  # a lock file that is a folder
    assert run(data, "restore", str(source)) == 3
    assert "lock file journal.lock cannot be used" in capsys.readouterr().err


def test_restore_takes_only_the_databases_pages_not_bytes_after_them(data, now, tmp_path):
    make_journal(data, now)
    source = backup.snapshot(data.journal, tmp_path / "copy.db")
    size = source.stat().st_size
    with source.open("ab") as padded:
        padded.truncate(size + 50 * 1024 * 1024)  # sparse: 50 MB after the last page
    restore(data, source, now)
    assert data.journal.stat().st_size == size
    check_file(data.journal, full=True)


def test_a_second_name_a_killed_restore_left_on_the_live_journal_is_dropped(data, now):
    make_journal(data, now)
    aside = data.root / "journal-replaced-20260320T120000000000Z.db"
    os.link(data.journal, aside)  # kept aside, then killed before the new journal came
    with open_journal(data, now=now, automatic_backup=False):
        pass
    assert not aside.exists() and data.journal.exists()


@pytest.mark.parametrize(("code", "words"), [(13, "database or disk is full"), (8, "readonly")])
def test_a_full_disk_or_read_only_folder_is_not_called_damage(
    data, now, monkeypatch, capsys, code, words
):
    from contextlib import contextmanager

    from carecompanion.db import health

    make_journal(data, now)

    @contextmanager
    def refused(path):
        error = driver_sqlite.OperationalError(words)
        error.sqlite_errorcode = code
        raise error
        yield  # pragma: no cover

    monkeypatch.setattr(health, "checking", refused)
    assert run(data, "check") == 3
    printed = capsys.readouterr()
    said = printed.out + printed.err
    assert "cannot be opened: its folder cannot be written to" in said
    assert "damaged" not in said
