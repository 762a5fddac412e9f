"""Who acts, when, and in which time zone: built once per action and passed down.

Nothing below an action asks the computer for the time or its zone; it asks the context. Tests
give a context a fixed clock, and every door (window, command line, import) gives the same zone:
the profile's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
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


# A journal written while the computer's clock ran ahead holds times after today. It opens and
# backs up as usual, so its backups restore, its change files apply on the other computers and
# its own exported files import back, all with times up to this far ahead; a time beyond what
# such a clock could have written (2099, 9999) is refused, as it would win every later merge.
CLOCK_AHEAD_ALLOWANCE = timedelta(days=400)


def allowing_clock_ahead(ctx: Context) -> Context:
    """The context whose "now" checks the same journal's records (backups, change files, its
    own exports): `CLOCK_AHEAD_ALLOWANCE` later than the real one."""
    return replace(ctx, clock=lambda: ctx.now() + CLOCK_AHEAD_ALLOWANCE)


def fixed_clock(moment: datetime) -> Clock:
    """A clock that always says `moment` (for tests, demos and one-shot commands)."""
    require_aware(moment, "clock")
    return lambda: moment


def context_for(
    time_zone: str, recorder: Recorder = Recorder.PATIENT, clock: Clock = utc_now
) -> Context:
    """A context in the profile's zone (the computer's own when the profile names none)."""
    return Context(zone=local_zone(time_zone), recorder=recorder, clock=clock)
