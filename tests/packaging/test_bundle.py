"""The shipped app: a frozen bundle that really runs, and desktop files that validate.

These build and validate with tools a developer may not have installed, so they are selected
with `uv run pytest -m packaging`; CI installs the tools and runs them after the main suite.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "org.carecompanion.CareCompanion"


def run(*argv, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, timeout=600, **kwargs)


def test_desktop_file_validates():
    assert shutil.which("desktop-file-validate"), "install Debian's desktop-file-utils"
    result = run("desktop-file-validate", str(LINUX / f"{APP_ID}.desktop"))
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout


def test_metainfo_validates():
    assert shutil.which("appstreamcli"), "install Debian's appstream"
    result = run("appstreamcli", "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_icons_exist_in_every_size_desktops_use():
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert (LINUX / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (LINUX / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()


def test_bundle_runs_migrates_and_exports(tmp_path):
    dist = tmp_path / "dist"
    built = run(sys.executable, str(ROOT / "packaging" / "build.py"), "--dist", str(dist))
    assert built.returncode == 0, built.stderr[-3000:]
    program = (
        dist
        / "carecompanion"
        / ("carecompanion.exe" if sys.platform == "win32" else "carecompanion")
    )
    version = run(str(program), "--version")
    assert version.stdout.strip() == "carecompanion 0.1.0", version.stderr
    data = tmp_path / "data"
    assert (
        run(
            str(program), "--data-dir", str(data), "log", "--pain", "7", "--note", "Ζωή, Жизнь"
        ).returncode
        == 0
    )
    checked = run(str(program), "--data-dir", str(data), "check")
    assert checked.returncode == 0 and "schema: version" in checked.stdout, checked.stdout
    # Encrypted: the bundle carries SQLCipher and the key wrapping, and opens what it encrypted.
    secret = tmp_path / "passphrase.txt"
    secret.write_text("a bundle passphrase", encoding="utf-8")
    keyed = tmp_path / "encrypted"
    assert run(str(program), "--data-dir", str(keyed), "log", "--pain", "2").returncode == 0
    made = run(str(program), "--data-dir", str(keyed), "--passphrase-file", str(secret), "encrypt")
    assert made.returncode == 0 and "Recovery key: " in made.stdout, made.stderr
    assert not (keyed / "journal.db").read_bytes().startswith(b"SQLite format 3")
    locked = run(str(program), "--data-dir", str(keyed), "check")
    assert locked.returncode == 3 and "locked" in locked.stderr, locked.stderr
    opened = run(str(program), "--data-dir", str(keyed), "--passphrase-file", str(secret), "check")
    assert opened.returncode == 0 and "integrity: ok" in opened.stdout, opened.stderr
    summary = tmp_path / "summary.pdf"
    exported = run(str(program), "--data-dir", str(data), "export", "pdf", "-o", str(summary))
    assert exported.returncode == 0, exported.stderr
    data_bytes = summary.read_bytes()
    assert data_bytes.startswith(b"%PDF") and b"DejaVuSans" in data_bytes
    shot = tmp_path / "learn.png"

    def show_learn():
        return run(
            str(program),
            "--data-dir",
            str(data),
            "--screenshot",
            str(shot),
            "--view",
            "learn",
            env={"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)},
        )

    shown = show_learn()
    assert shown.returncode == 0 and shot.stat().st_size > 10_000, shown.stderr
    # An error while building a page is reported by the crash handler, not in the exit code.
    assert "went wrong" not in shown.stderr, shown.stderr[-3000:]
    # Every guide and the glossary are inside the bundle, and the frozen program reads them from
    # there, not from this checkout: with the bundle's copy out of the way, Learn cannot be drawn.
    guides = next(
        p for p in (dist / "carecompanion").rglob("reference") if p.parent.name == "resources"
    )
    assert {p.name for p in guides.glob("*.md")} == {
        p.name for p in (ROOT / "resources" / "reference").glob("*.md")
    }
    hidden = guides.with_name("reference-hidden")
    guides.rename(hidden)
    try:
        missing = show_learn()
    finally:
        hidden.rename(guides)
    # The person is told calmly; the log (which never holds the message's text) names where.
    assert "went wrong" in missing.stderr and "FileNotFoundError" in missing.stderr
    assert "resource_folder" in (data / "carecompanion.log").read_text(encoding="utf-8")
    libraries = {p.name for p in (dist / "carecompanion").rglob("*.so*")}
    for unused in ("Qt6Quick", "Qt6Qml", "Qt6WebEngine", "Qt6Pdf"):
        assert not any(unused in name for name in libraries), unused
