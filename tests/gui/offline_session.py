"""A whole session in a process of its own, for the no-network test (tests/gui/test_faults.py).

Run as `python offline_session.py FOLDER`, or `python offline_session.py --probe unix|python|qt`
to try the guard on one socket. Before anything else loads, the kernel is told (a seccomp
filter, Linux on x86-64 or ARM64) to stop this process with SIGSYS the moment any of its threads
asks for an internet or raw packet socket: Qt's own networking, a plugin or a C library cannot
go around that. Unix-domain sockets (the single-instance QLocalServer, D-Bus) stay allowed.
The session then opens the window offscreen, checks in, visits every page, searches Learn,
writes the PDF and a JSON file, and asks the running window to come forward over its local
socket. Each step is printed before it runs, so a stopped process names what it was doing. At
the end the process lists its own open sockets and looks each up in /proc/net's internet
tables, a second check that needs no seccomp.

The last line printed is a JSON report: {"guard": ..., "inet_sockets": [...], "unix_sockets": n}.
"""

from __future__ import annotations

import ctypes
import json
import os
import platform
import resource
import socket
import struct
import sys
import time
from pathlib import Path

# Filter programs are classic BPF: (code, jump if true, jump if false, k).
_LOAD_WORD, _JUMP_EQUAL, _RETURN = 0x20, 0x15, 0x06
_ALLOW, _TRAP = 0x7FFF0000, 0x00030000
_MACHINES = {  # machine: (AUDIT_ARCH_*, number of the socket system call)
    "x86_64": (0xC000003E, 41),
    "aarch64": (0xC00000B7, 198),
}
_FORBIDDEN = (socket.AF_INET, socket.AF_INET6, getattr(socket, "AF_PACKET", 17))


def forbid_internet_sockets() -> str:
    """Install the filter for this thread and every thread started after; say which guard runs."""
    machine = platform.machine()
    if sys.platform != "linux" or machine not in _MACHINES:
        return f"none ({sys.platform} {machine})"
    arch, socket_call = _MACHINES[machine]
    program = [
        (_LOAD_WORD, 0, 0, 4),  # seccomp_data.arch
        (_JUMP_EQUAL, 1, 0, arch),
        (_RETURN, 0, 0, _TRAP),  # a foreign system-call convention: refuse
        (_LOAD_WORD, 0, 0, 0),  # seccomp_data.nr
        (_JUMP_EQUAL, 2, 0, socket_call),
        (_JUMP_EQUAL, 1, 0, socket_call | 0x40000000),  # the x32 convention on x86-64
        (_RETURN, 0, 0, _ALLOW),  # not socket(): allowed
        (_LOAD_WORD, 0, 0, 16),  # the low half of args[0]: the address family
    ]
    for family in _FORBIDDEN:
        program += [(_JUMP_EQUAL, 0, 1, family), (_RETURN, 0, 0, _TRAP)]
    program.append((_RETURN, 0, 0, _ALLOW))  # AF_UNIX, netlink and the rest
    code = b"".join(struct.pack("=HBBI", *instruction) for instruction in program)
    buffer = ctypes.create_string_buffer(code, len(code))

    class Program(ctypes.Structure):
        _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.c_void_p))

    fprog = Program(len(program), ctypes.addressof(buffer))
    libc = ctypes.CDLL(None, use_errno=True)
    # All five arguments, the unused ones zero: the kernel refuses stray values in them.
    libc.prctl.argtypes = (ctypes.c_int, *[ctypes.c_ulong] * 4)
    pr_set_no_new_privs, pr_set_seccomp, filter_mode = 38, 22, 2
    if libc.prctl(pr_set_no_new_privs, 1, 0, 0, 0) != 0:
        return f"none (prctl: {os.strerror(ctypes.get_errno())})"
    if libc.prctl(pr_set_seccomp, filter_mode, ctypes.addressof(fprog), 0, 0) != 0:
        return f"none (seccomp: {os.strerror(ctypes.get_errno())})"
    return "seccomp"


