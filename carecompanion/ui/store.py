"""The window's access to the journal: one place that runs actions, one signal for what changed.

Pages read through `read()`, change the journal only through `run(action, ...)`, and refresh
when `changed` names what they show. `run` gives every action the same context (clock, the
profile's zone, who records), shows a refusal in plain words, and logs it without values. Work
that may take long runs on a thread pool with `run_in_background`, and its result comes back on
the UI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from queue import SimpleQueue
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal, Slot
from sqlalchemy.orm import Session

from carecompanion.actions import EVERYTHING, Change, Done
from carecompanion.actions.context import journal_context
from carecompanion.db.errors import JournalUnavailable
from carecompanion.db.journal import Journal
from carecompanion.domain.context import Clock, Context
from carecompanion.domain.errors import InvalidInput, NotFound
from carecompanion.domain.times import utc_now
from carecompanion.paths import DataPaths
from carecompanion.services import changes
from carecompanion.services.checkin_rows import Reader

T = TypeVar("T")

CHECKINS, TREATMENTS, TESTS, QUESTIONS, PROFILE, SYMPTOMS = (
    Change.CHECKINS,
    Change.TREATMENTS,
    Change.TESTS,
    Change.QUESTIONS,
    Change.PROFILE,
    Change.SYMPTOMS,
)
REFUSED = (InvalidInput, NotFound, JournalUnavailable)
log = logging.getLogger("carecompanion.ui")


class _Relay(QObject):
    """Hands results from worker threads to the UI thread.

    Workers put (callback, result, error) on a queue and emit an argument-less signal; the slot
    runs on the UI thread, where this object lives, and drains the queue. No Python object
    travels through Qt's queued signal arguments: PySide6 has miscounted references there.
    """

    ready = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._queue: SimpleQueue[
            tuple[Callable[[Any, Exception | None], None], Any, Exception | None]
        ] = SimpleQueue()
        self.ready.connect(self._deliver)

    def send(
        self, finish: Callable[[Any, Exception | None], None], result: Any, error: Exception | None
    ) -> None:
        self._queue.put((finish, result, error))
        self.ready.emit()

    @Slot()
    def _deliver(self) -> None:
        while not self._queue.empty():
            finish, result, error = self._queue.get()
            finish(result, error)


class Store(QObject):
    changed = Signal(frozenset)
    busy_changed = Signal(bool)
    problem = Signal(str)  # a refused action, in plain words, for pages without a place to say it

    def __init__(self, journal: Journal, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.journal = journal
        # Plain Python threads: Qt objects are never created or deleted off the UI thread.
        # They run at the window's own priority: they share the interpreter with it, and a
        # worker kept waiting for a busy processor while holding it keeps the window waiting.
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="journal-read")
        self._relay = _Relay()
        self._pending: set[Future[Any]] = set()
        self._seen: tuple[Any, ...] | None = None
        self._context: Context | None = None
        self.clock: Clock = utc_now
        # Taken just after start-up rather than before the first paint.
        QTimer.singleShot(0, self._remember_start)

    @property
    def paths(self) -> DataPaths:
        return self.journal.paths

    def read(self, work: Callable[[Session], T]) -> T:
        with self.journal.read() as session:
            return work(session)

    def read_rows(self, work: Callable[[Reader], T]) -> T:
        """A read through the driver alone (`Journal.rows`): what the first paint needs."""
        with self.journal.rows() as connection:
            return work(connection)

    def context(self) -> Context:
        """The context every action gets: the profile's zone, read once until it changes."""
        if self._context is None:
            self._context = journal_context(self.journal, clock=self.clock)
        return self._context

    def run(
        self,
        action: Callable[..., Done[T]],
        *args: Any,
        on_error: Callable[[Exception], None] | None = None,
    ) -> Done[T] | None:
        """Run one action; None when it was refused, which the person is told in plain words.

        A refusal goes to `on_error` (a page's own message line) or else to `problem`.
        """
        try:
            done = action(self.journal, self.context(), *args)
        except REFUSED as exc:
            log.info("%s refused: %s", getattr(action, "__name__", "action"), type(exc).__name__)
            if on_error is not None:
                on_error(exc)
            else:
                self.problem.emit(str(exc))
            return None
        self.announce(done.changed)
        return done

    def announce(self, changed: frozenset[Change]) -> None:
        """Tell every page what changed (after this window's own write)."""
        if PROFILE in changed:
            self._context = None
        self._seen = self.fingerprint()
        self.changed.emit(frozenset(changed))

    def _remember_start(self) -> None:
        if self._seen is None:
            self._seen = self.fingerprint()

    def fingerprint(self) -> tuple[Any, ...]:
        return self.read_rows(changes.fingerprint)

    def reload_if_changed_elsewhere(self) -> bool:
        """Refresh every page when another process wrote since this window last looked."""
        current = self.fingerprint()
        if self._seen is None or current == self._seen:
            self._seen = current
            return False
        self._seen = current
        self._context = None
        self.changed.emit(EVERYTHING)
        return True

    def run_in_background(
        self,
        work: Callable[[Session], T],
        done: Callable[[T], None],
        failed: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run `work` with a read session on a worker; `done` gets its result on the UI thread."""
        self.run_task(lambda: self.read(work), done, failed)

    def run_task(
        self,
        work: Callable[[], T],
        done: Callable[[T], None],
        failed: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run `work` on a worker thread; `done` or `failed` is called on the UI thread."""

        def finish(result: Any, error: Exception | None) -> None:
            if error is None:
                done(result)
            elif failed is not None:
                failed(error)
            else:
                raise error

        def task() -> None:
            try:
                result = work()
            except Exception as exc:  # handed to the UI thread, which reports it
                self._relay.send(finish, None, exc)
            else:
                self._relay.send(finish, result, None)

        future = self._pool.submit(task)
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)

    def wait_for_background(self, timeout: float = 30.0) -> bool:
        """Wait for background reads and deliver their results (for screenshots and closing)."""
        _finished, not_done = wait(list(self._pending), timeout=timeout)
        QCoreApplication.processEvents()
        return not not_done

    def shutdown(self) -> None:
        self.wait_for_background()
        self._pool.shutdown(wait=True)
