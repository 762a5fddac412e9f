"""Encryption in the window: unlocking at start, the idle lock, turning it on and off from
Settings and the welcome, the recovery key shown once, and the Export page's sentence."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit

from carecompanion.db import driver, encryption, keys
from carecompanion.db.driver import SQLITE_HEADER
from carecompanion.db.errors import JournalLocked
from carecompanion.db.journal import open_journal
from carecompanion.domain.records import Profile
from carecompanion.encryption_commands import WARNING
from carecompanion.services import profile
from carecompanion.ui.dialogs import backups, welcome
from carecompanion.ui.dialogs.passphrase import Mode, PassphraseDialog, RecoveryKeyDialog
from carecompanion.ui.dialogs.settings import SettingsDialog
from carecompanion.ui.dialogs.unlock import UnlockDialog
from carecompanion.ui.launch import launch, unlock_then_open
from carecompanion.ui.pages.export import NOT_ENCRYPTED

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

PASSPHRASE = "correct horse battery"
WRONG = "That passphrase does not unlock this journal. Nothing was changed."


@pytest.fixture(autouse=True)
def quick_derivation(monkeypatch):
    monkeypatch.setattr(keys, "SCRYPT_N", 2**10)


@pytest.fixture
def shown_keys(monkeypatch):
    """The recovery keys the window showed (the dialog itself is tested on its own)."""
    shown: list[str] = []

    def show_once(cls, recovery, parent):
        shown.append(recovery)
        return True

    monkeypatch.setattr(RecoveryKeyDialog, "show_once", classmethod(show_once))
    return shown


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> tuple[float, float]:
        return self.now, self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


def encrypted_and_locked(data) -> str:
    """A journal encrypted as by another run of the app, whose key this process forgot."""
    open_journal(data).close()
    recovery, _ = encryption.encrypt(data, PASSPHRASE)
    driver.lock(data.root)
    return recovery


def unlock_dialog(data, qtbot) -> UnlockDialog:
    dialog = UnlockDialog(data)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    return dialog


def is_encrypted_file(data) -> bool:
    return data.journal.read_bytes()[:16] != SQLITE_HEADER


# ----- unlocking at start -----


def test_the_passphrase_unlocks_at_start_by_keyboard_alone(data, qtbot):
    encrypted_and_locked(data)
    with pytest.raises(JournalLocked):
        open_journal(data)
    dialog = unlock_dialog(data, qtbot)
    panel = dialog.panel
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.passphrase)
    assert panel.passphrase.echoMode() is QLineEdit.EchoMode.Password
    assert not panel.recovery.isVisible()
    qtbot.keyClicks(panel.passphrase, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(panel.passphrase, Qt.Key.Key_Return)
    assert panel.passphrase.text() == ""  # not kept in the widget
    open_journal(data).close()


def test_the_recovery_key_unlocks_as_typed_from_paper(data, qtbot):
    recovery = encrypted_and_locked(data)
    dialog = unlock_dialog(data, qtbot)
    panel = dialog.panel
    qtbot.keyClick(panel.passphrase, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(panel.use_recovery.isChecked)  # a mnemonic clicks after a moment
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.recovery)
    qtbot.keyClicks(panel.recovery, recovery.lower().replace("-", " "))
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(panel.recovery, Qt.Key.Key_Return)
    open_journal(data).close()


def test_a_wrong_passphrase_says_so_opens_nothing_and_lets_them_try_again(data, qtbot):
    encrypted_and_locked(data)
    before = data.journal.read_bytes()
    dialog = unlock_dialog(data, qtbot)
    panel = dialog.panel
    qtbot.keyClicks(panel.passphrase, "not the right one")
    qtbot.keyClick(panel.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.working() and panel.error.isVisible())
    assert panel.error.text() == WRONG
    assert dialog.isVisible() and dialog.result() != dialog.DialogCode.Accepted
    assert not driver.unlocked(data.root)
    with pytest.raises(JournalLocked):
        open_journal(data)
    assert data.journal.read_bytes() == before
    # The text is selected: typing again replaces it.
    assert panel.passphrase.selectedText() == "not the right one"
    qtbot.keyClicks(panel.passphrase, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        panel.unlock_button.click()


def test_a_recovery_key_of_the_wrong_shape_is_explained_beside_the_field(data, qtbot):
    encrypted_and_locked(data)
    dialog = unlock_dialog(data, qtbot)
    panel = dialog.panel
    panel.use_recovery.setChecked(True)
    qtbot.keyClicks(panel.recovery, "ABCD-1234")
    panel.unlock_button.click()
    assert panel.error.isVisible() and "8 groups of 4" in panel.error.text()
    assert not panel.working()


def test_quit_at_the_unlock_screen_opens_nothing(data, qtbot, monkeypatch, tmp_path):
    from carecompanion.ui.dialogs import unlock

    encrypted_and_locked(data)
    monkeypatch.setattr(unlock, "ask_at_start", lambda paths: False)
    assert unlock_then_open(data, None) is None
    # A picture of a locked journal is the unlock screen, and nothing else.
    picture = tmp_path / "unlock.png"
    assert launch(data, demo=False, screenshot=str(picture), view="today") == 0
    assert picture.stat().st_size > 0
    assert not driver.unlocked(data.root)


def test_once_unlocked_at_start_the_journal_opens(data, qtbot, monkeypatch):
    from carecompanion.ui.dialogs import unlock

    encrypted_and_locked(data)

    def typed_the_passphrase(paths) -> bool:
        encryption.unlock(paths, passphrase=PASSPHRASE)
        return True

    monkeypatch.setattr(unlock, "ask_at_start", typed_the_passphrase)
    journal = unlock_then_open(data, None)
    assert journal is not None
    with journal.read() as session:
        assert profile.get(session) == Profile()
    journal.close()


# ----- the idle lock -----


@pytest.fixture
def encrypted_window(window, shown_keys):
    assert window.privacy.encrypt_with(PASSPHRASE, window) is not None
    clock = FakeClock()
    window.idle_lock.clock = clock
    window.idle_lock.touch()
    return window, clock


def test_idle_lock_hides_everything_and_unlocking_brings_back_the_typed_draft(
    encrypted_window, data, qtbot
):
    window, clock = encrypted_window
    lock = window.idle_lock
    assert window.settings.lock_minutes == 15
    window.show_view("today")
    window.today.note.setPlainText("Hot and shivery since lunch")
    window.today.inputs["pain"].set_value(6)
    dialog = backups.show(window)
    qtbot.waitExposed(dialog)
    clock.advance(14)
    lock.check()
    assert not lock.locked
    clock.advance(1.5)
    lock.check()

    assert lock.locked
    assert window.screens.currentWidget() is lock.screen and lock.panel.isVisible()
    assert not window.content.isVisible() and not window.menuBar().isVisible()
    assert not dialog.isVisible()
    assert not window.call_now.isEnabled() and not window.settings_action.isEnabled()
    assert b"shivery" not in (data.root / "draft.json").read_bytes()  # sealed
    qtbot.waitUntil(lambda: QApplication.focusWidget() is lock.panel.passphrase)
    assert "15 minutes" in lock.panel.intro.text()

    qtbot.keyClicks(lock.panel.passphrase, "not it at all")
    qtbot.keyClick(lock.panel.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: lock.panel.error.isVisible())
    assert lock.locked and lock.panel.error.text() == WRONG
    lock.panel.passphrase.clear()
    qtbot.keyClicks(lock.panel.passphrase, PASSPHRASE)
    with qtbot.waitSignal(lock.locked_changed, timeout=10_000):
        qtbot.keyClick(lock.panel.passphrase, Qt.Key.Key_Return)

    assert not lock.locked
    assert window.screens.currentWidget() is window.content and window.menuBar().isVisible()
    assert window.call_now.isEnabled() and window.settings_action.isEnabled()
    assert window.today.note.toPlainText() == "Hot and shivery since lunch"
    assert window.today.inputs["pain"].value() == 6


def test_input_keeps_the_window_open_and_the_first_input_after_the_time_locks(
    encrypted_window,
):
    window, clock = encrypted_window
    lock = window.idle_lock

    def press() -> bool:
        event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Shift, Qt.KeyboardModifier.NoModifier)
        return QApplication.sendEvent(window.nav, event)

    clock.advance(10)
    press()
    clock.advance(10)
    lock.check()
    assert not lock.locked  # 10 minutes since the key press
    clock.advance(6)
    press()
    assert lock.locked


def test_never_and_a_plain_journal_do_not_lock(window, encrypted_window):
    window, clock = encrypted_window
    window.settings.lock_minutes = 0
    window.idle_lock.update()
    clock.advance(600)
    window.idle_lock.check()
    assert not window.idle_lock.locked


def test_a_plain_journal_never_locks(window):
    window.idle_lock.clock = clock = FakeClock()
    window.idle_lock.touch()
    clock.advance(600)
    window.idle_lock.check()
    assert not window.idle_lock.locked


# ----- Settings: on, new passphrase, off -----


def settings_dialog(window, store, qtbot) -> SettingsDialog:
    dialog = SettingsDialog(
        store.read(profile.get), [], None, window, store.context(), window.privacy
    )
    qtbot.addWidget(dialog)
    return dialog


def test_encrypting_from_settings_shows_the_recovery_key_once(
    window, store, data, qtbot, monkeypatch, shown_keys
):
    asked = []

    def ask(cls, mode, paths, parent):
        asked.append(mode)
        return PASSPHRASE

    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(ask))
    dialog = settings_dialog(window, store, qtbot)
    assert not dialog.encrypt_button.isHidden() and dialog.decrypt_button.isHidden()
    assert not dialog.lock_after.isEnabled()
    dialog.encrypt_button.click()

    assert asked == [Mode.ON]
    (recovery,) = shown_keys
    assert keys.normalise_recovery_key(recovery) == recovery
    assert is_encrypted_file(data)
    assert "encrypted" in dialog.privacy_note.text()
    assert dialog.encrypt_button.isHidden() and not dialog.decrypt_button.isHidden()
    assert dialog.lock_after.isEnabled()
    assert store.read(profile.get) == Profile()  # the journal is open again, keyed
    assert window.idle_lock.applies()
    # The recovery key opens it, in a process that forgot the key.
    store.journal.close()
    driver.lock(data.root)
    encryption.unlock(data, recovery_key=recovery)
    store.journal = open_journal(data)

    dialog.lock_after.setCurrentIndex(dialog.lock_after.findData(5))
    monkeypatch.setattr(SettingsDialog, "ask", classmethod(lambda cls, *a: dialog.result_values()))
    window.open_settings()
    assert window.settings.lock_minutes == 5


def test_changing_the_passphrase_and_turning_encryption_off(
    encrypted_window, store, data, qtbot, monkeypatch
):
    window, _clock = encrypted_window
    answers = {Mode.CHANGE: "a brand new passphrase", Mode.OFF: ""}
    monkeypatch.setattr(
        PassphraseDialog, "ask", classmethod(lambda cls, mode, paths, parent: answers[mode])
    )
    dialog = settings_dialog(window, store, qtbot)
    dialog.passphrase_button.click()
    assert "recovery key stays the same" in dialog.privacy_note.text()
    keys.open_with_passphrase(keys.read(data.root), "a brand new passphrase")

    dialog.decrypt_button.click()
    assert not is_encrypted_file(data)
    assert not dialog.encrypt_button.isHidden()
    assert not window.idle_lock.applies()
    assert store.read(profile.get) == Profile()


def test_a_new_passphrase_is_checked_by_the_command_lines_rule_beside_its_field(data, qtbot):
    dialog = PassphraseDialog(Mode.ON, data)
    qtbot.addWidget(dialog)
    assert any(label.text() == WARNING for label in dialog.findChildren(QLabel))
    new = dialog.new
    assert new is not None
    new.first.setText("short")
    dialog.ok_button.click()
    assert dialog.isHidden() or dialog.result() != dialog.DialogCode.Accepted
    assert new.first_problem.text() == (
        "5 characters is too short; use at least 8, not counting spaces at the ends (a few "
        "ordinary words make a good one)."
    )
    assert "short" not in new.first_problem.text().replace("too short", "")
    new.first.setText(PASSPHRASE)
    new.second.setText(PASSPHRASE + "!")
    dialog.ok_button.click()
    assert new.first_problem.isHidden() and not new.second_problem.isHidden()
    new.second.setText(PASSPHRASE)
    dialog.ok_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.passphrase == PASSPHRASE


def test_turning_off_asks_for_the_current_passphrase_first(data, qtbot):
    recovery = encrypted_and_locked(data)
    dialog = PassphraseDialog(Mode.OFF, data)
    qtbot.addWidget(dialog)
    assert dialog.current is not None and dialog.new is None
    dialog.current.setText("a guess from a passer-by")
    dialog.ok_button.click()
    assert dialog.result() != dialog.DialogCode.Accepted
    assert "not the passphrase or the recovery key" in dialog.current_problem.text()
    dialog.current.setText(recovery)
    dialog.ok_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted


def test_the_recovery_key_is_shown_in_groups_and_stays_until_they_have_kept_it(qtbot):
    recovery = keys.new_recovery_key()
    dialog = RecoveryKeyDialog(recovery)
    qtbot.addWidget(dialog)
    dialog.show()
    first, second = dialog.key.text().split("\n")
    assert "-".join((first + "  " + second).split("  ")) == recovery  # two lines of 4 groups
    assert not dialog.done_button.isEnabled()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == recovery
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and "Tick" in dialog.note.text()
    dialog.close()
    assert dialog.isVisible()
    dialog.kept.setChecked(True)
    dialog.done_button.click()
    assert not dialog.isVisible() and dialog.confirmed


# ----- the welcome and the Export page -----


def test_the_welcome_offers_encryption_with_the_warning(window, store, data, qtbot, shown_keys):
    dialog = welcome.maybe_show(window)
    assert dialog is not None
    dialog.go(welcome.PRIVATE_STEP)
    assert dialog.step_label.text() == f"Step {welcome.STEPS} of {welcome.STEPS}"
    dialog.private.setChecked(True)
    assert dialog.private_fields.isVisible()
    assert any(label.text() == WARNING for label in dialog.findChildren(QLabel))
    dialog.new_passphrase.first.setText("tiny")
    dialog.finish_button.click()
    assert dialog.isVisible() and not dialog.new_passphrase.first_problem.isHidden()
    assert not is_encrypted_file(data)
    dialog.new_passphrase.first.setText(PASSPHRASE)
    dialog.new_passphrase.second.setText(PASSPHRASE)
    dialog.finish_button.click()
    assert not dialog.isVisible() and dialog.saved
    assert len(shown_keys) == 1 and is_encrypted_file(data)
    assert window.idle_lock.applies()


def test_the_export_page_says_exported_files_are_not_encrypted(window):
    window.show_view("export")
    label = window.export.not_encrypted
    assert label.isVisible() and label.text() == NOT_ENCRYPTED
    assert "not encrypted" in NOT_ENCRYPTED
