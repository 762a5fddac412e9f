"""Reading JSON values strictly, each refusal naming where the value is and what is allowed."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

from carecompanion.domain.errors import InvalidFile, InvalidInput
from carecompanion.domain.rules import MAX_NOTE_LENGTH
from carecompanion.domain.symptoms import SCORE_RANGE_TEXT, is_valid_key

E = TypeVar("E", bound=Enum)
T = TypeVar("T")
# A guard against absurd input, not any field's limit. Each field's limit is the domain's
# (domain/rules.py: a note 10,000 characters, a question 1,000, ...), checked with the rest of
# its record, so a file gets the same refusal as the window and a journal's own export always
# reads back. No field the rules accept comes near this: a value a hundred times the longest
# field can only be a file that is not a journal file, refused while it is read, before any
# rule runs (and before any message could quote a megabyte of it).
LONGEST_VALUE = 1_000_000


def too_long(where: str, length: int | None = None) -> InvalidFile:
    size = f"{length:,}" if length is not None else f"more than {LONGEST_VALUE:,}"
    return InvalidFile(
        where,
        f"it holds a value of {size} characters, far more than any field of a journal holds "
        f"(the longest, a note, holds {MAX_NOTE_LENGTH:,}); is this a CareCompanion file?",
    )


class Record:
    """One JSON object being read, remembering where it is for error messages."""

    def __init__(self, raw: Any, where: str, fields: set[str]) -> None:
        if not isinstance(raw, dict):
            raise InvalidInput(where, shown(raw), "each record is a JSON object")
        unknown = sorted(set(raw) - fields)
        if unknown:
            raise InvalidInput(
                f"{where}.{unknown[0]}", "present", "this field is not part of the format"
            )
        self.raw = raw
        self.where = where

    def present(self, *names: str) -> None:
        """Require the fields to be there (each may still be null where the format allows)."""
        for name in names:
            if name not in self.raw:
                raise InvalidInput(f"{self.where}.{name}", "missing", "this field is required")

    def get(self, name: str, parse: Callable[[Any, str], T], *, optional: bool = False) -> T:
        where = f"{self.where}.{name}"
        if name not in self.raw or self.raw[name] is None:
            if optional:
                return None  # type: ignore[return-value]
            raise InvalidInput(where, "missing", "this field is required")
        return parse(self.raw[name], where)


def shown(value: Any) -> Any:
    """The value as a message shows it: numbers as they are, anything else as short text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:37] + "..."


def as_text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(where, shown(value), "it must be text")
    if len(value) > LONGEST_VALUE:  # the guard; the field's own limit is checked later
        raise too_long(where, len(value))
    return value


def as_int(low: int, high: int) -> Callable[[Any, str], int]:
    def parse(value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidInput(where, shown(value), f"a whole number from {low} to {high}")
        return value

    return parse


def as_number(value: Any, where: str) -> float:
    """Any finite number; the field's own range is checked by the domain's rules."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise InvalidInput(where, shown(value), "a number")
    if abs(value) > 1e6:
        raise InvalidInput(where, shown(value), "a number of a sensible size")
    return float(value)


def as_whole_number(value: Any, where: str) -> int:
    """Any whole number of a sensible size; the field's own range is the domain's rule."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(where, shown(value), "a whole number")
    if abs(value) > 1_000_000:
        raise InvalidInput(where, shown(value), "a whole number of a sensible size")
    return value


def as_bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(where, shown(value), "true or false")
    return value


def as_uuid(value: Any, where: str) -> uuid.UUID:
    try:
        return uuid.UUID(as_text(value, where))
    except ValueError as exc:
        raise InvalidInput(
            where, shown(value), "a UUID such as 123e4567-e89b-12d3-a456-426614174000"
        ) from exc


def as_moment(value: Any, where: str) -> datetime:
    try:
        moment = datetime.fromisoformat(as_text(value, where))
    except ValueError as exc:
        raise InvalidInput(where, shown(value), "an ISO 8601 time with its offset") from exc
    if moment.utcoffset() is None:
        raise InvalidInput(where, shown(value), "the time needs its offset, such as +01:00")
    return moment


def as_date(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(as_text(value, where))
    except ValueError as exc:
        raise InvalidInput(where, shown(value), "a date such as 2026-03-14") from exc


def as_choice(kind: type[E]) -> Callable[[Any, str], E]:
    def parse(value: Any, where: str) -> E:
        try:
            return kind(value)
        except ValueError as exc:
            allowed = ", ".join(str(m.value) for m in kind)
            raise InvalidInput(where, shown(value), f"one of {allowed}") from exc

    return parse


def as_scores(value: Any, where: str) -> dict[str, int]:
    # An empty object is the domain's question: a check-in may hold only a temperature.
    if not isinstance(value, dict):
        raise InvalidInput(where, shown(value), "an object of symptom: score")
    for key, item in value.items():
        if not is_valid_key(key):
            raise InvalidInput(f"{where}.{key}", key, "a symptom key such as pain")
        if isinstance(item, bool) or not isinstance(item, int):
            raise InvalidInput(f"{where}.{key}", shown(item), SCORE_RANGE_TEXT)
    return dict(value)  # the range is the domain's rule, checked with the rest of the record


def as_nct(value: Any, where: str) -> str:
    """Text; its shape is the domain's rule, checked with the rest of the record."""
    return as_text(value, where)
