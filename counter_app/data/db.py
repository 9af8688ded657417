"""Engine, connection settings and session factories.

SQLite (default, one file in the user's data folder) runs in WAL mode with
`synchronous=FULL`, foreign keys on and a busy timeout; write transactions start with
`BEGIN IMMEDIATE` so two counters never deadlock in a read-then-write. PostgreSQL
(psycopg 3) is used where several counters or stores share data.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from counter_app.paths import default_db_path

BUSY_TIMEOUT_MS = 10_000


def resolve_url(db: str | None = None) -> str:
    """`--db` value, else `COUNTER_APP_DB`, else the default SQLite file.

    A bare path (``shop.sqlite3``) means a SQLite file; ``postgres://`` URLs use psycopg 3.
    """
    value = db or os.environ.get("COUNTER_APP_DB") or ""
    value = value.strip()
    if not value:
        return f"sqlite:///{default_db_path()}"
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser().resolve()}"
    if value.startswith("postgres://"):
        value = "postgresql://" + value[len("postgres://"):]
    if value.startswith("postgresql://"):
        value = "postgresql+psycopg://" + value[len("postgresql://"):]
    return value


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def _sqlite_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" hook issue BEGIN itself (pysqlite's own handling defers it).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    try:
        cur.execute("PRAGMA journal_mode = WAL")
    except sqlite3.OperationalError:
        pass  # a read-only medium: reads still work; writes get a clear message later
    cur.execute("PRAGMA synchronous = FULL")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
    conn.exec_driver_sql(f"BEGIN {mode}")


# One key for "a writer is saving": PostgreSQL writers take it first, like SQLite's BEGIN
# IMMEDIATE, so numbers and the audit chain are written one save at a time and two saves
# never deadlock on each other's row locks.
WRITER_LOCK_KEY = 0x0C0FFEE5


def _pg_begin(conn: Any) -> None:
    if conn.get_execution_options().get("counter_writer"):
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})")


def make_engine(url: str, **kwargs: Any) -> Engine:
    engine = _make_engine(url, **kwargs)
    from counter_app.data import input_guard

    input_guard.install(engine)
    return engine


def _make_engine(url: str, **kwargs: Any) -> Engine:
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, **kwargs)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    engine = create_engine(url, pool_pre_ping=True, **kwargs)
    if engine.dialect.name == "postgresql":
        event.listen(engine, "begin", _pg_begin)
    return engine


def session_factories(engine: Engine) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
    """(writer, reader): the reader's transactions take no write lock on SQLite."""
    writer = sessionmaker(bind=engine.execution_options(counter_writer=True), expire_on_commit=False)
    reader = sessionmaker(bind=engine.execution_options(sqlite_begin="DEFERRED"), expire_on_commit=False)
    return writer, reader
