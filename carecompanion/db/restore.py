"""Restoring a backup in place of the journal, whatever state the journal is in.

Restore needs sole use (the exclusive lock). In order, so that a crash at any moment leaves a
usable `journal.db`, the one from before or the restored one:

1. The backup's bytes are copied to `journal.db.restoring` in the data folder (the person's file
   is never opened by SQLite, so nothing is left beside it), turned into a rollback-journal file,
   verified whole (`health.verify_journal`: integrity, foreign keys, the exact schema of its
   version, values that keep the domain's rules, none dated more than a clock that ran a year
   ahead could have written) and synced. Anything
   else is refused; nothing has changed.
2. The journal is kept aside byte for byte, never read through SQLite: `journal.db` and its
   `-wal`, `-shm` and `-journal` files get a second name, `journal-replaced-<time>.db`, or
   `journal-damaged-<time>.db` when it fails the full integrity check (a hard link; a synced
   copy where links are not possible, or when the next step would change the linked file).
3. A journal that passes the check has its write-ahead log folded in (a checkpoint, so that it
   is whole on its own) and is backed up (`before-restore`, a verified snapshot that thinning
   keeps for 30 days).
4. Its `-wal`, `-shm` and `-journal` names are removed: left beside the restored file, SQLite
   would replay the old log into it.
5. `os.replace` puts the restored file in place (there is never a moment without a
   `journal.db`) and the folder is synced.

Leftovers of a restore killed half-way are removed by the next one, or when the journal is next
opened; journals kept aside are thinned after 30 days, the newest of each kind always kept.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from carecompanion.db import backup, driver, encryption
from carecompanion.db.driver import sqlite
from carecompanion.db.errors import (
    JournalBusy,
    JournalDamaged,
    JournalUnavailable,
    JournalWriteFailed,
)
from carecompanion.db.health import SQLITE_HEADER, check_file, verify_journal
from carecompanion.db.journal import COPYING, IN_USE, RESTORE_PARTIAL, clear_working_files
from carecompanion.db.lock import LockFile
from carecompanion.domain.context import CLOCK_AHEAD_ALLOWANCE
from carecompanion.paths import PRIVATE_FILE, DataPaths

COMPANIONS = ("-wal", "-shm", "-journal")  # the files SQLite keeps beside a database
PARTIAL_SUFFIX = RESTORE_PARTIAL


def restore(paths: DataPaths, source: Path, now: datetime | None = None) -> Path | None:
    """Put the backup `source` in place of the journal. Returns where the journal that was
    there is kept (None when there was none).

    Raises JournalDamaged or JournalTooNew for a file that cannot take the journal's place,
    JournalBusy while someone else uses the journal, JournalWriteFailed when the disk refuses.
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    shown = source
    source = _readable_source(source)
    paths.ensure()
    try:
        lock = LockFile(paths.lock)
        taken = lock.exclusive()
    except OSError as exc:  # a read-only folder, a lock that is a folder, ...
        raise JournalUnavailable(
            f"The journal in {paths.root} cannot be restored: its lock file {paths.lock.name} "
            f"cannot be used ({exc.strerror or type(exc).__name__}). Nothing was changed."
        ) from None
    with lock:
        if not taken:
            raise JournalBusy(IN_USE.format(root=paths.root))
        partial = paths.journal.with_name(paths.journal.name + PARTIAL_SUFFIX)
        if source.resolve() in {partial.resolve(), paths.journal.resolve()}:
            raise JournalDamaged(
                f"{shown} is the journal itself or a restore's own working copy, not a backup. "
                "It has been left untouched; choose a file from the backups folder."
            )
        clear_working_files(paths.journal)  # what a restore or creation killed half-way left
        try:
            _write_whole(source, partial, shown, moment)
            encryption.match_journal(paths, partial)  # encrypted like the journal it replaces
            kept = _set_aside(paths, moment)
            partial.replace(paths.journal)  # os.replace: atomic, never a moment without one
            backup.sync_folder(paths.root)
            backup.thin_set_aside(paths.root, moment)
        except OSError as exc:
            raise _write_failure(exc, paths.root) from exc
        finally:
            _remove_with_companions(partial)
    return kept


def _readable_source(source: Path) -> Path:
    """The backup as a regular file that starts like a database, or a plain-words refusal."""
    try:
        resolved = source.expanduser().resolve()
        info = resolved.stat()
    except (OSError, RuntimeError):
        raise JournalDamaged(f"There is no file {source} to restore from.") from None
    if not stat.S_ISREG(info.st_mode):
        raise JournalDamaged(f"{source} is not a file to restore from (it is a folder or device).")
    try:
        with resolved.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise JournalDamaged(f"The file {source} cannot be read: {exc.strerror}.") from None
    if header != SQLITE_HEADER and not (header and driver.key_for(resolved) is not None):
        if encryption.looks_encrypted(resolved):
            raise JournalDamaged(
                f"The file {source} looks like an encrypted backup, and this journal holds no "
                "key for it. Turn encryption on here with the passphrase it was made under "
                "(the same key), then restore it. Nothing was changed."
            )
        raise JournalDamaged(
            f"The file {source} is not a CareCompanion journal or backup (it is empty, cut "
            "short or of another kind). Nothing was changed."
        )
    return resolved


