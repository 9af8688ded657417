"""Build the database connection and unit of work from configuration.

Both front-ends (CLI and windows) start here, so they share one way to open the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError

from counter_app.data import db
from counter_app.data.schema import SchemaResult, ensure_schema
from counter_app.data.uow import UnitOfWork
from counter_app.errors import DatabaseProblem
from counter_app.services.context import Actor
from counter_app.services.counter import Counter
from counter_app.services.db_errors import describe_operational_error


@dataclass
class AppContext:
    url: str
    engine: Engine
    uow: UnitOfWork
    schema: SchemaResult | None = None
    warnings: list[str] = field(default_factory=list)
    _counter: Counter | None = field(default=None, repr=False)

    @property
    def counter(self) -> Counter:
        """The services as the front-ends call them: each call one user action, one transaction."""
        if self._counter is None:
            self._counter = Counter(self.uow, self.url)
        return self._counter

    def close(self) -> None:
        self.engine.dispose()

    def console_actor(self, store_code: str | None = None) -> Actor:
        """The CLI's actor when no `--user` is given, at `store_code` or the first store."""
        return self.counter.staff.console_actor(store_code)


def open_app(db_url: str | None = None, *, migrate: bool = True) -> AppContext:
    """Open (and create or upgrade) the database at `db_url` / `COUNTER_APP_DB` / default."""
    url = db.resolve_url(db_url)
    engine = db.make_engine(url)
    writer, reader = db.session_factories(engine)
    ctx = AppContext(url=url, engine=engine, uow=UnitOfWork(writer, reader))
    if migrate:
        try:
            ctx.schema = ensure_schema(engine)
            ctx.counter.staff.ensure_defaults()
        except DatabaseError as exc:
            engine.dispose()
            raise DatabaseProblem(describe_operational_error(exc, url)) from exc
        except BaseException:
            engine.dispose()
            raise
    return ctx
