"""Backups stay there when they are needed: the snapshot taken before a restore, import or
update outlives thinning for 30 days, a file dated in the future stops nothing, and a full disk
is a clear refusal (exit 3) that leaves no half-written file."""

import os
import resource
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from carecompanion.cli import main
from carecompanion.db import backup
from carecompanion.db.restore import restore
from carecompanion.services import checkins


def fill(journal, now):
    with journal.write() as session:
        checkins.record(session, {"pain": 3}, note="kept", now=now)


def names(folder):
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("reason", sorted(backup.BEFORE_CHANGES))
def test_a_snapshot_taken_before_a_change_outlives_thinning_for_30_days(journal, data, now, reason):
    fill(journal, now)
    before = backup.take(data.journal, data.backups, reason, now)
    later = backup.take(data.journal, data.backups, "manual", now + timedelta(minutes=1))
    assert before.path not in backup.thin(data.backups, now + timedelta(minutes=1))
    for day in range(1, 31):  # a daily backup every day for a month, thinned each time
        moment = now + timedelta(days=day)
        backup.take(data.journal, data.backups, "daily", moment)
        backup.thin(data.backups, moment)
        assert before.path.exists(), day
    assert later.path.exists() is False  # an ordinary one goes when its day's slot is taken
    # After 30 days it is an ordinary backup again, thinned like the rest.
    moment = now + timedelta(days=45)
    backup.take(data.journal, data.backups, "daily", moment)
    assert before.path in backup.thin(data.backups, moment)


def test_a_manual_backup_never_thins_away_the_snapshot_taken_before_a_restore(
    journal, data, now, tmp_path, capsys
):
    fill(journal, now)
    source = backup.snapshot(data.journal, tmp_path / "good.db")
    journal.close()
    assert main(["--data-dir", str(data.root), "restore", str(source)]) == 0
    [before] = [b for b in backup.listing(data.backups) if b.reason == "before-restore"]
    assert main(["--data-dir", str(data.root), "backup"]) == 0
    assert main(["--data-dir", str(data.root), "backup"]) == 0
    assert before.path.exists()
    assert "before-restore" in " ".join(names(data.backups))


def future_copy(data, now, when):
    real = backup.take(data.journal, data.backups, "daily", now - timedelta(days=3))
    future = data.backups / f"journal-{when.strftime(backup.STAMP)}-daily.db"
    real.path.rename(future)
    return future


def test_a_backup_named_in_the_future_neither_stops_daily_backups_nor_counts_as_newest(
    journal, data, now
):
    fill(journal, now)
    future = future_copy(data, now, now + timedelta(days=4000))
    assert backup.newest(data.backups, now) is None
    assert backup.due(data.backups, now)
    taken = journal.backup_if_due(now)
    assert taken is not None
    assert backup.newest(data.backups, now).path == taken.path
    assert backup.newest_good(data.backups, now).path == taken.path
    assert future.exists()  # kept, not deleted: it may be the only copy made under a wrong clock


def test_a_backup_whose_file_time_is_in_the_future_does_not_count_as_newest(journal, data, now):
    fill(journal, now)
    recent = backup.take(data.journal, data.backups, "daily", now - timedelta(hours=2))
    assert not backup.due(data.backups, now)
    ahead = (now + timedelta(days=400)).timestamp()
    os.utime(recent.path, (ahead, ahead))
    assert backup.newest(data.backups, now) is None
    assert journal.backup_if_due(now) is not None
    assert recent.path.exists()


def test_backups_dated_in_the_future_take_no_place_from_the_daily_ones(journal, data, now):
    fill(journal, now)
    future = [future_copy(data, now, now + timedelta(days=d)) for d in (3, 4, 5, 6, 7, 8, 9, 10)]
    daily = [backup.take(data.journal, data.backups, "daily", now - timedelta(d)) for d in range(7)]
    removed = backup.thin(data.backups, now)
    assert removed == []
    assert all(p.exists() for p in future) and all(b.path.exists() for b in daily)


def test_a_backup_file_carries_its_time_in_its_name_and_its_modification_time(journal, data, now):
    fill(journal, now)
    taken = backup.take(data.journal, data.backups, "daily", now)
    assert taken.path.stat().st_mtime == pytest.approx(now.timestamp(), abs=1)
    [listed] = backup.listing(data.backups, now)
    assert listed.taken_at == now


def test_half_written_backups_of_killed_processes_are_cleared_once_an_hour_old(journal, data, now):
    fill(journal, now)
    old = data.backups / "journal-20260101T000000000000Z-daily.db.partial"
    young = data.backups / "journal-20260319T000000000000Z-daily.db.partial"
    for path in (old, young):
        path.write_bytes(b"half")
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    backup.take(data.journal, data.backups, "daily", now)
    assert not old.exists()
    assert young.exists()  # it may belong to a backup being written right now


