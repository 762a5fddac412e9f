"""Backups that are real snapshots (VACUUM INTO, never a copy of the live file), each verified.

Automatic backups live in the data folder's `backups/`, named `journal-<UTC time>-<reason>.db`
(their modification time is set to the same moment), and are thinned to the newest of each of
the last 7 days, 4 weeks and 12 months; a backup taken before a restore, an import or an update
is kept for at least 30 days whatever else is taken meanwhile. A backup dated after now (a clock
that was wrong, a file from elsewhere) is kept, but neither counts as the newest one nor fills a
place in the thinning. Every backup is checked with `integrity_check` before it takes its final
name, so a file there is always a good journal; a failed write (a full disk) leaves nothing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import time
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from carecompanion.db import driver
from carecompanion.db.driver import sqlite
from carecompanion.db.errors import JournalDamaged, JournalWriteFailed
from carecompanion.db.health import check_file
from carecompanion.paths import PRIVATE_FILE, make_private

STAMP = "%Y%m%dT%H%M%S%fZ"
PREFIX = "journal-"
PARTIAL = ".partial"
DAILY, WEEKLY, MONTHLY = 7, 4, 12
AUTOMATIC_EVERY = timedelta(days=1)
# Taken before a change that cannot be undone otherwise; kept at least this long.
BEFORE_CHANGES = frozenset({"before-restore", "before-import", "before-update"})
KEEP_BEFORE_CHANGES = timedelta(days=30)
# A backup dated later than now by more than this is "from the future".
CLOCK_SLACK = timedelta(minutes=5)
# A half-written backup left by a process that was killed; younger ones may still be written.
STALE_PARTIAL_SECONDS = 3600


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    taken_at: datetime
    reason: str
    modified_at: datetime | None = None

    def from_the_future(self, now: datetime) -> bool:
        """Dated after `now`, by its name or by its file's modification time."""
        latest = now + CLOCK_SLACK
        return self.taken_at > latest or (
            self.modified_at is not None and self.modified_at > latest
        )


def snapshot(journal: Path, destination: Path, *, taken_at: datetime | None = None) -> Path:
    """Write a consistent, verified copy of `journal` to `destination` (replaced atomically).

    Raises JournalWriteFailed when the disk refuses (full, read-only, I/O error), leaving no
    file behind; `taken_at` becomes the file's modification time.
    """
    partial = destination.with_name(destination.name + PARTIAL)
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        _create_private(partial)  # VACUUM INTO fills an empty file: private from its first byte
        with closing(driver.connect(journal, timeout=10)) as source:
            source.execute("VACUUM INTO ?", (str(partial),))
        make_private(partial)
        if taken_at is not None:
            moment = taken_at.timestamp()
            with contextlib.suppress(OSError):  # a file system without times: the name says
                os.utime(partial, (moment, moment))
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        try:
            check_file(partial, full=True)  # what a restore would refuse is never kept
        except JournalDamaged as exc:
            what = getattr(exc, "what", None)
            raise JournalDamaged(
                f"The backup {destination} failed its check once written"
                + (f" ({what})" if what else "")
                + ", so it was not kept. The journal may be damaged: run `carecompanion check`."
            ) from exc
        partial.replace(destination)
        sync_folder(destination.parent)
    except sqlite.Error as exc:
        _remove_partial(partial)
        if not disk_refused(exc):
            raise
        raise _not_written(exc, destination) from exc
    except OSError as exc:
        _remove_partial(partial)
        raise _not_written(exc, destination) from exc
    except BaseException:
        _remove_partial(partial)
        raise
    return destination


