"""`carecompanion sync`: what goes into the folder, what is left alone, what is said."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from carecompanion import paths
from carecompanion.actions.checkins import CheckInEntry, check_in
from carecompanion.actions.sync import exchange
from carecompanion.cli import main
from carecompanion.db import driver
from carecompanion.db.journal import open_journal
from carecompanion.domain.context import Context, fixed_clock
from carecompanion.export import change_files
from carecompanion.services import checkins, identity, sync_folder

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
CTX = Context(zone=ZoneInfo("Europe/London"), clock=fixed_clock(NOW))
KEY = bytes(range(32))


def cli(data, *argv):
    return main(["--data-dir", str(data.root), *argv])


def count(data):
    with open_journal(data, now=NOW) as journal, journal.read() as s:
        return checkins.count(s)


def log(data, pain):
    with open_journal(data, now=NOW) as journal:
        check_in(journal, CTX, CheckInEntry({"pain": pain}, "a note"))


@pytest.fixture
def share(tmp_path):
    folder = tmp_path / "Sync"
    folder.mkdir()
    return folder


@pytest.fixture
def two(tmp_path):
    return paths.resolve(tmp_path / "patient"), paths.resolve(tmp_path / "caregiver")


def test_a_second_laptop_joins_and_both_keep_in_step(two, share, capsys):
    patient, caregiver = two
    log(patient, 4)
    assert cli(patient, "sync", "--folder", str(share)) == 0
    assert cli(caregiver, "sync", "--folder", str(share)) == 0
    said = capsys.readouterr().out
    assert "has joined the journal kept in the sync folder" in said
    assert "Exchanged with 1 other computer" in said and "check-ins: 1 added" in said
    log(caregiver, 6)
    assert cli(caregiver, "sync") == 0  # the folder is remembered
    assert cli(patient, "sync") == 0
    assert cli(caregiver, "sync") == 0
    assert count(patient) == count(caregiver) == 2
    # Nothing new: nothing written, nothing applied.
    capsys.readouterr()
    assert cli(patient, "sync") == 0
    assert "wrote 0 change files, applied 0" in capsys.readouterr().out


def test_files_and_folders_are_private_and_named_after_journal_and_computer(two, share):
    patient, _ = two
    log(patient, 4)
    assert cli(patient, "sync", "--folder", str(share)) == 0
    with open_journal(patient, now=NOW) as journal, journal.read() as s:
        journal_id = identity.journal_id(s)
    device = sync_folder.device_id(patient)
    mine = share / "CareCompanion" / journal_id.hex / device
    [written] = list(mine.iterdir())
    assert re.fullmatch(r"0000000001-[0-9a-f]{8}\.ccsync", written.name)
    if os.name == "posix":
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
        assert stat.S_IMODE(mine.stat().st_mode) == 0o700
        assert stat.S_IMODE((patient.root / "device-id").stat().st_mode) == 0o600
    raw = json.loads(written.read_bytes())
    assert raw["journal_id"] == str(journal_id) and raw["device"] == device
    assert raw["changes"]["checkins"][0]["scores"] == {"pain": 4}


def test_without_a_folder_or_with_one_that_does_not_exist_it_says_what_is_needed(
    two, share, capsys
):
    patient, _ = two
    assert cli(patient, "sync") == 2
    assert "--folder: 'none' is not allowed; a sync folder: give --folder DIR" in (
        capsys.readouterr().err
    )
    assert cli(patient, "sync", "--folder", str(share / "missing")) == 2
    assert "a folder that exists and is reachable" in capsys.readouterr().err


def numbered(folder, sequence):
    """The change file of `sequence` in a computer's folder (its name ends in a random tag)."""
    (found,) = folder.glob(f"{sequence:010d}-*.ccsync")
    return found


def joined(two, share):
    patient, caregiver = two
    log(patient, 4)
    cli(patient, "sync", "--folder", str(share))
    cli(caregiver, "sync", "--folder", str(share))
    log(patient, 5)
    cli(patient, "sync")
    with open_journal(patient, now=NOW) as journal, journal.read() as s:
        journal_id = identity.journal_id(s)
    return share / "CareCompanion" / journal_id.hex / sync_folder.device_id(patient)


