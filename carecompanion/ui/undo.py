"""Undoable actions: pushed on the undo stack only after the action itself succeeded.

Undo and redo run their actions through the store like any other change; one that is refused
(the record changed meanwhile, the disk is full) is reported and dropped from the stack.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack

from carecompanion.actions import Done
from carecompanion.ui.store import Store

Step = tuple[Callable[..., Done[Any]], tuple[Any, ...]]


class ActionCommand(QUndoCommand):
    """An action already done, with the action that undoes it."""

    def __init__(self, store: Store, text: str, do: Step, undo: Step) -> None:
        super().__init__(text)
        self._store = store
        self._do = do
        self._undo = undo
        self._done_once = True  # pushed after `do` ran, so the stack's first redo skips it

    def redo(self) -> None:
        if self._done_once:
            self._done_once = False
            return
        self._run(self._do)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, step: Step) -> None:
        action, args = step
        if self._store.run(action, *args) is None:
            self.setObsolete(True)


def do_undoable(
    stack: QUndoStack, store: Store, text: str, do: Step, undo: Step
) -> Done[Any] | None:
    """Run `do`; only when it succeeded, push it so that Ctrl+Z runs `undo`."""
    action, args = do
    done = store.run(action, *args)
    if done is not None:
        stack.push(ActionCommand(store, text, do, undo))
    return done
