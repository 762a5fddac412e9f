"""A stored note that is not UTF-8 is damage: reported as such (exit 3, naming the record, never
its text), on the command line, for `log` and every export."""

import sqlite3
import uuid

import pytest

from carecompanion import logs
from carecompanion.cli import main

SECRET = "Private words about the night"
DAMAGED = b"\xff" + SECRET.encode()  # one byte that is not UTF-8, then the person's words


def run(data, *argv):
    return main(["--data-dir", str(data.root), *argv])


@pytest.fixture
def damaged(data, capsys):
    """A journal of one check-in whose note was damaged on disk; the check-in's id."""
    assert run(data, "log", "--pain", "3", "--note", "fine") == 0
    capsys.readouterr()
    with sqlite3.connect(data.journal) as db:
        db.execute(f"UPDATE checkins SET note = CAST(x'{DAMAGED.hex()}' AS TEXT)")
        (stored,) = db.execute("SELECT id FROM checkins").fetchone()
    db.close()
    return uuid.UUID(stored)


COMMANDS = {
    "log": ["log", "--pain", "4"],
    "export csv": ["export", "csv", "-o", "{out}"],
    "export json": ["export", "json", "-o", "{out}"],
    "export fhir": ["export", "fhir", "-o", "{out}"],
    "export pdf": ["export", "pdf", "--full-log", "-o", "{out}"],
}


def run_on_damage(data, tmp_path, capsys, command):
    out = tmp_path / "out.file"
    code = run(data, *[arg.format(out=out) for arg in COMMANDS[command]])
    printed = capsys.readouterr()
    log = data.root / logs.LOG_NAME
    logged = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return code, printed.out + printed.err, logged, out


def checkins_in(data):
    with sqlite3.connect(data.journal) as db:
        (count,) = db.execute("SELECT count(*) FROM checkins").fetchone()
    db.close()
    return count


@pytest.mark.parametrize("command", list(COMMANDS))
def test_damaged_text_is_never_printed_or_logged(data, damaged, tmp_path, capsys, command):
    code, printed, logged, out = run_on_damage(data, tmp_path, capsys, command)
    assert code != 0
    assert SECRET not in printed and SECRET not in logged
    assert not out.exists()
    assert checkins_in(data) == 1  # `log` saved nothing into the damaged journal


@pytest.mark.parametrize("command", list(COMMANDS))
def test_damaged_text_is_reported_as_damage_naming_the_record(
    data, damaged, tmp_path, capsys, command
):
    code, printed, _, _ = run_on_damage(data, tmp_path, capsys, command)
    assert code == 3
    assert f"check-in {damaged}" in printed
    assert "damaged" in printed and "restore" in printed
