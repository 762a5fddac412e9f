"""Opening a journal: lock, health check, migration after a backup, daily backup, sessions.

journal = open_journal(paths)
with journal.write() as session:      # one transaction, committed on leaving
    checkins.record(session, ...)
with journal.read() as session:
    ...
journal.close()
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import PoolProxiedConnection, QueuePool

from carecompanion.db import backup, driver
from carecompanion.db.driver import sqlite
from carecompanion.db.engine import connect_journal, make_engine
from carecompanion.db.errors import (
    JournalBusy,
    JournalDamaged,
    JournalTooNew,
    JournalUnavailable,
    JournalWriteFailed,
)
from carecompanion.db.health import check_file, check_header, stored_revision
from carecompanion.db.lock import LockFile
from carecompanion.db.migrations import HEAD_REVISION
from carecompanion.db.stamps import keep_changes_newer
from carecompanion.db.text_damage import is_decode_failure, unreadable_text
from carecompanion.paths import DataPaths, make_private

log = logging.getLogger("carecompanion.db")

IN_USE = (
    "Another CareCompanion window or command is using the journal in {root}. "
    "Close it, then try again."
)


RESTORE_PARTIAL = ".restoring"  # journal.db.restoring: a restore's copy before it takes the name
CREATE_PARTIAL = ".new"  # journal.db.new: a new journal before it takes the name
COPYING = ".copying"  # journal-replaced-<time>.db.copying: a copy kept aside, before its name
BACKGROUND_NICENESS = 10  # added to the process's own for the background check (Linux)


class _Orm:
    """The SQL layer over a journal: its engine, write sessions and read-only engine."""

    def __init__(self, path: Path) -> None:
        self.engine = make_engine(path)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        keep_changes_newer(self.sessions)
        self.read_engine = self.engine.execution_options(sqlite_begin="DEFERRED")


class Journal:
    """An open journal. Holds the shared lock until closed.

    Writes and most reads go through the SQL layer (`write`, `read`), which is set up on first
    use; the reads the first painted window needs go through plain connections (`rows`), so
    that the SQL layer's SQLite dialect, the mapping and its statements load after the window
    is on screen."""

    def __init__(self, paths: DataPaths, lock: LockFile) -> None:
        self.paths = paths
        self.lock = lock
        self._orm_lock = threading.Lock()
        self._orm: _Orm | None = None
        self._plain = QueuePool(lambda: cast(Any, connect_journal(paths.journal)))
        self._plain_lock = threading.Lock()  # a read's connection goes back, or the pool goes
        self._verdict: Future[None] | None = None
        self._go_on = threading.Event()
        self._closed = False
        # SQLite's quick check, when it runs in the background too: known well before the full
        # check's verdict, and what a window waits for before it trusts what it has shown.
        self.first_verdict: Future[None] | None = None

    def _layer(self) -> _Orm:
        with self._orm_lock:
            if self._orm is None:
                self._orm = _Orm(self.paths.journal)
            return self._orm

    @property
    def engine(self) -> Engine:
        return self._layer().engine

    @property
    def data_key(self) -> bytes | None:
        """The key the journal is encrypted with, None for a plain journal (sync seals with it)."""
        return driver.root_key(self.paths.root)

    def verify_in_background(
        self, *, quick_first: bool = False, backup_at: datetime | None = None
    ) -> None:
        """Run the full integrity check on a worker thread; every write waits for its verdict.

        With `quick_first`, SQLite's quick check runs first, its verdict in `first_verdict`
        (damage it finds is the full check's verdict too), and the full check, which reads
        every page again and takes a second or more on a large journal, waits until
        `check_fully_now` (a window calls it once it has painted) or a write asks for it.
        With `backup_at`, the daily backup due then is taken on the same thread once the full
        check has found the journal healthy (writes do not wait for it)."""
        verdict: Future[None] = Future()
        first: Future[None] | None = Future() if quick_first else None
        go_on = self._go_on
        if first is None:
            go_on.set()

        def check() -> None:
            try:
                if first is not None:
                    _settle(first, lambda: check_file(self.paths.journal))
                go_on.wait()
                _yield_to_the_window()
                if self._closed:
                    raise JournalUnavailable("The journal was closed before its check ended.")
                check_file(self.paths.journal, full=True)
            except BaseException as exc:  # handed to the writes that wait for it
                verdict.set_exception(exc)
                return
            verdict.set_result(None)
            if backup_at is not None and not self._closed:
                self._backup_quietly(backup_at)

        self._verdict, self.first_verdict = verdict, first
        threading.Thread(target=check, name="journal-verify", daemon=True).start()

    def _backup_quietly(self, now: datetime) -> None:
        try:
            self.backup_if_due_quietly(now)
        except Exception as exc:  # on the check's thread: the next opening tries again
            log.warning("the daily backup was not taken (%s)", type(exc).__name__)

    def check_fully_now(self) -> None:
        """Let the full integrity check start, when it runs in the background."""
        self._go_on.set()

    def problem(self) -> JournalUnavailable | None:
        """Why the quick check refused the journal (JournalDamaged for damage), once it has
        run, waiting for it when it runs in the background: None when it found the journal
        healthy or ran before the journal opened."""
        if self.first_verdict is None:
            return None
        error = self.first_verdict.exception()
        if error is None or isinstance(error, JournalUnavailable):
            return error
        raise error

    def _wait_for_verdict(self) -> None:
        self.check_fully_now()
        if self._verdict is not None:
            self._verdict.result()  # raises JournalDamaged: nothing is written into damage

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session for one user action; committed when the block ends without error."""
        self._wait_for_verdict()
        try:
            with self._layer().sessions() as session, session.begin():
                yield session
        except OperationalError as exc:
            if is_decode_failure(exc):
                raise unreadable_text(self.paths.journal) from None  # never chain the text
            raise _write_failure(exc, self.paths) from exc

    @contextmanager
    def trial(self) -> Iterator[Session]:
        """A write session that is always rolled back: a dry run that fails where the real
        change would (constraints included) and leaves the journal as it was."""
        self._wait_for_verdict()
        try:
            with self._layer().sessions() as session:
                transaction = session.begin()
                try:
                    yield session
                    session.flush()
                finally:
                    transaction.rollback()
        except OperationalError as exc:
            if is_decode_failure(exc):
                raise unreadable_text(self.paths.journal) from None
            raise _write_failure(exc, self.paths) from exc

    @contextmanager
    def read(self) -> Iterator[Session]:
        try:
            engine = self._layer().read_engine
            with Session(engine, expire_on_commit=False) as session, session.begin():
                yield session
        except OperationalError as exc:
            if is_decode_failure(exc):
                raise unreadable_text(self.paths.journal) from None
            raise

    @contextmanager
    def rows(self) -> Iterator[sqlite.Connection]:
        """A plain connection to the journal inside one read transaction (what it reads is one
        moment's journal), for reads through the driver (`services.checkin_rows.rows`); the
        driver's errors are raised as the SQL layer raises them, as from `read`."""
        try:
            pooled = self._plain.connect()
            try:
                connection = pooled.driver_connection
                assert connection is not None
                connection.execute("BEGIN DEFERRED")
                try:
                    yield connection
                finally:
                    if connection.in_transaction:
                        connection.execute("ROLLBACK")
            finally:
                self._give_back(pooled)
        except (sqlite.Error, OperationalError) as exc:  # the driver's own, or as translated
            if is_decode_failure(exc):
                raise unreadable_text(self.paths.journal) from None
            if isinstance(exc, sqlite.Error):
                raise DBAPIError.instance(
                    None, None, exc, sqlite.Error, hide_parameters=True
                ) from exc
            raise

    def _give_back(self, pooled: PoolProxiedConnection) -> None:
        """Return a plain connection for the next read; closed instead once the journal is
        (the pool no longer closes a connection handed back after it was emptied)."""
        with self._plain_lock:
            if self._closed:
                pooled.invalidate()
            pooled.close()

    def has_entries(self) -> bool:
        with self.rows() as connection:
            return bool(connection.execute("SELECT EXISTS (SELECT 1 FROM checkins)").fetchone()[0])

    def backup_if_due(self, now: datetime | None = None) -> backup.BackupFile | None:
        """Take the daily automatic backup when the last one is over a day old."""
        moment = now or datetime.now(UTC)
        if not self.has_entries() or not backup.due(self.paths.backups, moment):
            return None
        taken = backup.take(self.paths.journal, self.paths.backups, "daily", moment)
        backup.thin(self.paths.backups, moment)
        backup.thin_set_aside(self.paths.root, moment)
        return taken

    def backup_if_due_quietly(self, now: datetime | None = None) -> None:
        """The daily backup, unless it cannot be written: that must not stop a check-in or an
        export of what is already saved. The next opening tries again."""
        try:
            self.backup_if_due(now)
        except JournalWriteFailed:
            log.warning("the daily backup could not be written (disk full or read-only)")

    def close(self) -> None:
        self._closed = True
        self._go_on.set()
        with self._orm_lock:
            if self._orm is not None:
                self._orm.engine.dispose()
        with self._plain_lock:
            self._plain.dispose()
        self.lock.release()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _yield_to_the_window() -> None:
    """Run the full check at a lower priority than the window's thread, where the system
    allows it per thread (Linux): on a busy processor the window gets its turn first. (The
    quick check before it runs at the window's own: a picture of the window waits for it.)"""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        lower = min(os.getpriority(os.PRIO_PROCESS, 0) + BACKGROUND_NICENESS, 19)
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), lower)


