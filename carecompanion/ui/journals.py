"""Several journals: File > Open journal… and the recent journals, each in its own window.

A journal is a data folder (`paths.DataPaths`): its journal, lock, settings, backups and sync
bookkeeping live there. Opening another one starts CareCompanion again on that folder, so it
gets its own process, lock and window, exactly as `--data-dir` does; a journal already open is
brought forward instead. The recent list (folders only, never names) is a small file kept
private beside the default data folder, so it is the computer's list, not one journal's.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

MOST = 8


class RecentJournals:
    """The data folders opened lately, newest first."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def folders(self) -> list[Path]:
        with contextlib.suppress(OSError, ValueError):
            found = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(found, list):
                return [Path(f) for f in found if isinstance(f, str)][:MOST]
        return []

    def note(self, folder: Path) -> None:
        """Put `folder` first (written atomically and private; a failure is not an error)."""
        from carecompanion.services.sync_folder import write_once

        kept = [folder, *(f for f in self.folders() if f != folder)][:MOST]
        data = json.dumps([str(f) for f in kept], ensure_ascii=False).encode("utf-8")
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_once(self.path.parent, self.path.name, data, replace=True)


def ask_journal_folder(parent: QWidget) -> Path | None:
    """Which journal's folder to open; None when cancelled. Tests replace this."""
    chosen = QFileDialog.getExistingDirectory(parent, "Open a journal (its folder)")
    return Path(chosen) if chosen else None


def command_for(folder: Path) -> list[str]:
    """How to start CareCompanion on `folder`: the bundle itself, or this Python."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--data-dir", str(folder)]
    return [sys.executable, "-m", "carecompanion", "--data-dir", str(folder)]


def open_journal_window(folder: Path) -> None:
    """Start a window on the journal in `folder` (its own process). Tests replace this."""
    subprocess.Popen(command_for(folder), start_new_session=True)
