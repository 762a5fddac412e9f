"""A real window on a virtual X display, typed into the way a person types.

Needs Debian's xvfb and xdotool and Qt's X11 libraries, so it runs with `-m packaging` (CI
installs them).
"""

import os
import shutil
import sqlite3
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.packaging


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while True:
        found = condition()
        if found:
            return found
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.fixture
def display(tmp_path):
    assert shutil.which("Xvfb") and shutil.which("xdotool"), "install xvfb and xdotool"
    number = 90 + os.getpid() % 9
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "1280x900x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for(lambda: os.path.exists(f"/tmp/.X11-unix/X{number}"))
    yield f":{number}"
    server.terminate()
    server.wait(10)


def count_checkins(path):
    with sqlite3.connect(path) as conn:
        found = conn.execute("SELECT count(*) FROM checkins").fetchone()[0]
    conn.close()
    return found


def test_a_checkin_typed_into_a_real_window_is_saved(display, tmp_path):
    data = tmp_path / "data"
    environment = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")

    def xdotool(*argv):
        return subprocess.run(["xdotool", *argv], env=environment, capture_output=True, text=True)

    app = subprocess.Popen(
        [sys.executable, "-m", "carecompanion", "--data-dir", str(data)],
        env=environment,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:

        def window_id():  # only once the window is on screen: focus fails before that
            found = xdotool("search", "--onlyvisible", "--name", "^CareCompanion$").stdout
            return found.split()[-1] if found.split() else None

        wid = wait_for(window_id)

        # A new journal opens with the welcome; a person may skip it with Escape.
        def welcome_id():
            found = xdotool("search", "--onlyvisible", "--name", "^Welcome to CareCompanion$")
            return found.stdout.split()[-1] if found.stdout.split() else None

        welcome = wait_for(welcome_id)

        def skipped():
            xdotool("windowfocus", welcome)
            xdotool("key", "Escape")
            return welcome_id() is None

        wait_for(skipped)

        def focused():
            xdotool("windowfocus", wid)
            return xdotool("getwindowfocus").stdout.strip() == wid

        wait_for(focused)
        typed = xdotool("key", "--delay", "80", "6", "Tab", "2", "Tab", "1", "0", "ctrl+Return")
        assert typed.returncode == 0, typed.stderr
        journal = data / "journal.db"
        wait_for(lambda: journal.exists() and count_checkins(journal) == 1)
        with sqlite3.connect(journal) as conn:
            scores = dict(conn.execute("SELECT symptom, value FROM scores").fetchall())
        conn.close()
        assert scores == {"pain": 6, "nausea": 2, "fatigue": 10}
    finally:
        app.terminate()
        app.wait(20)
    assert "Traceback" not in app.stderr.read()
