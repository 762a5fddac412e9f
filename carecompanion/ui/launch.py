"""Starting the desktop app: one window per journal, a kind word when the journal cannot open."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from importlib.resources import as_file
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from carecompanion import APP_NAME, __version__
from carecompanion.actions import EVERYTHING
from carecompanion.actions.context import journal_context
from carecompanion.db import backup
from carecompanion.db.errors import JournalDamaged, JournalLocked, JournalUnavailable
from carecompanion.db.journal import Journal, open_journal
from carecompanion.db.lock import LockFile
from carecompanion.domain.times import local_zone, utc_now
from carecompanion.paths import DataPaths
from carecompanion.resource_files import resource_folder
from carecompanion.ui.dialogs import crash
from carecompanion.ui.journals import RecentJournals
from carecompanion.ui.main_window import MainWindow
from carecompanion.ui.reminder import TrayKeeper
from carecompanion.ui.settings import AppSettings
from carecompanion.ui.store import Store
from carecompanion.ui.theme import apply_theme, scale_fonts

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer

SCREENSHOT_SIZE = (1180, 800)
SYNC_HELD_AT_MOST_MS = 5000
DEMO_DAYS = 365


def application(
    qt_args: Sequence[str] = (), *, theme: str = "system", font_scale: float = 1.0
) -> QApplication:
    """The one QApplication. The first call makes it, with Qt's own command-line options
    (`-style fusion`, `-reverse`, ...), the colour scheme and the text size; later calls
    return it."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setApplicationName(APP_NAME)
    QGuiApplication.setApplicationDisplayName(APP_NAME)
    QGuiApplication.setOrganizationName(APP_NAME)
    QGuiApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("org.carecompanion.CareCompanion")
    app = QApplication([*sys.argv[:1], *qt_args])
    apply_theme(app, theme)
    scale_fonts(app, font_scale)
    return app


def recent_list() -> Path:
    """Where this computer's list of recent journals is kept (folders only, never names)."""
    import platformdirs

    folder = platformdirs.user_config_dir(APP_NAME, appauthor=False, roaming=False)
    return Path(folder) / "recent-journals.json"


def app_icon() -> QIcon:
    with as_file(resource_folder("icons") / "carecompanion.svg") as path:
        return QIcon(str(path))


def server_name(paths: DataPaths) -> str:
    digest = hashlib.sha256(str(paths.root).encode()).hexdigest()[:16]
    return f"carecompanion-{digest}"


def ask_first_window_to_show(paths: DataPaths) -> bool:
    from PySide6.QtNetwork import QLocalSocket  # loaded when used: not before the first paint

    socket = QLocalSocket()
    socket.connectToServer(server_name(paths))
    if not socket.waitForConnected(1000):
        return False
    socket.write(b"show\n")
    socket.waitForBytesWritten(1000)
    socket.disconnectFromServer()
    return True


def listen_for_second_launch(paths: DataPaths, window: MainWindow) -> QLocalServer:
    from PySide6.QtNetwork import QLocalServer

    server = QLocalServer(window)
    QLocalServer.removeServer(server_name(paths))
    server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)

    def bring_forward() -> None:
        connection = server.nextPendingConnection()
        if connection is not None:
            connection.close()
        window.showNormal()
        window.raise_()
        window.activateWindow()

    server.newConnection.connect(bring_forward)
    server.listen(server_name(paths))
    return server


def open_or_offer_backup(
    paths: DataPaths, interactive: bool, opening: Future[Journal] | None = None
) -> Journal | None:
    """Open the journal (or take the one `opening` is already opening); if it is damaged,
    offer the latest good backup in its place. JournalLocked (encrypted, not unlocked yet) is
    left to the caller, which asks for the passphrase."""
    try:
        return opening.result() if opening is not None else open_journal(paths)
    except JournalLocked:
        raise
    except JournalUnavailable as exc:
        return answer_refusal(paths, exc, interactive)


def answer_refusal(
    paths: DataPaths, refusal: JournalUnavailable, interactive: bool
) -> Journal | None:
    """Tell why the journal cannot be used; for damage, offer the latest good backup (the
    journal restored from it, when they accept). None when nothing can be opened."""
    if isinstance(refusal, JournalDamaged):
        return offer_backup(paths, refusal, interactive)
    report(str(refusal), interactive)
    return None


