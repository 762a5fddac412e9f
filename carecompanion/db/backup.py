"""Backups that are real snapshots (VACUUM INTO, never a copy of the live file), each verified.

Automatic backups live in the data folder's `backups/` and are thinned to the newest of each of
the last 7 days, 4 weeks and 12 months. Every backup is checked with `integrity_check` before it
takes its final name, so a file there is always a good journal.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from carecompanion.db.errors import JournalDamaged
from carecompanion.db.health import check_file
from carecompanion.paths import make_private

STAMP = "%Y%m%dT%H%M%S%fZ"
PREFIX = "journal-"
DAILY, WEEKLY, MONTHLY = 7, 4, 12
AUTOMATIC_EVERY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    taken_at: datetime
    reason: str


def snapshot(journal: Path, destination: Path) -> Path:
    """Write a consistent, verified copy of `journal` to `destination` (replaced atomically)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        with closing(sqlite3.connect(journal, timeout=10)) as source:
            source.execute("VACUUM INTO ?", (str(partial),))
        make_private(partial)
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())
        check_file(partial, full=True)
        partial.replace(destination)
    except (sqlite3.Error, JournalDamaged, OSError):
        partial.unlink(missing_ok=True)
        raise
    _fsync_folder(destination.parent)
    return destination


def _fsync_folder(folder: Path) -> None:
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
    snapshot(journal, path)
    return BackupFile(path, moment, reason)


def listing(folder: Path) -> list[BackupFile]:
    """Automatic backups in `folder`, oldest first."""
    found: list[BackupFile] = []
    if not folder.is_dir():
        return found
    for path in folder.glob(f"{PREFIX}*.db"):
        stamp, _, reason = path.stem.removeprefix(PREFIX).partition("-")
        try:
            taken = datetime.strptime(stamp, STAMP).replace(tzinfo=UTC)
        except ValueError:
            continue
        found.append(BackupFile(path, taken, reason))
    return sorted(found, key=lambda b: b.taken_at)


def to_keep(backups: Iterable[BackupFile], now: datetime) -> set[Path]:
    """The newest backup of each of the last 7 days, 4 ISO weeks and 12 months."""
    newest_first = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    keep: set[Path] = set()
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


def thin(folder: Path, now: datetime) -> list[Path]:
    """Delete automatic backups the policy no longer keeps; returns what was removed."""
    backups = listing(folder)
    keep = to_keep(backups, now)
    removed = [b.path for b in backups if b.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def due(folder: Path, now: datetime) -> bool:
    backups = listing(folder)
    return not backups or now - backups[-1].taken_at >= AUTOMATIC_EVERY
