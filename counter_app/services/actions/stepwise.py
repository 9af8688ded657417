"""Actions whose steps keep their own transactions.

Some work must not hold one transaction from start to end: signing off a week writes four
files between giving the numbers and recording the export, an import reads a whole file
before it writes, and a sign-in keeps the failed attempt on record while refusing it. Their
service functions take the unit of work and open each transaction themselves; the actions
here call them and turn a database error into words, as `Actions._read` / `_write` do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Engine

from counter_app.data.uow import UnitOfWork
from counter_app.services.actions import Actions

T = TypeVar("T")


class StepwiseActions(Actions):
    def _steps(self, fn: Callable[[UnitOfWork], T]) -> T:
        """`fn(unit_of_work)`: the service opens (and commits) its own transactions."""
        with self._in_words():
            return fn(self._uow)

    def _engine(self) -> Engine:
        """The engine the sessions are bound to (for file-level work: checks, restore, backups)."""
        bind = self._read(lambda s: s.get_bind())
        assert isinstance(bind, Engine)
        return bind
