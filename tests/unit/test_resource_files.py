"""The shipped files are found from a checkout: every guide, the glossary, both fonts, the icon."""

from importlib.resources import as_file
from pathlib import Path

import pytest

from carecompanion.reference import library
from carecompanion.resource_files import SUBFOLDERS, resource_folder

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"


def test_every_subfolder_is_the_checkouts_own():
    for name in SUBFOLDERS:
        with as_file(resource_folder(name)) as folder:
            assert Path(folder).resolve() == RESOURCES / name


def test_every_guide_and_the_glossary_are_found():
    found = {entry.name for entry in resource_folder("reference").iterdir()}
    on_disk = {p.name for p in (RESOURCES / "reference").glob("*.md")}
    assert "glossary.md" in on_disk and len(on_disk) > 1
    assert found == on_disk
    assert len(library.guides()) == len(on_disk) - 1
    assert library.glossary()


def test_both_fonts_and_the_icon_are_found():
    fonts = resource_folder("fonts")
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
        assert (fonts / name).read_bytes()[:4] == b"\x00\x01\x00\x00", name
    assert b"<svg" in (resource_folder("icons") / "carecompanion.svg").read_bytes()


def test_an_unknown_folder_is_refused():
    with pytest.raises(ValueError, match="no resource folder"):
        resource_folder("sounds")
