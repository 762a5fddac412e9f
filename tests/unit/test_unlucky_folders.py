"""An unlucky journal folder gets a clear answer (exit 2 or 3), never a crash, a hang or a loss."""

from __future__ import annotations

import os
import sqlite3
import stat
import uuid
from contextlib import closing
from datetime import date

from carecompanion.actions import records as record_actions
from carecompanion.cli import main
from carecompanion.db import backup
from carecompanion.db.errors import JournalWriteFailed
from carecompanion.domain.records import BiomarkerTest, TestKind, TreatmentCategory, TreatmentLine
from carecompanion.domain.times import is_zone_name


def logged(root, *extra: str) -> int:
    return main(["--data-dir", str(root), "log", "--pain", "3", *extra])


def test_a_lock_that_is_a_folder_is_exit_3(tmp_path, capsys):
    root = tmp_path / "j"
    assert logged(root) == 0
    (root / "journal.lock").unlink()
    (root / "journal.lock").mkdir()
    assert logged(root) == 3
    assert "lock" in capsys.readouterr().err


def test_a_journal_that_is_a_fifo_is_refused_at_once(tmp_path, capsys):
    root = tmp_path / "j"
    assert logged(root) == 0
    (root / "journal.db").unlink()
    os.mkfifo(root / "journal.db")
    assert logged(root) == 3
    assert main(["--data-dir", str(root), "check"]) == 3
    assert stat.S_ISFIFO((root / "journal.db").lstat().st_mode)


def test_a_journal_linked_to_a_missing_drive_is_not_replaced(tmp_path, capsys):
    root = tmp_path / "j"
    root.mkdir(mode=0o700)
    (root / "journal.db").symlink_to(tmp_path / "unplugged" / "journal.db")
    assert logged(root) == 3
    assert "cannot be reached" in capsys.readouterr().err
    assert (root / "journal.db").is_symlink()


def test_a_journal_whose_version_label_lies_is_refused_not_crashed(tmp_path, capsys):
    root = tmp_path / "j"
    assert logged(root) == 0
    with closing(sqlite3.connect(root / "journal.db")) as db:
        db.execute("UPDATE alembic_version SET version_num = '0001'")
        db.commit()
    assert logged(root) == 3
    assert "could not be brought up to this version" in capsys.readouterr().err


def test_check_says_when_a_journal_is_from_a_newer_version(tmp_path, capsys):
    root = tmp_path / "j"
    assert logged(root) == 0
    with closing(sqlite3.connect(root / "journal.db")) as db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
        db.commit()
    capsys.readouterr()
    assert main(["--data-dir", str(root), "check"]) == 3
    assert "9999 is not one this version" in capsys.readouterr().out


def test_check_finds_text_that_cannot_be_read(tmp_path, capsys):
    root = tmp_path / "j"
    assert logged(root, "--note", "private words") == 0
    with closing(sqlite3.connect(root / "journal.db")) as db:
        db.execute("UPDATE checkins SET note = CAST(x'ff41' AS TEXT)")
        db.commit()
    capsys.readouterr()
    assert main(["--data-dir", str(root), "check"]) == 3
    out = capsys.readouterr().out
    assert "cannot be read" in out and "private words" not in out


def test_a_period_beyond_the_calendar_is_bad_input(tmp_path):
    root = tmp_path / "j"
    target = tmp_path / "r.pdf"
    assert (
        main(["--data-dir", str(root), "export", "pdf", "--from", "0001-01-01", "-o", str(target)])
        == 2
    )
    assert (
        main(["--data-dir", str(root), "export", "csv", "--to", "9999-12-31", "-o", str(target)])
        == 2
    )


def test_a_failed_daily_backup_does_not_stop_a_checkin(tmp_path, monkeypatch):
    root = tmp_path / "j"
    assert logged(root) == 0

    def full_disk(*args, **kwargs):
        raise JournalWriteFailed("The disk is full.")

    monkeypatch.setattr(backup, "take", full_disk)
    assert logged(root) == 0


def test_journal_files_are_made_private_again(tmp_path):
    root = tmp_path / "j"
    assert logged(root) == 0
    (root / "journal.db").chmod(0o644)
    assert logged(root) == 0
    assert stat.S_IMODE((root / "journal.db").stat().st_mode) == 0o600


def test_a_result_with_line_breaks_is_one_line_and_the_pdf_is_written(journal, ctx, tmp_path):
    test = BiomarkerTest(uuid.uuid4(), date(2025, 2, 1), TestKind.NGS_PANEL, "KRAS", "a\n" * 99)
    saved = record_actions.add_test(journal, ctx, test).value
    assert saved.result == " ".join(["a"] * 99)
    root = journal.paths.root
    journal.close()
    target = tmp_path / "summary.pdf"
    assert main(["--data-dir", str(root), "export", "pdf", "-o", str(target)]) == 0


def test_a_backup_holding_a_choice_the_app_does_not_know_is_not_restored(journal, ctx, tmp_path):
    record_actions.add_line(
        journal, ctx, TreatmentLine(uuid.uuid4(), TreatmentCategory.SURGERY, "x", date(2025, 1, 1))
    )
    root = journal.paths.root
    journal.close()
    copy = tmp_path / "odd.db"
    assert main(["--data-dir", str(root), "backup", "-o", str(copy)]) == 0
    with closing(sqlite3.connect(copy)) as db:
        db.execute("UPDATE treatment_lines SET category = 'voodoo'")
        db.commit()
    assert main(["--data-dir", str(root), "restore", str(copy)]) == 3
    assert logged(root) == 0


def test_restoring_the_journals_own_working_copy_leaves_it_untouched(tmp_path):
    root = tmp_path / "j"
    assert logged(root) == 0
    working = root / "journal.db.restoring"
    working.write_bytes((root / "journal.db").read_bytes())
    assert main(["--data-dir", str(root), "restore", str(working)]) == 3
    assert working.exists()


def test_localtime_is_not_a_time_zone_name():
    assert not is_zone_name("localtime") and not is_zone_name("Factory")
    assert is_zone_name("Europe/London")
