"""The services as the front-ends call them.

Each method here is one user action: it takes the acting person and plain values, opens its
own read or write transaction on the unit of work, commits itself, and returns a frozen record
(never an ORM row or a session). The windows and the commands hold one `Counter` (see
`services.counter`) and call nothing else, so one action is one transaction whichever
front-end asks. The functions of the service modules (`services.slips` …) are the steps these
methods are made of; they take a session and leave committing to the caller here.

A database error (locked, read-only, full, damaged) leaves as `DatabaseProblem`, in words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from counter_app.data.uow import UnitOfWork
from counter_app.errors import DatabaseProblem
from counter_app.services.db_errors import describe_operational_error

T = TypeVar("T")


class Actions:
    """Base of each area's actions: the transaction helpers."""

    def __init__(self, uow: UnitOfWork, url: str = "") -> None:
        self._uow = uow
        self._url = url

    @contextmanager
    def _in_words(self) -> Iterator[None]:
        """A database error (locked, read-only, full, damaged) leaves as `DatabaseProblem`."""
        try:
            yield
        except DatabaseError as exc:
            raise DatabaseProblem(describe_operational_error(exc, self._url)) from exc

    def _read(self, fn: Callable[[Session], T]) -> T:
        with self._in_words(), self._uow.read() as s:
            return fn(s)

    def _write(self, fn: Callable[[Session], T]) -> T:
        """`fn` in one write transaction, committed when it returns; nothing kept when it raises."""
        with self._in_words(), self._uow.write() as s:
            out = fn(s)
            s.commit()
            return out
