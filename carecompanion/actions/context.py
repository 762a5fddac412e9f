"""Building an action's context from the journal: the profile's zone, who records, the clock."""

from __future__ import annotations

from carecompanion.db.journal import Journal
from carecompanion.domain.context import Clock, Context, context_for
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import Recorder
from carecompanion.domain.times import utc_now
from carecompanion.services import profile


def journal_context(
    journal: Journal, recorder: Recorder = Recorder.PATIENT, clock: Clock = utc_now
) -> Context:
    """A context in the time zone the journal's profile names (else the computer's own)."""
    with journal.rows() as connection:
        zone_name = profile.time_zone(connection)
    try:
        return context_for(zone_name, recorder, clock)
    except InvalidInput:
        # Only a journal written before zones were checked can hold an unknown one; keep it
        # usable in the computer's zone until the person chooses one in Settings.
        return context_for("", recorder, clock)
