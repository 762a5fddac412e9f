"""Errors the domain and services raise for input a person can correct."""

from __future__ import annotations


class InvalidInput(ValueError):
    """A value a person gave is not allowed.

    The message names the field, the value given and what is allowed, so it can be shown as it
    is in the window or on the command line.
    """

    def __init__(self, field: str, value: object, allowed: str) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        shown = repr(value) if isinstance(value, str) else str(value)
        super().__init__(f"{field}: {shown} is not allowed; {allowed}.")


class InvalidFile(InvalidInput):
    """A file to import is broken where no single value is at fault (cut short, not JSON)."""

    def __init__(self, where: str, problem: str) -> None:
        ValueError.__init__(self, f"{where}: {problem}")
        self.field = where
        self.value = None
        self.allowed = problem


class InvalidSecret(InvalidFile):
    """A passphrase or recovery key that cannot be used; the message never repeats it."""


class NotFound(LookupError):
    """A record that an action refers to does not exist (or was deleted)."""