# A full disk, two ways. A small file system (tmpfs, mounted in a user namespace where the
# kernel allows one) fails a write as a full disk does: ENOSPC, SQLITE_FULL. A file-size limit
# on the command's process works everywhere: writes past it fail with EFBIG (SQLite: an I/O
# error). Either way: exit 3, a plain message, nothing half-written.

LIMIT = 300_001


def _limited():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def cli_past_a_size_limit(data, *argv):
    return subprocess.run(
        [sys.executable, "-m", "carecompanion", "--data-dir", str(data.root), *argv],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limited,
        check=False,
    )


SMALL_DISK = """
set -e
mount -t tmpfs -o size="$SIZE" tmpfs "$DISK"
cp -a "$DATA" "$DISK/data"
set +e
"$PYTHON" -m carecompanion --data-dir "$DISK/data" "$@"
echo "exit $?"
cd "$DISK/data" && ls -a . backups
"""


def cli_on_a_full_disk(data, tmp_path, spare, *argv):
    """Run the command on a copy of the data folder on a disk with `spare` bytes free; returns
    (exit code, stderr, the files it added)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    used = sum(p.stat().st_size for p in data.root.rglob("*") if p.is_file())
    env = {
        **os.environ,
        "SIZE": str(used + spare),
        "DISK": str(disk),
        "DATA": str(data.root),
        "PYTHON": sys.executable,
    }
    done = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", SMALL_DISK, "sh", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    if "exit " not in done.stdout:
        pytest.skip(f"no small file system to be had here: {done.stderr.strip()[:200]}")
    _, _, code = done.stdout.rpartition("exit ")
    code, _, listed = code.partition("\n")
    before = set(names(data.root)) | set(names(data.backups)) | {".", "..", ".:", "backups:"}
    return int(code), done.stderr, [name for name in listed.split() if name not in before]


@pytest.fixture
def big(data):
    assert main(["--data-dir", str(data.root), "demo", "--days", "200"]) == 0
    assert data.journal.stat().st_size > LIMIT
    return data


@pytest.mark.slow
def test_a_full_disk_during_a_backup_exits_3_says_so_and_leaves_nothing(big, tmp_path):
    code, err, files = cli_on_a_full_disk(big, tmp_path, 128 * 1024, "backup")
    assert code == 3, err
    assert "is full" in err and "Traceback" not in err
    assert files == []


@pytest.mark.slow
def test_a_full_disk_during_a_restore_exits_3_says_so_and_leaves_nothing(big, tmp_path):
    source = backup.snapshot(big.journal, tmp_path / "source.db")
    code, err, files = cli_on_a_full_disk(big, tmp_path, 128 * 1024, "restore", str(source))
    assert code == 3, err
    assert "is full" in err and "Traceback" not in err
    assert files == []


@pytest.mark.slow
@pytest.mark.parametrize("target", ["backups folder", "-o file"])
def test_a_write_refused_during_a_backup_exits_3_and_leaves_nothing_half_written(
    big, tmp_path, target
):
    before = names(big.backups)
    argv = ["backup"] if target == "backups folder" else ["backup", "-o", str(tmp_path / "b.db")]
    done = cli_past_a_size_limit(big, *argv)
    assert done.returncode == 3, done.stderr
    assert "not written" in done.stderr and "Traceback" not in done.stderr
    assert names(big.backups) == before
    assert not (tmp_path / "b.db").exists()
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


@pytest.mark.slow
def test_a_write_refused_during_a_restore_exits_3_and_leaves_the_journal_as_it_was(big, tmp_path):
    source = backup.snapshot(big.journal, tmp_path / "source.db")
    assert main(["--data-dir", str(big.root), "log", "--pain", "1", "--note", "after"]) == 0
    before = big.journal.read_bytes()
    files = names(big.root)
    done = cli_past_a_size_limit(big, "restore", str(source))
    assert done.returncode == 3, done.stderr
    assert "not restored" in done.stderr and "Traceback" not in done.stderr
    assert big.journal.read_bytes() == before
    assert names(big.root) == files


def test_restore_refuses_with_the_disk_full_message_when_the_copy_cannot_be_written(
    journal, data, now, tmp_path, monkeypatch
):
    import errno

    from carecompanion.db import restore as restoring
    from carecompanion.db.errors import JournalWriteFailed

    fill(journal, now)
    source = backup.snapshot(data.journal, tmp_path / "good.db")
    journal.close()

    def no_space(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(restoring.shutil, "copyfileobj", no_space)
    with pytest.raises(JournalWriteFailed, match="is full"):
        restore(data, source, now)
    assert [p.name for p in data.root.iterdir() if "restoring" in p.name] == []
