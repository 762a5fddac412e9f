"""Files written on request (exports, `backup -o`) never land in the data folder, never follow a
planted link, and leave nothing behind when the disk is full or the folder read-only."""

import errno
import hashlib
import os
import secrets
import sqlite3
import stat

import pytest

from carecompanion.cli import main
from carecompanion.db import backup as backups
from carecompanion.db.driver import sqlite as driver_sqlite
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.report import ReportOptions
from carecompanion.export import files, pdf
from carecompanion.services import exports, report

pytestmark = pytest.mark.skipif(os.name != "posix", reason="links and modes as on POSIX")

FORMATS = ("pdf", "csv", "json", "fhir")


def run(data, *argv):
    return main(["--data-dir", str(data.root), *argv])


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def count_checkins(data):
    with sqlite3.connect(data.journal) as conn:
        found = conn.execute("SELECT count(*) FROM checkins").fetchone()[0]
    conn.close()
    return found


def contents(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def logged(data):
    assert run(data, "log", "--pain", "4", "--note", "before the export") == 0
    return data


@pytest.fixture
def outside(tmp_path):
    folder = tmp_path / "outside"
    folder.mkdir(mode=0o700)
    return folder


def assert_refused(capsys, option, given):
    err = capsys.readouterr().err
    assert f"{option}: {str(given)!r} is not allowed" in err
    assert "choose a file other than the journal and outside its folder" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("kind", FORMATS)
def test_an_export_never_overwrites_the_live_journal(logged, capsys, kind):
    before = digest(logged.journal)
    assert run(logged, "export", kind, "-o", str(logged.journal)) == 2
    assert_refused(capsys, "-o", logged.journal)
    assert digest(logged.journal) == before
    assert count_checkins(logged) == 1


@pytest.mark.parametrize(
    "name",
    [
        "journal.db-wal",
        "journal.db-shm",
        "journal.lock",
        "backups",
        "backups/manual.csv",
        "settings.ini",
        "a-new-file.csv",
    ],
)
def test_an_export_never_writes_anything_into_the_data_folder(logged, capsys, name):
    target = logged.root / name
    before = contents(logged.root)
    assert run(logged, "export", "csv", "-o", str(target)) == 2
    assert_refused(capsys, "-o", target)
    assert contents(logged.root) == before
    assert not (logged.backups / "manual.csv").exists()


def test_an_export_never_overwrites_a_backup(logged, capsys):
    assert run(logged, "backup") == 0
    taken = backups.listing(logged.backups)[-1].path
    before = digest(taken)
    assert run(logged, "export", "json", "-o", str(taken)) == 2
    assert_refused(capsys, "-o", taken)
    assert digest(taken) == before


def test_an_export_reaching_the_journal_through_dotdot_or_a_link_is_refused(
    logged, outside, capsys
):
    before = digest(logged.journal)
    link_to_journal = outside / "journal-link.csv"
    link_to_journal.symlink_to(logged.journal)
    link_to_folder = outside / "folder-link"
    link_to_folder.symlink_to(logged.root, target_is_directory=True)
    hard_link = outside / "hard-link.db"
    hard_link.hardlink_to(logged.journal)
    for given in (
        outside / ".." / logged.root.name / "journal.db",
        link_to_journal,
        link_to_folder / "journal.db",
        link_to_folder / "new.pdf",
        hard_link,
    ):
        assert run(logged, "export", "csv", "-o", str(given)) == 2, given
        assert_refused(capsys, "-o", given)
    assert digest(logged.journal) == before
    assert link_to_journal.is_symlink() and link_to_folder.is_symlink()
    assert contents(outside) == ["folder-link", "hard-link.db", "journal-link.csv"]


@pytest.mark.parametrize("name", ["journal.db", "journal.db-wal", "backups/copy.db", "x.db"])
def test_backup_o_never_writes_into_the_data_folder(logged, outside, capsys, name):
    before = digest(logged.journal)
    listed = contents(logged.backups)
    assert run(logged, "backup", "-o", str(logged.root / name)) == 2
    assert_refused(capsys, "-o", logged.root / name)
    link = outside / "link.db"
    link.symlink_to(logged.root / name)
    assert run(logged, "backup", "-o", str(link)) == 2
    assert_refused(capsys, "-o", link)
    assert digest(logged.journal) == before
    assert contents(logged.backups) == listed


def test_the_writers_the_window_calls_refuse_the_data_folder_too(journal, data, now, ctx):
    with pytest.raises(InvalidInput, match="outside its folder"):
        exports.export_file(journal, "csv", data.journal, None, now, ctx.zone)
    options = ReportOptions(start=now.date(), end=now.date())
    with journal.read() as session:
        built = report.build(session, options, now, ctx.zone)
    with pytest.raises(InvalidInput, match="outside its folder"):
        pdf.write(built, data.backups / "summary.pdf")
    assert not (data.backups / "summary.pdf").exists()


def test_a_link_swapped_into_the_path_after_the_check_is_caught(
    logged, outside, monkeypatch, capsys
):
    destination = outside / "reports"
    destination.mkdir()
    checked = files.check_target

    def check_then_swap(target, option="file", data=None):
        final = checked(target, option, data)
        destination.rename(outside / "moved")
        destination.symlink_to(logged.root, target_is_directory=True)
        return final

    monkeypatch.setattr(files, "check_target", check_then_swap)
    before = contents(logged.root)
    assert run(logged, "export", "csv", "-o", str(destination / "journal.db")) == 2
    assert "outside its folder" in capsys.readouterr().err
    assert contents(logged.root) == before


def plant_at_the_next_temporary_name(monkeypatch):
    """The next random name is a known one, as if an attacker had guessed it."""
    real = secrets.token_hex
    guesses = iter(["0" * 16])
    monkeypatch.setattr(secrets, "token_hex", lambda n: next(guesses, None) or real(n))
    return "0" * 16


def test_an_export_does_not_follow_a_symlink_planted_at_its_temporary_name(
    logged, outside, tmp_path, monkeypatch
):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    guessed = plant_at_the_next_temporary_name(monkeypatch)
    target = outside / "checkins.csv"
    planted = [outside / f".{target.name}.{guessed}.tmp", outside / f".{target.name}.partial"]
    for link in planted:
        link.symlink_to(victim)
    assert run(logged, "export", "csv", "-o", str(target)) == 0
    assert victim.read_text() == "precious"
    assert all(link.is_symlink() and os.readlink(link) == str(victim) for link in planted)
    assert "before the export" in target.read_text()
    assert contents(outside) == sorted([*(link.name for link in planted), target.name])


def test_backup_o_does_not_follow_a_symlink_planted_at_its_private_folder(
    logged, outside, tmp_path, monkeypatch
):
    victim = tmp_path / "victim-folder"
    victim.mkdir()
    guessed = plant_at_the_next_temporary_name(monkeypatch)
    target = outside / "copy.db"
    planted = [outside / f".{target.name}.{guessed}.tmp.d", outside / f"{target.name}.partial"]
    for link in planted:
        link.symlink_to(victim, target_is_directory=True)
    assert run(logged, "backup", "-o", str(target)) == 0
    assert contents(victim) == []
    assert contents(outside) == sorted([*(link.name for link in planted), target.name])
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM checkins").fetchone()[0] == 1
    conn.close()


@pytest.mark.parametrize("kind", FORMATS)
def test_an_export_is_written_whole_private_and_alone(logged, outside, kind):
    target = outside / f"out.{kind}"
    target.write_text("an older export")
    assert run(logged, "export", kind, "-o", str(target)) == 0
    assert target.read_bytes() != b"an older export"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert contents(outside) == [target.name]


def test_an_export_through_a_link_outside_the_data_folder_replaces_what_it_points_to(
    logged, outside
):
    real = outside / "real.csv"
    real.write_text("old")
    link = outside / "link.csv"
    link.symlink_to(real)
    assert run(logged, "export", "csv", "-o", str(link)) == 0
    assert link.is_symlink()
    assert "before the export" in real.read_text()


def test_an_export_onto_a_folder_or_a_pipe_is_refused(logged, outside, capsys):
    pipe = outside / "pipe"
    os.mkfifo(pipe)
    assert run(logged, "export", "csv", "-o", str(pipe)) == 2
    assert "not a device, pipe or socket" in capsys.readouterr().err
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert run(logged, "export", "csv", "-o", str(outside)) == 2
    assert "not a folder" in capsys.readouterr().err
    assert run(logged, "backup", "-o", str(outside / "missing" / "x.db")) == 2
    assert "a folder that exists" in capsys.readouterr().err


def full_disk(monkeypatch, after_bytes=0):
    """os.write accepts `after_bytes` bytes, then fails as on a full disk."""
    real = os.write
    left = [after_bytes]

    def write(fd, data):
        if left[0] <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        taken = real(fd, bytes(data[: left[0]]))
        left[0] -= taken
        return taken

    monkeypatch.setattr(os, "write", write)


@pytest.mark.parametrize("kind", FORMATS)
def test_full_disk_during_export_is_exit_3_and_leaves_nothing(
    logged, outside, monkeypatch, capsys, kind
):
    target = outside / f"summary.{kind}"
    target.write_text("the previous export")
    full_disk(monkeypatch, after_bytes=100)
    assert run(logged, "export", kind, "-o", str(target)) == 3
    err = capsys.readouterr().err
    assert "The disk is full" in err and str(target) in err
    assert "Traceback" not in err and "before the export" not in err
    assert contents(outside) == [target.name]
    assert target.read_text() == "the previous export"
    assert count_checkins(logged) == 1


def test_a_read_only_folder_during_export_is_exit_3_and_leaves_nothing(
    logged, outside, monkeypatch, capsys
):
    real = os.open

    def read_only(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and str(path).endswith(".tmp"):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    assert run(logged, "export", "json", "-o", str(outside / "all.json")) == 3
    err = capsys.readouterr().err
    assert "is read-only or you are not allowed to write there" in err
    assert "Traceback" not in err
    assert contents(outside) == []


@pytest.mark.skipif(os.name == "posix" and os.geteuid() == 0, reason="root writes anywhere")
def test_a_folder_without_write_permission_is_exit_3(logged, outside, capsys):
    outside.chmod(0o500)
    try:
        assert run(logged, "export", "csv", "-o", str(outside / "c.csv")) == 3
        assert run(logged, "backup", "-o", str(outside / "c.db")) == 3
    finally:
        outside.chmod(0o700)
    assert "not allowed to write there" in capsys.readouterr().err
    assert contents(outside) == []


def test_full_disk_during_backup_is_exit_3_and_leaves_nothing(logged, outside, monkeypatch, capsys):
    def snapshot_on_a_full_disk(journal, destination, **options):
        destination.with_name(destination.name + ".partial").write_bytes(b"SQLite format 3\0")
        raise driver_sqlite.OperationalError("database or disk is full")

    monkeypatch.setattr(backups, "snapshot", snapshot_on_a_full_disk)
    target = outside / "copy.db"
    assert run(logged, "backup", "-o", str(target)) == 3
    err = capsys.readouterr().err
    assert "The disk is full" in err and "Traceback" not in err
    assert contents(outside) == []
    listed = contents(logged.backups)
    monkeypatch.setattr(backups, "snapshot", lambda *args, **options: _full())
    assert run(logged, "backup") == 3
    assert "The disk is full" in capsys.readouterr().err
    assert contents(logged.backups) == listed


def _full():
    raise driver_sqlite.OperationalError("database or disk is full")


def test_full_disk_while_backup_o_syncs_its_snapshot_names_the_file_asked_for(
    logged, outside, monkeypatch, capsys
):
    def fsync_on_a_full_disk(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", fsync_on_a_full_disk)
    target = outside / "copy.db"
    assert run(logged, "backup", "-o", str(target)) == 3
    err = capsys.readouterr().err
    assert f"The disk is full, so {target} was not written" in err
    assert ".tmp.d" not in err and "Traceback" not in err
    assert contents(outside) == []
