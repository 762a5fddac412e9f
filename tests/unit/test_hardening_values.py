"""Values that break the domain's rules: a restore refuses them (exit 3, naming the record and
what is wrong, never the text), a backup holding them is never called verified, and the check
finds them also where SQLite reads the file read-only and skips its CHECK constraints."""

import hashlib
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta

import pytest

from carecompanion import paths
from carecompanion.cli import main
from carecompanion.db import backup
from carecompanion.db.errors import JournalDamaged
from carecompanion.db.health import check_file, verify_journal
from carecompanion.db.journal import open_journal
from carecompanion.db.restore import restore
from carecompanion.db.stored_values import STORED_TEXT_GUARD, check_constraints
from carecompanion.domain.rules import MAX_NOTE_LENGTH
from carecompanion.services import checkins

SECRET = "the words about the night"


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_journal(data, now, notes):
    with open_journal(data, now=now, automatic_backup=False) as journal, journal.write() as s:
        for i, note in enumerate(notes):
            checkins.record(
                s,
                {"pain": 4, "nausea": 1},
                recorded_at=now - timedelta(hours=i),
                note=note,
                now=now,
            )


def sql(path, *statements):
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA ignore_check_constraints=ON")
        for statement in statements:
            conn.execute(statement)
        conn.commit()


def first_id(path, table):
    with closing(sqlite3.connect(path)) as conn:
        (found,) = conn.execute(f"SELECT id FROM {table} ORDER BY rowid LIMIT 1").fetchone()
    return f"{found[:8]}-{found[8:12]}-{found[12:16]}-{found[16:20]}-{found[20:]}"


@pytest.fixture
def source(tmp_path, now):
    """A good backup of two check-ins whose notes are the person's words."""
    other = paths.resolve(tmp_path / "other")
    make_journal(other, now, [SECRET, SECRET])
    return backup.snapshot(other.journal, tmp_path / "backup.db")


QUESTION = (
    "INSERT INTO questions VALUES ({text}, 'user', 'open', '', 0, 0, '" + "c" * 32 + "',"
    " '2026-03-01 10:00:00.000000', '2026-03-01 10:00:00.000000', NULL)"
)

