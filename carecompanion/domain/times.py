"""Times in the journal: always timezone-aware, stored in UTC, never in the future."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from carecompanion.domain.errors import InvalidInput

ISO_HINT = "use an ISO 8601 time such as 2026-03-14T09:30 or 2026-03-14T09:30+01:00"


def require_aware(moment: datetime, field: str = "time") -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidInput(field, moment.isoformat(), "the time needs a time zone")
    return moment


def local_zone(name: str = "") -> tzinfo:
    """The named IANA zone, or the computer's own zone when the name is empty."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise InvalidInput("time zone", name, "use a name such as Europe/London") from exc
    zone = datetime.now().astimezone().tzinfo
    return zone if zone is not None else UTC


def parse_moment(text: str, now: datetime, zone: tzinfo, field: str = "--at") -> datetime:
    """Parse an ISO 8601 time; a time without an offset is read in `zone`. Not after `now`."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(field, text, ISO_HINT) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return not_in_future(moment, now, field)


def not_in_future(moment: datetime, now: datetime, field: str = "time") -> datetime:
    require_aware(moment, field)
    if moment > now:
        raise InvalidInput(
            field, moment.isoformat(timespec="minutes"), "the time cannot be in the future"
        )
    return moment


def parse_date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(field, text, "use a date such as 2026-03-14") from exc


def utc_now() -> datetime:
    return datetime.now(UTC)
