"""Encryption at rest as a person on a shared computer relies on it: nothing readable in the data
folder, unlocking by passphrase or recovery key, a wrong one changing nothing, backups that
restore encrypted, and a way back out."""

from __future__ import annotations

import json
import os
import sqlite3

import pytest

from carecompanion.cli import main
from carecompanion.db import driver, keys
from carecompanion.db.journal import open_journal
from carecompanion.services import checkins

PASSPHRASE = "correct horse battery staple"
SECRETS = [
    b"Alex Morgan",
    b"Bowel (colorectal) cancer",
    b"colorectal cancer",
    b"Dr Priya Shah",
    b"Mouth sore again",
    b"my own private words",
]


@pytest.fixture(autouse=True)
def _quick_scrypt(monkeypatch):
    """The same derivation at a lower cost: each unlock in these tests takes milliseconds."""
    monkeypatch.setattr(keys, "SCRYPT_N", 2**10)


def run(data, *argv):
    driver.lock_all()  # each command is a fresh process: it holds no key until it unlocks
    return main(["--data-dir", str(data.root), *argv])


@pytest.fixture
def secrets_file(tmp_path):
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def filled(data, tmp_path, capsys):
    assert run(data, "demo", "--days", "120") == 0
    assert run(data, "log", "--pain", "3", "--note", "my own private words") == 0
    assert run(data, "backup") == 0
    capsys.readouterr()
    return data


def encrypt(data, secrets_file, tmp_path, capsys):
    out = tmp_path / "recovery.txt"
    argv = ("encrypt", "--passphrase-file", str(secrets_file), "--recovery-key-out", str(out))
    assert run(data, *argv) == 0, capsys.readouterr().err
    recovery = out.read_text(encoding="utf-8").split()[-1]
    capsys.readouterr()
    return recovery


def every_file(root):
    return [p for p in root.rglob("*") if p.is_file()]


def checkin_notes(data):
    with open_journal(data) as journal, journal.read() as session:
        return sorted(c.note for c in checkins.between(session, None, None))


def test_encrypting_leaves_no_note_name_or_diagnosis_readable_in_the_data_folder(
    filled, secrets_file, tmp_path, capsys
):
    before = every_file(filled.root)
    assert any(s in p.read_bytes() for p in before for s in SECRETS)  # the scan can see them
    encrypt(filled, secrets_file, tmp_path, capsys)
    files = every_file(filled.root)
    assert filled.root / "encryption.json" in files
    assert any(p.parent == filled.backups for p in files)
    for path in files:
        content = path.read_bytes()
        found = [s for s in SECRETS if s in content or s.lower() in content.lower()]
        assert found == [], f"{path.name} holds {found}"
        assert not content.startswith(driver.SQLITE_HEADER), path.name
        assert os.stat(path).st_mode & 0o077 == 0, path.name


def test_a_locked_journal_refuses_every_command_with_exit_3_and_changes_nothing(
    filled, secrets_file, tmp_path, capsys
):
    encrypt(filled, secrets_file, tmp_path, capsys)
    before = {p: p.read_bytes() for p in every_file(filled.root) if p.suffix != ".log"}
    for argv in (("check",), ("log", "--pain", "2"), ("export", "csv", "-o", str(tmp_path / "x"))):
        assert run(filled, *argv) == 3
        assert "encrypted and locked" in capsys.readouterr().err
    assert {p: p.read_bytes() for p in before} == before
    assert not (tmp_path / "x").exists()


def test_a_wrong_passphrase_says_so_exits_3_and_leaves_every_byte_as_it_was(
    filled, secrets_file, tmp_path, capsys
):
    encrypt(filled, secrets_file, tmp_path, capsys)
    before = {p: p.read_bytes() for p in every_file(filled.root) if p.suffix != ".log"}
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("correct horse battery stapler", encoding="utf-8")
    assert run(filled, "--passphrase-file", str(wrong), "log", "--pain", "9") == 3
    err = capsys.readouterr().err
    assert "That passphrase does not unlock this journal. Nothing was changed." in err
    assert PASSPHRASE not in err and "stapler" not in err
    assert {p: p.read_bytes() for p in before} == before
    assert not (filled.root / "journal.db-wal").exists()


