"""Where the journal lives: from --data-dir, CARECOMPANION_DATA_DIR or platformdirs."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

import platformdirs

ENV_VAR = "CARECOMPANION_DATA_DIR"
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


@dataclass(frozen=True, slots=True)
class DataPaths:
    """Every file of one journal, below one folder."""

    root: Path

    @property
    def journal(self) -> Path:
        return self.root / "journal.db"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def lock(self) -> Path:
        return self.root / "journal.lock"

    @property
    def window_lock(self) -> Path:
        return self.root / "window.lock"

    def ensure(self) -> DataPaths:
        """Create the folders, private to the user on POSIX."""
        for folder in (self.root, self.backups):
            folder.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
            make_private(folder)
        return self


def resolve(data_dir: str | os.PathLike[str] | None = None) -> DataPaths:
    """The data folder: the argument, else the environment variable, else the platform's."""
    chosen = (
        data_dir
        or os.environ.get(ENV_VAR)
        or platformdirs.user_data_dir("CareCompanion", appauthor=False, roaming=False)
    )
    return DataPaths(Path(chosen).expanduser().resolve())


def make_private(path: Path) -> None:
    """Restrict a file (0600) or folder (0700) to its owner; a no-op where modes do not apply."""
    if os.name != "posix" or not path.exists():
        return
    wanted = PRIVATE_DIR if path.is_dir() else PRIVATE_FILE
    if stat.S_IMODE(path.stat().st_mode) != wanted:
        path.chmod(wanted)
