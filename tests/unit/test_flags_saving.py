"""Flags where the person meets them: the save path, `log` per tier, and "Not now"."""

import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from carecompanion.actions.checkins import CheckInEntry, check_in, dismiss_supportive_prompt
from carecompanion.cli import main
from carecompanion.db.journal import open_journal
from carecompanion.domain.context import Context, fixed_clock
from carecompanion.domain.flags import FlagKind, Tier
from carecompanion.domain.records import (
    EndReason,
    Profile,
    TreatmentCategory,
    TreatmentLine,
)
from carecompanion.services import profile, treatments


def run(data, *argv):
    return main(["--data-dir", str(data.root), *argv])


def set_profile(data, *, emergency="", night=True, contacts=True):
    now = datetime.now(UTC)
    with open_journal(data, now=now) as journal, journal.write() as session:
        ctx = Context(zone=ZoneInfo("UTC"), clock=fixed_clock(now))
        people = (
            (
                profile.new_contact(
                    "Nurse line", "24-hour advice", "020 7946 0123", around_the_clock=night
                ),
                profile.new_contact("Dr Shah", "Oncologist", "020 7946 0456"),
            )
            if contacts
            else ()
        )
        profile.save(session, Profile(contacts=people, emergency_number=emergency), ctx)


def test_log_call_now_points_to_the_list_and_the_numbers(data, capsys):
    set_profile(data, emergency="999")
    assert run(data, "log", "--score", "breathless=8", "--temperature", "38.0") == 0
    out = capsys.readouterr().out
    assert "Call now:\n" in out
    assert "  - Temperature 38.0 °C, at or above the fever threshold of 38.0 °C." in out
    assert "  - Shortness of breath is 8 of 10, severe (7 or more)." in out
    assert "24-hour line now: Nurse line 020 7946 0123." in out
    assert "If you cannot reach them, call 999." in out
    assert "Call now at any time for any of these:" in out and "    * Chest pain" in out
    assert out.index("Nurse line") < out.index("999")
    assert "you are fine" not in out.lower()


def test_log_call_now_without_numbers_says_your_local_emergency_number(data, capsys):
    set_profile(data, contacts=False)
    assert run(data, "log", "--temperature", "39.1") == 0
    out = capsys.readouterr().out
    assert "Call your care team's 24-hour line now, or your local emergency number." in out
    assert "No 24-hour number is saved" in out


def test_log_today_tier_names_the_care_team(data, capsys):
    set_profile(data)
    assert run(data, "log", "--pain", "7") == 0
    out = capsys.readouterr().out
    assert "Call your care team today:\n  - Pain is 7 of 10, severe (7 or more).\n" in out
    assert "  Call your care team today: Nurse line 020 7946 0123." in out
    assert "Call now" not in out


def test_log_next_contact_tier_suggests_no_call_and_shows_the_usual(data, capsys):
    set_profile(data)
    now = datetime.now(UTC)
    for hours in (30, 50):
        at = (now - timedelta(hours=hours)).isoformat(timespec="minutes")
        assert run(data, "log", "--nausea", "1", "--at", at) == 0
    capsys.readouterr()
    assert run(data, "log", "--nausea", "4") == 0
    out = capsys.readouterr().out
    assert "Tell your team at your next contact:\n" in out
    assert (
        "  - Nausea is 4 of 10, now moderate (4 or more); usual 1, median of 2 check-ins over "
        "7 days." in out
    )
    assert "call" not in out.lower().replace("call now", "")


def test_log_below_every_threshold_prints_only_the_saved_line(data, capsys):
    assert run(data, "log", "--pain", "6", "--temperature", "37.9") == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("Saved the check-in")


def test_log_does_not_repeat_a_flag_within_seven_days(data, capsys):
    set_profile(data)
    now = datetime.now(UTC)
    at = (now - timedelta(days=2)).isoformat(timespec="minutes")
    assert run(data, "log", "--pain", "8", "--at", at) == 0
    assert "Call your care team today" in capsys.readouterr().out
    assert run(data, "log", "--pain", "8") == 0
    assert "Call your care team today" not in capsys.readouterr().out
    assert run(data, "log", "--pain", "9") == 0  # above the score that raised it
    assert "Pain is 9 of 10" in capsys.readouterr().out


