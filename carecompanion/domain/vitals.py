"""Vital signs: temperature and weight, stored in SI units and shown in the profile's units.

Accepted ranges follow the product brief: 34.0-43.0 °C (anything outside is a typing slip or a
thermometer fault, not a reading to act on) and 20-300 kg. Typed values may carry their unit
("100.8F", "135lb"); a bare number is read in the profile's unit.
"""

from __future__ import annotations

import math
import re

from carecompanion.domain.errors import InvalidInput
from carecompanion.domain.records import TemperatureUnit, WeightUnit

MIN_TEMPERATURE_C = 34.0
MAX_TEMPERATURE_C = 43.0
MIN_WEIGHT_KG = 20.0
MAX_WEIGHT_KG = 300.0
# UK acute-oncology triage uses 37.5 °C, most others 38.0 °C; the care team chooses.
MIN_FEVER_THRESHOLD_C = 37.5
MAX_FEVER_THRESHOLD_C = 38.5
POUNDS_PER_KG = 2.2046226218

_AMOUNT = re.compile(r"\s*([0-9]+(?:[.,][0-9]+)?)\s*([a-zA-Z°]*)\s*")
_TEMPERATURE_UNITS = {
    "": None,
    "c": TemperatureUnit.CELSIUS,
    "°c": TemperatureUnit.CELSIUS,
    "f": TemperatureUnit.FAHRENHEIT,
    "°f": TemperatureUnit.FAHRENHEIT,
}
_WEIGHT_UNITS = {
    "": None,
    "kg": WeightUnit.KG,
    "lb": WeightUnit.LB,
    "lbs": WeightUnit.LB,
}


def celsius(value: float, unit: TemperatureUnit) -> float:
    return value if unit is TemperatureUnit.CELSIUS else (value - 32.0) * 5.0 / 9.0


def in_unit_temperature(value_c: float, unit: TemperatureUnit) -> float:
    return value_c if unit is TemperatureUnit.CELSIUS else value_c * 9.0 / 5.0 + 32.0


def kilograms(value: float, unit: WeightUnit) -> float:
    return value if unit is WeightUnit.KG else value / POUNDS_PER_KG


def in_unit_weight(value_kg: float, unit: WeightUnit) -> float:
    return value_kg if unit is WeightUnit.KG else value_kg * POUNDS_PER_KG


def show_temperature(value_c: float, unit: TemperatureUnit) -> str:
    return f"{in_unit_temperature(value_c, unit):.1f} °{unit.value}"


def show_weight(value_kg: float, unit: WeightUnit) -> str:
    return f"{in_unit_weight(value_kg, unit):.1f} {unit.value}"


def _allowed_temperature(unit: TemperatureUnit) -> str:
    low = in_unit_temperature(MIN_TEMPERATURE_C, unit)
    high = in_unit_temperature(MAX_TEMPERATURE_C, unit)
    return f"a temperature from {low:.1f} to {high:.1f} °{unit.value}"


def _allowed_weight(unit: WeightUnit) -> str:
    # Rounded inwards, so a weight typed at either end of the message is taken.
    low = math.ceil(in_unit_weight(MIN_WEIGHT_KG, unit) * 10 - 1e-9) / 10
    high = math.floor(in_unit_weight(MAX_WEIGHT_KG, unit) * 10 + 1e-9) / 10
    return f"a weight from {low:g} to {high:g} {unit.value}"


def check_temperature_c(value: object, field: str = "temperature") -> float:
    """A stored or imported temperature in °C within 34.0-43.0."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(field, value, _allowed_temperature(TemperatureUnit.CELSIUS))
    if not MIN_TEMPERATURE_C <= value <= MAX_TEMPERATURE_C:
        raise InvalidInput(field, value, _allowed_temperature(TemperatureUnit.CELSIUS))
    return round(float(value), 2)


def check_weight_kg(value: object, field: str = "weight") -> float:
    """A stored or imported weight in kg within 20-300."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(field, value, _allowed_weight(WeightUnit.KG))
    if not MIN_WEIGHT_KG <= value <= MAX_WEIGHT_KG:
        raise InvalidInput(field, value, _allowed_weight(WeightUnit.KG))
    return round(float(value), 2)


def check_fever_threshold_c(value: object) -> float:
    field = "fever threshold"
    allowed = (
        f"from {MIN_FEVER_THRESHOLD_C} to {MAX_FEVER_THRESHOLD_C} °C, as the care team advises"
    )
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput(field, value, allowed)
    if not MIN_FEVER_THRESHOLD_C <= value <= MAX_FEVER_THRESHOLD_C:
        raise InvalidInput(field, value, allowed)
    if abs(value * 10 - round(value * 10)) > 1e-6:  # shown to a tenth, so set to a tenth
        raise InvalidInput(field, value, allowed + ", to a tenth of a degree (such as 37.8)")
    return round(float(value), 1)


def _other(unit: TemperatureUnit) -> TemperatureUnit:
    if unit is TemperatureUnit.CELSIUS:
        return TemperatureUnit.FAHRENHEIT
    return TemperatureUnit.CELSIUS


def parse_temperature(text: str, unit: TemperatureUnit) -> float:
    """Typed temperature ("38.2", "100.8F", "38,2 °C") to °C, or InvalidInput."""
    match = _AMOUNT.fullmatch(text)
    given = _TEMPERATURE_UNITS.get(match.group(2).casefold()) if match else None
    if match is None or match.group(2).casefold() not in _TEMPERATURE_UNITS:
        raise InvalidInput(
            "temperature", text, _allowed_temperature(unit) + " (e.g. 38.2 or 100.8F)"
        )
    value = float(match.group(1).replace(",", "."))
    degrees = celsius(value, given or unit)
    if not MIN_TEMPERATURE_C - 0.005 <= degrees <= MAX_TEMPERATURE_C + 0.005:
        allowed = _allowed_temperature(given or unit)
        other = _other(given or unit)
        if given is None and MIN_TEMPERATURE_C <= celsius(value, other) <= MAX_TEMPERATURE_C:
            allowed += f"; for °{other.value}, type {match.group(1)}{other.value}"
        raise InvalidInput("temperature", text, allowed)
    return round(min(max(degrees, MIN_TEMPERATURE_C), MAX_TEMPERATURE_C), 2)


def parse_weight(text: str, unit: WeightUnit) -> float:
    """Typed weight ("61.5", "135lb", "61,5 kg") to kg, or InvalidInput."""
    match = _AMOUNT.fullmatch(text)
    if match is None or match.group(2).casefold() not in _WEIGHT_UNITS:
        raise InvalidInput("weight", text, _allowed_weight(unit) + " (e.g. 61.5 or 135lb)")
    unit = _WEIGHT_UNITS[match.group(2).casefold()] or unit
    kg = kilograms(float(match.group(1).replace(",", ".")), unit)
    if not MIN_WEIGHT_KG - 0.005 <= kg <= MAX_WEIGHT_KG + 0.005:
        raise InvalidInput("weight", text, _allowed_weight(unit))
    return round(min(max(kg, MIN_WEIGHT_KG), MAX_WEIGHT_KG), 2)
