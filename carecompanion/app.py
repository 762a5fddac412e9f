"""The one place that wires the desktop app together: paths, journal, window, crash handler."""

from __future__ import annotations

import gc
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from carecompanion.paths import DataPaths


def run(
    data: DataPaths,
    *,
    demo: bool = False,
    screenshot: str | None = None,
    view: str = "today",
    qt_args: Sequence[str] = (),
    theme: str = "system",
    font_scale: float = 1.0,
) -> int:
    """Open the window. `qt_args` are Qt's own options, passed on untouched; `theme` is
    system, light or dark; `font_scale` multiplies the system font (2 shows 200 % text)."""
    if screenshot is not None:
        # A picture needs no screen: render offscreen unless the caller chose a platform, so
        # `--screenshot` also works over SSH, in CI and on a machine without a display.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if demo:
        from carecompanion.ui.dialogs import crash
        from carecompanion.ui.launch import application, launch

        application(qt_args, theme=theme, font_scale=font_scale)
        with crash.handling(interactive=screenshot is None):
            return launch(data, demo=True, screenshot=screenshot, view=view)
    # No garbage collection while the window starts: what start-up makes lives as long as the
    # app, and the collector's passes over it (SQLAlchemy's and Qt's objects, 180 of them) took
    # a tenth of the start. `launch.settle_memory` turns it on again once the window is built,
    # and so does anything that waits for the person first (unlocking, a damaged journal).
    gc.disable()
    try:
        return _run(data, screenshot, view, qt_args, theme, font_scale)
    finally:
        gc.enable()


def _run(
    data: DataPaths,
    screenshot: str | None,
    view: str,
    qt_args: Sequence[str],
    theme: str,
    font_scale: float,
) -> int:
    # Opening the journal (its lock, header and stored version) overlaps with loading Qt; SQLite's
    # quick check then runs on a worker while Today is read and painted, the full integrity
    # check once the window has painted, and every write waits for their verdict.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="journal-open") as pool:
        from carecompanion.db.journal import open_journal

        load_before_qt()
        opening = pool.submit(open_journal, data, verify_later=True)
        from carecompanion.ui.dialogs import crash
        from carecompanion.ui.launch import application, launch

        # The crash handler's messages go to the application's thread.
        application(qt_args, theme=theme, font_scale=font_scale)
        with crash.handling(interactive=screenshot is None):
            return launch(data, demo=False, screenshot=screenshot, view=view, opening=opening)


def load_before_qt() -> None:
    """Load the code the first window needs that does not use Qt before Qt itself. Once
    loaded, PySide6 wraps every import statement (`builtins.__import__`, for its `__feature__`
    switches), which makes each later import slower: SQLAlchemy took 55 ms longer to import
    after Qt than before it, here."""
    import sqlalchemy.orm  # noqa: F401

    from carecompanion.actions import context, views  # noqa: F401
    from carecompanion.db import encryption  # noqa: F401
    from carecompanion.services import changes, sync_choice  # noqa: F401
