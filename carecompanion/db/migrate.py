"""Bringing a journal's schema up to date with Alembic, safely.

Migrations run in one transaction on a connection with foreign keys off (SQLite's batch
migrations copy tables, and with foreign keys on, ON DELETE CASCADE would silently delete child
rows). Before committing, `foreign_key_check` and `integrity_check` must both pass.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text

from carecompanion.db.engine import make_engine
from carecompanion.db.errors import JournalDamaged
from carecompanion.db.migrations import HEAD_REVISION

if TYPE_CHECKING:
    from alembic.config import Config


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "carecompanion.db:migrations")
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def upgrade(path: Path, revision: str = HEAD_REVISION) -> None:
    """Upgrade the journal at `path` to `revision` (head by default), all or nothing."""
    from alembic import command

    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.connect() as connection, connection.begin():
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            broken = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            integrity = connection.execute(text("PRAGMA integrity_check")).scalars().all()
            if broken or integrity != ["ok"]:
                raise JournalDamaged(
                    "Updating the journal to this version failed its checks; nothing was changed."
                )
    finally:
        engine.dispose()