def test_passphrase_and_recovery_key_both_unlock_and_a_change_of_passphrase_keeps_the_recovery(
    filled, secrets_file, tmp_path, capsys
):
    notes = checkin_notes(filled)
    recovery = encrypt(filled, secrets_file, tmp_path, capsys)
    assert run(filled, "--passphrase-file", str(secrets_file), "log", "--pain", "4") == 0
    typed = tmp_path / "typed-recovery.txt"  # as a person might copy it from paper
    typed.write_text(recovery.lower().replace("-", " ").replace("0", "o") + "\n")
    assert run(filled, "--recovery-key-file", str(typed), "log", "--pain", "5") == 0

    journal_before = filled.journal.read_bytes()
    new = tmp_path / "new.txt"
    new.write_text("a new passphrase for the winter", encoding="utf-8")
    argv = ("passphrase", "--passphrase-file", str(new), "--recovery-key-file", str(typed))
    assert run(filled, *argv) == 0
    assert "recovery key stays the same" in capsys.readouterr().out
    assert filled.journal.read_bytes() == journal_before  # rewrapped, not rewritten
    assert run(filled, "--passphrase-file", str(secrets_file), "check") == 3
    assert run(filled, "--passphrase-file", str(new), "check") == 0
    assert run(filled, "--recovery-key-file", str(typed), "check") == 0
    driver.unlock(filled.root, keys.open_with_recovery_key(keys.read(filled.root), recovery))
    assert len(checkin_notes(filled)) == len(notes) + 2


def test_a_passphrase_too_short_is_refused_before_anything_is_encrypted(data, tmp_path, capsys):
    assert run(data, "log", "--pain", "3") == 0
    short = tmp_path / "short.txt"
    short.write_text("1234567", encoding="utf-8")
    assert run(data, "encrypt", "--passphrase-file", str(short)) == 2
    err = capsys.readouterr().err
    assert "passphrase: 7 characters is too short; use at least 8" in err
    assert "1234567" not in err
    assert data.journal.read_bytes().startswith(driver.SQLITE_HEADER)
    assert not (data.root / "encryption.json").exists()


def test_without_a_terminal_or_file_encrypt_asks_for_the_passphrase_file(data, capsys):
    assert run(data, "log", "--pain", "3") == 0
    assert run(data, "encrypt") == 2
    assert "--passphrase-file" in capsys.readouterr().err


def test_the_recovery_key_is_written_to_a_new_private_file_never_over_one(
    data, secrets_file, tmp_path, capsys
):
    assert run(data, "log", "--pain", "3") == 0
    taken = tmp_path / "taken.txt"
    taken.write_text("my shopping list")
    argv = ("encrypt", "--passphrase-file", str(secrets_file), "--recovery-key-out", str(taken))
    assert run(data, *argv) == 2
    assert taken.read_text() == "my shopping list"
    assert data.journal.read_bytes().startswith(driver.SQLITE_HEADER)
    recovery = encrypt(data, secrets_file, tmp_path, capsys)
    assert len(recovery.replace("-", "")) == 32
    assert os.stat(tmp_path / "recovery.txt").st_mode & 0o777 == 0o600


def test_without_a_recovery_file_the_key_is_shown_once_with_the_warning(data, secrets_file, capsys):
    assert run(data, "log", "--pain", "3") == 0
    assert run(data, "encrypt", "--passphrase-file", str(secrets_file)) == 0
    out, err = capsys.readouterr()
    assert "Recovery key: " in out and "it is not shown again" in out
    assert "If both are lost, the journal cannot be opened by anyone" in err


def test_backups_of_an_encrypted_journal_are_encrypted_and_restore_encrypted(
    filled, secrets_file, tmp_path, capsys
):
    plain_copy = tmp_path / "before-encryption.db"
    assert run(filled, "backup", "-o", str(plain_copy)) == 0
    encrypt(filled, secrets_file, tmp_path, capsys)
    unlock = ("--passphrase-file", str(secrets_file))
    outside = tmp_path / "encrypted-copy.db"
    assert run(filled, *unlock, "backup", "-o", str(outside)) == 0
    assert not outside.read_bytes().startswith(driver.SQLITE_HEADER)
    assert b"my own private words" not in outside.read_bytes()
    assert run(filled, *unlock, "log", "--pain", "8", "--note", "after the copy") == 0

    assert run(filled, *unlock, "restore", str(outside)) == 0
    assert not filled.journal.read_bytes().startswith(driver.SQLITE_HEADER)
    driver.unlock(filled.root, keys.open_with_passphrase(keys.read(filled.root), PASSPHRASE))
    assert "after the copy" not in checkin_notes(filled)

    # A backup from before encryption comes back encrypted, like the journal it replaces.
    assert run(filled, *unlock, "restore", str(plain_copy)) == 0
    assert not filled.journal.read_bytes().startswith(driver.SQLITE_HEADER)
    for path in every_file(filled.root):
        assert b"my own private words" not in path.read_bytes(), path.name
    assert run(filled, *unlock, "check") == 0


