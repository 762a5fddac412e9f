"""The command line as a person uses it: clear messages, exit codes, nothing half-written."""

import json
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from carecompanion import __version__
from carecompanion.cli import main


def count_checkins(data):
    if not data.journal.exists():
        return 0
    with sqlite3.connect(data.journal) as conn:
        found = conn.execute("SELECT count(*) FROM checkins").fetchone()[0]
    conn.close()
    return found


def run(data, *argv):
    return main(["--data-dir", str(data.root), *argv])


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"carecompanion {__version__}"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--pain", "11"], "argument --pain: '11' is not allowed; a score is a whole number"),
        (["--pain", "1_0"], "argument --pain: '1_0' is not allowed"),
        (["--nausea", "\u0667"], "argument --nausea"),
        (["--by", "nurse"], "argument --by: invalid choice: 'nurse'"),
        (["--score", "tingling"], "write NAME=N"),
    ],
)
def test_bad_values_exit_2_with_the_field_named_and_add_nothing(data, capsys, argv, message):
    run(data, "log", "--pain", "2")
    with pytest.raises(SystemExit) as done:
        run(data, "log", *argv)
    assert done.value.code == 2
    assert message in capsys.readouterr().err
    assert count_checkins(data) == 1


def test_future_time_unknown_symptom_and_no_scores_are_refused(data, capsys):
    future = (datetime.now(UTC) + timedelta(days=2)).isoformat()
    assert run(data, "log", "--pain", "3", "--at", future) == 2
    assert "--at:" in capsys.readouterr().err
    assert run(data, "log", "--score", "hiccups=4") == 2
    err = capsys.readouterr().err
    assert "--score: 'hiccups' is not allowed; use one of:" in err and "drowsiness" in err
    assert run(data, "log", "--note", "just a note") == 2
    assert "give at least one" in capsys.readouterr().err
    assert count_checkins(data) == 0


def test_log_prints_the_flags_it_raised(data, capsys):
    assert run(data, "log", "--pain", "8", "--score", "sleep problems=3", "--by", "caregiver") == 0
    out = capsys.readouterr().out
    assert "Saved the check-in" in out and "pain 8" in out and "sleep problems 3" in out
    assert "Call your care team today:" in out
    assert "Pain is 8 of 10, severe (7 or more)" in out
    assert "Add their number in the window's Settings" in out


def test_log_with_a_fever_says_call_now_with_the_numbers_and_the_signs(data, capsys):
    assert run(data, "log", "--temperature", "38.0") == 0
    out = capsys.readouterr().out
    assert "Call now" in out and "your local emergency number" in out
    assert "Chest pain" in out and "38.0 °C (100.4 °F) or more" in out


def test_log_backdated_with_offset_is_saved(data, capsys):
    assert run(data, "log", "--fatigue", "4", "--at", "2026-01-05T08:15+01:00") == 0
    assert "2026-01-05" in capsys.readouterr().out
    assert count_checkins(data) == 1


def test_demo_then_check_exits_0_and_demo_refuses_a_full_journal(data, capsys):
    assert run(data, "demo", "--days", "365", "--seed", "3") == 0
    assert "check-ins over 365 days" in capsys.readouterr().out
    assert run(data, "check") == 0
    out = capsys.readouterr().out
    assert "integrity: ok" in out and "latest backup: verified" in out
    assert run(data, "demo") == 2
    assert "demo fills only an empty journal" in capsys.readouterr().err


def test_check_reports_a_damaged_journal_with_exit_3(data, capsys):
    data.ensure()
    data.journal.write_bytes(b"\0" * 4096)
    assert run(data, "check") == 3
    assert "trouble" in capsys.readouterr().out
    assert run(data, "log", "--pain", "1") == 3
    assert "left untouched" in capsys.readouterr().err


def test_backup_to_a_file_and_restore_it(data, tmp_path, capsys):
    run(data, "log", "--pain", "2")
    target = tmp_path / "copy.db"
    assert run(data, "backup", "-o", str(target)) == 0
    run(data, "log", "--pain", "3")
    assert count_checkins(data) == 2
    assert run(data, "restore", str(target)) == 0
    assert "kept in" in capsys.readouterr().out
    assert count_checkins(data) == 1


def test_backup_refuses_to_write_over_the_journal(data, capsys):
    run(data, "log", "--pain", "2")
    assert run(data, "backup", "-o", str(data.journal)) == 2
    assert "choose a file other than the journal" in capsys.readouterr().err
    assert count_checkins(data) == 1


def test_data_dir_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CARECOMPANION_DATA_DIR", str(tmp_path / "env"))
    assert main(["log", "--anxiety", "5"]) == 0
    assert (tmp_path / "env" / "journal.db").exists()


def test_export_pdf_from_the_command_line(data, tmp_path, capsys):
    run(data, "log", "--pain", "7", "--note", "Ελένη")
    target = tmp_path / "summary.pdf"
    assert run(data, "export", "pdf", "-o", str(target), "--full-log") == 0
    assert target.read_bytes().startswith(b"%PDF")
    assert f"Wrote {target}" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--from", "2026-03-05", "--to", "2026-03-01"], "--from: '2026-03-05' is not allowed"),
        (["--from", "March 5"], "--from: 'March 5' is not allowed; use a date such as"),
    ],
)
def test_export_refuses_a_bad_period(data, tmp_path, capsys, argv, message):
    target = tmp_path / "summary.pdf"
    assert run(data, "export", "pdf", "-o", str(target), *argv) == 2
    assert message in capsys.readouterr().err
    assert not target.exists()


def test_export_json_then_import_dry_run_and_for_real(data, tmp_path, capsys):
    run(data, "log", "--pain", "4")
    file = tmp_path / "journal.json"
    assert run(data, "export", "json", "-o", str(file)) == 0
    other = tmp_path / "other"
    assert main(["--data-dir", str(other), "import", str(file), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "check-ins: 1 added" in out and "Nothing was changed" in out
    assert main(["--data-dir", str(other), "import", str(file)]) == 0
    assert "Imported" in capsys.readouterr().out


def test_import_of_a_bad_file_exits_2_and_names_the_problem(data, tmp_path, capsys):
    run(data, "log", "--pain", "4")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "carecompanion-journal", "version": 1, "checkins": [')
    assert run(data, "import", str(bad)) == 2
    assert "is the file complete?" in capsys.readouterr().err
    missing = tmp_path / "missing.csv"
    assert run(data, "import", str(missing)) == 2
    assert "a file that exists" in capsys.readouterr().err
    assert count_checkins(data) == 1


def test_data_exports_hold_every_checkin_unless_a_period_is_given(data, tmp_path):
    run(data, "log", "--pain", "4", "--at", "2024-02-01T09:00+00:00")
    run(data, "log", "--pain", "5")
    everything = tmp_path / "all.json"
    assert run(data, "export", "json", "-o", str(everything)) == 0
    assert len(json.loads(everything.read_text())["checkins"]) == 2
    recent = tmp_path / "recent.csv"
    assert run(data, "export", "csv", "-o", str(recent), "--from", "2025-01-01") == 0
    assert recent.read_text(encoding="utf-8-sig").count("\n") == 2  # header and one row


def test_a_period_ending_after_today_is_refused(data, tmp_path, capsys):
    next_year = str(datetime.now(UTC).year + 1)
    argv = ("export", "pdf", "-o", str(tmp_path / "x.pdf"), "--to", f"{next_year}-02-01")
    assert run(data, *argv) == 2
    assert "--to:" in capsys.readouterr().err and not (tmp_path / "x.pdf").exists()
