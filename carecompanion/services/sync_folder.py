"""The sync folder on disk: this computer's id, where change files go, writing and reading them.

    <folder>/CareCompanion/<journal id>/<device id>/0000000001.ccsync, 0000000002.ccsync, ...

A folder is created private (0700) and a file 0600. A file is written once: to a temporary
name in the same folder, synced, then given its final name with a link that fails if the name
is taken (two writers of one computer never replace each other's file), and the folder synced.
Other computers' files are read only under names this app writes; everything else (a sync
tool's temporary files and conflict copies, "(1)" copies) is left alone.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path

from carecompanion.domain.errors import InvalidInput
from carecompanion.export.change_files import DEVICE, file_name, sequence_of
from carecompanion.paths import PRIVATE_DIR, PRIVATE_FILE, DataPaths

APP_FOLDER = "CareCompanion"
DEVICE_FILE = "device-id"
KEY_FILE = "encryption.json"
MAX_SEQUENCE = 10**10 - 1  # ten digits: past it, names stay ten digits (the tag tells them apart)
MAX_CHANGE_FILE = 256 * 1024 * 1024


def device_id(paths: DataPaths) -> str:
    """This computer's id for the journal in `paths`: kept in the data folder, not in the
    journal, since a journal file copied to another computer must not speak for this one."""
    place = paths.root / DEVICE_FILE
    with contextlib.suppress(OSError):
        found = place.read_text(encoding="ascii").strip()
        if DEVICE.fullmatch(found):
            return found
    made = uuid.uuid4().hex
    write_once(paths.root, DEVICE_FILE, made.encode("ascii"), replace=True)
    return made


def checked_folder(folder: str, field: str = "sync folder") -> Path:
    """The folder a person chose, which must already exist (the sync tool makes it)."""
    if not folder.strip() or "\0" in folder:
        raise InvalidInput(field, folder, "a folder that exists, such as ~/Sync or ~/Dropbox")
    chosen = Path(folder).expanduser()
    if not chosen.is_dir():
        raise InvalidInput(
            field,
            folder,
            "a folder that exists and is reachable, such as the one Syncthing, Nextcloud, "
            "Dropbox, OneDrive or iCloud Drive keeps in step (or a USB stick)",
        )
    return chosen.resolve()


def private_folder(folder: Path) -> Path:
    """Create `folder` (and parents below an existing one) 0700; an existing one is kept."""
    missing = []
    for parent in (folder, *folder.parents):
        if parent.is_dir():
            break
        missing.append(parent)
    for made in reversed(missing):
        with contextlib.suppress(FileExistsError):
            made.mkdir(PRIVATE_DIR)
            if os.name == "posix":
                made.chmod(PRIVATE_DIR)
    return folder


def journal_folder(folder: Path, journal_id: uuid.UUID) -> Path:
    return folder / APP_FOLDER / journal_id.hex


def published_key_file(folder: Path, journal_id: str) -> Path:
    """Where an encrypted journal's wrapped key file is shared with the other computers (it is
    as safe there as beside the journal: only the passphrase or recovery key opens it)."""
    return folder / APP_FOLDER / uuid.UUID(journal_id).hex / KEY_FILE


def publish_key_file(journal_dir: Path, content: bytes) -> None:
    """Share the key file once; the first computer's stays (never replaced)."""
    if (journal_dir / KEY_FILE).exists():
        return
    private_folder(journal_dir)
    with contextlib.suppress(FileExistsError):
        write_once(journal_dir, KEY_FILE, content)


def journals_in(folder: Path) -> list[uuid.UUID]:
    """The journals that have a folder in the sync folder."""
    found = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder / APP_FOLDER):
            if entry.is_dir(follow_symlinks=False) and DEVICE.fullmatch(entry.name):
                found.append(uuid.UUID(entry.name))
    return sorted(found)


def devices_in(journal_dir: Path) -> list[str]:
    found = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(journal_dir):
            if entry.is_dir(follow_symlinks=False) and DEVICE.fullmatch(entry.name):
                found.append(entry.name)
    return sorted(found)


def change_files(device_dir: Path) -> list[tuple[int, Path]]:
    """The change files in a device's folder, by sequence; other names are not ours."""
    found = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(device_dir):
            number = sequence_of(entry.name)
            if number is not None and entry.is_file(follow_symlinks=False):
                found.append((number, Path(entry.path)))
    return sorted(found)


def read_change_file(path: Path) -> bytes | None:
    """The bytes of a regular file of sensible size; None when it cannot be read now."""
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > MAX_CHANGE_FILE:
            return None
        return path.read_bytes()
    except OSError:
        return None


def write_change_file(device_dir: Path, first: int, make: Callable[[int], bytes]) -> Path:
    """Write the next change file from sequence `first` (`make` gives its bytes for a
    sequence; a name another writer took meanwhile moves it on to the next)."""
    private_folder(device_dir)
    number = min(first, MAX_SEQUENCE)
    while True:
        try:
            return write_once(device_dir, file_name(number), make(number))
        except FileExistsError:
            number = min(number + 1, MAX_SEQUENCE)


def write_once(folder: Path, name: str, data: bytes, *, replace: bool = False) -> Path:
    """Write a file atomically: temporary name, fsync, then its name (FileExistsError when the
    name is taken, unless `replace`), then the folder synced. Nothing half-written is left."""
    target = folder / name
    temporary = folder / f".{name}.{uuid.uuid4().hex[:8]}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(temporary, flags | getattr(os, "O_NOFOLLOW", 0), PRIVATE_FILE)
    try:
        with os.fdopen(fd, "wb") as handle:  # writes every byte, or raises (a full disk)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            temporary.replace(target)
        elif hasattr(os, "link"):
            os.link(temporary, target)  # fails if the name is taken: never replaces a file
        else:  # pragma: no cover - Windows, whose rename refuses a taken name
            temporary.rename(target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    _sync_folder(folder)
    return target


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