def offer_backup(paths: DataPaths, damage: JournalDamaged, interactive: bool) -> Journal | None:
    """What a damaged journal shows: the damage in words and, when there is one, the latest
    good backup offered in its place. The journal restored from it when they accept, else
    None (the journal left as it is)."""
    newest = backup.newest_good(paths.backups, utc_now())
    if not interactive or newest is None:
        report(str(damage), interactive)
        return None
    collect_while_asking()
    # The journal cannot be read, so neither can its profile's zone: the computer's.
    taken = newest.taken_at.astimezone(local_zone())
    answer = QMessageBox.question(
        None,
        APP_NAME,
        f"{damage}\n\nThe latest good backup is from {taken:%A %d %B %Y, %H:%M}. Restore it? "
        "The damaged journal is kept aside, not deleted.",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    from carecompanion.db.restore import restore

    restore(paths, newest.path)
    return open_journal(paths)


def unlock_then_open(paths: DataPaths, screenshot: str | None) -> Journal | None:
    """An encrypted journal: the unlock dialog first (for `--screenshot`, its picture), then
    the journal; None when they quit, or there is nothing more to show."""
    from carecompanion.ui.dialogs import unlock

    if screenshot is not None:
        dialog = unlock.UnlockDialog(paths)
        dialog.resize(dialog.sizeHint().expandedTo(dialog.minimumSize()))
        dialog.show()
        QCoreApplication.processEvents()
        target = Path(screenshot)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not dialog.grab().save(str(target)):
            raise OSError(f"could not write {target}")
        dialog.close()
        return None
    collect_while_asking()
    if not unlock.ask_at_start(paths):
        return None
    # The full integrity check on a worker while the window paints, as without encryption.
    opening: Future[Journal] = Future()
    try:
        opening.set_result(open_journal(paths, verify_later=True))
    except BaseException as exc:  # handed on: a damaged journal is offered its backup
        opening.set_exception(exc)
    return open_or_offer_backup(paths, True, opening)


def _close_when_opened(opening: Future[Journal]) -> None:
    with contextlib.suppress(JournalUnavailable):
        opening.result().close()


def report(message: str, interactive: bool) -> None:
    print(f"carecompanion: {message}", file=sys.stderr)
    if interactive:
        collect_while_asking()
        QMessageBox.warning(None, APP_NAME, message)


def collect_while_asking() -> None:
    """Garbage collection back on before waiting for the person (`app.run` pauses it while
    the window starts): they may take their time."""
    gc.enable()


def fill_demo(paths: DataPaths) -> None:
    from carecompanion.actions.demo import fill_demo as fill

    with open_journal(paths, automatic_backup=False) as journal:
        fill(journal, journal_context(journal), DEMO_DAYS, seed=1)


def render(window: MainWindow, view: str) -> QPixmap:
    """The window on `view` as it is first painted, with what its page reads in the background."""
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    window.show_view(view)
    for _ in range(3):
        QCoreApplication.processEvents()
        window.store.wait_for_background()
    QCoreApplication.processEvents()
    return window.grab()


def save_picture(picture: QPixmap, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if not picture.save(str(target)):
        raise OSError(f"could not write {target}")


def settle_memory() -> None:
    """Keep what start-up made (modules, mapped classes, the window's widgets) out of the
    garbage collector's full passes: they live as long as the app, and scanning them each time
    paused the window for 50 ms while History loaded years of entries (gc.freeze). Then let the
    collector run again, should start-up have stopped it (`app.run`)."""
    gc.freeze()
    gc.enable()


def keep_running_for_reminders(app: QApplication, window: MainWindow) -> TrayKeeper:
    """The app quits when the window closes, unless a reminder is set and the desktop has a
    tray: then it stays there (see `reminder.TrayKeeper`, which also quits it)."""
    app.setQuitOnLastWindowClosed(False)
    return TrayKeeper(window, window.settings, app.quit)


def welcome_new_journal(window: MainWindow) -> None:
    """The welcome on a new journal, once the window is on screen (its code, which brings the
    SQL layer's mapping, loads after the first paint)."""

    def welcome_if_new() -> None:
        from carecompanion.ui.dialogs import welcome

        welcome.maybe_show(window)

    _FirstPaint(window, welcome_if_new)


class _FirstPaint(QObject):
    """Runs `then` once, on the event loop's next turn after the window's first paint."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self.then = then
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)
        return False


def check_fully_after_first_paint(window: MainWindow) -> None:
    """The journal's full integrity check (a second or more of reading on a large journal)
    starts once the window is on screen; a write before then starts it and waits for it."""
    _FirstPaint(window, window.store.journal.check_fully_now)


class _Verdict(QObject):
    """Brings the quick check's verdict from the journal's worker to the window's thread."""

    arrived = Signal()


def first_window(
    journal: Journal, data: DataPaths, recent: RecentJournals | None, view: str = "today"
) -> MainWindow | JournalUnavailable:
    """The window over `journal` with the page for `view` built, from what they read before
    the quick check's verdict is in; should that reading fail, what the check then refused the
    journal for (the journal closed), or the failure itself when it found the journal healthy."""
    window: MainWindow | None = None
    try:
        window = MainWindow(Store(journal), AppSettings(data), app_icon(), recent)
        # The exchange with the sync folder at start waits for the first paint (or, should the
        # window not be painted, a few seconds): it loads the sync code and the mapping.
        window.sync.hold()
        _FirstPaint(window, window.sync.release)
        QTimer.singleShot(SYNC_HELD_AT_MOST_MS, window.sync.release)
        window.show_view(view)
        return window
    except Exception:
        refusal = journal.problem()
        if refusal is None:
            raise
        if window is not None:
            window.deleteLater()  # with it go its timers and its watch on the application
            QCoreApplication.sendPostedEvents(window, QEvent.Type.DeferredDelete)
        journal.close()
        return refusal


def explained_by_refusal(journal: Journal) -> crash.Excuse:
    """Errors of reading a journal the quick check refused: the window says why instead."""

    def explains(_error: BaseException) -> bool:
        try:
            return journal.problem() is not None
        except Exception:
            return False

    return explains


def leave_if_refused(window: MainWindow, app: QApplication, withdraw: Callable[[], None]) -> None:
    """Once the quick check's verdict is in: nothing more for a healthy journal; for one it
    refused, the window goes and the refusal is told as at opening (a restored backup brings
    the window back over it, else the app ends with 3). Nothing is written meanwhile: every
    write waits for the full check, which fails with it."""
    journal = window.store.journal
    verdict = journal.first_verdict
    if verdict is None:
        withdraw()
        return
    relay = _Verdict(window)

    def arrived() -> None:
        refusal = journal.problem()
        if refusal is None or window.store.journal is not journal:
            withdraw()
            return
        window.hide()
        window.store.wait_for_background()
        journal.close()
        replacement = answer_refusal(journal.paths, refusal, interactive=True)
        withdraw()
        if replacement is None:
            app.exit(3)
            return
        window.store.journal = replacement
        window.store.announce(EVERYTHING)
        window.show()

    def tell(_verdict: object) -> None:
        with contextlib.suppress(RuntimeError):  # the window has gone meanwhile
            relay.arrived.emit()

    relay.arrived.connect(arrived, Qt.ConnectionType.QueuedConnection)
    verdict.add_done_callback(tell)


def close_window_journal(window: MainWindow) -> None:
    """Close the journal the window has at the end, which a restore may have replaced."""
    window.store.shutdown()
    window.store.journal.close()


def launch(
    data: DataPaths,
    *,
    demo: bool,
    screenshot: str | None,
    view: str,
    opening: Future[Journal] | None = None,
) -> int:
    """Show the window. `opening`, when given, is the journal being opened on another thread."""
    app = application()
    interactive = screenshot is None
    throwaway: Path | None = None
    if demo:
        throwaway = Path(tempfile.mkdtemp(prefix="carecompanion-demo-"))
        data = DataPaths(throwaway)
        fill_demo(data)
    window_lock = LockFile(data.ensure().window_lock)
    try:
        if interactive and not window_lock.exclusive():
            if opening is not None:
                _close_when_opened(opening)
            if not ask_first_window_to_show(data):
                report("CareCompanion is already open on this journal.", interactive)
            return 0
        try:
            journal = open_or_offer_backup(data, interactive, opening)
        except JournalLocked:
            journal = unlock_then_open(data, screenshot)
            if journal is None:
                return 0  # they chose Quit (or the unlock screen was the picture asked for)
        recent = None if demo or not interactive else RecentJournals(recent_list())
        if recent is not None and journal is not None:
            recent.note(data.root)
        while True:
            if journal is None:
                return 3
            withdraw = crash.excuse(explained_by_refusal(journal))
            built = first_window(journal, data, recent, view)
            if isinstance(built, MainWindow):
                break
            journal = answer_refusal(data, built, interactive)
            QCoreApplication.processEvents()  # reads the unfinished window had queued: excused
            withdraw()
        window = built
        if screenshot:
            settle_memory()
            picture = render(window, view)
            refusal = journal.problem()
            window.close()
            journal.close()
            withdraw()
            if refusal is not None:  # as when the journal could not be opened
                answer_refusal(data, refusal, interactive=False)
                return 3
            save_picture(picture, Path(screenshot))
            return 0
        window.resize(1180, 800)
        window.show()
        window.show_view(view)
        leave_if_refused(window, app, withdraw)
        check_fully_after_first_paint(window)
        QTimer.singleShot(0, lambda: listen_for_second_launch(data, window))
        settle_memory()
        keep_running_for_reminders(app, window)
        if not demo:
            welcome_new_journal(window)
        code = app.exec()
        close_window_journal(window)
        return code
    finally:
        window_lock.release()
        if throwaway is not None:
            shutil.rmtree(throwaway, ignore_errors=True)