def _create_private(path: Path) -> None:
    """An empty new file, 0600 on POSIX, created here and never through a link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    os.close(os.open(path, flags, PRIVATE_FILE))


def _remove_partial(partial: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{partial}{suffix}").unlink()


def disk_refused(exc: sqlite.Error) -> bool:
    """SQLite could not write: the disk is full, read-only or failing, or a file not created."""
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return code in (
        sqlite.SQLITE_FULL,
        sqlite.SQLITE_IOERR,
        sqlite.SQLITE_READONLY,
        sqlite.SQLITE_CANTOPEN,
    )


def disk_full(exc: OSError | sqlite.Error) -> bool:
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
    return getattr(exc, "sqlite_errorcode", 0) & 0xFF == sqlite.SQLITE_FULL


def reason_of(exc: OSError | sqlite.Error) -> str:
    """Why a write failed, in a few words that never quote the data."""
    if disk_full(exc):
        return "the disk is full"
    if isinstance(exc, OSError):
        return (exc.strerror or type(exc).__name__).lower()
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return {
        sqlite.SQLITE_IOERR: "the disk reported an error",
        sqlite.SQLITE_READONLY: "it is read-only",
        sqlite.SQLITE_CANTOPEN: "the file could not be created",
    }.get(code, type(exc).__name__)


def _not_written(exc: OSError | sqlite.Error, destination: Path) -> JournalWriteFailed:
    if disk_full(exc):
        return JournalWriteFailed(
            f"The disk holding {destination.parent} is full, so the backup was not written "
            "(nothing of it was left). Free some space, then try again."
        )
    return JournalWriteFailed(
        f"The backup {destination} was not written ({reason_of(exc)}); nothing of it was "
        "left. The journal is unchanged."
    )


def sync_folder(folder: Path) -> None:
    """Make a rename or a new file in `folder` last through a power cut (POSIX)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def take(journal: Path, folder: Path, reason: str, now: datetime | None = None) -> BackupFile:
    """An automatic backup into `folder`, named by its UTC time and reason."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    path = folder / f"{PREFIX}{moment.strftime(STAMP)}-{reason}.db"
    _remove_stale_partials(folder)
    snapshot(journal, path, taken_at=moment)
    return BackupFile(path, moment, reason, moment)


def _remove_stale_partials(folder: Path) -> None:
    """Half-written backups of processes killed over an hour ago (file times are the real
    clock's, so this compares with it)."""
    if not folder.is_dir():
        return
    for path in folder.glob(f"{PREFIX}*.db{PARTIAL}*"):
        with contextlib.suppress(OSError):
            if time.time() - path.stat().st_mtime > STALE_PARTIAL_SECONDS:
                path.unlink()


def listing(folder: Path, now: datetime | None = None) -> list[BackupFile]:
    """Automatic backups in `folder`, oldest first; given `now`, without those dated after it."""
    found: list[BackupFile] = []
    if not folder.is_dir():
        return found
    for path in folder.glob(f"{PREFIX}*.db"):
        stamp, _, reason = path.stem.removeprefix(PREFIX).partition("-")
        try:
            taken = datetime.strptime(stamp, STAMP).replace(tzinfo=UTC)
            modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        except (ValueError, OSError, OverflowError):
            continue
        found.append(BackupFile(path, taken, reason, modified))
    if now is not None:
        found = [b for b in found if not b.from_the_future(now)]
    return sorted(found, key=lambda b: b.taken_at)


def newest(folder: Path, now: datetime) -> BackupFile | None:
    """The newest automatic backup not dated after `now`."""
    found = listing(folder, now)
    return found[-1] if found else None


def newest_good(folder: Path, now: datetime) -> BackupFile | None:
    """The newest backup not dated after `now` that passes the full integrity check."""
    for candidate in reversed(listing(folder, now)):
        try:
            check_file(candidate.path, full=True)
        except JournalDamaged:
            continue
        return candidate
    return None


def to_keep(backups: Iterable[BackupFile], now: datetime) -> set[Path]:
    """The newest backup of each of the last 7 days, 4 ISO weeks and 12 months; those taken
    before a restore, import or update in the last 30 days; and any dated after `now`."""
    everything = list(backups)
    keep = {b.path for b in everything if b.from_the_future(now)}
    keep |= {
        b.path
        for b in everything
        if b.reason in BEFORE_CHANGES and now - b.taken_at <= KEEP_BEFORE_CHANGES
    }
    newest_first = sorted(
        (b for b in everything if not b.from_the_future(now)),
        key=lambda b: b.taken_at,
        reverse=True,
    )
    for limit, bucket in (
        (DAILY, lambda t: t.date()),
        (WEEKLY, lambda t: t.isocalendar()[:2]),
        (MONTHLY, lambda t: (t.year, t.month)),
    ):
        seen: set[object] = set()
        for backup in newest_first:
            key = bucket(backup.taken_at.astimezone(now.tzinfo))
            if key not in seen:
                seen.add(key)
                if len(seen) > limit:
                    break
                keep.add(backup.path)
    return keep


# Journals a restore kept aside in the data folder: journal-<why>-<UTC time>[-n].db
SET_ASIDE = re.compile(r"journal-(replaced|damaged|orphaned)-([0-9]{8}T[0-9]{12}Z)(?:-[0-9]+)?\.db")
SET_ASIDE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def thin_set_aside(root: Path, now: datetime) -> list[Path]:
    """Delete journals a restore kept aside over 30 days ago, with the files SQLite keeps beside
    them; the newest of each kind (replaced, damaged, orphaned) is always kept, and so is one
    dated after now. Returns what was removed."""
    found: dict[str, list[tuple[datetime, Path]]] = {}
    try:
        names = [p for p in root.iterdir() if SET_ASIDE.fullmatch(p.name)]
    except OSError:
        return []
    for path in names:
        match = SET_ASIDE.fullmatch(path.name)
        assert match is not None
        try:
            taken = datetime.strptime(match.group(2), STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue
        found.setdefault(match.group(1), []).append((taken, path))
    removed: list[Path] = []
    for kept in found.values():
        past = sorted(item for item in kept if item[0] <= now + CLOCK_SLACK)
        for taken, path in past[:-1]:  # never the newest
            if now - taken > KEEP_BEFORE_CHANGES:
                for suffix in SET_ASIDE_COMPANIONS:
                    with contextlib.suppress(FileNotFoundError):
                        Path(f"{path}{suffix}").unlink()
                removed.append(path)
    return removed


def thin(folder: Path, now: datetime) -> list[Path]:
    """Delete automatic backups the policy no longer keeps; returns what was removed."""
    backups = listing(folder)
    keep = to_keep(backups, now)
    removed = [b.path for b in backups if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def due(folder: Path, now: datetime) -> bool:
    """True when no backup was taken in the last day (one dated after now does not count)."""
    latest = newest(folder, now)
    return latest is None or now - latest.taken_at >= AUTOMATIC_EVERY
