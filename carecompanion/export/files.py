"""Writing the files a person asks for (exports, `backup -o`): never into a data folder, never
through a planted link, never half.

- `check_target` refuses a target that is, or is inside, a data folder (the journal, its
  -wal/-shm, its lock, its backups, settings, the log), whatever path, `..` or symbolic link
  leads there; both sides are resolved and folders are compared by device and inode, so a bind
  mount or a hard link to the journal is refused too. It also refuses a folder, a device or a
  pipe as a target.
- `write_atomic` writes the bytes to a temporary file with a random name, created exclusively
  (O_CREAT | O_EXCL | O_NOFOLLOW, 0600) in the target's folder, so a link planted at that name
  is never followed; syncs it; renames it over the target; then syncs the folder. The folder is
  opened once and checked again from its descriptor up (by inode); every later step happens in
  it through that descriptor, so a link swapped into the path meanwhile changes nothing. On any
  failure the temporary file is removed.
- `write_through` does the same for a writer that needs a file name of its own (SQLite's
  VACUUM INTO): it writes into a private folder made for it beside the target.
- It also refuses to write over a CareCompanion journal or backup of any data folder, also one
  this process never opened: a file that starts like SQLite and holds our `alembic_version` and
  `checkins` tables (read without locking or leaving anything beside it), and any file in a
  folder that holds a `journal.lock` (or in its `backups`), a `journal.db` included.
- Temporary names are recognisable (`.<name>.<16 hex digits>.tmp`, `.tmp.d` for a folder): one
  left by a process killed over an hour ago is removed the next time a file is written there.

A full disk or a folder that cannot be written raises JournalWriteFailed with a plain message
(the command line exits 3); a refused target raises InvalidInput (exit 2).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path

from carecompanion import paths
from carecompanion.db import driver
from carecompanion.db.driver import sqlite
from carecompanion.db.errors import JournalWriteFailed
from carecompanion.domain.errors import InvalidInput

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_BINARY = getattr(os, "O_BINARY", 0)  # Windows
_DIR_FDS = all(f in os.supports_dir_fd for f in (os.open, os.rename, os.unlink, os.mkdir))
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY
_UP = getattr(os, "O_PATH", os.O_RDONLY) | _DIRECTORY  # O_PATH: no read permission needed
_NAME_ATTEMPTS = 16
_MAX_DEPTH = 256
_SQLITE_HEADER = driver.SQLITE_HEADER
_LOCK_NAME = "journal.lock"  # beside every journal: its folder is a data folder
_OUR_TABLES = frozenset({"alembic_version", "checkins"})
# What `_temporary_name` makes, and how old one must be to count as left by a killed process.
_TEMPORARY = re.compile(r"\..{1,40}\.[0-9a-f]{16}\.tmp(?:\.d)?", re.DOTALL)
STALE_TEMPORARY_SECONDS = 3600


def check_target(
    target: str | os.PathLike[str],
    option: str = "file",
    data: paths.DataPaths | None = None,
    *,
    may_replace_a_backup: bool = False,
) -> Path:
    """The resolved file to write, or InvalidInput naming `option`, the path and what is allowed.

    `data` adds a data folder to those protected (every folder this process opened, the one
    CARECOMPANION_DATA_DIR names and the platform's default are protected anyway). A new backup
    may replace an older one outside every data folder (`backup -o` run each night onto the same
    file); an export never writes over a journal or backup.
    """
    text = os.fspath(target)
    if not text.strip():
        raise InvalidInput(option, text, "give a file name")
    if "\0" in text:
        raise InvalidInput(option, text, "a file name without NUL characters")
    try:
        final = Path(text).expanduser().resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symbolic link loop (Python 3.11)
        raise InvalidInput(option, text, "a file name that can be reached") from None
    protected = paths.protected_folders() | ({data.root} if data is not None else set())
    _refuse_inside(option, text, final, protected)
    try:
        info: os.stat_result | None = final.stat()
    except FileNotFoundError:
        info = None
    except OSError:
        raise InvalidInput(option, text, "a file name that can be reached") from None
    _refuse_another_data_folder(option, text, final)
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise InvalidInput(option, text, "give a file name, not a folder")
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(option, text, "a plain file, not a device, pipe or socket")
        if info.st_nlink > 1:
            _refuse_other_name(option, text, info, protected)
        if may_replace_a_backup:
            _refuse_all_but_a_backup(option, text, final)
        else:
            _refuse_a_journal(option, text, final)
    if not final.parent.is_dir():
        raise InvalidInput(option, text, f"a file in a folder that exists ({final.parent})")
    return final


def write_atomic(target: Path, data: bytes, option: str = "file") -> Path:
    """Write `data` to `target`: a crash leaves the old file or the new, never half of one.

    Returns the file written (the target with every link resolved).
    """
    final = check_target(target, option)
    try:
        with _Folder(final.parent, option) as folder:
            folder.clear_stale()
            name = folder.new_file(final.name, data)
            try:
                folder.replace(name, final.name)
            except BaseException:
                folder.remove(name)
                raise
            folder.sync()
    except OSError as exc:
        raise _not_written(final, exc, option) from None
    return final


def write_through(
    target: Path,
    produce: Callable[[Path], object],
    option: str = "file",
    *,
    may_replace_a_backup: bool = False,
) -> Path:
    """Like `write_atomic`, for a writer that needs a file name: `produce(path)` writes `path`
    inside a private (0700) folder made for it beside the target, then the file is synced and
    renamed over the target. The private folder is removed whatever happens; exceptions other
    than OSError (an SQLite error) pass through unchanged."""
    final = check_target(target, option, may_replace_a_backup=may_replace_a_backup)
    try:
        with _Folder(final.parent, option) as folder:
            folder.clear_stale()
            with folder.scratch(final.name) as scratch:
                inner = f"{scratch}/{final.name}"
                produce(folder.path / inner)
                folder.sync_file(inner)
                folder.replace(inner, final.name)
                folder.sync()
    except OSError as exc:
        raise _not_written(final, exc, option) from None
    return final


def _refuse_inside(option: str, text: str, final: Path, protected: set[Path]) -> None:
    """Refuse a target in a data folder, by path and by the folders' device and inode."""
    by_id: dict[tuple[int, int], Path] = {}
    for folder in protected:
        if final == folder or folder in final.parents:
            raise _inside(option, text, folder)
        with contextlib.suppress(OSError):
            info = folder.stat()
            by_id[(info.st_dev, info.st_ino)] = folder
    for ancestor in (final.parent, *final.parent.parents):
        try:
            info = ancestor.stat()
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in by_id:
            raise _inside(option, text, by_id[(info.st_dev, info.st_ino)])


def _refuse_another_data_folder(option: str, text: str, final: Path) -> None:
    """Refuse a file in a folder holding a journal's lock (or in its backups): the data folder
    of a journal this process did not open."""
    for folder in (final.parent, final.parent.parent if final.parent.name == "backups" else None):
        if folder is not None and os.path.lexists(folder / _LOCK_NAME):
            raise _inside(option, text, folder)


def _is_a_journal(final: Path) -> bool:
    """Whether an existing file is a CareCompanion journal or backup (or unreadable SQLite)."""
    try:
        with final.open("rb") as handle:
            plain = handle.read(len(_SQLITE_HEADER)) == _SQLITE_HEADER
    except OSError:
        return False  # the write itself will say why it cannot be written
    key = None if plain else driver.key_for(final)
    if not plain and key is None:
        return False
    # immutable: no lock taken and no -wal or -shm made beside someone else's database.
    try:
        with closing(driver.connect(final, mode="ro&immutable=1", key=key)) as conn:
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
    except (sqlite.Error, UnicodeDecodeError):
        return plain  # an SQLite file that cannot be read: rather not lose it
    return tables >= _OUR_TABLES


def _refuse_a_journal(option: str, text: str, final: Path) -> None:
    """Refuse an existing file that is a CareCompanion journal or backup, wherever it is."""
    if _is_a_journal(final):
        raise InvalidInput(
            option,
            text,
            "choose a file that is not a CareCompanion journal or backup (this one is, and "
            "writing over it would lose what it holds)",
        )


def _refuse_all_but_a_backup(option: str, text: str, final: Path) -> None:
    """A new backup replaces only an earlier backup: any other file is someone's work."""
    if not _is_a_journal(final):
        raise InvalidInput(
            option,
            text,
            "choose a new file name, or an earlier backup to replace (this file is not one)",
        )


def _refuse_other_name(
    option: str, text: str, target: os.stat_result, protected: set[Path]
) -> None:
    """Refuse an existing target that is another name (a hard link) of a file in a data folder."""
    wanted = (target.st_dev, target.st_ino)
    for folder in protected:
        for place in (folder, folder / "backups"):
            with contextlib.suppress(OSError), os.scandir(place) as entries:
                for entry in entries:
                    info = entry.stat(follow_symlinks=False)
                    if (info.st_dev, info.st_ino) == wanted:
                        raise _inside(option, text, folder)


def _inside(option: str, text: str, folder: Path) -> InvalidInput:
    return InvalidInput(
        option,
        text,
        f"choose a file other than the journal and outside its folder {folder}, which holds "
        "the journal, its backups and settings",
    )


def _not_written(final: Path, exc: OSError, option: str) -> Exception:
    """A plain reason for a failed write; the partial file is already gone."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return JournalWriteFailed(
            f"The disk is full, so {final} was not written. Free some space, then try again."
        )
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return JournalWriteFailed(
            f"{final} was not written: the folder {final.parent} is read-only or you are not "
            "allowed to write there. Choose another folder."
        )
    if exc.errno == errno.ENAMETOOLONG:
        return InvalidInput(option, str(final), "a shorter file name")
    return JournalWriteFailed(
        f"{final} was not written: {exc.strerror or type(exc).__name__}. Try again, or choose "
        "another folder."
    )


def _temporary_name(name: str, ending: str) -> str:
    return f".{name[:40]}.{secrets.token_hex(8)}{ending}"


class _Folder:
    """The target's folder, opened once: every step happens in this very folder, by descriptor
    where the platform allows it (POSIX), so a link swapped into the path changes nothing."""

    def __init__(self, path: Path, option: str) -> None:
        self.path = path
        self.option = option
        self.fd: int | None = None

    def __enter__(self) -> _Folder:
        if _DIR_FDS:
            self.fd = os.open(self.path, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
            try:
                self._refuse_a_data_folder()
            except BaseException:
                self.__exit__()
                raise
        return self

    def _refuse_a_data_folder(self) -> None:
        """Check again, by inode from the opened folder up, that no data folder holds it: the
        path checked before may have been changed meanwhile (a link swapped in)."""
        protected: dict[tuple[int, int], Path] = {}
        for root in paths.protected_folders():
            with contextlib.suppress(OSError):
                info = root.stat()
                protected[(info.st_dev, info.st_ino)] = root
        assert self.fd is not None
        current = os.dup(self.fd)
        try:
            for _ in range(_MAX_DEPTH):
                info = os.fstat(current)
                here = (info.st_dev, info.st_ino)
                if here in protected:
                    raise _inside(self.option, str(self.path), protected[here])
                try:
                    parent = os.open("..", _UP | _CLOEXEC, dir_fd=current)
                except OSError:
                    return  # a folder above that cannot be opened: the path check stands
                os.close(current)
                current = parent
                above = os.fstat(current)
                if (above.st_dev, above.st_ino) == here:
                    return  # the root of the file system
        finally:
            os.close(current)

    def __exit__(self, *exc: object) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def clear_stale(self) -> None:
        """Remove temporary files and folders of ours (by name) that a process killed over an
        hour ago left here; never a link, nor anything of another user."""
        me = os.geteuid() if hasattr(os, "geteuid") else None
        try:
            names = os.listdir(self.fd if self.fd is not None else self.path)  # noqa: PTH208 (by fd)
        except OSError:
            return
        for name in names:
            if _TEMPORARY.fullmatch(name) is None:
                continue
            with contextlib.suppress(OSError):
                info = os.stat(self._where(name), dir_fd=self.fd, follow_symlinks=False)
                if me is not None and info.st_uid != me:
                    continue
                if time.time() - info.st_mtime <= STALE_TEMPORARY_SECONDS:
                    continue  # perhaps still being written
                if stat.S_ISREG(info.st_mode):
                    os.unlink(self._where(name), dir_fd=self.fd)
                elif stat.S_ISDIR(info.st_mode):
                    if self.fd is not None:
                        shutil.rmtree(name, dir_fd=self.fd)
                    else:
                        shutil.rmtree(self.path / name)

    def _where(self, name: str) -> str:
        return name if self.fd is not None else str(self.path / name)

    def new_file(self, name: str, data: bytes) -> str:
        """A new file holding `data`, synced; returns its (random) name in this folder."""
        for _ in range(_NAME_ATTEMPTS):
            temporary = _temporary_name(name, ".tmp")
            try:
                fd = os.open(self._where(temporary), _NEW_FILE, paths.PRIVATE_FILE, dir_fd=self.fd)
            except FileExistsError:
                continue  # something already has that name, perhaps a planted link: not ours
            break
        else:
            raise FileExistsError(errno.EEXIST, "no free temporary name")
        try:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
                if os.name == "posix":
                    os.fchmod(fd, paths.PRIVATE_FILE)
                os.fsync(fd)
            finally:
                os.close(fd)
        except BaseException:
            self.remove(temporary)
            raise
        return temporary

    @contextlib.contextmanager
    def scratch(self, name: str) -> Iterator[str]:
        """A new private folder here, removed with everything in it when the block ends."""
        for _ in range(_NAME_ATTEMPTS):
            folder = _temporary_name(name, ".tmp.d")
            try:
                os.mkdir(self._where(folder), paths.PRIVATE_DIR, dir_fd=self.fd)
            except FileExistsError:
                continue
            break
        else:
            raise FileExistsError(errno.EEXIST, "no free temporary name")
        try:
            yield folder
        finally:
            with contextlib.suppress(OSError):
                if self.fd is not None:
                    shutil.rmtree(folder, dir_fd=self.fd)
                else:
                    shutil.rmtree(self.path / folder)

    def sync_file(self, name: str) -> None:
        fd = os.open(self._where(name), os.O_RDONLY | _NOFOLLOW | _CLOEXEC, dir_fd=self.fd)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise OSError(errno.EINVAL, "not a plain file")
            if os.name == "posix":
                os.fchmod(fd, paths.PRIVATE_FILE)
            os.fsync(fd)
        finally:
            os.close(fd)

    def replace(self, name: str, target: str) -> None:
        os.replace(self._where(name), self._where(target), src_dir_fd=self.fd, dst_dir_fd=self.fd)

    def remove(self, name: str) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self._where(name), dir_fd=self.fd)

    def sync(self) -> None:
        """Make the rename itself durable; filesystems that cannot sync a folder are let be."""
        if self.fd is None:
            return
        try:
            os.fsync(self.fd)
        except OSError as exc:
            if exc.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EBADF):
                raise