def test_half_written_files_and_conflict_copies_are_left_alone(two, share, capsys):
    _patient, caregiver = two
    folder = joined(two, share)
    second = numbered(folder, 2)
    whole = second.read_bytes()
    second.write_bytes(whole[: len(whole) // 2])  # still arriving
    (folder / "0000000002 (1).ccsync").write_bytes(b"{}")
    (folder / "0000000003.sync-conflict-20260320-120000-ABC.ccsync").write_bytes(b"garbage")
    (folder / ".0000000003.ccsync.tmp").write_bytes(b"{")
    capsys.readouterr()
    assert cli(caregiver, "sync") == 0
    assert "applied 0" in capsys.readouterr().out
    assert count(caregiver) == 1
    second.write_bytes(whole)  # the sync tool finished it
    assert cli(caregiver, "sync") == 0
    assert count(caregiver) == 2


def test_a_newer_format_is_reported_once_and_read_after_an_update(two, share, capsys):
    _patient, caregiver = two
    folder = joined(two, share)
    newer = folder / "0000000003-0123abcd.ccsync"
    raw = json.loads(numbered(folder, 2).read_bytes())
    raw["version"], raw["sequence"] = 2, 3
    newer.write_text(json.dumps(raw))
    capsys.readouterr()
    assert cli(caregiver, "sync") == 0
    assert "written by a newer CareCompanion" in capsys.readouterr().out
    assert cli(caregiver, "sync") == 0
    assert "newer" not in capsys.readouterr().out  # said once
    assert count(caregiver) == 2


def test_files_of_another_journal_are_left_alone(two, share, tmp_path):
    patient, caregiver = two
    joined(two, share)
    stranger = paths.resolve(tmp_path / "stranger")
    log(stranger, 9)
    stranger_folder = tmp_path / "elsewhere"
    stranger_folder.mkdir()
    cli(stranger, "sync", "--folder", str(stranger_folder))
    # Their journal's folder copied into ours, and one of their files among our journal's.
    (stranger_file,) = stranger_folder.rglob("*.ccsync")
    with open_journal(patient, now=NOW) as journal, journal.read() as s:
        ours = share / "CareCompanion" / identity.journal_id(s).hex
    intruder = ours / stranger_file.parent.name
    intruder.mkdir()
    (intruder / stranger_file.name).write_bytes(stranger_file.read_bytes())
    assert cli(caregiver, "sync") == 0
    assert count(caregiver) == 2


def test_sealed_change_files_need_the_journals_key(two, share):
    patient, caregiver = two
    log(patient, 4)
    for data in two:
        driver.unlock(data.root, KEY)  # both computers hold the journal's key
        with open_journal(data, now=NOW) as journal:
            exchange(journal, CTX, share, sync_folder.device_id(data))
    (sealed,) = share.rglob("*.ccsync")
    raw = json.loads(sealed.read_bytes())
    assert raw["sealed"] is True and "changes" not in raw
    assert b"a note" not in sealed.read_bytes()
    assert count(caregiver) == 1
    with pytest.raises(change_files.Unreadable):
        change_files.decode(sealed.read_bytes(), bytes(32))
    with pytest.raises(change_files.Unreadable):
        change_files.decode(sealed.read_bytes(), None)


def test_seal_and_unseal_are_bound_to_what_they_seal():
    sealed = change_files.seal(KEY, b"scores", b"journal/device/1")
    assert change_files.unseal(KEY, sealed, b"journal/device/1") == b"scores"
    with pytest.raises(change_files.Unreadable):
        change_files.unseal(KEY, sealed, b"journal/device/2")  # passed off as another file


def test_a_change_file_from_a_clock_too_far_ahead_waits_and_is_reported(two, share, capsys):
    patient, caregiver = two
    log(patient, 4)
    cli(patient, "sync", "--folder", str(share))
    cli(caregiver, "sync", "--folder", str(share))
    far = Context(zone=CTX.zone, clock=fixed_clock(datetime.now(UTC) + timedelta(days=800)))
    with open_journal(patient, now=NOW) as journal:
        check_in(journal, far, CheckInEntry({"pain": 8}))
        exchange(journal, far, share, sync_folder.device_id(patient))
    capsys.readouterr()
    assert cli(caregiver, "sync") == 0
    said = capsys.readouterr().out
    assert "was not applied: file: exported_at:" in said
    assert "the time cannot be in the future" in said
    assert "That computer's clock is far ahead: check its date and time." in said
    assert count(caregiver) == 1


def test_the_journals_own_id_is_used_for_its_folder_and_a_device_keeps_its_id(two):
    patient, _ = two
    first = sync_folder.device_id(patient.ensure())
    assert sync_folder.device_id(patient) == first


@pytest.mark.slow
def test_two_processes_writing_into_one_folder_at_once_converge(two, share):
    """Two real processes, each a computer, exchanging through one folder at the same time."""
    patient, caregiver = two
    log(patient, 1)
    assert cli(patient, "sync", "--folder", str(share)) == 0
    assert cli(caregiver, "sync", "--folder", str(share)) == 0
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    script = (
        "import sys\n"
        "from carecompanion.cli import main\n"
        "data, value = sys.argv[1], sys.argv[2]\n"
        "for n in range(8):\n"
        "    assert main(['--data-dir', data, 'log', '--pain', str((int(value) + n) % 11),\n"
        "                 '--note', f'{value}-{n}']) == 0\n"
        "    assert main(['--data-dir', data, 'sync']) == 0\n"
    )
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(data.root), value],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for data, value in ((patient, "2"), (caregiver, "7"))
    ]
    for run in runs:
        _out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err.decode()
    for _round in range(2):
        for data in two:
            done = subprocess.run(
                [sys.executable, "-m", "carecompanion", "--data-dir", str(data.root), "sync"],
                env=env,
                capture_output=True,
                timeout=120,
            )
            assert done.returncode == 0, done.stderr.decode()
    assert count(patient) == count(caregiver) == 17
    exported = []
    for data in two:
        target = data.root.parent / f"{data.root.name}.json"
        assert cli(data, "export", "json", "-o", str(target)) == 0
        raw = json.loads(target.read_text())
        exported.append({k: raw[k] for k in raw if k != "exported_at"})
    assert exported[0] == exported[1]


