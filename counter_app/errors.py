"""Errors a person can read. Services raise them; the CLI and windows show `str(error)`."""

from __future__ import annotations


class CounterError(Exception):
    """A refusal or a problem explained in the user's language; nothing was changed."""

    exit_code = 1


class InputError(CounterError):
    """Bad input: a field with a value that cannot be used.

    `field` names the input (for the window to show the message next to it).
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFound(CounterError):
    pass


class PermissionDenied(CounterError):
    exit_code = 3


class Conflict(CounterError):
    """The data changed or the action is not allowed in the record's current state."""


class DatabaseProblem(CounterError):
    """The database cannot be used: locked, damaged, read-only, newer than the program."""

    exit_code = 4
