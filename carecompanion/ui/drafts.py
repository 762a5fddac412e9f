"""The unsaved check-in, kept on disk so that closing the window never loses a typed note."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from carecompanion.db import driver, sealing
from carecompanion.db.encryption import DRAFT_NAME, DRAFT_PURPOSE
from carecompanion.paths import DataPaths, make_private


@dataclass
class Draft:
    note: str = ""
    scores: dict[str, int] = field(default_factory=dict)
    # As typed ("38.2", "100.8F"): checked by the domain's rules when the check-in is saved.
    temperature: str = ""
    weight: str = ""

    def is_empty(self) -> bool:
        return not (self.note.strip() or self.scores or self.temperature or self.weight)


def _path(paths: DataPaths) -> Path:
    return paths.root / DRAFT_NAME


def load(paths: DataPaths) -> Draft:
    """The draft kept on disk; an empty one when there is none, or it cannot be read (sealed
    with a key this process does not hold, which keeps the file for when it does)."""
    try:
        data = _path(paths).read_bytes()
        if sealing.is_sealed(data):
            key = driver.root_key(paths.root)
            if key is None:
                return Draft()
            data = sealing.unseal(key, data, DRAFT_PURPOSE)
        raw = json.loads(data.decode("utf-8"))
    except (OSError, ValueError):
        return Draft()
    if not isinstance(raw, dict):
        return Draft()
    note = raw.get("note")
    scores = raw.get("scores")
    clean: dict[str, int] = {}
    if isinstance(scores, dict):
        for key, value in scores.items():
            if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10:
                clean[str(key)] = value
    return Draft(
        note=note if isinstance(note, str) else "",
        scores=clean,
        temperature=_short_text(raw.get("temperature")),
        weight=_short_text(raw.get("weight")),
    )


def _short_text(value: object) -> str:
    return value.strip()[:40] if isinstance(value, str) else ""


def save(paths: DataPaths, draft: Draft) -> None:
    target = _path(paths)
    if draft.is_empty():
        target.unlink(missing_ok=True)
        return
    content = json.dumps(asdict(draft), ensure_ascii=False).encode("utf-8")
    key = driver.root_key(paths.root)
    if key is not None:
        content = sealing.seal(key, content, DRAFT_PURPOSE)
    elif driver.is_plain(paths.journal) is False:
        return  # an encrypted journal that is locked: never a plain copy of what was typed
    partial = target.with_name(target.name + ".partial")
    with partial.open("wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    make_private(partial)
    partial.replace(target)


def clear(paths: DataPaths) -> None:
    _path(paths).unlink(missing_ok=True)
