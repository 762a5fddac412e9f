"""For tests of merging: journals made apart in a test, made the same journal on two laptops.

Since format 4 a file carries its journal's id, and importing another journal's file is
refused; tests of the merge rules themselves model two laptops of one journal.
"""

from __future__ import annotations

from carecompanion.db.journal import Journal
from carecompanion.services import identity


def same_journal(target: Journal, source: Journal) -> Journal:
    """Give `target` the id of `source` (as a second laptop gets it by joining)."""
    with source.read() as session:
        wanted = identity.journal_id(session)
    with target.write() as session:
        identity.adopt(session, wanted)
    return target