BROKEN = {
    "a score above 10": (
        ["UPDATE scores SET value = 11"],
        "scores",
        "score {id} has a value outside 0 to 10",
    ),
    "a negative score": (
        ["UPDATE scores SET value = -1"],
        "scores",
        "score {id} has a value outside 0 to 10",
    ),
    "an activity level of 9": (
        ["UPDATE checkins SET activity = 9"],
        "checkins",
        "check-in {id} has an activity level outside 0 to 4",
    ),
    "a check-in recorded in the future": (
        ["UPDATE checkins SET recorded_at = '2099-01-01 00:00:00.000000'"],
        "checkins",
        "check-in {id} has a recording time in the future",
    ),
    "a change dated in the future": (
        ["UPDATE scores SET updated_at = '2099-03-21 12:00:00.000000'"],
        "scores",
        "score {id} has a time of change in the future",
    ),
    "a check-in before 1900": (
        ["UPDATE checkins SET recorded_at = '1899-12-31 23:00:00.000000'"],
        "checkins",
        "check-in {id} has a recording time before 1900",
    ),
    "a note longer than any version ever stored": (
        [f"UPDATE checkins SET note = note || printf('%.{STORED_TEXT_GUARD}c', 'x')"],
        "checkins",
        f"check-in {{id}} has a note longer than {STORED_TEXT_GUARD:,} characters",
    ),
    "a note holding a NUL character": (
        ["UPDATE checkins SET note = note || char(0) || 'more'"],
        "checkins",
        "check-in {id} has a NUL character in its note",
    ),
    "a symptom key that is not one": (
        ["UPDATE scores SET symptom = 'Pain!' || rowid"],
        "scores",
        "score {id} has a symptom name that is not a symptom's key",
    ),
    "a note that is not UTF-8": (
        ["UPDATE checkins SET note = CAST(X'FF' || CAST(note AS BLOB) AS TEXT)"],
        "checkins",
        "the text of check-in {id} cannot be read (it is not UTF-8)",
    ),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_restore_refuses_a_backup_whose_values_break_the_domain_rules_and_changes_nothing(
    data, now, source, kind
):
    statements, table, words = BROKEN[kind]
    make_journal(data, now, ["already here"])
    sql(source, *statements)
    before = digest(data.journal)
    files = sorted(p.name for p in data.root.rglob("*"))
    with pytest.raises(JournalDamaged) as refused:
        restore(data, source, now)
    message = str(refused.value)
    assert words.format(id=first_id(source, table)) in message
    assert "Nothing was changed" in message and SECRET not in message
    assert digest(data.journal) == before
    assert sorted(p.name for p in data.root.rglob("*")) == files


@pytest.mark.parametrize("kind", ["a score above 10", "a note that is not UTF-8"])
def test_the_restore_command_refuses_broken_values_with_exit_3_and_never_prints_the_text(
    data, now, source, kind, capsys
):
    sql(source, *BROKEN[kind][0])
    assert main(["--data-dir", str(data.root), "restore", str(source)]) == 3
    printed = capsys.readouterr()
    assert "Nothing was changed" in printed.err
    assert SECRET not in printed.out + printed.err and "Traceback" not in printed.err


def test_restore_takes_values_exactly_at_the_domain_limits(data, now, tmp_path):
    other = paths.resolve(tmp_path / "other")
    make_journal(other, now, ["x" * MAX_NOTE_LENGTH])
    sql(other.journal, "UPDATE scores SET value = 10 WHERE symptom = 'pain'")
    sql(other.journal, "UPDATE scores SET value = 0 WHERE symptom = 'nausea'")
    source = backup.snapshot(other.journal, tmp_path / "edge.db")
    restore(data, source, now)
    with closing(sqlite3.connect(data.journal)) as conn:
        assert conn.execute("SELECT length(note) FROM checkins").fetchone()[0] == MAX_NOTE_LENGTH


def test_a_journal_holding_a_note_an_earlier_version_let_in_still_opens_backs_up_and_restores(
    data, now, tmp_path
):
    """Earlier imports took notes of up to 100,000 characters; that history stays usable."""
    other = paths.resolve(tmp_path / "other")
    make_journal(other, now, ["ok"])
    sql(other.journal, "UPDATE checkins SET note = printf('%.50000c', 'n')")
    with open_journal(other, now=now) as journal, journal.read() as s:
        assert len(checkins.between(s)[0].note) == 50_000
    source = backup.snapshot(other.journal, tmp_path / "long.db")
    restore(data, source, now)
    with closing(sqlite3.connect(data.journal)) as conn:
        assert conn.execute("SELECT length(note) FROM checkins").fetchone()[0] == 50_000


def test_restore_takes_a_backup_made_a_minute_ahead_by_another_computer(data, now, source):
    sql(source, "UPDATE checkins SET recorded_at = '2026-03-20 12:01:00.000000'")
    restore(data, source, now)


def test_verify_without_a_time_leaves_the_future_to_the_caller(now, source):
    sql(source, "UPDATE checkins SET recorded_at = '2099-01-01 00:00:00.000000'")
    verify_journal(source)  # only restore, which knows the time, refuses the future
    with pytest.raises(JournalDamaged, match="in the future"):
        verify_journal(source, now=now)


# ----- backups are verified as restore verifies them -----


def test_a_snapshot_of_a_journal_holding_text_that_is_not_utf8_is_not_kept(tmp_path, now):
    other = paths.resolve(tmp_path / "other")
    make_journal(other, now, [SECRET])
    sql(other.journal, BROKEN["a note that is not UTF-8"][0][0])
    target = tmp_path / "copy.db"
    with pytest.raises(JournalDamaged) as refused:
        backup.snapshot(other.journal, target)
    message = str(refused.value)
    assert "cannot be read (it is not UTF-8)" in message and SECRET not in message
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other"]


def test_a_snapshot_of_a_journal_holding_a_score_out_of_range_is_not_kept(tmp_path, now):
    other = paths.resolve(tmp_path / "other")
    make_journal(other, now, ["fine"])
    sql(other.journal, "UPDATE scores SET value = 12")
    with pytest.raises(JournalDamaged, match="outside 0 to 10"):
        backup.snapshot(other.journal, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()


@pytest.mark.parametrize("kind", ["a note that is not UTF-8", "a score above 10"])
def test_check_never_calls_a_backup_verified_that_restore_would_refuse(
    data, now, source, kind, capsys
):
    make_journal(data, now, ["fine"])
    sql(source, *BROKEN[kind][0])
    data.backups.mkdir(exist_ok=True)
    planted = data.backups / f"journal-{now.strftime(backup.STAMP)}-daily.db"
    planted.write_bytes(source.read_bytes())
    with pytest.raises(JournalDamaged):
        restore(data, planted, now)
    assert main(["--data-dir", str(data.root), "check"]) == 3
    out = capsys.readouterr().out
    assert "latest backup: verified" not in out
    assert "the latest backup failed its check" in out and SECRET not in out


# ----- the check reads CHECK-constrained values, read-only too -----


def test_the_read_only_check_finds_a_score_out_of_range(data, now):
    make_journal(data, now, ["fine"])
    sql(data.journal, "UPDATE scores SET value = 42")
    holder = sqlite3.connect(data.journal)  # in use: -wal and -shm beside it, read-only check
    try:
        holder.execute("SELECT count(*) FROM checkins").fetchone()
        assert (data.root / "journal.db-wal").exists()
        with closing(sqlite3.connect(f"{data.journal.as_uri()}?mode=ro", uri=True)) as ro:
            assert ro.execute("PRAGMA integrity_check").fetchone()[0] == "ok"  # SQLite: fine
        with pytest.raises(JournalDamaged, match="has a value outside 0 to 10"):
            check_file(data.journal, full=True)
    finally:
        holder.close()


@pytest.mark.parametrize(
    "statement, words",
    [
        ("UPDATE scores SET value = 42", "a value outside 0 to 10"),
        ("UPDATE checkins SET recorded_by = 'neighbour'", "recorded by"),
        ("UPDATE checkins SET activity = 5", "an activity level outside 0 to 4"),
    ],
)
def test_the_check_command_reports_values_a_check_constraint_forbids(
    data, now, statement, words, capsys
):
    make_journal(data, now, [SECRET])
    sql(data.journal, statement)
    assert main(["--data-dir", str(data.root), "check"]) == 3
    out = capsys.readouterr().out
    assert "trouble" in out and words in out and SECRET not in out


def test_a_journal_with_a_value_out_of_range_is_not_written_into(data, now, capsys):
    make_journal(data, now, ["fine"])
    sql(data.journal, "UPDATE scores SET value = 42")
    before = digest(data.journal)
    assert main(["--data-dir", str(data.root), "log", "--pain", "3"]) == 3
    assert "outside 0 to 10" in capsys.readouterr().err
    assert digest(data.journal) == before


def test_check_constraints_are_read_from_the_schema_whatever_its_quoting():
    found = check_constraints(
        "CREATE TABLE t (a INT CONSTRAINT \"ck_t_a\" CHECK (a IN (1, 2)), b TEXT DEFAULT '(', "
        "CONSTRAINT ck_t_b CHECK (b <> ')' AND length(b) < 3), CHECK (a > 0))"
    )
    assert found == [
        ("ck_t_a", "a IN (1, 2)"),
        ("ck_t_b", "b <> ')' AND length(b) < 3"),
        (None, "a > 0"),
    ]


@pytest.mark.parametrize(
    ("statements", "what"),
    [
        (["DELETE FROM scores"], "has no score, temperature or weight"),
        (
            [
                "INSERT INTO profile (name, date_of_birth, diagnosis, time_zone, id, created_at, "
                "updated_at, emergency_number) VALUES ('', NULL, '', '', "
                "'00000000000000000000000000000001', '2026-03-01 00:00:00.000000', "
                "'2026-03-01 00:00:00.000000', printf('%.300c', '9'))"
            ],
            "an emergency number longer than 200 characters",
        ),
    ],
)
def test_restore_refuses_what_no_version_could_have_stored(data, now, source, statements, what):
    sql(source, *statements)
    with pytest.raises(JournalDamaged, match=what):
        restore(data, source, now)


def test_a_backup_written_while_the_clock_ran_ahead_restores_and_check_says_so(
    data, now, source, capsys
):
    # The command reads the computer's clock, so the time ahead is set from it.
    today = datetime.now(UTC)
    ahead = (today + timedelta(days=30)).strftime("%Y-%m-%d %H:%M:%S.%f")
    sql(source, f"UPDATE checkins SET recorded_at = '{ahead}'")
    restore(data, source, today)
    assert main(["--data-dir", str(data.root), "check"]) == 0
    assert "dated after now; the computer's clock may have been ahead" in capsys.readouterr().out
