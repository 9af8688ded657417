"""The one clock of the program: every "what is today / now" asks it.

The counter works in the store's local wall-clock time, without tzinfo. Tests (and a
training or demo set-up) pin the clock to a known instant; a pinned clock still ticks,
so two saves a second apart are a second apart, but it starts where it was told to.
`COUNTER_APP_NOW=2026-11-25T10:00:00` pins it for a whole process, which is how the
command-line tests run a subprocess on a known day.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

ENV_VAR = "COUNTER_APP_NOW"


class Clock(Protocol):
    def now(self) -> dt.datetime: ...


class SystemClock:
    """The computer's local time."""

    def now(self) -> dt.datetime:
        return dt.datetime.now()


class PinnedClock:
    """Starts at `start` and advances with the monotonic clock (never jumps with the system's)."""

    def __init__(self, start: dt.datetime) -> None:
        self.start = start.replace(tzinfo=None)
        self._t0 = time.monotonic()

    def now(self) -> dt.datetime:
        return self.start + dt.timedelta(seconds=time.monotonic() - self._t0)


def _from_environment() -> Clock:
    pinned = os.environ.get(ENV_VAR, "").strip()
    if not pinned:
        return SystemClock()
    try:
        return PinnedClock(dt.datetime.fromisoformat(pinned))
    except ValueError as exc:
        raise SystemExit(f"{ENV_VAR}={pinned!r}: not an ISO date-time (e.g. 2026-11-25T10:00:00)") from exc


_clock: Clock = _from_environment()


def set_clock(clock: Clock) -> Clock:
    """Install `clock` for the whole process; returns the one it replaces."""
    global _clock
    previous, _clock = _clock, clock
    return previous


@contextmanager
def pinned(start: dt.datetime) -> Iterator[PinnedClock]:
    clock = PinnedClock(start)
    previous = set_clock(clock)
    try:
        yield clock
    finally:
        set_clock(previous)


def now() -> dt.datetime:
    """Local wall-clock time to the second."""
    return _clock.now().replace(microsecond=0)


def now_precise() -> dt.datetime:
    return _clock.now()


def today() -> dt.date:
    return _clock.now().date()
