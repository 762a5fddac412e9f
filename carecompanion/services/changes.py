"""Has the journal changed since a moment: its change count, one row to read.

Triggers raise the count with every change to the journal's records, in the change's own
transaction, whoever makes it (migration 0006), so equal counts mean nothing changed: the
window notices another program's writes by it, and a save knows whether what it remembers of
the journal still holds.
"""

from __future__ import annotations

from carecompanion.services import checkin_rows
from carecompanion.services.checkin_rows import Reader

_COUNT = "SELECT count FROM journal_changes WHERE id = 1"


def count(source: Reader) -> int | None:
    """The journal's change count; None when its row is missing (taken out by another
    program), when nothing can be known to be unchanged."""
    found = checkin_rows.rows(source, _COUNT)
    return int(found[0][0]) if found else None


def fingerprint(source: Reader) -> tuple[int | None]:
    """What to compare to notice a change: equal fingerprints, nothing new."""
    return (count(source),)
