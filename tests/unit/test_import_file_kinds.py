"""Import reads only regular files: a FIFO, a device, a folder or a socket is refused at once
(exit 2, naming the file), and a file over the size limit is refused without reading it all."""

import os
import socket
import stat
import sys
from pathlib import Path

import pytest

from carecompanion.cli import main
from carecompanion.db.journal import open_journal
from carecompanion.domain.errors import InvalidInput
from carecompanion.services import exports

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, devices and sockets")
LOG_ARGS = ("log", "--pain", "4")


def run(data, *argv):
    return main(["--data-dir", str(data.root), *argv])


@pytest.fixture
def opened(monkeypatch):
    """Every os.open of a file to import, with its flags; other opens (the lock) pass through."""
    seen: dict[str, int] = {}
    real_open = os.open

    def watching(path, flags, *args, **kwargs):
        if Path(path).parent.name == "incoming" or str(path).startswith(("/dev/", "/proc/")):
            seen[str(path)] = flags
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", watching)
    return seen


@pytest.fixture
def incoming(tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    return folder


def refused(data, capsys, target):
    assert run(data, "import", str(target)) == 2
    err = capsys.readouterr().err
    assert f"file: '{target}' is not allowed; a regular file" in err
    return err


def test_a_fifo_is_refused_without_being_opened_and_leaves_the_journal_free(
    data, incoming, opened, capsys
):
    run(data, *LOG_ARGS)
    fifo = incoming / "pipe.json"
    os.mkfifo(fifo)
    assert "not a named pipe (FIFO)" in refused(data, capsys, fifo)
    assert str(fifo) not in opened  # opening it would wait for a writer
    with open_journal(data, sole_use=True):  # the command let go of the journal
        pass


def test_a_fifo_put_in_place_after_the_first_look_is_opened_without_waiting(
    incoming, opened, monkeypatch
):
    fifo = incoming / "swapped.json"
    os.mkfifo(fifo)
    # A writer end held here, so that even an open that waits returns and this test cannot hang.
    writer = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    regular = os.stat(__file__)
    real_stat = Path.stat
    monkeypatch.setattr(Path, "stat", lambda p, **kw: regular if p == fifo else real_stat(p, **kw))
    try:
        with pytest.raises(InvalidInput, match=r"not a named pipe \(FIFO\)"):
            exports.read_import(fifo, None)
    finally:
        os.close(writer)
    assert opened[str(fifo)] & os.O_NONBLOCK


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused_as_a_device_without_being_read(data, opened, capsys):
    assert "not a device" in refused(data, capsys, Path("/dev/zero"))
    assert "/dev/zero" not in opened


def test_a_folder_is_refused(data, incoming, capsys):
    folder = incoming / "export.json"
    folder.mkdir()
    assert "not a folder" in refused(data, capsys, folder)


def test_a_socket_is_refused(data, incoming, capsys, monkeypatch):
    monkeypatch.chdir(incoming)  # a short name: socket paths are limited to about 100 bytes
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listening:
        listening.bind("s.json")
        target = incoming / "s.json"
        assert stat.S_ISSOCK(target.stat().st_mode)
        assert "not a socket" in refused(data, capsys, target)


def test_a_file_over_the_limit_is_refused_from_its_size_without_being_opened(
    data, incoming, opened, capsys
):
    big = incoming / "huge.json"
    with big.open("wb") as f:
        f.truncate(exports.MAX_IMPORT_BYTES + 1)  # sparse: takes no room on disk
    assert run(data, "import", str(big)) == 2
    assert "a file of at most 512 MB" in capsys.readouterr().err
    assert str(big) not in opened


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_file_longer_than_its_size_says_is_read_only_one_byte_past_the_limit(monkeypatch):
    # Files in /proc report a size of 0 but hold more: the size cannot be trusted alone.
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0
    monkeypatch.setattr(exports, "MAX_IMPORT_BYTES", 100)
    read: list[int] = []
    real_read = os.read

    def counting(fd, n):
        chunk = real_read(fd, n)
        read.append(len(chunk))
        return chunk

    monkeypatch.setattr(os, "read", counting)
    with pytest.raises(InvalidInput, match="a file of at most"):
        exports.read_import(status, None)
    assert sum(read) == 101
