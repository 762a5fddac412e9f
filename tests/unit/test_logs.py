"""The log file: private, rotating, and never holding what the person wrote."""

import os
import stat
import subprocess
import sys

import pytest

from carecompanion import commands, logs
from carecompanion.cli import EXIT_BUG, EXIT_CLOSED_PIPE, main

SECRET = "my secret note"


@pytest.fixture
def log_path(tmp_path):
    path = logs.setup_logging(tmp_path / "data")
    yield path
    logs.stop_logging()


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def save_note(note):
    raise ValueError(f"could not save the note {note!r}")


def record_checkin(note, pain):
    try:
        save_note(note)
    except ValueError as exc:
        exc.add_note(f"pain was {pain}")
        raise RuntimeError(note) from exc


def test_nothing_is_created_until_something_is_logged(log_path):
    assert not log_path.parent.exists()
    logs.logger("db").info("journal opened")
    assert log_path.exists()


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_log_and_its_rotated_files_are_private(log_path):
    logs.logger("db").info("journal opened")
    assert mode(log_path) == 0o600
    assert mode(log_path.parent) == 0o700
    logs.current_handler().doRollover()
    logs.logger("ui").info("window shown")
    rotated = log_path.with_name("carecompanion.log.1")
    assert mode(rotated) == 0o600 and mode(log_path) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_log_left_readable_by_others_is_made_private(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    old = folder / "carecompanion.log"
    old.write_text("")
    old.chmod(0o644)
    logs.setup_logging(folder)
    try:
        assert mode(old) == 0o600
    finally:
        logs.stop_logging()


def test_an_exception_quoting_a_note_leaves_only_its_type_and_place(log_path):
    try:
        record_checkin(SECRET, pain=7)
    except RuntimeError as exc:
        where = logs.log_uncaught(type(exc), exc, exc.__traceback__)
        logs.logger("services").exception("saving failed: %s", exc)
        logs.logger("services").error(exc)
    assert where == log_path
    text = log_path.read_text(encoding="utf-8")
    assert SECRET not in text
    assert "pain was" not in text
    assert "RuntimeError" in text and "ValueError" in text
    assert "in save_note" in text and "in record_checkin" in text
    assert "tests.unit.test_logs, line" in text
    assert "direct cause" in text


def test_log_uncaught_says_when_nothing_could_be_written(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    logs.setup_logging(blocker / "data")
    try:
        assert logs.log_uncaught(ValueError, ValueError(SECRET), None) is None
    finally:
        logs.stop_logging()


def test_a_bug_in_a_command_exits_1_with_one_calm_line(data, monkeypatch, capsys):
    def broken(data, args, now):
        record_checkin(SECRET, pain=7)

    monkeypatch.setattr(commands, "check", broken)
    assert main(["--data-dir", str(data.root), "check"]) == EXIT_BUG
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.splitlines()) == 1
    assert SECRET not in captured.err and "Traceback" not in captured.err
    log_path = data.root / logs.LOG_NAME
    assert str(log_path) in captured.err and "RuntimeError" in captured.err
    text = log_path.read_text(encoding="utf-8")
    assert "Uncaught RuntimeError in check" in text and SECRET not in text


def test_debug_writes_what_ran_and_nothing_else(data, capsys):
    assert main(["--data-dir", str(data.root), "check", "--debug"]) == 0
    text = (data.root / logs.LOG_NAME).read_text(encoding="utf-8")
    assert "DEBUG carecompanion.cli" in text and "command check" in text


def carecompanion(data, stdout, unbuffered=True):
    env = {key: value for key, value in os.environ.items() if key != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    return subprocess.Popen(
        [sys.executable, "-m", "carecompanion", "--data-dir", str(data.root), "check"],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.slow
@pytest.mark.parametrize("unbuffered", [True, False], ids=["fails-at-print", "fails-at-flush"])
def test_a_pipe_closed_before_any_output_exits_quietly(data, unbuffered):
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before the command writes a byte
    try:
        child = carecompanion(data, writer, unbuffered)
    finally:
        os.close(writer)
    _, err = child.communicate(timeout=120)
    assert err == ""
    assert child.returncode == EXIT_CLOSED_PIPE


@pytest.mark.slow
def test_a_reader_that_stops_after_one_line_gets_a_quiet_exit(data):
    child = carecompanion(data, subprocess.PIPE)
    assert child.stdout.readline().startswith("Journal:")
    child.stdout.close()  # as `carecompanion check | head -1` does
    err = child.stderr.read()
    child.stderr.close()
    child.wait(timeout=120)
    assert "Traceback" not in err and err == ""
    # 0 if every line was already in the pipe when the reader left, else the closed-pipe code
    assert child.returncode in (0, EXIT_CLOSED_PIPE)
