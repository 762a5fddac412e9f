"""Every change a person makes, as one Qt-free function: (journal, context, input) -> Done.

The window, the command line and import all come through here, so each applies the same
domain rules, the same clock and the same time zone. An action opens one session, calls the
services, commits, and returns what it produced with the set of things that changed, which the
window uses to refresh only the pages that show them.

    window (ui/)  ─┐
    command line  ─┼─> actions ──> services ──> db
    import, sync  ─┘        └────────────> domain (rules, times, context)
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

T = TypeVar("T")


class Change(Enum):
    """A kind of record an action changed."""

    CHECKINS = "checkins"
    TREATMENTS = "treatments"
    TESTS = "tests"
    QUESTIONS = "questions"
    PROFILE = "profile"
    SYMPTOMS = "symptoms"
    MEDICATIONS = "medications"  # medications and their doses


EVERYTHING: frozenset[Change] = frozenset(Change)


@dataclass(frozen=True, slots=True)
class Done(Generic[T]):
    """What an action produced, and which kinds of record it changed."""

    value: T
    changed: frozenset[Change]
