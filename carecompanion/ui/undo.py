"""Undoable changes: each command runs a service call through the store, and its inverse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand
from sqlalchemy.orm import Session

from carecompanion.ui.store import Store

Change = Callable[[Session], Any]


class StoreCommand(QUndoCommand):
    """A change and its inverse, both written through the store so every page refreshes."""

    def __init__(self, store: Store, text: str, do: Change, undo: Change, *changed: str) -> None:
        super().__init__(text)
        self._store = store
        self._do = do
        self._undo = undo
        self._changed = changed

    def redo(self) -> None:
        self._store.write(self._do, *self._changed)

    def undo(self) -> None:
        self._store.write(self._undo, *self._changed)
