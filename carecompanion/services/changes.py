"""Has the journal changed since a moment: its change count, one row to read.

Every write that changes the journal raises the count in its own transaction
(`db.journal.Journal.write`), whichever program made it, so equal counts mean nothing changed:
the window notices another program's writes by it, and a save knows whether what it remembers
of the journal still holds.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from carecompanion.db.journal import CHANGE_COUNT
from carecompanion.services import checkin_rows


def count(session: Session) -> int:
    """The journal's change count (0 for a journal nothing has changed yet)."""
    found = checkin_rows.rows(session, CHANGE_COUNT)
    return int(found[0][0]) if found else 0


def fingerprint(session: Session) -> tuple[int]:
    """What to compare to notice a change: equal fingerprints, nothing new."""
    return (count(session),)