T0 = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)


def test_saving_returns_raised_flags_by_tier_and_the_quiet_ones(journal, ctx):
    first = check_in(journal, ctx, CheckInEntry({"pain": 8}, recorded_at=T0 - timedelta(days=1)))
    assert [f.tier for f in first.value.flags] == [Tier.TODAY]
    done = check_in(
        journal, ctx, CheckInEntry({"pain": 8}, recorded_at=T0, temperature_c=38.5)
    ).value
    assert list(done.by_tier) == [Tier.CALL_NOW]
    assert [f.kind for f in done.qualifying] == [FlagKind.FEVER, FlagKind.SEVERE]
    assert [f.raised for f in done.qualifying] == [True, False]


def test_save_path_walks_back_through_a_long_run_of_flags(journal, ctx):
    # Pain 8 every 5 days for over a year: whether today's is raised depends on the first.
    start = T0 - timedelta(days=5 * 100)
    results = []
    for i in range(101):
        at = start + timedelta(days=5 * i)
        results.append(check_in(journal, ctx, CheckInEntry({"pain": 8}, recorded_at=at)).value)
    assert [bool(r.flags) for r in results] == [i % 2 == 0 for i in range(101)]


def test_not_now_keeps_the_supportive_prompt_away_for_14_days(journal, ctx):
    with journal.write() as session:
        for n in range(2):
            treatments.add(
                session,
                TreatmentLine(
                    uuid.uuid4(),
                    TreatmentCategory.CHEMOTHERAPY,
                    f"Regimen {n}",
                    T0.date() - timedelta(days=200 - 60 * n),
                    T0.date() - timedelta(days=150 - 60 * n),
                    end_reason=EndReason.REFRACTORY,
                ),
                ctx,
            )
    assert check_in(journal, ctx, CheckInEntry({"pain": 2})).value.prompt is not None
    dismiss_supportive_prompt(journal, ctx)
    assert check_in(journal, ctx, CheckInEntry({"pain": 2})).value.prompt is None
    later = Context(zone=ctx.zone, clock=fixed_clock(ctx.now() + timedelta(days=14)))
    assert check_in(journal, later, CheckInEntry({"pain": 2})).value.prompt is not None


def test_a_repeat_fever_the_rule_does_not_raise_again_still_says_call_now(data, capsys):
    # `log` reads the computer's clock, so the earlier readings are placed from it.
    today = datetime.now(UTC)
    for days_ago, reading in ((3, "38.6"), (2, "36.8")):
        at = (today - timedelta(days=days_ago)).isoformat(timespec="minutes")
        assert run(data, "log", "--temperature", reading, "--at", at) == 0
    capsys.readouterr()
    assert run(data, "log", "--temperature", "38.1") == 0
    out = capsys.readouterr().out
    assert "At the call-now level again" in out
    assert "Temperature 38.1 °C, at or above the fever threshold of 38.0 °C." in out
    assert "call now" in out and "your local emergency number" in out


def test_a_check_in_for_months_ago_says_what_it_reached_then_not_to_call_now(data, capsys):
    assert run(data, "log", "--temperature", "38.8", "--at", "2026-03-01T10:00") == 0
    out = capsys.readouterr().out
    assert "At that time (2026-03-01 10:00) this reached:" in out
    assert "  - Call now: Temperature 38.8 °C" in out
    assert "24-hour line now" not in out and "log a check-in for now" in out


def test_the_same_check_in_logged_twice_in_a_minute_raises_its_flag_once(data, capsys):
    at = (datetime.now(UTC) - timedelta(minutes=5)).isoformat(timespec="minutes")
    assert run(data, "log", "--pain", "8", "--at", at) == 0
    assert "Call your care team today:" in capsys.readouterr().out
    assert run(data, "log", "--pain", "8", "--at", at) == 0
    assert "Call your care team today:" not in capsys.readouterr().out