def test_a_joining_laptop_takes_the_journals_profile_over_what_its_welcome_asked(two, share):
    from dataclasses import replace

    from carecompanion.services import profile

    patient, caregiver = two
    with open_journal(patient, now=NOW) as journal, journal.write() as s:
        profile.save(s, replace(profile.get(s), name="Alex Smith"), CTX)
    log(patient, 4)
    later = Context(zone=CTX.zone, clock=fixed_clock(NOW + timedelta(hours=1)))
    with open_journal(caregiver, now=NOW) as journal, journal.write() as s:
        profile.save(s, replace(profile.get(s), name="typed at the welcome"), later)
    for data in (patient, caregiver, patient, caregiver):
        assert cli(data, "sync", "--folder", str(share)) == 0
    for data in two:
        with open_journal(data, now=NOW) as journal, journal.read() as s:
            assert profile.get(s).name == "Alex Smith"


def test_with_encryption_the_computers_share_one_key_and_nothing_readable_stays_in_the_folder(
    two, share, tmp_path, monkeypatch, capsys
):
    from carecompanion.db import keys

    monkeypatch.setattr(keys, "SCRYPT_N", 2**10)
    patient, caregiver = two
    secret = tmp_path / "passphrase.txt"
    secret.write_text("our family passphrase")
    log(patient, 4)
    assert cli(patient, "sync", "--folder", str(share)) == 0
    assert cli(caregiver, "sync", "--folder", str(share)) == 0
    assert any(b"a note" in p.read_bytes() for p in share.rglob("*.ccsync"))  # plain so far

    driver.lock_all()
    assert cli(patient, "--passphrase-file", str(secret), "encrypt") == 0
    assert cli(patient, "--passphrase-file", str(secret), "sync") == 0
    published = next(share.rglob("encryption.json"))
    assert published.read_bytes() == (patient.root / "encryption.json").read_bytes()

    # The caregiver turns encryption on with the patient's passphrase and takes the same key.
    driver.lock_all()
    other = tmp_path / "other.txt"
    other.write_text("a different passphrase")
    assert cli(caregiver, "--passphrase-file", str(other), "encrypt") == 3
    assert "use its passphrase (or its recovery key) here too" in capsys.readouterr().err
    assert caregiver.journal.read_bytes().startswith(driver.SQLITE_HEADER)
    assert cli(caregiver, "--passphrase-file", str(secret), "encrypt") == 0
    assert "key it shares with the other computer" in capsys.readouterr().out
    driver.lock_all()
    assert cli(caregiver, "--passphrase-file", str(secret), "sync") == 0
    driver.lock_all()
    assert cli(patient, "--passphrase-file", str(secret), "sync") == 0

    driver.lock_all()
    driver.unlock(
        patient.root, keys.open_with_passphrase(keys.read(patient.root), "our family passphrase")
    )
    log(patient, 7)
    assert cli(patient, "sync") == 0
    driver.lock_all()
    assert cli(caregiver, "--passphrase-file", str(secret), "sync") == 0
    assert count(caregiver) == 2
    for path in share.rglob("*"):
        if path.is_file():
            assert b"a note" not in path.read_bytes(), path