def _settle(future: Future[None], work: Callable[[], None]) -> None:
    """Run `work`, its outcome also in `future`; its exception is raised on."""
    try:
        work()
    except BaseException as exc:
        future.set_exception(exc)
        raise
    future.set_result(None)


def _write_failure(exc: OperationalError, paths: DataPaths) -> Exception:
    """A plain-words reason for a write SQLite refused; the transaction was rolled back."""
    text = str(exc.orig) if exc.orig is not None else str(exc)
    if "locked" in text or "busy" in text:
        return JournalBusy("The journal stayed busy for too long; nothing was saved. Try again.")
    if "full" in text:
        return JournalWriteFailed(
            f"The disk holding {paths.root} is full, so nothing was saved. Free some space, "
            "then save again."
        )
    if "readonly" in text or "read-only" in text:
        return JournalWriteFailed(
            f"The journal in {paths.root} cannot be written to (it or its folder is read-only), "
            "so nothing was saved."
        )
    if "I/O" in text:
        return JournalWriteFailed(
            "The disk reported an error while saving, so nothing was saved. The journal is "
            "unchanged; try again, and check the disk if it happens again."
        )
    return exc


def open_journal(
    paths: DataPaths,
    *,
    sole_use: bool = False,
    automatic_backup: bool = True,
    now: datetime | None = None,
    verify_later: bool = False,
) -> Journal:
    """Open (creating if needed) and, where needed, migrate the journal below `paths`.

    Raises JournalDamaged, JournalTooNew or JournalBusy when it cannot be used; a damaged file is
    never written to. The full integrity check runs before this returns, or with `verify_later`
    (the window, which can show a page meanwhile) on a worker thread that every write waits for,
    after SQLite's quick check, whose verdict (`Journal.first_verdict`) the window waits for
    before it trusts what it has shown; the full check itself starts once the window has
    painted (`Journal.check_fully_now`) or a write asks for its verdict. The daily backup is
    taken after the full check has found the journal healthy (on its thread, with
    `verify_later`), never of a journal a check refused.
    """
    paths.ensure()
    try:
        lock = LockFile(paths.lock)
        taken = lock.exclusive() if sole_use else lock.shared()
    except OSError as exc:  # a read-only folder, a lock that is a folder, ...
        raise JournalUnavailable(
            f"The journal in {paths.root} cannot be opened: its lock file {paths.lock.name} "
            f"cannot be used ({exc.strerror or type(exc).__name__}). Nothing was changed."
        ) from None
    if not taken:
        lock.release()
        raise JournalBusy(IN_USE.format(root=paths.root))
    try:
        _prepare(paths, lock, full_check=not verify_later)
        for part in (paths.journal, Path(f"{paths.journal}-wal"), Path(f"{paths.journal}-shm")):
            make_private(part)  # files this app made: private, whatever an earlier copy did
        journal = Journal(paths, lock)
        moment = now or datetime.now(UTC)
        due = automatic_backup and backup.due(paths.backups, moment)
        if verify_later:
            # The window shows Today first: the daily backup follows the full check.
            journal.verify_in_background(quick_first=True, backup_at=moment if due else None)
        elif due:
            _backup_or_close(journal, now)
        return journal
    except BaseException:
        lock.release()
        raise


