"""Whether one name is among the zones `zoneinfo.available_timezones()` lists, without listing
them all: that walks every file of the system's zone folder, about 15 ms, and the app asks
about one name at every start.

The answer is the same as `name in available_timezones()`: a name from the tzdata package's
list, or a file under one of `zoneinfo.TZPATH`'s folders, reached without following a linked
folder and not under `right/` or `posix/`, spelt exactly as the folder lists it, whose first
bytes are a zone file's (`TZif`); `posixrules` is never listed.
"""

from __future__ import annotations

import os
import posixpath
import zoneinfo
from functools import cache
from pathlib import Path


@cache
def _tzdata_zones() -> frozenset[str]:
    """The names the tzdata package lists (it is installed where the system has no zones)."""
    try:
        from importlib import resources

        with resources.files("tzdata").joinpath("zones").open("r") as listed:
            return frozenset(zone.strip() for zone in listed if zone.strip())
    except (ImportError, FileNotFoundError):
        return frozenset()


def _in_folder(root: Path, parts: list[str]) -> bool:
    folder = root
    for part in parts[:-1]:
        if part not in os.listdir(folder):  # noqa: PTH208 -- exact spelling, on any file system
            return False
        folder = folder / part
        if folder.is_symlink() or not folder.is_dir():  # os.walk follows no linked folder
            return False
    if parts[-1] not in os.listdir(folder):  # noqa: PTH208
        return False
    path = folder / parts[-1]
    if path.is_dir():
        return False
    with path.open("rb") as zone_file:
        return zone_file.read(4) == b"TZif"


def listed(name: str) -> bool:
    """`name in zoneinfo.available_timezones()`, found by looking at that one name."""
    if name in _tzdata_zones():
        return True
    if not name or name == "posixrules" or "\0" in name or "\\" in name:
        return False
    if name.startswith("/") or posixpath.normpath(name) != name:
        return False
    parts = name.split("/")
    if ".." in parts or parts[0] in ("right", "posix"):
        return False
    for root in zoneinfo.TZPATH:
        try:
            if Path(root).is_dir() and _in_folder(Path(root), parts):
                return True
        except (OSError, ValueError):
            continue
    return False
