"""Peak memory of the app with the heavy 10-year journal open on History, against the floor
program of benchmarks/startup.py (Qt and SQLAlchemy loaded, an empty window), same run.

    uv run python benchmarks/memory.py
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _journals import heavy_journal
from startup import FLOOR


def peak_kb(argv: list[str]) -> int:
    """Peak resident memory of one child process, in KB (Linux reports ru_maxrss in KB)."""
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, capture_output=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", code, *argv],
        check=True,
        capture_output=True,
        text=True,
        env=environment,
    )
    return int(done.stdout.strip())


def main() -> None:
    if not hasattr(resource, "getrusage"):
        raise SystemExit("needs a POSIX system")
    shot = str(Path(tempfile.mkdtemp()) / "shot.png")
    journal = heavy_journal(3650)
    journal.close()
    floor = peak_kb([sys.executable, "-c", FLOOR, shot])
    app = peak_kb(
        [
            sys.executable,
            "-m",
            "carecompanion",
            "--data-dir",
            str(journal.paths.root),
            "--screenshot",
            shot,
            "--view",
            "history",
        ]
    )
    print(f"floor (Qt + SQLAlchemy, empty window): {floor / 1024:6.0f} MB")
    print(f"CareCompanion, 10-year journal, History: {app / 1024:6.0f} MB ({app / floor:.2f}x)")


if __name__ == "__main__":
    main()