def _backup_or_close(journal: Journal, now: datetime | None) -> None:
    """The daily backup of a journal just checked whole; what refuses it closes the journal."""
    try:
        journal.backup_if_due_quietly(now)
    except BaseException:
        journal.close()
        raise


def _prepare(paths: DataPaths, lock: LockFile, *, full_check: bool = True) -> None:
    """Create a new journal, or check an existing one and migrate it if it is older."""
    journal = paths.journal
    clear_working_files(journal)
    if journal.is_symlink() and not journal.exists():
        raise JournalUnavailable(
            f"The journal {journal} is a link to {journal.readlink()}, which cannot be "
            "reached (a drive or synced folder that is not there?). Connect it and try again; "
            "nothing was changed."
        )
    if not journal.exists():
        _create_once(journal, lock)
        return
    if not journal.is_file():  # a FIFO would make every read wait for ever
        raise JournalDamaged(
            f"{journal} is not a file, so it cannot be a journal. It has been left untouched."
        )
    from carecompanion.db.encryption import settle

    settle(paths)  # refuses a locked journal; finishes an encryption that was cut short
    # The full check compares every index with its table: damage there passes quick_check, and
    # a write into such a journal makes it worse. Without it here, the caller runs both checks
    # before writing (Journal.verify_in_background).
    if full_check:
        check_file(journal, full=True)
    else:
        check_header(journal)
    try:
        revision = stored_revision(journal)
    except sqlite.DatabaseError:
        check_file(journal)  # damage, told in the words of the check
        raise
    if revision == HEAD_REVISION:
        return
    if not full_check:
        check_file(journal, full=True)  # a migration writes
    from carecompanion.db.migrate import known_revisions, upgrade

    if revision is not None and revision not in known_revisions():
        raise JournalTooNew(
            f"The journal in {paths.root} was written by a newer version of CareCompanion. "
            "Install that version to open it; nothing was changed."
        )
    if revision is None and _has_tables(journal):
        raise JournalDamaged(
            f"The file {journal} is a database, but not a CareCompanion journal. "
            "It has been left untouched."
        )
    already_alone = lock.mode == "exclusive"
    if not already_alone and not lock.exclusive():
        raise JournalBusy(
            "This version needs to update the journal, and that needs it alone. "
            + IN_USE.format(root=paths.root)
        )
    try:
        backup.take(journal, paths.backups, "before-update")
        try:
            upgrade(journal)
        except (sqlite.Error, OperationalError) as exc:  # rolled back: the journal is as it was
            raise JournalDamaged(
                f"The journal in {paths.root} could not be brought up to this version "
                f"({type(exc).__name__}): its recorded version does not match its contents. "
                "Nothing was changed; `carecompanion restore` puts a backup in its place."
            ) from None
    finally:
        if not already_alone:
            lock.downgrade()


