"""Qt's own options (-style, -platform, -reverse, ...) reach Qt when the window opens; beside a
command they, and any other unknown option, are still refused."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from carecompanion import cli


@pytest.fixture
def opened(monkeypatch, data):
    """What the window would have been opened with, instead of opening it."""
    seen: dict[str, object] = {}

    def run(paths, **kwargs):
        seen.update(kwargs)
        return 0

    import carecompanion.app

    monkeypatch.setattr(carecompanion.app, "run", run)
    monkeypatch.setenv("CARECOMPANION_DATA_DIR", str(data.root))
    return seen


@pytest.mark.parametrize(
    ("argv", "ours", "qt"),
    [
        (["-style", "fusion"], [], ["-style", "fusion"]),
        (["--style", "fusion", "--demo"], ["--demo"], ["--style", "fusion"]),
        (["-style=fusion", "-reverse"], [], ["-style=fusion", "-reverse"]),
        (["-platform", "offscreen", "--view", "history"], ["--view", "history"],
         ["-platform", "offscreen"]),
        (["-platformtheme", "gtk3", "-qwindowgeometry", "800x600+0+0"], [],
         ["-platformtheme", "gtk3", "-qwindowgeometry", "800x600+0+0"]),
        (["log", "--pain", "3"], ["log", "--pain", "3"], []),
        (["log", "--note", "--", "-reverse"], ["log", "--note", "--", "-reverse"], []),
    ],
)  # fmt: skip
def test_qt_options_are_taken_out_with_their_values(argv, ours, qt):
    assert cli.split_qt_options(argv) == (ours, qt)


def test_the_window_gets_qt_options_theme_and_text_size(opened):
    code = cli.main(
        ["-style", "fusion", "-reverse", "--theme", "dark", "--font-scale", "2", "-nomouse"]
    )
    assert code == 0
    # -nomouse is no option we list, but a single-dash option beside the window goes to Qt.
    assert opened["qt_args"] == ["-style", "fusion", "-reverse", "-nomouse"]
    assert opened["theme"] == "dark"
    assert opened["font_scale"] == 2.0


def test_the_window_without_options_gets_the_defaults(opened):
    assert cli.main([]) == 0
    assert opened["qt_args"] == []
    assert opened["theme"] == "system"
    assert opened["font_scale"] == 1.0


@pytest.mark.parametrize(
    "argv",
    [
        ["--theme", "sepia"],
        ["--font-scale", "10"],
        ["--font-scale", "0"],
        ["--font-scale", "two"],
        ["--no-such-option"],  # a misspelt option of ours is not passed to Qt
        ["check", "--bogus"],  # unknown options on a command are still errors
        ["check", "-bogus"],
        ["log", "--pain", "3", "-style", "fusion"],  # Qt's options open no window
        ["-reverse", "export", "pdf", "-o", "x.pdf"],
    ],
)
def test_unknown_options_and_bad_values_are_refused(opened, capsys, argv):
    with pytest.raises(SystemExit) as exited:
        cli.main(argv)
    assert exited.value.code == cli.EXIT_USAGE
    assert "error" in capsys.readouterr().err
    assert opened == {}  # no window


def test_qt_options_beside_a_command_say_why(opened, capsys):
    with pytest.raises(SystemExit):
        cli.main(["check", "-style", "fusion"])
    assert "Qt's options go with opening the window" in capsys.readouterr().err


@pytest.mark.slow
def test_qt_really_takes_them(tmp_path):
    """A screenshot through Qt with -style, -reverse and -platform on the command line."""
    target = tmp_path / "today.png"
    env = {**os.environ, "CARECOMPANION_DATA_DIR": str(tmp_path / "data")}
    env.pop("QT_QPA_PLATFORM", None)
    done = subprocess.run(
        [sys.executable, "-m", "carecompanion", "-platform", "offscreen", "-style", "fusion",
         "-reverse", "--theme", "dark", "--screenshot", str(target)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert target.stat().st_size > 1000
