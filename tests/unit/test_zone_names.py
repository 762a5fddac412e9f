"""Looking at one zone name gives the same answer as listing every zone."""

from zoneinfo import available_timezones

from carecompanion.domain import zone_names
from carecompanion.domain.times import is_zone_name

NOT_LISTED = [
    "",
    "posixrules",
    "posix/Europe/London",
    "right/UTC",
    "Europe//London",
    "./UTC",
    "europe/london",
    "Europe/London/",
    "/etc/passwd",
    "../../etc/passwd",
    "Mars/Olympus",
    "x" * 100,
    "zone.tab",
    "Europe",
    "Europe/London\0",
    "Europe\\London",
]


def test_one_name_is_listed_exactly_when_every_zone_lists_it():
    every = available_timezones()
    assert every, "this machine has zones to compare with"
    assert all(zone_names.listed(name) for name in every)
    assert not any(zone_names.listed(name) for name in NOT_LISTED if name not in every)


def test_places_only():
    assert is_zone_name("Europe/London") and is_zone_name("UTC")
    assert not is_zone_name("localtime") and not is_zone_name("Factory")