def internet_socket_inodes() -> set[str]:
    found = set()
    for table in ("tcp", "tcp6", "udp", "udp6", "raw", "raw6"):
        path = Path("/proc/self/net") / table
        if path.exists():
            for line in path.read_text().splitlines()[1:]:
                found.add(line.split()[9])  # the inode column
    return found


def open_sockets() -> tuple[list[str], int]:
    """This process's internet sockets (as fd -> socket:[inode]), and how many others it holds."""
    inet = internet_socket_inodes()
    internet, other = [], 0
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:  # closed meanwhile (the listing's own descriptor)
            continue
        if target.startswith("socket:["):
            if target[len("socket:[") : -1] in inet:
                internet.append(f"{fd.name} -> {target}")
            else:
                other += 1
    return internet, other


def step(name: str) -> None:
    print(f"step: {name}", flush=True)


def wait_for(condition, what: str, timeout: float = 60.0) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout  # only a limit: the loop ends when the work does
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def session(folder: Path, guard: str) -> None:
    from carecompanion.paths import DataPaths
    from carecompanion.ui import launch
    from carecompanion.ui.pages import data_files
    from carecompanion.ui.pages import export as export_page

    step("start Qt")
    app = launch.application()
    data = DataPaths(folder / "data")
    journal = launch.open_or_offer_backup(data.ensure(), interactive=False)
    assert journal is not None
    from carecompanion.ui.main_window import MainWindow
    from carecompanion.ui.settings import AppSettings
    from carecompanion.ui.store import Store

    step("open the window")
    store = Store(journal)
    window = MainWindow(store, AppSettings(data), launch.app_icon())
    server = launch.listen_for_second_launch(data, window)
    window.resize(1024, 700)
    window.show()
    app.processEvents()

    step("check in")
    window.today.inputs["pain"].set_value(4)
    assert window.today.save() is not None, window.today.result.text()

    for view in ("today", "history", "treatments", "tests", "questions", "learn", "trials"):
        step(f"show {view}")
        window.show_view(view)
        window.repaint()
        app.processEvents()
    step("search Learn")
    window.show_view("learn")
    window.learn.search.setText("trial")
    app.processEvents()

    step("export the PDF")
    window.show_view("export")
    pdf = folder / "summary.pdf"
    export_page.ask_save_path = lambda *_: pdf
    window.export.export()
    wait_for(pdf.exists, "the PDF")
    step("save a JSON file")
    everything = folder / "all.json"
    data_files.ask_save_path = lambda *_: everything
    window.export.data_files.save()
    wait_for(everything.exists, "the JSON file")
    store.wait_for_background()

    step("a second launch asks this window forward")
    knocks: list[bool] = []
    server.newConnection.connect(lambda: knocks.append(True))
    assert launch.ask_first_window_to_show(data)
    wait_for(lambda: knocks, "the second launch's knock")

    step("look at this process's sockets")
    internet, other = open_sockets()
    print(json.dumps({"guard": guard, "inet_sockets": internet, "unix_sockets": other}))
    window.close()
    journal.close()


def probe(kind: str) -> None:
    """Open one socket of the given kind: "unix", "python" (internet) or "qt" (internet)."""
    if kind == "qt":
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtNetwork import QTcpSocket

        app = QCoreApplication([])
        connection = QTcpSocket(app)
        connection.connectToHost("127.0.0.1", 9)  # Qt's own socket code, not Python's
        connection.waitForConnected(1000)
    else:
        socket.socket(socket.AF_UNIX if kind == "unix" else socket.AF_INET).close()


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a stop by SIGSYS leaves no core file
    guard = forbid_internet_sockets()
    if sys.argv[1] == "--probe":  # shows the guard at work on a single socket
        print(guard, flush=True)
        probe(sys.argv[2])
        print("opened", flush=True)
    else:
        session(Path(sys.argv[1]), guard)
