"""A change is always newer than the version it replaces, whatever the computer's clock says.

The merge rule is "the newer edit wins", judged by each record's `updated_at`. A computer whose
clock ran a year ahead leaves records stamped a year ahead; an edit made afterwards on a
computer with the right time would be stamped earlier and lose every merge until that year had
passed. So, on every flush, a changed record whose new stamp is not after the stamp it had is
stamped just after it instead (a Lamport clock per record): the edit that follows a version
always wins over it, on every computer, and a clock ahead wins only against edits made without
seeing its version, which no rule can order. "Just after" is one microsecond plus the
microseconds of this computer's own clock, so that two computers editing the same record at
once do not land on the same stamp (a tie, which neither would give up).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

TICK = timedelta(microseconds=1)


def _after_what_it_replaces(session: Session, _context: Any, _instances: Any) -> None:
    for row in session.dirty:
        state = inspect(row)
        if "updated_at" not in state.attrs:
            continue
        history = state.attrs.updated_at.history
        if not history.added or not history.deleted:
            continue
        old, new = history.deleted[0], history.added[0]
        if old is not None and new is not None and new <= old:
            row.updated_at = old + TICK * (1 + new.microsecond)


def keep_changes_newer(sessions: sessionmaker[Session]) -> None:
    """Stamp every change of a session from `sessions` after the version it replaces."""
    event.listen(sessions, "before_flush", _after_what_it_replaces)