def clear_working_files(journal: Path) -> None:
    """Remove the working files a restore or the creation of a journal leaves when it is killed
    or the disk fills before its last step: `journal.db.restoring`, `journal.db.new` (with their
    -wal, -shm and -journal) and copies being kept aside (`journal-*.db.copying`), empty or not.

    Safe with the lock held in any mode: restore and creation hold it alone while they run.
    """
    for ending in (RESTORE_PARTIAL, CREATE_PARTIAL):
        partial = journal.with_name(journal.name + ending)
        for end in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
                Path(f"{partial}{end}").unlink()
    for leftover in journal.parent.glob(f"journal-*.db*{COPYING}"):
        with contextlib.suppress(OSError):
            if not leftover.is_dir():
                leftover.unlink()
    # A restore killed after keeping the journal aside under a second name (a hard link) but
    # before the new journal took its place: that name is the live journal itself, not a copy
    # kept aside, and would change with every write. The restore did not happen; drop it.
    with contextlib.suppress(OSError):
        live = journal.stat()
        for aside in journal.parent.glob("journal-*-*.db*"):
            with contextlib.suppress(OSError):
                found = aside.stat(follow_symlinks=False)
                if (found.st_dev, found.st_ino) == (live.st_dev, live.st_ino):
                    aside.unlink()


def _create_once(journal: Path, lock: LockFile, wait_seconds: float = 10.0) -> None:
    """Create the journal; when several processes start at once, one creates, the rest wait."""
    deadline = time.monotonic() + wait_seconds
    already_alone = lock.mode == "exclusive"
    while not journal.exists():
        if already_alone or lock.exclusive():
            try:
                if not journal.exists():
                    _create(journal)
            finally:
                if not already_alone:
                    lock.downgrade()
            return
        if time.monotonic() >= deadline:
            raise JournalBusy(IN_USE.format(root=journal.parent))
        time.sleep(0.02)


def _create(journal: Path) -> None:
    from carecompanion.db.migrate import upgrade

    clear_working_files(journal)
    partial = journal.with_name(journal.name + CREATE_PARTIAL)
    try:
        upgrade(partial)
        make_private(partial)
        partial.replace(journal)
    except BaseException:  # a full disk: nothing half-made is left under any name
        clear_working_files(journal)
        raise


def _has_tables(journal: Path) -> bool:
    with closing(driver.connect(journal, mode="ro")) as conn:
        row = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()
    return bool(row[0])
