"""Storage: UTC times, migrations that match the models, upgrades that keep every row."""

import sqlite3
import uuid
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from carecompanion.db import backup
from carecompanion.db.health import stored_revision
from carecompanion.db.journal import open_journal
from carecompanion.db.migrate import alembic_config, upgrade
from carecompanion.db.migrations import HEAD_REVISION
from carecompanion.db.models import Base
from carecompanion.domain.records import Recorder
from carecompanion.services import checkins

LONDON = ZoneInfo("Europe/London")


def test_times_round_trip_as_the_same_instant_across_a_dst_change(journal, now):
    # 2026-03-29 01:00 UTC is when London moves from GMT to BST.
    before = datetime(2026, 3, 29, 0, 30, tzinfo=LONDON)
    after = datetime(2026, 3, 29, 2, 30, tzinfo=LONDON)
    late = datetime(2026, 3, 30, tzinfo=ZoneInfo("UTC"))
    with journal.write() as session:
        a = checkins.record(session, {"pain": 1}, recorded_at=before, now=late)
        b = checkins.record(session, {"pain": 2}, recorded_at=after, now=late)
    with journal.read() as session:
        stored = {c.id: c.recorded_at for c in checkins.between(session)}
    assert stored[a.id] == before and stored[a.id].utcoffset().total_seconds() == 0
    assert stored[b.id] == after
    assert (stored[b.id] - stored[a.id]).total_seconds() == 3600  # one real hour apart


def test_naive_times_are_refused_by_the_column_type(journal, now):
    from carecompanion.db.models import CheckInRow

    with pytest.raises(Exception, match="naive datetime refused"), journal.write() as session:
        session.add(CheckInRow(recorded_at=datetime(2026, 1, 1), recorded_by="patient"))
        session.flush()


def test_head_revision_constant_matches_alembic():
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION


def test_migrations_produce_exactly_the_models_schema(tmp_path):
    path = tmp_path / "j.db"
    upgrade(path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    engine.dispose()


def first_revision():
    script = ScriptDirectory.from_config(alembic_config())
    return next(rev for rev in script.walk_revisions() if rev.down_revision is None).revision


def test_a_journal_from_the_first_revision_upgrades_with_every_row(tmp_path, data, now):
    data.ensure()
    upgrade(data.journal, first_revision())
    ids = [uuid.uuid4() for _ in range(3)]
    with sqlite3.connect(data.journal) as conn:
        for n, checkin_id in enumerate(ids):
            conn.execute(
                "INSERT INTO checkins (id, recorded_at, recorded_by, note, created_at, updated_at)"
                " VALUES (?, ?, 'caregiver', ?, ?, ?)",
                (
                    checkin_id.hex,
                    f"2026-03-0{n + 1} 09:00:00.000000",
                    f"note {n}",
                    "2026-03-01 09:00:00.000000",
                    "2026-03-01 09:00:00.000000",
                ),
            )
            conn.execute(
                "INSERT INTO scores (id, checkin_id, symptom, value, created_at, updated_at)"
                " VALUES (?, ?, 'pain', ?, ?, ?)",
                (
                    uuid.uuid4().hex,
                    checkin_id.hex,
                    n + 4,
                    "2026-03-01 09:00:00.000000",
                    "2026-03-01 09:00:00.000000",
                ),
            )
    with open_journal(data, now=now) as journal, journal.read() as session:
        found = checkins.between(session)
    if first_revision() != HEAD_REVISION:  # an update ran: it was backed up first
        kept = [b for b in backup.listing(data.backups) if b.reason == "before-update"]
        assert len(kept) == 1
        assert stored_revision(kept[0].path) == first_revision()
    assert stored_revision(data.journal) == HEAD_REVISION
    assert [c.id for c in found] == ids
    assert [c.scores for c in found] == [{"pain": 4}, {"pain": 5}, {"pain": 6}]
    assert {c.recorded_by for c in found} == {Recorder.CAREGIVER}
    assert [c.note for c in found] == ["note 0", "note 1", "note 2"]
