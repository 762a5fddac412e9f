"""An export or `backup -o` never writes over a journal of any data folder, also one this process
never opened, whatever path or link leads there; and the backups folder is held to the data
folder's privacy rules: reported when loose, never chmod-ed, with only our own files tightened."""

import hashlib
import os
import shutil
import sqlite3
import stat
from contextlib import closing
from datetime import timedelta

import pytest

from carecompanion import paths
from carecompanion.cli import main
from carecompanion.db import backup
from carecompanion.db.journal import open_journal
from carecompanion.services import checkins


def run(data, *argv):
    return main(["--data-dir", str(data.root), *argv])


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_journal(data, now):
    with open_journal(data, now=now, automatic_backup=False) as journal, journal.write() as s:
        checkins.record(s, {"pain": 3}, recorded_at=now - timedelta(hours=1), note="n", now=now)


@pytest.fixture
def unopened(tmp_path, now, monkeypatch):
    """Another person's data folder, with journal and lock, that this process never opened."""
    other = paths.resolve(tmp_path / "someone-else")
    make_journal(other, now)
    monkeypatch.setattr(paths, "_opened", set())
    return other


@pytest.fixture
def logged(data, now):
    make_journal(data, now)
    return data


def refused(data, target, capsys, argv=("export", "csv")):
    code = run(data, *argv, "-o", str(target))
    return code == 2 and "choose a file" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [("export", "csv"), ("export", "json"), ("backup",)])
def test_an_export_never_overwrites_the_journal_of_a_data_folder_it_did_not_open(
    logged, unopened, capsys, argv
):
    before = digest(unopened.journal)
    assert refused(logged, unopened.journal, capsys, argv)
    assert digest(unopened.journal) == before


def test_an_export_never_overwrites_another_journal_through_a_symlink(
    logged, unopened, tmp_path, capsys
):
    link = tmp_path / "innocent.csv"
    link.symlink_to(unopened.journal)
    before = digest(unopened.journal)
    assert refused(logged, link, capsys)
    assert digest(unopened.journal) == before


def test_an_export_never_overwrites_another_journal_through_a_hard_link(
    logged, unopened, tmp_path, capsys
):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = elsewhere / "report.csv"
    os.link(unopened.journal, link)
    before = digest(unopened.journal)
    assert refused(logged, link, capsys)
    assert digest(unopened.journal) == before


def test_an_export_never_overwrites_a_copied_journal_or_backup_wherever_it_is(
    logged, unopened, tmp_path, capsys
):
    copy = tmp_path / "old-journal.json"
    shutil.copy2(unopened.journal, copy)
    before = digest(copy)
    assert refused(logged, copy, capsys, ("export", "json"))
    assert digest(copy) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("old-journal")) == [
        copy.name
    ]  # read without leaving -wal or -shm beside it


@pytest.mark.parametrize("name", ["journal.db", "notes.csv", "backups/summary.csv"])
def test_nothing_is_written_into_a_folder_holding_a_journal_lock(logged, unopened, capsys, name):
    target = unopened.root / name
    assert refused(logged, target, capsys)
    assert not (unopened.root / "notes.csv").exists()


def test_an_empty_journal_db_beside_a_journal_lock_is_not_written_over(
    logged, tmp_path, capsys, monkeypatch
):
    folder = tmp_path / "fresh"
    folder.mkdir()
    (folder / "journal.lock").write_bytes(b"")
    (folder / "journal.db").write_bytes(b"")
    assert refused(logged, folder / "journal.db", capsys)
    assert (folder / "journal.db").read_bytes() == b""


def test_an_sqlite_file_of_another_program_may_be_written_over(logged, tmp_path):
    target = tmp_path / "other-app.db"
    with closing(sqlite3.connect(target)) as conn:
        conn.execute("CREATE TABLE things (x)")
        conn.commit()
    assert run(logged, "export", "csv", "-o", str(target)) == 0
    assert not target.read_bytes().startswith(b"SQLite format 3")


# ----- the backups folder -----


def test_backups_are_written_private_from_their_first_byte(logged, now, monkeypatch):
    monkeypatch.setattr(backup, "make_private", lambda path: None)  # no tightening afterwards
    old = os.umask(0)
    try:
        taken = backup.take(logged.journal, logged.backups, "manual", now)
    finally:
        os.umask(old)
    assert stat.S_IMODE(taken.path.stat().st_mode) == 0o600


def test_check_reports_a_backups_folder_others_can_look_into_and_leaves_its_mode(
    logged, now, capsys
):
    logged.backups.chmod(0o755)
    assert run(logged, "check") == 0
    err = capsys.readouterr().err
    assert "warning" in err and str(logged.backups) in err and "chmod 700" in err
    assert stat.S_IMODE(logged.backups.stat().st_mode) == 0o755


def test_a_backups_folder_others_can_change_is_refused_and_left_as_it_is(logged, capsys):
    logged.backups.chmod(0o777)
    assert run(logged, "log", "--pain", "2") == 3
    err = capsys.readouterr().err
    assert str(logged.backups) in err and "chmod 700" in err
    assert stat.S_IMODE(logged.backups.stat().st_mode) == 0o777


def test_backups_others_can_read_are_reported_then_tightened_but_only_ours(logged, now, capsys):
    taken = backup.take(logged.journal, logged.backups, "manual", now)
    taken.path.chmod(0o644)
    theirs = logged.backups / "my-notes.txt"
    theirs.write_text("mine")
    theirs.chmod(0o644)
    aside = logged.root / f"journal-replaced-{now.strftime(backup.STAMP)}.db"
    aside.write_bytes(b"kept")
    aside.chmod(0o644)
    assert run(logged, "check") == 0
    err = capsys.readouterr().err
    assert "can be read by other users" in err and "2 file(s)" in err
    assert run(logged, "log", "--pain", "2") == 0
    assert stat.S_IMODE(taken.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(aside.stat().st_mode) == 0o600
    assert stat.S_IMODE(theirs.stat().st_mode) == 0o644
    assert stat.S_IMODE(logged.backups.stat().st_mode) == 0o700


def test_a_nightly_backup_may_replace_the_last_one_it_wrote(logged, tmp_path, capsys):
    target = tmp_path / "nightly.db"
    assert run(logged, "backup", "-o", str(target)) == 0
    first = digest(target)
    run(logged, "log", "--pain", "5")
    assert run(logged, "backup", "-o", str(target)) == 0
    assert digest(target) != first
    assert refused(logged, target, capsys, ("export", "csv"))  # an export never replaces it


@pytest.mark.parametrize("content", [b"my notes", b"%PDF-1.4 a summary"])
def test_a_backup_never_replaces_a_file_that_is_not_a_backup(logged, tmp_path, capsys, content):
    target = tmp_path / "precious"
    target.write_bytes(content)
    assert run(logged, "backup", "-o", str(target)) == 2
    assert "choose a new file name, or an earlier backup" in capsys.readouterr().err
    assert target.read_bytes() == content
