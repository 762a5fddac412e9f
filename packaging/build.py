"""Build the one-folder bundle of CareCompanion for the platform this runs on.

    uv run python packaging/build.py [--dist DIR]

Prints where the bundle is and its size.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "pyinstaller" / "carecompanion.spec"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(dist: Path) -> Path:
    work = Path(tempfile.mkdtemp(prefix="carecompanion-build-"))
    environment = dict(os.environ, CARECOMPANION_ROOT=str(ROOT))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(SPEC),
        ],
        check=True,
        env=environment,
    )
    return dist / "carecompanion"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    args = parser.parse_args()
    bundle = build(args.dist.resolve())
    print(f"bundle: {bundle}")
    print(f"size: {folder_size(bundle) / 1024 / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
