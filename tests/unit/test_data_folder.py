"""The data folder: made private when CareCompanion makes it, never chmod-ed behind the person's
back, refused when others can change it, and never silently the default one."""

import os
import stat

import pytest

from carecompanion import paths
from carecompanion.cli import main

pytestmark = pytest.mark.skipif(os.name != "posix", reason="modes and owners as on POSIX")


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def folder_with_mode(tmp_path, wanted):
    folder = tmp_path / "chosen"
    folder.mkdir()
    folder.chmod(wanted)
    return folder


@pytest.fixture
def default_folder(tmp_path, monkeypatch):
    """Where the platform's default data folder would be, so a test can see it stays absent."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(paths.ENV_VAR, raising=False)
    return tmp_path / "xdg" / "CareCompanion"


def test_a_new_data_folder_is_created_private(tmp_path):
    root = tmp_path / "new" / "deeper"
    assert main(["--data-dir", str(root), "log", "--pain", "2"]) == 0
    assert mode(root) == 0o700 and mode(root / "backups") == 0o700
    assert mode(root / "journal.db") == 0o600


def test_a_shared_sticky_folder_keeps_its_mode(tmp_path, capsys):
    shared = folder_with_mode(tmp_path, 0o1777)
    assert main(["--data-dir", str(shared), "log", "--pain", "2"]) == 3
    err = capsys.readouterr().err
    assert str(shared) in err and "Other users of this computer can change" in err
    assert f"chmod 700 '{shared}'" in err and "--data-dir" in err
    assert mode(shared) == 0o1777
    assert list(shared.iterdir()) == []


@pytest.mark.parametrize("wanted", [0o777, 0o757, 0o703])
def test_a_folder_others_can_write_to_is_refused_and_left_as_it_was(tmp_path, capsys, wanted):
    shared = folder_with_mode(tmp_path, wanted)
    for argv in (["log", "--pain", "2"], ["check"], ["backup"], ["export", "csv", "-o", "x"]):
        assert main(["--data-dir", str(shared), *argv]) == 3, argv
        assert "will not keep a journal there" in capsys.readouterr().err
    assert main(["--data-dir", str(shared), "--screenshot", str(tmp_path / "s.png")]) == 3
    assert mode(shared) == wanted
    assert list(shared.iterdir()) == []


def test_a_group_writable_folder_of_a_shared_group_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "_group_is_yours_alone", lambda gid: False)
    shared = folder_with_mode(tmp_path, 0o770)
    assert main(["--data-dir", str(shared), "log", "--pain", "2"]) == 3
    assert "(mode 0770)" in capsys.readouterr().err
    assert mode(shared) == 0o770


def test_a_group_writable_folder_of_your_own_private_group_is_used(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "_group_is_yours_alone", lambda gid: True)
    folder = folder_with_mode(tmp_path, 0o770)
    assert main(["--data-dir", str(folder), "log", "--pain", "2"]) == 0
    assert "warning" not in capsys.readouterr().err
    assert mode(folder) == 0o770 and mode(folder / "journal.db") == 0o600


def test_a_folder_others_can_look_into_is_used_with_a_warning_and_keeps_its_mode(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(paths, "_group_is_yours_alone", lambda gid: False)
    folder = folder_with_mode(tmp_path, 0o755)
    assert main(["--data-dir", str(folder), "log", "--pain", "2"]) == 0
    err = capsys.readouterr().err
    assert "warning: other users of this computer can see which files are in" in err
    assert f"chmod 700 '{folder}'" in err
    assert mode(folder) == 0o755
    assert mode(folder / "journal.db") == 0o600 and mode(folder / "backups") == 0o700


def test_a_data_folder_of_another_user_is_refused(tmp_path, monkeypatch, capsys):
    folder = folder_with_mode(tmp_path, 0o700)
    if os.geteuid() == 0:
        os.chown(folder, 65534, -1)
    else:
        real = os.geteuid()
        monkeypatch.setattr(paths.os, "geteuid", lambda: real + 1)
    assert main(["--data-dir", str(folder), "log", "--pain", "2"]) == 3
    assert "belongs to another user" in capsys.readouterr().err
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("given", ["", "   "])
def test_an_empty_data_dir_is_refused(given, default_folder, capsys):
    assert main(["--data-dir", given, "log", "--pain", "2"]) == 2
    err = capsys.readouterr().err
    assert f"--data-dir: {given!r} is not allowed; give a folder" in err
    assert not default_folder.exists()


def test_an_empty_data_dir_variable_is_refused(default_folder, monkeypatch, capsys):
    monkeypatch.setenv(paths.ENV_VAR, "")
    assert main(["log", "--pain", "2"]) == 2
    assert f"{paths.ENV_VAR}: '' is not allowed; give a folder" in capsys.readouterr().err
    assert main(["check"]) == 2
    assert not default_folder.exists()


def test_a_data_dir_with_a_nul_character_is_refused(default_folder, capsys):
    assert main(["--data-dir", "a\0b", "check"]) == 2
    assert "without NUL characters" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [["log", "--pain", "2"], ["check"], ["backup"], ["export", "csv", "-o", "out.csv"], []],
)
def test_a_data_folder_that_is_a_file_is_bad_input_not_a_crash(tmp_path, capsys, argv):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    for given in (a_file, a_file / "below"):
        assert main(["--data-dir", str(given), *argv]) == 2, given
        err = capsys.readouterr().err
        assert f"--data-dir: {str(given)!r} is not allowed" in err and "Traceback" not in err
    assert a_file.read_text() == "mine"


def test_a_backups_entry_that_is_a_file_is_bad_input(tmp_path, capsys):
    root = tmp_path / "data"
    root.mkdir(mode=0o700)
    (root / "backups").write_text("not a folder")
    assert main(["--data-dir", str(root), "log", "--pain", "2"]) == 2
    assert "a folder, not a file" in capsys.readouterr().err


def test_make_private_changes_neither_a_folder_nor_what_a_link_points_to(tmp_path):
    folder = folder_with_mode(tmp_path, 0o755)
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("x")
    elsewhere.chmod(0o644)
    link = tmp_path / "link"
    link.symlink_to(elsewhere)
    paths.make_private(folder)
    paths.make_private(link)
    assert mode(folder) == 0o755 and mode(elsewhere) == 0o644
