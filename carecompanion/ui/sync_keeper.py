"""The window's side of keeping computers in step: an exchange with the sync folder at start
(just after the window's first paint: it loads the sync code and the SQL layer's mapping, which
the first paint does without), when the window is focused, every five minutes and after
choosing a folder, always on a worker thread; a status line says when the last one happened
and with how many other computers."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel

from carecompanion.actions import EVERYTHING
from carecompanion.db.errors import JournalUnavailable
from carecompanion.domain.errors import InvalidInput
from carecompanion.services.sync_choice import chosen_folder
from carecompanion.ui.store import Store

if TYPE_CHECKING:
    from carecompanion.actions.sync import ExchangeReport

log = logging.getLogger("carecompanion.ui")
EVERY = 5 * 60 * 1000  # milliseconds


class SyncKeeper(QObject):
    def __init__(self, store: Store, label: QLabel) -> None:
        super().__init__(label)
        self.store = store
        self.label = label
        label.setAccessibleName("Keeping computers in step")
        self.running = False
        self.held = False  # until the window's first paint: an exchange asked for waits
        self.asked_while_held = False
        self.last: ExchangeReport | None = None
        self.timer = QTimer(self, interval=EVERY)
        self.timer.timeout.connect(self.exchange_now)
        self.timer.start()

    def folder(self) -> str:
        return self.store.read_rows(chosen_folder)

    def hold(self) -> None:
        """Keep exchanges asked for from now until `release` waiting (the window's start)."""
        self.held = True

    def release(self) -> None:
        """Start the exchange asked for while held, if one was."""
        self.held = False
        if self.asked_while_held:
            self.asked_while_held = False
            self.exchange_now()

    def exchange_now(self) -> None:
        """Start an exchange on a worker, unless one is running or no folder is chosen."""
        if self.held:
            self.asked_while_held = True
            return
        folder = self.folder()
        if self.running or not folder:
            if not folder:
                self.label.setText("")
            return
        self.running = True
        journal, ctx = self.store.journal, self.store.context()

        def work() -> ExchangeReport:
            from carecompanion.actions.sync import exchange
            from carecompanion.services import sync_folder

            place = sync_folder.checked_folder(folder)
            device = sync_folder.device_id(journal.paths)
            return exchange(journal, ctx, place, device).value

        self.store.run_task(work, self._done, self._failed)

    def _done(self, report: ExchangeReport) -> None:
        self.running = False
        self.last = report
        if report.merged.changed() or report.joined:
            self.store.announce(EVERYTHING)
        at = self.store.context().local(report.at).strftime("%H:%M")
        others = f"{report.others} other computer{'s' if report.others != 1 else ''}"
        text = f"Last exchange {at} with {others}"
        waiting = report.waiting + [p for p in report.problems if p not in report.waiting]
        if waiting:
            text += f" · {len(waiting)} file{'s' if len(waiting) != 1 else ''}"
            text += " waiting (hover for why)"
            self.label.setToolTip("\n".join(waiting))
        else:
            self.label.setToolTip("")
        self.label.setText(text)

    def _failed(self, error: Exception) -> None:
        self.running = False
        if isinstance(error, InvalidInput | JournalUnavailable | OSError):
            reason = str(error)
        else:
            log.error("an exchange with the sync folder failed", exc_info=error)
            reason = "something unexpected went wrong; the details are in the log file"
        self.label.setText("No exchange with the sync folder")
        self.label.setToolTip(reason)
