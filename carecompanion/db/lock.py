"""Who is using the journal: a shared lock for every user, an exclusive one for sole use.

Every process that opens the journal holds a shared lock on `journal.lock` for as long as it has
the journal open. Restore and migration need the journal alone: they take the lock exclusively,
without waiting, and give up at once when anyone else has it. The desktop window also holds an
exclusive lock on `window.lock`, so a second window on the same journal is refused.

On POSIX this uses flock(2), which the kernel releases when a process dies, so a crash never
leaves a stale lock. Windows has no shared file locks in the standard library; there every lock
succeeds and SQLite's own locking is what keeps writes safe.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from types import TracebackType

from carecompanion.paths import PRIVATE_FILE

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


class LockFile:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self.mode: str | None = None

    def _open(self) -> int:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE)
        return self._fd

    def _try(self, op: int) -> bool:
        if fcntl is None:
            return True
        try:
            fcntl.flock(self._open(), op | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def shared(self, wait_seconds: float = 5.0) -> bool:
        """Take the lock shared; waits a little while someone holds it alone (a restore)."""
        deadline = time.monotonic() + wait_seconds
        op = fcntl.LOCK_SH if fcntl is not None else 0
        while not self._try(op):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        self.mode = "shared"
        return True

    def exclusive(self) -> bool:
        """Take the lock alone, without waiting. On failure a shared lock held before is kept."""
        had_shared = self.mode == "shared"
        if self._try(fcntl.LOCK_EX if fcntl is not None else 0):
            self.mode = "exclusive"
            return True
        # flock may drop a shared lock while trying to convert it: take it back.
        if had_shared and not self.shared():
            self.mode = None
        return False

    def downgrade(self) -> None:
        if self.mode == "exclusive" and fcntl is not None:
            fcntl.flock(self._open(), fcntl.LOCK_SH)
            self.mode = "shared"

    def release(self) -> None:
        if self._fd is not None:
            if fcntl is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
        self._fd = None
        self.mode = None

    def __enter__(self) -> LockFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
