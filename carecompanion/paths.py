"""Where the journal lives: from --data-dir, CARECOMPANION_DATA_DIR or platformdirs.

The data folder is private to the user. CareCompanion creates it 0700 (files 0600), and never
changes the mode of a folder it did not create: a folder that other users can write to, or that
belongs to someone else, is refused (anyone could replace or delete the journal there); one they
can only look into is used, with a warning that says how to make it private. Its `backups`
folder is held to the same rule. Files CareCompanion wrote itself (its backups and the journals
a restore kept aside, known by their names) are made private again (0600) whenever the journal
is opened; a warning says when others could read them meanwhile.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from carecompanion.db.errors import JournalUnavailable, JournalWriteFailed
from carecompanion.domain.errors import InvalidInput

ENV_VAR = "CARECOMPANION_DATA_DIR"
OPTION = "--data-dir"
PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600
JOURNAL_NAME = "journal.db"

# Names of the files CareCompanion writes into the data folder and its backups.
OUR_BACKUP = re.compile(r"journal-[0-9]{8}T[0-9]{12}Z-[a-z-]+\.db")
OUR_SET_ASIDE = re.compile(
    r"journal-(?:replaced|damaged|orphaned)-[0-9]{8}T[0-9]{12}Z(?:-[0-9]+)?\.db(?:-wal|-journal)?"
)

# Every data folder this process has opened. Files written on the person's request (exports,
# `backup -o`) are never written into any of them, nor into the default one.
_opened: set[Path] = set()


class DataFolderNotPrivate(JournalUnavailable):
    """The data folder can be changed by other users, or belongs to someone else."""


@dataclass(frozen=True, slots=True)
class DataPaths:
    """Every file of one journal, below one folder."""

    root: Path
    # Where the folder was named (an option, the environment variable), for messages.
    source: str = field(default="data folder", compare=False)

    @property
    def journal(self) -> Path:
        return self.root / JOURNAL_NAME

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
        """Create the folders (0700 on POSIX) or check the existing ones; never chmod a folder.

        Raises InvalidInput when the path is not a folder, DataFolderNotPrivate when other users
        can change it, JournalWriteFailed when it cannot be created.
        """
        _opened.add(self.root)
        if not _make_folder(self.root, self.source):
            self.inspect()
        if not _make_folder(self.backups, self.source) and not self.backups.is_dir():
            raise InvalidInput(self.source, str(self.backups), "a folder, not a file")
        for path in self.exposed_files():
            with contextlib.suppress(OSError):
                path.chmod(PRIVATE_FILE)  # ours, by its name: private again
        return self

    def exposed_files(self) -> list[Path]:
        """Files CareCompanion wrote (backups, journals kept aside; by their names) that other
        users could read: regular files of this user whose mode is not 0600. Never a link."""
        if os.name != "posix":
            return []
        found: list[Path] = []
        me = os.geteuid()
        for folder, pattern in ((self.backups, OUR_BACKUP), (self.root, OUR_SET_ASIDE)):
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if pattern.fullmatch(entry.name) is None:
                    continue
                with contextlib.suppress(OSError):
                    info = entry.stat(follow_symlinks=False)
                    if (
                        stat.S_ISREG(info.st_mode)
                        and info.st_uid == me
                        and stat.S_IMODE(info.st_mode) & 0o077
                    ):
                        found.append(Path(entry.path))
        return sorted(found)

    def inspect(self) -> list[str]:
        """Check the folder if it exists, without creating or changing anything.

        Raises what `ensure` raises for a folder that cannot be used; returns warnings a person
        should read (the folder can be looked into by others).
        """
        try:
            info = self.root.stat()
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise InvalidInput(self.source, str(self.root), _reach_hint(exc)) from None
        if not stat.S_ISDIR(info.st_mode):
            raise InvalidInput(self.source, str(self.root), "give a folder, not a file")
        if os.name != "posix":
            return []
        warnings = _privacy(self.root, info)
        with contextlib.suppress(OSError):
            inside = self.backups.lstat()
            if stat.S_ISDIR(inside.st_mode):
                warnings += _privacy(self.backups, inside, what="backups")
        exposed = self.exposed_files()
        if exposed:
            warnings.append(
                f"{len(exposed)} file(s) CareCompanion wrote in {self.root} can be read by other "
                f"users of this computer (such as {exposed[0].name}, mode "
                f"{stat.S_IMODE(exposed[0].stat().st_mode):04o}); they are made private (0600) "
                "when the journal is next opened"
            )
        return warnings


def resolve(data_dir: str | os.PathLike[str] | None = None) -> DataPaths:
    """The data folder: the argument, else the environment variable, else the platform's.

    An empty argument or variable is refused (InvalidInput): it would otherwise silently mean
    the default journal.
    """
    if data_dir is not None:
        source, chosen = OPTION, os.fspath(data_dir)
    elif ENV_VAR in os.environ:
        source, chosen = ENV_VAR, os.environ[ENV_VAR]
    else:
        return DataPaths(_platform_folder(), "your user data folder")
    if not chosen.strip():
        raise InvalidInput(
            source,
            chosen,
            "give a folder, such as ~/CareCompanion, or leave it out for your user data folder",
        )
    if "\0" in chosen:
        raise InvalidInput(source, chosen, "a folder name without NUL characters")
    try:
        root = Path(chosen).expanduser().resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python 3.11)
        raise InvalidInput(source, chosen, "a folder that can be reached") from exc
    return DataPaths(root, source)


def typed_path(text: str, field: str) -> Path:
    """A path as a person typed it, "~" and "~name" expanded; InvalidInput naming `field`
    when "~name" names nobody on this computer (or no home folder is known)."""
    try:
        return Path(text).expanduser()
    except RuntimeError:
        raise InvalidInput(
            field, text, "a path whose ~ names a user of this computer, or one without ~"
        ) from None


def _platform_folder() -> Path:
    folder = platformdirs.user_data_dir("CareCompanion", appauthor=False, roaming=False)
    return Path(folder).expanduser().resolve()


def protected_folders() -> set[Path]:
    """Data folders that no requested file may be written into: every one this process has
    opened, the one the environment variable names and the platform's default."""
    found = set(_opened)
    with contextlib.suppress(OSError, RuntimeError):
        found.add(_platform_folder())
    named = os.environ.get(ENV_VAR, "")
    if named.strip() and "\0" not in named:
        with contextlib.suppress(OSError, RuntimeError):
            found.add(Path(named).expanduser().resolve())
    return found


