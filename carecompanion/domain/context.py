"""Who acts, when, and in which time zone: built once per action and passed down.

Nothing below an action asks the computer for the time or its zone; it asks the context. Tests
give a context a fixed clock, and every door (window, command line, import) gives the same zone:
the profile's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from carecompanion.domain.records import Recorder
from carecompanion.domain.times import local_zone, require_aware, utc_now

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class Context:
    """The clock, the profile's time zone and who is recording."""

    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    recorder: Recorder = Recorder.PATIENT
    clock: Clock = utc_now

    def now(self) -> datetime:
        """The current time in UTC (aware), from this context's clock."""
        return require_aware(self.clock(), "clock").astimezone(UTC)

    def today(self) -> date:
        """Today's date in the profile's zone."""
        return self.now().astimezone(self.zone).date()

    def local(self, moment: datetime) -> datetime:
        """A stored time as the profile's zone shows it."""
        return moment.astimezone(self.zone)

    def zone_label(self) -> str:
        return self.zone.key


def fixed_clock(moment: datetime) -> Clock:
    """A clock that always says `moment` (for tests, demos and one-shot commands)."""
    require_aware(moment, "clock")
    return lambda: moment


def context_for(
    time_zone: str, recorder: Recorder = Recorder.PATIENT, clock: Clock = utc_now
) -> Context:
    """A context in the profile's zone (the computer's own when the profile names none)."""
    return Context(zone=local_zone(time_zone), recorder=recorder, clock=clock)