def test_decrypt_brings_back_plain_files_and_removes_the_key(
    filled, secrets_file, tmp_path, capsys
):
    notes = checkin_notes(filled)
    encrypt(filled, secrets_file, tmp_path, capsys)
    assert run(filled, "--passphrase-file", str(secrets_file), "decrypt") == 0
    assert "no longer encrypted" in capsys.readouterr().out
    assert not (filled.root / "encryption.json").exists()
    for path in [filled.journal, *filled.backups.iterdir()]:
        assert path.read_bytes().startswith(driver.SQLITE_HEADER), path.name
    assert checkin_notes(filled) == notes
    assert run(filled, "check") == 0


def test_the_draft_of_an_unsaved_check_in_is_sealed_and_opened_with_the_key(
    data, secrets_file, tmp_path, capsys
):
    from carecompanion.ui import drafts

    assert run(data, "log", "--pain", "3") == 0
    drafts.save(data, drafts.Draft(note="a draft nobody else should read", scores={"pain": 4}))
    encrypt(data, secrets_file, tmp_path, capsys)
    assert b"nobody else" not in (data.root / "draft.json").read_bytes()
    assert drafts.load(data).note == "a draft nobody else should read"  # unlocked: readable
    drafts.save(data, drafts.Draft(note="a second private draft"))
    assert b"second private" not in (data.root / "draft.json").read_bytes()
    driver.lock_all()
    assert drafts.load(data).note == ""  # locked: nothing shown, nothing lost
    assert (data.root / "draft.json").exists()


def test_an_encrypt_stopped_before_the_journal_changed_leaves_a_plain_journal_that_opens(
    data, capsys
):
    assert run(data, "log", "--pain", "3", "--note", "still mine") == 0
    keyfile, _key, _recovery = keys.create(PASSPHRASE)
    keys.write(data.root, keyfile)  # step 2 done, then the power went
    (data.root / "journal.db.encrypting").write_bytes(b"half an encrypted copy")
    assert run(data, "log", "--pain", "4") == 0  # no passphrase asked: the journal is plain
    assert not (data.root / "encryption.json").exists()
    assert not (data.root / "journal.db.encrypting").exists()


def test_an_encrypt_stopped_after_the_journal_finishes_the_backups_at_the_next_opening(
    filled, secrets_file, tmp_path, capsys
):
    plain_backup = next(filled.backups.iterdir())
    plain_bytes = plain_backup.read_bytes()
    encrypt(filled, secrets_file, tmp_path, capsys)
    plain_backup.write_bytes(plain_bytes)  # as if killed before this backup was converted
    assert run(filled, "--passphrase-file", str(secrets_file), "check") == 0
    assert "encryption: on, but 1 backup(s) or kept copies are still plain" in (
        capsys.readouterr().out
    )
    assert run(filled, "--passphrase-file", str(secrets_file), "log", "--pain", "1") == 0
    assert not plain_backup.read_bytes().startswith(driver.SQLITE_HEADER)


def test_an_unreadable_key_file_and_a_missing_one_say_what_to_do(
    filled, secrets_file, tmp_path, capsys
):
    encrypt(filled, secrets_file, tmp_path, capsys)
    keyfile = filled.root / "encryption.json"
    content = json.loads(keyfile.read_text())
    keyfile.write_text("{not json")
    assert run(filled, "--passphrase-file", str(secrets_file), "check") == 3
    assert "encryption.json cannot be read" in capsys.readouterr().err
    keyfile.unlink()
    assert run(filled, "--passphrase-file", str(secrets_file), "check") == 3
    assert "its key file" in capsys.readouterr().err
    keyfile.write_text(json.dumps(content))
    assert run(filled, "--passphrase-file", str(secrets_file), "check") == 0


def test_a_passphrase_file_that_is_not_text_is_bad_input(filled, tmp_path, capsys):
    binary = tmp_path / "binary"
    binary.write_bytes(b"\xff\xfe\x00secret")
    assert run(filled, "encrypt", "--passphrase-file", str(binary)) == 2
    assert "is not UTF-8 text" in capsys.readouterr().err
    assert run(filled, "encrypt", "--passphrase-file", str(tmp_path / "none")) == 2
    assert "--passphrase-file" in capsys.readouterr().err


def test_plain_journals_are_still_read_by_any_sqlite(data):
    """Without encryption the journal stays an ordinary SQLite file, readable by other tools."""
    assert run(data, "log", "--pain", "3") == 0
    with sqlite3.connect(data.journal) as conn:
        assert conn.execute("SELECT count(*) FROM checkins").fetchone()[0] == 1
    conn.close()


