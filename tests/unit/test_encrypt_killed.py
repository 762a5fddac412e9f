"""`carecompanion encrypt` killed (SIGKILL) at random moments and at the moments its files change,
at least thirty times: after every kill the data folder holds a usable journal, the plain one
(which opens without a passphrase) or the encrypted one (which the passphrase opens), with every
check-in it held; run again, `encrypt` (or the next opening) finishes the job and leaves no
plain copy behind.

Kill delays are drawn (seeded) between start-up and the command's whole duration, measured
here first; moments are found by watching the data folder, never by a hook in the product.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from carecompanion import paths
from carecompanion.db import driver, encryption
from carecompanion.db.journal import open_journal
from carecompanion.services import checkins

pytestmark = pytest.mark.slow

SEED = 1612
KILLS = 32
PASSPHRASE = "the kettle is on the stove"
NOTE = "words only the family should read"


def start(template: Path, root: Path, secret: Path, *argv: str) -> subprocess.Popen[bytes]:
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(template, root)
    return launch(root, secret, *argv)


def launch(root: Path, secret: Path, *argv: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "carecompanion", "--data-dir", str(root)]
    return subprocess.Popen(
        [*command, *secret_option(secret), *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def secret_option(secret: Path) -> list[str]:
    return ["--passphrase-file", str(secret)]


def notes_in(root: Path) -> list[str]:
    """The check-ins' notes, opening the journal as the app would; unlocking it if encrypted."""
    data = paths.resolve(root)
    driver.lock_all()
    if driver.is_plain(data.journal) is False:
        encryption.unlock(data, passphrase=PASSPHRASE)
    with open_journal(data, automatic_backup=False) as journal, journal.read() as session:
        return sorted(c.note for c in checkins.between(session))


def changed(name: str, test: Callable[[Path], bool]) -> tuple[str, Callable[[Path], bool]]:
    return name, test


def header_changed(path: str) -> Callable[[Path], bool]:
    def seen(root: Path) -> bool:
        return driver.is_plain(root / path) is False

    return seen


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("template") / "data"
    for argv in (
        ["demo", "--days", "200"],
        ["log", "--pain", "4", "--note", NOTE],
        ["backup"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "carecompanion", "--data-dir", str(root), *argv],
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
    return root


def test_encrypt_killed_at_any_moment_leaves_a_usable_journal_with_every_check_in(
    template, tmp_path
):
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE)
    expected = notes_in(template)
    assert NOTE in expected
    root = tmp_path / "data"
    backup_name = next((template / "backups").iterdir()).name
    moments = [
        changed("the key file appears", lambda r: (r / "encryption.json").exists()),
        changed("the encrypted copy appears", lambda r: (r / "journal.db.encrypting").exists()),
        changed("the journal is replaced", header_changed("journal.db")),
        changed(
            "a backup's copy appears",
            lambda r: (r / "backups" / f"{backup_name}.encrypting").exists(),
        ),
        changed("the backup is replaced", header_changed(f"backups/{backup_name}")),
    ]

    began = time.monotonic()
    child = start(template, root, secret, "encrypt")
    _, err = child.communicate(timeout=120)
    whole = time.monotonic() - began
    assert child.returncode == 0, err.decode()
    assert notes_in(root) == expected

    chance = random.Random(SEED)
    seen = {"kills": 0, "plain": 0, "encrypted": 0}
    for _name, happened in moments * 2:
        child = start(template, root, secret, "encrypt")
        while child.poll() is None and not happened(root):
            pass
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        seen["kills"] += child.returncode == -signal.SIGKILL
        seen["plain" if driver.is_plain(root / "journal.db") else "encrypted"] += 1
        assert notes_in(root) == expected
    attempts = 0
    while seen["kills"] < KILLS:
        attempts += 1
        assert attempts < 4 * KILLS, seen
        child = start(template, root, secret, "encrypt")
        time.sleep(chance.uniform(0.2 * whole, whole))  # the kill delay
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        seen["kills"] += child.returncode == -signal.SIGKILL
        seen["plain" if driver.is_plain(root / "journal.db") else "encrypted"] += 1
        assert notes_in(root) == expected, seen

        # Whatever the kill left, the person's next step finishes the job: `encrypt` again on
        # a plain journal, any command on an encrypted one.
        again = launch(root, secret, "encrypt" if driver.is_plain(root / "journal.db") else "check")
        _, err = again.communicate(timeout=120)
        assert again.returncode == 0, err.decode()
        assert notes_in(root) == expected
        for path in root.rglob("*"):
            if path.is_file():
                assert NOTE.encode() not in path.read_bytes(), (path.name, seen)
    print(seen)
    assert seen["plain"] > 0 and seen["encrypted"] > 0, seen
