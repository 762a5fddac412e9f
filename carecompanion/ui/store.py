"""The window's access to the journal: one place that writes, and one signal that says what changed.

Pages read through `read()`, change through `write()`, and refresh when `changed` names what
they show. Work that may take long runs on a thread pool with `run_in_background`, and its
result comes back on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from sqlalchemy.orm import Session

from carecompanion.db.journal import Journal
from carecompanion.paths import DataPaths
from carecompanion.services import changes

T = TypeVar("T")

CHECKINS, TREATMENTS, TESTS, QUESTIONS, PROFILE, SYMPTOMS = (
    "checkins",
    "treatments",
    "tests",
    "questions",
    "profile",
    "symptoms",
)
EVERYTHING = frozenset({CHECKINS, TREATMENTS, TESTS, QUESTIONS, PROFILE, SYMPTOMS})


class _Relay(QObject):
    """Lives on the UI thread, so a result emitted from a worker is delivered there."""

    done = Signal(object, object)  # result, error

    def __init__(self, finish: Callable[[Any, Exception | None], None]) -> None:
        super().__init__()
        self._finish = finish
        self.done.connect(self._deliver)

    @Slot(object, object)
    def _deliver(self, result: Any, error: Exception | None) -> None:
        self._finish(result, error)


class _Task(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # handed to the UI thread, which shows it
            self._relay.done.emit(None, exc)
        else:
            self._relay.done.emit(result, None)


class Store(QObject):
    changed = Signal(frozenset)
    busy_changed = Signal(bool)

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._relays: set[_Relay] = set()
        self._seen = self.fingerprint()

    @property
    def paths(self) -> DataPaths:
        return self.journal.paths

    def read(self, work: Callable[[Session], T]) -> T:
        with self.journal.read() as session:
            return work(session)

    def write(self, work: Callable[[Session], T], *changed: str) -> T:
        with self.journal.write() as session:
            result = work(session)
        self._seen = self.fingerprint()
        self.changed.emit(frozenset(changed))
        return result

    def fingerprint(self) -> tuple[Any, ...]:
        return self.read(changes.fingerprint)

    def reload_if_changed_elsewhere(self) -> bool:
        """Refresh every page when another process wrote since this window last looked."""
        current = self.fingerprint()
        if current == self._seen:
            return False
        self._seen = current
        self.changed.emit(EVERYTHING)
        return True

    def run_in_background(
        self,
        work: Callable[[Session], T],
        done: Callable[[T], None],
        failed: Callable[[Exception], None] | None = None,
    ) -> None:
        def finish(result: Any, error: Exception | None) -> None:
            self._relays.discard(relay)
            if error is None:
                done(result)
            elif failed is not None:
                failed(error)
            else:
                raise error

        relay = _Relay(finish)
        self._relays.add(relay)
        self.pool.start(_Task(lambda: self.read(work), relay))

    def wait_for_background(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
