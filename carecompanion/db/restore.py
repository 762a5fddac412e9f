"""Restoring a backup in place of the journal: needs sole use, keeps what was there before.

A healthy journal is backed up first; a damaged one is moved aside under a new name, never
written over. The backup is copied to a temporary file, verified, and only then renamed into
place, so a crash at any moment leaves either the old journal or the restored one.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from carecompanion.db import backup
from carecompanion.db.errors import JournalBusy, JournalDamaged, JournalTooNew
from carecompanion.db.health import check_file, stored_revision
from carecompanion.db.journal import IN_USE
from carecompanion.db.lock import LockFile
from carecompanion.db.migrations import HEAD_REVISION
from carecompanion.paths import DataPaths, make_private


def check_restorable(source: Path) -> None:
    """Raise unless `source` is a healthy journal this version can open."""
    if not source.is_file():
        raise JournalDamaged(f"There is no file {source} to restore from.")
    check_file(source, full=True)
    revision = stored_revision(source)
    if revision is None:
        raise JournalDamaged(f"The file {source} is not a CareCompanion journal or backup.")
    if revision != HEAD_REVISION:
        from carecompanion.db.migrate import known_revisions

        if revision not in known_revisions():
            raise JournalTooNew(
                f"The backup {source} was made by a newer version of CareCompanion; "
                "install that version to restore it. Nothing was changed."
            )


def restore(paths: DataPaths, source: Path, now: datetime | None = None) -> Path | None:
    """Put `source` in place of the journal. Returns where the previous journal was kept."""
    moment = now or datetime.now(UTC)
    source = source.resolve()
    check_restorable(source)
    paths.ensure()
    with LockFile(paths.lock) as lock:
        if not lock.exclusive():
            raise JournalBusy(IN_USE.format(root=paths.root))
        kept = _set_aside(paths, moment)
        partial = paths.journal.with_name(paths.journal.name + ".restoring")
        partial.unlink(missing_ok=True)
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(partial)) as dst:
            src.backup(dst)
        make_private(partial)
        check_file(partial, full=True)
        partial.replace(paths.journal)
    return kept


def _set_aside(paths: DataPaths, moment: datetime) -> Path | None:
    journal = paths.journal
    if not journal.exists():
        return None
    try:
        check_file(journal)
    except JournalDamaged:
        stamp = moment.strftime(backup.STAMP)
        aside = journal.with_name(f"journal-damaged-{stamp}.db")
        for suffix in ("", "-wal", "-shm"):
            part = Path(f"{journal}{suffix}")
            if part.exists():
                part.rename(Path(f"{aside}{suffix}"))
        return aside
    taken = backup.take(journal, paths.backups, "before-restore", moment)
    with closing(sqlite3.connect(journal)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        Path(f"{journal}{suffix}").unlink(missing_ok=True)
    return taken.path
