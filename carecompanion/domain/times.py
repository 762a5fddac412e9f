"""Times in the journal: always timezone-aware, stored in UTC, never in the future.

A time zone is an IANA name (Europe/London), kept in the profile; without one, the computer's
own IANA zone. A local time without an offset is read in that zone as of its own date, so a
summer time typed in winter keeps its summer offset. A local time that does not exist (skipped
when the clocks went forward) is refused; one that happens twice (when they went back) is read
as the earlier of the two, and the caller is told.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from carecompanion.domain import zone_names
from carecompanion.domain.errors import InvalidInput

ISO_HINT = "use an ISO 8601 time such as 2026-03-14T09:30 or 2026-03-14T09:30+01:00"
ZONE_HINT = "use a time zone name such as Europe/London or America/New_York"
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)


def require_aware(moment: datetime, field: str = "time") -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(field, moment.isoformat(), "the time needs a time zone")
    return moment


def computer_zone_name() -> str:
    """The computer's own IANA zone name, or UTC when it cannot be told."""
    from tzlocal import get_localzone_name

    try:
        name = get_localzone_name()
    except Exception:  # tzlocal raises its own errors for a misconfigured system
        return "UTC"
    return name if name and is_zone_name(name) else "UTC"


# Names some systems list that are not a place's zone: the machine's own file, a test zone.
NOT_PLACES = frozenset({"localtime", "Factory", "posixrules"})


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones()) - NOT_PLACES


def is_zone_name(name: str) -> bool:
    """One of the IANA zone names (not a file that merely parses, such as posixrules): a name
    `available_timezones()` lists, found without listing them all (that walks the whole zone
    folder, 15 ms at every start-up)."""
    if name in NOT_PLACES or not zone_names.listed(name):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def check_zone_name(name: str, field: str = "time zone") -> str:
    """Return the IANA name if it names a zone; an empty name means the computer's own."""
    if name and (len(name) > 64 or not is_zone_name(name)):
        raise InvalidInput(field, name, ZONE_HINT)
    return name


def local_zone(name: str = "") -> ZoneInfo:
    """The named IANA zone, or the computer's own zone when the name is empty."""
    return ZoneInfo(check_zone_name(name) or computer_zone_name())


@dataclass(frozen=True, slots=True)
class Moment:
    """A parsed time, with a word for the person when a local time was ambiguous."""

    at: datetime
    note: str = ""


def resolve_local(naive: datetime, zone: ZoneInfo, field: str = "time") -> Moment:
    """Read a wall-clock time in `zone` as of its own date (gaps refused, overlaps the earlier)."""
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    shown = naive.isoformat(timespec="minutes")
    if first.utcoffset() == second.utcoffset():
        return Moment(first)
    round_trip = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
    if round_trip != naive:
        raise InvalidInput(
            field,
            shown,
            f"that time does not exist in {zone.key}: the clocks went forward then; "
            "give a time before or after the change",
        )
    earlier = min(first, second, key=lambda moment: moment.astimezone(UTC))
    return Moment(
        earlier,
        f"{shown} happened twice in {zone.key} (the clocks went back); "
        f"the earlier one, {earlier.isoformat(timespec='minutes')}, was used",
    )


def parse_moment(text: str, now: datetime, zone: ZoneInfo, field: str = "--at") -> Moment:
    """Parse an ISO 8601 time; a time without an offset is read in `zone`. Not after `now`."""
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(field, text, ISO_HINT) from exc
    moment = resolve_local(parsed, zone, field) if parsed.tzinfo is None else Moment(parsed)
    check_moment(moment.at, now, field)
    return moment


def check_moment(moment: datetime, now: datetime, field: str = "time") -> datetime:
    """A time that happened: with a zone, not before 1900 and not after `now`."""
    require_aware(moment, field)
    try:
        too_early = moment < EARLIEST
    except OverflowError:  # an offset pushing a year-1 time below datetime's range
        too_early = True
    if too_early:
        raise InvalidInput(field, moment.isoformat(timespec="minutes"), "give a time after 1900")
    if moment > now:
        raise InvalidInput(
            field, moment.isoformat(timespec="minutes"), "the time cannot be in the future"
        )
    return moment


not_in_future = check_moment


def check_day(day: date, today: date, field: str) -> date:
    """A date that has come: not after `today` and not before 1900."""
    if day > today:
        raise InvalidInput(field, day.isoformat(), "it cannot be in the future")
    if day.year < 1900:
        raise InvalidInput(field, day.isoformat(), "give a date after 1900")
    return day


def parse_date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(field, text, "use a date such as 2026-03-14") from exc


def day_bounds(first: date, last: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The UTC span from the start of `first` to the end of `last`, as days in `zone`."""
    since = datetime.combine(first, datetime.min.time(), tzinfo=zone).astimezone(UTC)
    until_local = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return since, until_local.astimezone(UTC) - timedelta(microseconds=1)


def utc_now() -> datetime:
    return datetime.now(UTC)
