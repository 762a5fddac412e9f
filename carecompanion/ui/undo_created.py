"""Undo for actions that create a record (a medication added, a dose logged).

`undo.do_undoable` redoes a step by running its action again; a record created with a given id
cannot be created twice (the soft-deleted row keeps the id), so here redo brings the record
back (`undelete_*`) while undo deletes it. As everywhere, the step is pushed only after the
creating action succeeded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoStack

from carecompanion.actions import Done
from carecompanion.ui.store import Store
from carecompanion.ui.undo import ActionCommand, Step


def create_undoable(
    stack: QUndoStack,
    store: Store,
    text: str,
    create: Step,
    undo: Step,
    redo: Step,
    on_error: Callable[[Exception], None] | None = None,
) -> Done[Any] | None:
    """Run `create`; only when it succeeded, push a step whose undo runs `undo` and whose
    redo runs `redo`. `on_error` receives a refusal (else the store's `problem` tells it)."""
    action, args = create
    done = store.run(action, *args, on_error=on_error)
    if done is not None:
        stack.push(ActionCommand(store, text, redo, undo))
    return done
