"""One zone for every door: local times read as of their own date, gaps refused, overlaps told."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from carecompanion.domain.context import Context, context_for, fixed_clock
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.times import check_zone_name, day_bounds, local_zone, parse_moment

LONDON = ZoneInfo("Europe/London")
WINTER = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def test_a_summer_time_typed_in_winter_keeps_its_summer_offset():
    moment = parse_moment("2026-07-01T09:00", WINTER, LONDON)
    assert moment.at.utcoffset().total_seconds() == 3600
    assert moment.at.astimezone(UTC) == datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert moment.note == ""


def test_a_time_the_clocks_skipped_is_refused():
    with pytest.raises(InvalidInput) as refusal:
        parse_moment("2026-03-29T01:30", WINTER, LONDON)
    assert refusal.value.field == "--at"
    assert "does not exist in Europe/London" in str(refusal.value)


def test_a_time_that_happened_twice_takes_the_earlier_and_says_so():
    moment = parse_moment("2026-10-25T01:30", WINTER, LONDON)
    assert moment.at.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert "happened twice" in moment.note and "earlier" in moment.note


def test_an_offset_given_is_kept_and_the_future_refused():
    moment = parse_moment("2026-07-01T09:00+05:30", WINTER, LONDON)
    assert moment.at.astimezone(UTC) == datetime(2026, 7, 1, 3, 30, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="cannot be in the future"):
        parse_moment("2027-01-01T09:00", WINTER, LONDON)
    with pytest.raises(InvalidInput, match="after 1900"):
        parse_moment("0001-01-01T00:00+00:00", WINTER, LONDON)


def test_zone_names_are_checked():
    assert check_zone_name("Pacific/Kiritimati") == "Pacific/Kiritimati"
    assert check_zone_name("") == ""
    for bad in ("Mars/Olympus", "../../etc/passwd", "x" * 100):
        with pytest.raises(InvalidInput, match="time zone"):
            check_zone_name(bad)


def test_the_computers_own_zone_is_an_iana_zone(monkeypatch):
    import tzlocal

    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    tzlocal.reload_localzone()  # tzlocal remembers the zone it found for the whole process
    try:
        assert local_zone("").key == "Pacific/Kiritimati"
    finally:
        monkeypatch.undo()
        tzlocal.reload_localzone()
    assert context_for("Europe/Paris").zone.key == "Europe/Paris"


def test_a_day_in_a_far_zone_starts_at_its_own_midnight():
    kiritimati = ZoneInfo("Pacific/Kiritimati")  # UTC+14
    since, until = day_bounds(
        datetime(2026, 3, 20).date(), datetime(2026, 3, 20).date(), kiritimati
    )
    assert since == datetime(2026, 3, 19, 10, 0, tzinfo=UTC)
    assert (until - since).total_seconds() == pytest.approx(86400, abs=0.001)


def test_context_today_is_the_profile_zones_today():
    late_evening_utc = datetime(2026, 3, 20, 22, 0, tzinfo=UTC)
    ctx = Context(zone=ZoneInfo("Pacific/Kiritimati"), clock=fixed_clock(late_evening_utc))
    assert ctx.today().isoformat() == "2026-03-21"
    assert Context(zone=LONDON, clock=fixed_clock(late_evening_utc)).today().isoformat() == (
        "2026-03-20"
    )