def make_private(path: Path) -> None:
    """Restrict a file CareCompanion wrote to its owner (0600); a no-op where modes do not apply.

    Folders are left alone (see DataPaths.ensure), and so is a symbolic link: chmod would change
    whatever it points to.
    """
    if os.name != "posix" or path.is_symlink() or not path.is_file():
        return
    if stat.S_IMODE(path.stat().st_mode) != PRIVATE_FILE:
        path.chmod(PRIVATE_FILE)


def _make_folder(folder: Path, source: str) -> bool:
    """Create `folder` 0700 (parents as the umask says); False when it already exists."""
    try:
        if not folder.parent.is_dir():
            folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(PRIVATE_DIR)
    except FileExistsError:
        if folder.exists():
            return False
        raise InvalidInput(source, str(folder), "a folder whose parents are folders") from None
    except (NotADirectoryError, FileNotFoundError):
        raise InvalidInput(source, str(folder), "a folder whose parents are folders") from None
    except OSError as exc:
        raise _cannot_create(folder, exc) from None
    if os.name == "posix":
        folder.chmod(PRIVATE_DIR)  # ours, just made: exactly 0700 whatever the umask
    return True


def _cannot_create(folder: Path, exc: OSError) -> JournalWriteFailed:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return JournalWriteFailed(
            f"The disk is full, so the folder {folder} could not be created. "
            "Free some space, then try again."
        )
    return JournalWriteFailed(
        f"The folder {folder} could not be created ({exc.strerror or 'not allowed'}). "
        "Choose a folder you can write to with --data-dir."
    )


def _reach_hint(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return "a shorter folder name"
    if exc.errno == errno.EACCES:
        return "a folder you are allowed to open"
    return "a folder that can be reached"


def _privacy(root: Path, info: os.stat_result, what: str = "journal") -> list[str]:
    """Refuse a folder others can change or that is someone else's; warn if others can look.

    `what` is what the folder keeps: "journal" (the data folder) or "backups" (its backups)."""
    me = os.geteuid()
    kept = "a journal" if what == "journal" else "backups"
    if info.st_uid not in (me, 0):
        raise DataFolderNotPrivate(
            f"The folder {root} belongs to another user, so CareCompanion will not keep {kept} "
            "there: they could read, replace or delete it. Choose a folder of your own "
            f"with {OPTION}."
        )
    mode = stat.S_IMODE(info.st_mode)
    own_group = _group_is_yours_alone(info.st_gid)
    writable = mode & stat.S_IWOTH or (mode & stat.S_IWGRP and not own_group)
    if writable:
        raise DataFolderNotPrivate(
            f"Other users of this computer can change the folder {root} (mode {mode:04o}), so "
            f"CareCompanion will not keep {kept} there: anyone could replace or delete "
            f"{'it' if what == 'journal' else 'them'}. "
            f"Choose a folder of your own with {OPTION}, or make this one private with: "
            f"chmod 700 '{root}'"
        )
    looking = stat.S_IROTH | stat.S_IXOTH | (0 if own_group else stat.S_IRGRP | stat.S_IXGRP)
    if mode & looking:
        return [
            f"other users of this computer can see which files are in {root} (mode "
            f"{mode:04o}); what they hold stays private to you (0600). To make the folder "
            f"private too: chmod 700 '{root}'"
        ]
    return []


def _group_is_yours_alone(gid: int) -> bool:
    """True for a user-private group (Debian, Fedora): named after you, with no other member."""
    try:
        import grp
        import pwd

        me = pwd.getpwuid(os.geteuid())
        group = grp.getgrgid(gid)
    except (ImportError, KeyError):
        return False
    return gid == me.pw_gid and group.gr_name == me.pw_name and set(group.gr_mem) <= {me.pw_name}