def _write_whole(source: Path, partial: Path, shown: Path, moment: datetime) -> None:
    """Copy the backup (with any log SQLite keeps beside it) to `partial`, make it a single
    self-contained file, verify it (values against the domain's rules, none after `moment`
    included) and sync it; JournalDamaged/JournalTooNew if it is not fit."""
    for suffix in ("", "-wal", "-journal"):  # not -shm: SQLite rebuilds it from the log
        part = Path(f"{source}{suffix}")
        if suffix and not part.is_file():
            continue
        _copy_exclusive(part, Path(f"{partial}{suffix}"))
    try:
        with closing(driver.connect(partial, isolation_level=None)) as conn:
            # Replays a log copied with it, and leaves one file with no -wal or -shm beside it.
            conn.execute("PRAGMA journal_mode=DELETE")
            pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
            size = int(conn.execute("PRAGMA page_size").fetchone()[0])  # text in SQLCipher
        # Bytes after the database's last page (a file padded, or still being written to) are
        # not part of it: the journal takes only the pages.
        if partial.stat().st_size > pages * size:
            os.truncate(partial, pages * size)
    except sqlite.DatabaseError as exc:
        if backup.disk_refused(exc):
            raise _write_failure(exc, partial.parent) from exc
        raise JournalDamaged(
            f"The file {shown} is not a CareCompanion journal or backup "
            f"({type(exc).__name__}). Nothing was changed."
        ) from exc
    verify_journal(partial, label=shown, now=moment + CLOCK_AHEAD_ALLOWANCE)
    with partial.open("rb+") as handle:
        os.fsync(handle.fileno())


def _copy_exclusive(source: Path, target: Path) -> None:
    """Copy bytes into a new private file that is created here (never through a link)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(target, flags, PRIVATE_FILE)
    with os.fdopen(fd, "wb") as out, source.open("rb") as src:
        shutil.copyfileobj(src, out, 1024 * 1024)
        out.flush()
        os.fsync(out.fileno())


def _set_aside(paths: DataPaths, moment: datetime) -> Path | None:
    """Keep the journal's files under a second name; back up a healthy journal too.

    Leaves `journal.db` in place, whole, with no -wal/-shm/-journal beside it."""
    journal = paths.journal
    present = [suffix for suffix in ("", *COMPANIONS) if Path(f"{journal}{suffix}").exists()]
    if not present:
        return None
    if "" in present:
        healthy = _healthy(journal)
        aside = _aside_name(paths, moment, "replaced" if healthy else "damaged")
    else:  # a log without its journal: kept, but away from the name the new journal takes
        healthy = False
        aside = _aside_name(paths, moment, "orphaned")
    # A healthy journal's log is folded into it below, which would change a hard-linked
    # second name too: then the files are copied instead.
    log = Path(f"{journal}-wal")
    folding = healthy and log.exists() and log.stat().st_size > 0
    kept: list[Path] = []
    try:
        for suffix in present:
            kept.append(Path(f"{aside}{suffix}"))
            _keep_as(Path(f"{journal}{suffix}"), kept[-1], copy=folding)
        backup.sync_folder(paths.root)
        if healthy:
            if folding:
                _checkpoint(journal)
            backup.take(journal, paths.backups, "before-restore", moment)
    except BaseException:
        for path in kept:  # the journal itself is still in place
            path.unlink(missing_ok=True)
        raise
    for suffix in COMPANIONS:
        Path(f"{journal}{suffix}").unlink(missing_ok=True)
    backup.sync_folder(paths.root)
    return aside if "" in present else None


def _healthy(journal: Path) -> bool:
    if not stat.S_ISREG(journal.lstat().st_mode):
        raise JournalDamaged(
            f"{journal} is not a file. Move it out of the data folder, then restore again."
        )
    try:
        check_file(journal, full=True)
    except JournalDamaged:
        return False
    return True


def _checkpoint(journal: Path) -> None:
    """Fold the write-ahead log into the journal file, as SQLite itself does on closing it."""
    with closing(driver.connect(journal, isolation_level=None)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def _aside_name(paths: DataPaths, moment: datetime, why: str) -> Path:
    stamp = moment.strftime(backup.STAMP)
    aside = paths.root / f"journal-{why}-{stamp}.db"
    n = 1
    while any(Path(f"{aside}{suffix}").exists() for suffix in ("", *COMPANIONS)):
        n += 1
        aside = paths.root / f"journal-{why}-{stamp}-{n}.db"
    return aside


def _keep_as(current: Path, aside: Path, *, copy: bool) -> None:
    """Give `current` the second name `aside` (a hard link, or a copy where a link is not
    possible or `copy` is asked for): the same bytes, never read through SQLite."""
    if not copy:
        try:
            os.link(current, aside, follow_symlinks=False)
        except OSError as exc:
            if exc.errno not in (
                errno.EPERM,
                errno.EXDEV,
                errno.ENOTSUP,
                errno.EMLINK,
                errno.EACCES,
            ):
                raise
        else:
            return
    # Copied under a working name first: a copy cut short never carries the second name.
    working = aside.with_name(aside.name + COPYING)
    working.unlink(missing_ok=True)
    try:
        _copy_exclusive(current, working)
        working.replace(aside)
    except BaseException:
        working.unlink(missing_ok=True)
        raise


def _remove_with_companions(path: Path) -> None:
    for suffix in ("", *COMPANIONS):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def _write_failure(exc: OSError | sqlite.Error, root: Path) -> JournalWriteFailed:
    if backup.disk_full(exc):
        return JournalWriteFailed(
            f"The disk holding {root} is full, so the backup was not restored. The journal is "
            "as it was; free some space, then restore again."
        )
    return JournalWriteFailed(
        f"The backup could not be written into {root} ({backup.reason_of(exc)}), so it was not "
        "restored. The journal is as it was."
    )
