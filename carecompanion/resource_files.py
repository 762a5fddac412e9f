"""Finding the files shipped with the app: guides, glossary, icons and fonts.

They live in the top-level `resources/` folder of the source tree, beside `carecompanion/`:

    resources/fonts/       DejaVu Sans, regular and bold, with its licence
    resources/icons/       the app icon, carecompanion.svg
    resources/reference/   the guides (NN-name.md) and glossary.md

The folder is shipped inside the package as `carecompanion/resources`, so the one function here
looks in three places, in this order:

- a wheel: hatch copies `resources/` into the wheel as `carecompanion/resources`
  (`force-include` in pyproject.toml);
- a PyInstaller bundle: the spec copies `resources/` to `carecompanion/resources` below
  `sys._MEIPASS`, which is also where the frozen `carecompanion` package says it lives;
- a checkout (`uv run` installs the project editable, so the package folder holds no
  resources): `resources/` beside the package folder.
"""

from __future__ import annotations

import sys
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

SUBFOLDERS = ("fonts", "icons", "reference")


def resource_folder(name: str) -> Traversable:
    """The shipped folder `name` (one of SUBFOLDERS), wherever the app is running from.

    Read files in it with `.read_text()`, or through `importlib.resources.as_file` where a
    library needs a real path. Raises FileNotFoundError, naming every place looked in, if the
    folder is nowhere.
    """
    if name not in SUBFOLDERS:
        raise ValueError(f"no resource folder {name!r}; there are {', '.join(SUBFOLDERS)}")
    candidates: list[Traversable] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and isinstance(bundle, str):
        candidates.append(Path(bundle) / "carecompanion" / "resources" / name)
    candidates.append(files("carecompanion") / "resources" / name)
    candidates.append(Path(__file__).resolve().parent.parent / "resources" / name)
    for folder in candidates:
        if folder.is_dir():
            return folder
    looked = ", ".join(str(folder) for folder in candidates)
    raise FileNotFoundError(f"the app's {name} folder is missing; looked in {looked}")
