"""Temperature and weight: typed in either unit, stored in SI units, refused out of range."""

import sqlite3

import pytest

from carecompanion.cli import main
from carecompanion.domain import vitals
from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import TemperatureUnit, WeightUnit

C, F = TemperatureUnit.CELSIUS, TemperatureUnit.FAHRENHEIT


def run(data, *argv):
    """The exit code, whether the command returns it or the argument parser exits with it."""
    try:
        return main(["--data-dir", str(data.root), *argv])
    except SystemExit as stopped:
        return stopped.code


@pytest.mark.parametrize(
    ("typed", "unit", "stored"),
    [
        ("38.2", C, 38.2),
        ("38,2", C, 38.2),
        ("100.4F", C, 38.0),
        ("100.4", F, 38.0),
        ("38.0 °C", F, 38.0),
        ("34", C, 34.0),
        ("43.0", C, 43.0),
    ],
)
def test_a_typed_temperature_is_stored_in_celsius(typed, unit, stored):
    assert vitals.parse_temperature(typed, unit) == pytest.approx(stored, abs=0.01)


@pytest.mark.parametrize("typed", ["33.9", "43.1", "110F", "hot", "38.2K", "", "-38", "nan"])
def test_a_temperature_out_of_range_or_unreadable_is_refused_with_the_range(typed):
    with pytest.raises(InvalidInput) as refused:
        vitals.parse_temperature(typed, C)
    assert refused.value.field == "temperature"
    allowed = "93.2 to 109.4 °F" if typed.endswith("F") else "34.0 to 43.0 °C"
    assert allowed in str(refused.value)


@pytest.mark.parametrize(
    ("typed", "unit", "stored"),
    [("61.5", WeightUnit.KG, 61.5), ("135lb", WeightUnit.KG, 61.23), ("20", WeightUnit.KG, 20.0)],
)
def test_a_typed_weight_is_stored_in_kilograms(typed, unit, stored):
    assert vitals.parse_weight(typed, unit) == pytest.approx(stored, abs=0.01)


@pytest.mark.parametrize("typed", ["19.9", "301", "700lb", "heavy"])
def test_a_weight_out_of_range_is_refused(typed):
    with pytest.raises(InvalidInput) as refused:
        vitals.parse_weight(typed, WeightUnit.KG)
    assert refused.value.field == "weight"


def test_the_shown_values_follow_the_profile_units():
    assert vitals.show_temperature(38.0, F) == "100.4 °F"
    assert vitals.show_weight(61.235, WeightUnit.LB) == "135.0 lb"


def test_log_records_a_temperature_alone_and_prints_it(data, capsys):
    assert run(data, "log", "--temperature", "100.8F", "--weight", "135lb") == 0
    assert "temperature 38.2 °C, weight 61.2 kg" in capsys.readouterr().out
    with sqlite3.connect(data.journal) as conn:
        row = conn.execute("SELECT temperature_c, weight_kg FROM checkins").fetchone()
    conn.close()
    assert row == pytest.approx((38.22, 61.23), abs=0.01)


@pytest.mark.parametrize(
    ("argv", "field"),
    [(["--temperature", "45"], "temperature"), (["--weight", "10kg"], "weight")],
)
def test_log_refuses_a_vital_sign_out_of_range_and_saves_nothing(data, capsys, argv, field):
    assert run(data, "log", "--pain", "3", *argv) == 2
    assert f"error: {field}:" in capsys.readouterr().err
    if data.journal.exists():
        with sqlite3.connect(data.journal) as conn:
            assert conn.execute("SELECT count(*) FROM checkins").fetchone()[0] == 0
        conn.close()


def test_a_temperature_typed_in_the_other_unit_is_refused_with_how_to_type_it():
    with pytest.raises(InvalidInput, match=r"for °C, type 37\.6C"):
        vitals.parse_temperature("37.6", F)
    with pytest.raises(InvalidInput, match=r"for °F, type 100\.4F"):
        vitals.parse_temperature("100.4", C)


@pytest.mark.parametrize("typed", ["44.1lb", "661.3lb"])
def test_a_weight_at_either_end_of_the_message_is_taken(typed):
    vitals.parse_weight(typed, WeightUnit.KG)


def test_log_points_a_temperature_given_as_a_score_to_its_option(data, capsys):
    assert run(data, "log", "--score", "temperature=38") == 2
    assert "use --temperature 38" in capsys.readouterr().err


def test_log_with_nothing_to_save_creates_no_journal(data, capsys):
    assert run(data, "log", "--note", "just words") == 2
    assert "--weight 61.5" in capsys.readouterr().err
    assert not data.root.exists()


@pytest.mark.parametrize("option", ["--temperature", "--pain", "--note", "--at"])
def test_an_option_given_twice_is_refused_not_half_kept(data, capsys, option):
    value = {"--at": "2026-01-01T10:00", "--note": "a"}.get(option, "3")
    assert run(data, "log", "--nausea", "2", option, value, option, value) == 2
    assert f"argument {option}: give it once" in capsys.readouterr().err


def test_a_fever_threshold_finer_than_a_tenth_is_refused():
    assert vitals.check_fever_threshold_c(37.8) == 37.8
    with pytest.raises(InvalidInput, match="to a tenth of a degree"):
        vitals.check_fever_threshold_c(37.55)
