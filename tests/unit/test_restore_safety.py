"""Restore: it works whatever state the journal is in, keeps that journal aside byte for byte,
leaves nothing behind, and lets in only a whole journal with exactly the schema of its version."""

import hashlib
import os
import shutil
import sqlite3
import uuid
from contextlib import closing
from datetime import timedelta

import pytest

from carecompanion.cli import main
from carecompanion.db import backup
from carecompanion.db.errors import JournalDamaged, JournalTooNew, JournalUnavailable
from carecompanion.db.journal import open_journal
from carecompanion.db.migrate import upgrade
from carecompanion.db.restore import restore
from carecompanion.services import checkins


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def notes_in(path):
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0] for row in conn.execute("SELECT note FROM checkins")}


def make_journal(data, now, notes):
    with open_journal(data, now=now, automatic_backup=False) as journal, journal.write() as s:
        for i, note in enumerate(notes):
            checkins.record(
                s,
                {"pain": 9, "nausea": 1},
                recorded_at=now - timedelta(hours=i),
                note=note,
                now=now,
            )


@pytest.fixture
def source(tmp_path, now):
    """A good backup holding three check-ins noted "restored 0..2"."""
    from carecompanion import paths

    other = paths.resolve(tmp_path / "other")
    make_journal(other, now, [f"restored {i}" for i in range(3)])
    return backup.snapshot(other.journal, tmp_path / "good-backup.db")


RESTORED = {f"restored {i}" for i in range(3)}
OLD = {f"old {i}" for i in range(4)}


def leftovers(data):
    """Files in the data folder a finished restore must not leave."""
    return sorted(
        p.name
        for p in data.root.iterdir()
        if ".restoring" in p.name or p.name in ("journal.db-wal", "journal.db-shm")
    ) + sorted(p.name for p in data.backups.iterdir() if ".partial" in p.name)


def with_pending_log(data, now, damage=False):
    """The journal as a killed writer leaves it: commits still in journal.db-wal."""
    make_journal(data, now, sorted(OLD)[:2])
    if damage:
        point_the_index_elsewhere(data.journal)
    holder = sqlite3.connect(data.journal, isolation_level=None)
    holder.execute("PRAGMA wal_autocheckpoint=0")
    stamp = "2026-03-01 10:00:00.000000"
    for note in sorted(OLD)[2:]:
        checkin_id = uuid.uuid4().hex
        holder.execute(
            "INSERT INTO checkins (id, recorded_at, recorded_by, note, created_at, updated_at)"
            " VALUES (?, ?, 'patient', ?, ?, ?)",
            (checkin_id, stamp, note, stamp, stamp),
        )
        holder.execute(
            "INSERT INTO scores (id, checkin_id, symptom, value, created_at, updated_at)"
            " VALUES (?, ?, 'pain', 3, ?, ?)",
            (uuid.uuid4().hex, checkin_id, stamp, stamp),
        )
    frozen = data.root.parent / "frozen"
    frozen.mkdir()
    for name in ("journal.db", "journal.db-wal"):
        shutil.copy2(data.root / name, frozen / name)
    holder.close()
    for name in ("journal.db", "journal.db-wal"):
        shutil.copy2(frozen / name, data.root / name)
    (data.root / "journal.db-shm").unlink(missing_ok=True)
    assert (data.root / "journal.db-wal").stat().st_size > 0


def point_the_index_elsewhere(path):
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("PRAGMA writable_schema=ON")
        conn.execute(
            "UPDATE sqlite_master SET sql='CREATE INDEX ix_checkins_recorded_at ON checkins (note)'"
            " WHERE name='ix_checkins_recorded_at'"
        )
        conn.commit()


def damage_an_index(data, now):
    make_journal(data, now, sorted(OLD))
    point_the_index_elsewhere(data.journal)
    with closing(sqlite3.connect(data.journal)) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"


def not_a_database(data, now):
    data.ensure()
    data.journal.write_bytes(b"%PDF-1.7 " * 500)


def damaged_with_a_log(data, now):
    with_pending_log(data, now, damage=True)


STATES = {
    "healthy": lambda data, now: make_journal(data, now, sorted(OLD)),
    "healthy with commits in its log": with_pending_log,
    "index damage that passes quick_check": damage_an_index,
    "not a database": not_a_database,
    "damaged with a log": damaged_with_a_log,
    "empty": lambda data, now: (data.ensure(), data.journal.write_bytes(b"")),
}