def test_a_restored_older_backup_takes_back_this_computers_own_later_changes(two, share, tmp_path):
    patient, caregiver = two
    log(patient, 4)
    cli(patient, "sync", "--folder", str(share))
    cli(caregiver, "sync", "--folder", str(share))
    older = tmp_path / "older.db"
    assert cli(patient, "backup", "-o", str(older)) == 0
    log(patient, 5)
    cli(patient, "sync")
    assert cli(patient, "restore", str(older)) == 0
    assert count(patient) == 1
    assert cli(patient, "sync") == 0
    assert cli(caregiver, "sync") == 0
    assert count(patient) == count(caregiver) == 2


def test_a_computer_whose_folder_was_lost_starts_again_and_is_still_read(two, share):
    import shutil

    patient, caregiver = two
    folder = joined(two, share)  # the patient's own folder, two files in it
    shutil.rmtree(folder)
    log(patient, 6)
    assert cli(patient, "sync") == 0  # numbered from 1 again, under new names
    assert cli(caregiver, "sync") == 0
    assert count(caregiver) == count(patient) == 3


def test_a_copied_data_folder_writing_as_the_same_computer_still_keeps_in_step(
    two, share, tmp_path
):
    import shutil

    patient, _ = two
    log(patient, 4)
    cli(patient, "sync", "--folder", str(share))
    copy = paths.resolve(tmp_path / "copy")
    shutil.copytree(patient.root, copy.root)  # same device id
    log(patient, 5)
    log(copy, 6)
    for _ in range(2):
        assert cli(patient, "sync") == 0
        assert cli(copy, "sync") == 0
    assert count(patient) == count(copy) == 3


def test_a_sync_folder_that_cannot_be_written_is_exit_3_naming_it(two, share, monkeypatch, capsys):
    patient, _ = two
    log(patient, 4)

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    sync_folder.device_id(patient)
    monkeypatch.setattr(sync_folder, "write_change_file", refused)
    assert cli(patient, "sync", "--folder", str(share)) == 3
    err = capsys.readouterr().err
    assert f"The sync folder {share} cannot be written to (Permission denied)" in err


def test_a_sync_folder_inside_the_data_folder_is_refused(two, capsys):
    patient, _ = two
    log(patient, 4)
    assert cli(patient, "sync", "--folder", str(patient.backups)) == 2
    assert "a folder outside the journal's own data folder" in capsys.readouterr().err
    assert not (patient.backups / "CareCompanion").exists()


def test_a_waiting_file_is_read_again_only_when_it_changed_or_an_hour_on(two, share, monkeypatch):
    """A file the rules refuse waits; the exchanges every few minutes do not read it whole
    each time, yet every one of them still says it waits, and why."""
    _patient, caregiver = two
    folder = joined(two, share)
    newer = folder / "0000000003-0123abcd.ccsync"
    raw = json.loads(numbered(folder, 2).read_bytes())
    raw["version"], raw["sequence"] = 2, 3
    newer.write_text(json.dumps(raw))
    reads = []
    real_read = sync_folder.read_change_file

    def counted(path):
        reads.append(path.name)
        return real_read(path)

    monkeypatch.setattr(sync_folder, "read_change_file", counted)
    device = sync_folder.device_id(caregiver)

    def exchange_at(minutes):
        ctx = Context(zone=CTX.zone, clock=fixed_clock(NOW + timedelta(minutes=minutes)))
        with open_journal(caregiver, now=NOW) as journal:
            report = exchange(journal, ctx, share, device).value
        assert any("written by a newer CareCompanion" in w for w in report.waiting)
        return reads.count(newer.name)

    assert exchange_at(0) == 1
    assert exchange_at(5) == 1  # unchanged, minutes later: not read again
    assert exchange_at(30) == 1
    assert exchange_at(61) == 2  # an hour on: read again
    raw["note"] = "changed by the sync tool"
    newer.write_text(json.dumps(raw))
    os.utime(newer, ns=(1, 1))
    assert exchange_at(62) == 3  # the file changed: read again
