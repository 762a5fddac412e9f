"""Encryption from the window: turning it on (Settings, or the welcome), changing the
passphrase, turning it off.

Encrypting and decrypting need the journal alone, so the window lets go of it as the Backups
dialog's restore does: background reads finish, the journal closes, `db.encryption` converts the
journal and every backup, and the journal opens again under the same store (keyed, when it is
now encrypted), which tells every page that everything changed. This runs on the UI thread,
with a busy cursor: nothing may read the journal while its files are being replaced, and a
journal of a few years converts in a second or two. Refused (another CareCompanion or command
has the journal), the journal opens again as it was and the person is told why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from carecompanion.actions import EVERYTHING
from carecompanion.db.errors import JournalUnavailable
from carecompanion.ui.settings import AppSettings
from carecompanion.ui.store import Store
from carecompanion.ui.widgets.common import tell_problem

if TYPE_CHECKING:
    from carecompanion.ui.idle_lock import IdleLock

T = TypeVar("T")


class Privacy:
    """The encryption changes for one window's journal."""

    def __init__(
        self,
        store: Store,
        settings: AppSettings,
        idle_lock: IdleLock | None = None,
        window: QWidget | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.idle_lock = idle_lock
        self.window = window

    def encrypted(self) -> bool:
        from carecompanion.db import encryption

        return encryption.is_encrypted(self.store.paths)

    def turn_on(self, parent: QWidget | None) -> str | None:
        """Ask for a passphrase (after the warning), encrypt, show the recovery key; what
        happened, or None when cancelled or refused."""
        from carecompanion.ui.dialogs.passphrase import Mode, PassphraseDialog

        passphrase = PassphraseDialog.ask(Mode.ON, self.store.paths, parent)
        if not passphrase:
            return None
        return self.encrypt_with(passphrase, parent)

    def encrypt_with(self, passphrase: str, parent: QWidget | None) -> str | None:
        from carecompanion.db import encryption

        paths = self.store.paths
        kept: list[str] = []
        done = self._with_journal_closed(
            lambda: encryption.encrypt(paths, passphrase, keep_recovery=kept.append)
        )
        if isinstance(done, str):
            self._tell(parent, "Not encrypted", done)
            if kept and encryption.is_encrypted(paths):  # stopped after the journal changed
                self.show_recovery_key(kept[0], parent)
            return None
        recovery, converted = done
        self._changed()
        if recovery is None:
            return (
                "The journal is encrypted with the same key as the other computer keeping it "
                "in step: that computer's passphrase and recovery key open it here too."
            )
        self.show_recovery_key(recovery, parent)
        extra = f" and {converted.backups} backups" if converted.backups else ""
        return f"The journal{extra} are encrypted."

    def show_recovery_key(self, recovery: str, parent: QWidget | None) -> None:
        """Show the key until they confirm keeping it; closed by the idle lock, it comes back
        once the window is unlocked."""
        from carecompanion.ui.dialogs.passphrase import RecoveryKeyDialog

        if RecoveryKeyDialog.show_once(recovery, parent):
            return
        if self.idle_lock is not None:
            self.idle_lock.after_unlock(lambda: self.show_recovery_key(recovery, self.window))

    def change_passphrase(self, parent: QWidget | None) -> str | None:
        from carecompanion.db import encryption
        from carecompanion.ui.dialogs.passphrase import Mode, PassphraseDialog

        passphrase = PassphraseDialog.ask(Mode.CHANGE, self.store.paths, parent)
        if not passphrase:
            return None
        try:
            encryption.change_passphrase(self.store.paths, passphrase)
        except JournalUnavailable as exc:
            self._tell(parent, "Passphrase not changed", str(exc))
            return None
        return "The passphrase is changed; the recovery key stays the same."

    def turn_off(self, parent: QWidget | None) -> str | None:
        from carecompanion.db import encryption
        from carecompanion.ui.dialogs.passphrase import Mode, PassphraseDialog

        if PassphraseDialog.ask(Mode.OFF, self.store.paths, parent) is None:
            return None
        paths = self.store.paths
        done = self._with_journal_closed(lambda: encryption.decrypt(paths))
        if isinstance(done, str):
            self._tell(parent, "Still encrypted", done)
            return None
        self._changed()
        return (
            "Encryption is off: anyone using this computer's account can read the journal "
            "and its backups."
        )

    def _tell(self, parent: QWidget | None, title: str, message: str) -> None:
        tell_problem(parent or self.window, title, message)

    def _changed(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.update()

    def _with_journal_closed(self, work: Callable[[], T]) -> T | str:
        """`work` with the journal closed, then the journal open again; the reason in words
        when it was refused."""
        from carecompanion.db.journal import open_journal

        store = self.store
        ctx = store.context()
        store.wait_for_background()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        store.journal.close()
        try:
            return work()
        except JournalUnavailable as exc:
            return str(exc)
        finally:
            store.journal = open_journal(store.paths, now=ctx.now())
            QApplication.restoreOverrideCursor()
            store.announce(EVERYTHING)
