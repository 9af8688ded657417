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
from counter_app.i18n import _
from counter_app.services import org, policy
from counter_app.services.context import Actor


@dataclass
class AppContext:
    url: str
    engine: Engine
    uow: UnitOfWork
    schema: SchemaResult | None = None
    warnings: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.engine.dispose()

    def console_actor(self, store_code: str | None = None) -> Actor:
        """The CLI's actor when no `--user` is given, at `store_code` or the first store."""
        with self.uow.write() as s:
            staff = org.console_staff(s)
            store = org.find_store(s, store_code) if store_code else org.default_store(s)
            actor = org.actor_for(s, staff, store)
            s.commit()
        return actor


def open_app(db_url: str | None = None, *, migrate: bool = True) -> AppContext:
    """Open (and create or upgrade) the database at `db_url` / `COUNTER_APP_DB` / default."""
    url = db.resolve_url(db_url)
    engine = db.make_engine(url)
    writer, reader = db.session_factories(engine)
    ctx = AppContext(url=url, engine=engine, uow=UnitOfWork(writer, reader))
    if migrate:
        try:
            ctx.schema = ensure_schema(engine)
            with ctx.uow.write() as s:
                policy.current(s)
                org.console_staff(s)
                s.commit()
        except DatabaseError as exc:
            engine.dispose()
            raise DatabaseProblem(describe_operational_error(exc, url)) from exc
    return ctx


def describe_operational_error(exc: DatabaseError, url: str) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    low = text.lower()
    if "locked" in low or "busy" in low:
        return _("数据库正被另一个程序占用，请稍后再试。")
    if "readonly" in low or "read-only" in low:
        return _("数据库文件是只读的，不能保存。")
    if "not a database" in low or "malformed" in low or "disk image" in low:
        return _("数据库文件已损坏：{url}", url=url)
    if "unable to open" in low:
        return _("打不开数据库文件：{url}", url=url)
    if "disk is full" in low or "full" in low:
        return _("磁盘已满，不能保存。")
    return _("数据库出错：{err}", err=text.splitlines()[0] if text else "?")