@pytest.mark.parametrize("state", STATES)
def test_restore_works_whatever_state_the_journal_is_in_and_keeps_it_byte_for_byte(
    data, now, source, state
):
    STATES[state](data, now)
    before = {
        suffix: digest(data.root / f"journal.db{suffix}")
        for suffix in ("", "-wal")
        if (data.root / f"journal.db{suffix}").exists()
    }
    kept = restore(data, source, now)
    assert kept is not None
    healthy = state.startswith("healthy")
    assert kept.name.startswith("journal-replaced-" if healthy else "journal-damaged-")
    assert {suffix: digest(kept.with_name(kept.name + suffix)) for suffix in before} == before
    assert notes_in(data.journal) == RESTORED
    assert leftovers(data) == []
    with open_journal(data, now=now) as journal, journal.read() as session:
        assert {c.note for c in checkins.between(session)} == RESTORED
    before_restore = [b for b in backup.listing(data.backups) if b.reason == "before-restore"]
    if healthy:  # a verified snapshot too, holding what was saved, the log's commits included
        assert [notes_in(b.path) for b in before_restore] == [OLD]
    else:
        assert before_restore == []  # a damaged journal is not passed off as a good backup


def test_restore_when_there_is_no_journal_yet(data, now, source):
    assert restore(data, source, now) is None
    assert notes_in(data.journal) == RESTORED
    assert leftovers(data) == []


def test_a_log_left_without_its_journal_is_kept_and_never_replayed_into_the_restored_one(
    data, now, source
):
    with_pending_log(data, now)
    log = digest(data.root / "journal.db-wal")
    data.journal.unlink()
    assert restore(data, source, now) is None
    orphaned = [p for p in data.root.iterdir() if p.name.startswith("journal-orphaned-")]
    assert [digest(p) for p in orphaned] == [log]
    assert notes_in(data.journal) == RESTORED


def test_the_leftovers_of_a_killed_restore_are_removed_by_the_next_one(data, now, source):
    make_journal(data, now, sorted(OLD))
    for suffix in ("", "-wal", "-shm", "-journal"):
        (data.root / f"journal.db.restoring{suffix}").write_bytes(b"half")
    restore(data, source, now)
    assert leftovers(data) == []
    assert notes_in(data.journal) == RESTORED


def test_restore_from_a_journal_in_wal_mode_takes_its_log_and_leaves_nothing_beside_it(
    tmp_path, data, now
):
    from carecompanion import paths

    other = paths.resolve(tmp_path / "other")
    with_pending_log(other, now)  # journal.db + journal.db-wal, as a copied live journal
    source = other.journal
    beside = sorted(p.name for p in other.root.iterdir())
    restore(data, source, now)
    assert notes_in(data.journal) == OLD
    assert sorted(p.name for p in other.root.iterdir()) == beside
    assert leftovers(data) == []


def test_restore_through_the_command_line_over_index_damage_exits_0(data, now, source, capsys):
    damage_an_index(data, now)
    assert main(["--data-dir", str(data.root), "restore", str(source)]) == 0
    assert "kept in" in capsys.readouterr().out
    assert main(["--data-dir", str(data.root), "log", "--pain", "4"]) == 0
    assert len(notes_in(data.journal)) == 4


def test_an_older_backup_is_checked_against_its_own_version(data, now, tmp_path):
    older = tmp_path / "older.db"
    upgrade(older, "0001")
    restore(data, older, now)
    with open_journal(data, now=now) as journal, journal.read() as session:
        assert checkins.count(session) == 0


# Hostile or broken backups. Each is refused with the journal as it was and no file added.


def sql(*statements):
    def change(path):
        with closing(sqlite3.connect(path)) as conn:
            for statement in statements:
                conn.execute(statement)
            conn.commit()

    return change


def writable_schema(table_sql_from, table_sql_to):
    return sql(
        "PRAGMA writable_schema=ON",
        f"UPDATE sqlite_master SET sql = replace(sql, '{table_sql_from}', '{table_sql_to}')",
    )


def only_a_version_table(path):
    path.unlink()
    sql(
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
        "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))",
        "INSERT INTO alembic_version VALUES ('0002')",
    )(path)


def not_a_database_file(path):
    path.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))


def a_trigger_hidden_in_the_log(path):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute(
        "CREATE TRIGGER quiet AFTER INSERT ON scores BEGIN "
        "UPDATE scores SET value = 0 WHERE id = NEW.id; END"
    )
    keep = path.with_name("keep")
    keep.mkdir()
    shutil.copy2(path, keep / "db")
    shutil.copy2(f"{path}-wal", keep / "wal")
    conn.close()
    shutil.copy2(keep / "db", path)
    shutil.copy2(keep / "wal", f"{path}-wal")


