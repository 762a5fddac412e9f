"""Writing export files: a temporary file beside the target, synced, then renamed over it."""

from __future__ import annotations

import os
from pathlib import Path

from carecompanion.paths import make_private


def write_atomic(target: Path, data: bytes) -> Path:
    """Write `data` to `target` so that a crash leaves the old file or the new, never half."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        make_private(partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return target