def test_an_encrypted_journal_of_an_older_version_is_updated_and_stays_encrypted(data):
    from carecompanion.db import encryption
    from carecompanion.db.health import stored_revision
    from carecompanion.db.migrate import upgrade
    from carecompanion.db.migrations import HEAD_REVISION

    data.ensure()
    upgrade(data.journal, "0004")
    keyfile, key, _recovery = keys.create(PASSPHRASE)
    keys.write(data.root, keyfile)
    driver.unlock(data.root, key)
    encryption._replace_converted(data.journal, key)  # as `encrypt` left it under 0004
    driver.lock_all()
    encryption.unlock(data, passphrase=PASSPHRASE)
    with open_journal(data) as journal, journal.write() as session:
        checkins.record(session, {"pain": 2}, now=journal_now())
    assert stored_revision(data.journal) == HEAD_REVISION
    files = [data.journal, *data.backups.iterdir()]
    assert any("before-update" in p.name for p in files)
    for path in files:
        assert not path.read_bytes().startswith(driver.SQLITE_HEADER), path.name


def journal_now():
    from datetime import UTC, datetime

    return datetime(2026, 3, 20, 12, 0, tzinfo=UTC)


def test_the_recovery_key_file_the_app_writes_unlocks_the_journal(
    data, secrets_file, tmp_path, capsys
):
    assert run(data, "log", "--pain", "3") == 0
    encrypt(data, secrets_file, tmp_path, capsys)
    assert run(data, "--recovery-key-file", str(tmp_path / "recovery.txt"), "check") == 0


def test_the_recovery_key_is_never_written_into_the_data_folder(data, secrets_file, capsys):
    assert run(data, "log", "--pain", "3") == 0
    inside = data.root / "recovery.txt"
    argv = ("encrypt", "--passphrase-file", str(secrets_file), "--recovery-key-out", str(inside))
    assert run(data, *argv) == 2
    assert "outside the data folder" in capsys.readouterr().err
    assert not inside.exists()
    assert data.journal.read_bytes().startswith(driver.SQLITE_HEADER)


def test_a_tampered_key_file_is_refused_with_exit_3_never_a_crash(
    filled, secrets_file, tmp_path, capsys
):
    encrypt(filled, secrets_file, tmp_path, capsys)
    keyfile = filled.root / "encryption.json"
    good = json.loads(keyfile.read_text())
    edits = [
        lambda k: k["passphrase"].update(n=2**40),
        lambda k: k["passphrase"].update(n=2**18),
        lambda k: k["passphrase"].update(kdf="hkdf-sha256"),
        lambda k: k["passphrase"].update(nonce="AAAA"),
        lambda k: k.update(passphrase=k["recovery_key"], recovery_key=k["passphrase"]),
    ]
    for edit in edits:
        changed = json.loads(json.dumps(good))
        edit(changed)
        keyfile.write_text(json.dumps(changed))
        assert run(filled, "--passphrase-file", str(secrets_file), "check") == 3
        assert "encryption.json cannot be read" in capsys.readouterr().err
    keyfile.unlink()
    os.mkfifo(keyfile)  # a FIFO would make a read wait for ever
    assert run(filled, "--passphrase-file", str(secrets_file), "check") == 3
    keyfile.unlink()
    keyfile.write_text(json.dumps(good))
    assert run(filled, "--passphrase-file", str(secrets_file), "check") == 0


def test_a_backup_that_cannot_be_converted_is_kept_and_named_never_deleted(
    filled, secrets_file, tmp_path, capsys
):
    damaged = filled.backups / "journal-20260101T000000000000Z-manual.db"
    damaged.write_bytes(driver.SQLITE_HEADER + b"\x00" * 8000)
    encrypt(filled, secrets_file, tmp_path, capsys)
    assert damaged.exists()


def test_encrypt_again_and_decrypt_when_plain_are_bad_input(filled, secrets_file, tmp_path, capsys):
    assert run(filled, "decrypt") == 2
    assert "this one is not encrypted" in capsys.readouterr().err
    encrypt(filled, secrets_file, tmp_path, capsys)
    assert run(filled, "--passphrase-file", str(secrets_file), "encrypt") == 2
    assert "not encrypted yet" in capsys.readouterr().err


def test_an_encrypted_backup_restored_into_a_plain_journal_says_what_it_needs(
    filled, secrets_file, tmp_path, capsys
):
    encrypt(filled, secrets_file, tmp_path, capsys)
    copy = tmp_path / "encrypted.db"
    assert run(filled, "--passphrase-file", str(secrets_file), "backup", "-o", str(copy)) == 0
    other = filled.root.parent / "other"
    assert main(["--data-dir", str(other), "log", "--pain", "1"]) == 0
    driver.lock_all()
    assert main(["--data-dir", str(other), "restore", str(copy)]) == 3
    assert "looks like an encrypted backup" in capsys.readouterr().err