HOSTILE = {
    "a trigger that rewrites pain to 0": sql(
        "CREATE TRIGGER quiet AFTER INSERT ON scores WHEN NEW.symptom = 'pain' BEGIN "
        "UPDATE scores SET value = 0 WHERE id = NEW.id; END"
    ),
    "a trigger hidden in its write-ahead log": a_trigger_hidden_in_the_log,
    "a view": sql("CREATE VIEW everything AS SELECT * FROM checkins"),
    "an extra column": sql("ALTER TABLE checkins ADD COLUMN mood TEXT"),
    "an extra table": sql("CREATE TABLE extra (x)"),
    "an extra index": sql("CREATE INDEX extra ON checkins (note)"),
    "a missing index": sql("DROP INDEX ix_checkins_recorded_at"),
    "a missing table": sql("DROP TABLE questions"),
    "a check constraint taken out": writable_schema(
        "CONSTRAINT ck_scores_value CHECK (value BETWEEN 0 AND 10), ", ""
    ),
    "a column default added": writable_schema("note TEXT NOT NULL", "note TEXT NOT NULL DEFAULT 0"),
    "a column type changed": writable_schema("value INTEGER NOT NULL", "value TEXT NOT NULL"),
    "only an alembic_version table": only_a_version_table,
    "two version rows": sql("INSERT INTO alembic_version VALUES ('0001')"),
    "the schema of another version": sql("UPDATE alembic_version SET version_num = '0001'"),
    "a score pointing at no check-in": sql(
        "INSERT INTO scores VALUES ('" + "a" * 32 + "', 'pain', 3, '" + "b" * 32 + "',"
        " '2026-03-01 10:00:00.000000', '2026-03-01 10:00:00.000000')"
    ),
    "a time the app cannot read": sql("UPDATE checkins SET recorded_at = 'yesterday'"),
    "a day that does not exist": sql(
        "UPDATE checkins SET recorded_at = '2026-02-30 10:00:00.000000'"
    ),
    "an id that is not a uuid": sql("UPDATE checkins SET id = 'x' || substr(id, 2)"),
    "text in a number column": sql(
        "INSERT INTO questions VALUES ('Why?', 'own', 'open', '', 0, 'first', '" + "c" * 32 + "',"
        " '2026-03-01 10:00:00.000000', '2026-03-01 10:00:00.000000', NULL)"
    ),
    "a true that is neither 0 nor 1": sql(
        "INSERT INTO questions VALUES ('Why?', 'own', 'open', '', 7, 1, '" + "c" * 32 + "',"
        " '2026-03-01 10:00:00.000000', '2026-03-01 10:00:00.000000', NULL)"
    ),
    "a note that is not UTF-8": sql("UPDATE checkins SET note = CAST(X'66FF6F' AS TEXT)"),
    "a score out of range": sql(
        "PRAGMA ignore_check_constraints=ON", "UPDATE scores SET value = 99"
    ),
    "a file that is not a database": not_a_database_file,
    "an empty file": lambda path: path.write_bytes(b""),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_backup_that_is_not_exactly_a_journal_is_refused_and_nothing_changes(
    data, now, source, kind
):
    make_journal(data, now, sorted(OLD))
    HOSTILE[kind](source)
    before = digest(data.journal)
    files = sorted(p.name for p in data.root.rglob("*"))
    with pytest.raises(JournalDamaged, match=r"not a CareCompanion|damaged"):
        restore(data, source, now)
    assert digest(data.journal) == before
    assert sorted(p.name for p in data.root.rglob("*")) == files


def test_a_backup_from_a_newer_version_is_refused_as_too_new(data, now, source):
    make_journal(data, now, sorted(OLD))
    sql("UPDATE alembic_version SET version_num = '9999'")(source)
    before = digest(data.journal)
    with pytest.raises(JournalTooNew, match="newer version"):
        restore(data, source, now)
    assert digest(data.journal) == before


REFUSED = {
    **HOSTILE,
    "from a newer version": sql("UPDATE alembic_version SET version_num = '9999'"),
}


@pytest.mark.parametrize(
    "kind",
    [
        "a trigger that rewrites pain to 0",
        "a view",
        "an extra column",
        "only an alembic_version table",
        "a file that is not a database",
        "from a newer version",
    ],
)
def test_the_command_line_refuses_a_hostile_backup_with_exit_3_and_later_saves_stay_true(
    data, now, source, kind, capsys
):
    REFUSED[kind](source)
    assert main(["--data-dir", str(data.root), "log", "--pain", "9"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data.root), "restore", str(source)]) == 3
    err = capsys.readouterr().err
    assert "Nothing was changed" in err and "Traceback" not in err
    assert main(["--data-dir", str(data.root), "log", "--pain", "9"]) == 0
    with closing(sqlite3.connect(data.journal)) as conn:
        assert [r[0] for r in conn.execute("SELECT value FROM scores")] == [9, 9]


@pytest.mark.parametrize("kind", ["a folder", "a named pipe", "a device", "nothing"])
def test_restore_reads_only_a_regular_file(data, now, tmp_path, kind):
    make_journal(data, now, sorted(OLD))
    target = tmp_path / "source"
    if kind == "a folder":
        target.mkdir()
    elif kind == "a named pipe":
        os.mkfifo(target)
    elif kind == "a device":
        target = tmp_path / "zero"
        target.symlink_to("/dev/zero")
    before = digest(data.journal)
    with pytest.raises(JournalUnavailable):
        restore(data, target, now)
    assert digest(data.journal) == before
    assert leftovers(data) == []
