"""Create or upgrade the database schema through Alembic.

An empty database gets the current schema and is stamped at head (Alembic's recipe for
new databases); an older one is copied to a backup beside it, then upgraded. A database
written by a newer program is refused: this program does not know its tables.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from counter_app.data import triggers
from counter_app.data.db import is_sqlite, sqlite_path
from counter_app.data.models import Base
from counter_app.data.models.customers import install_search_extras
from counter_app.domain import clock
from counter_app.errors import DatabaseProblem
from counter_app.i18n import _

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


@dataclass
class SchemaResult:
    action: str  # created / upgraded / current
    from_revision: str | None
    to_revision: str
    backup: Path | None = None


def ensure_schema(engine: Engine) -> SchemaResult:
    result = _ensure_tables(engine)
    with engine.connect() as conn:
        needed = bool(triggers.missing(conn))
    if needed:  # checked first so a read-only copy still opens when nothing is missing
        triggers.install(engine)
    return result


def _ensure_tables(engine: Engine) -> SchemaResult:
    script = ScriptDirectory.from_config(alembic_config())
    head = head_revision()
    current = current_revision(engine)
    if current is None:
        tables = set(inspect(engine).get_table_names())
        if tables - {"alembic_version"}:
            raise DatabaseProblem(_("数据库里有不认识的表，不是本程序的数据库。"))
        Base.metadata.create_all(engine)
        cfg = alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.stamp(cfg, "head")
        install_search_extras(engine)
        return SchemaResult("created", None, head)
    if current == head:
        install_search_extras(engine)
        return SchemaResult("current", current, head)
    known = {rev.revision for rev in script.walk_revisions()}
    if current not in known:
        raise DatabaseProblem(
            _("这个数据库由更新版本的程序建立（版本 {rev}），请升级本程序后再打开。", rev=current)
        )
    backup = _backup_before_upgrade(engine, current)
    _upgrade(engine)
    install_search_extras(engine)
    return SchemaResult("upgraded", current, head, backup)


def _upgrade(engine: Engine) -> None:
    """Run the migrations in one transaction.

    SQLite batch migrations rebuild tables, which other tables point at; foreign keys are
    switched off for the rebuild (the pragma only works outside a transaction) and checked
    in full before the commit, so a broken reference rolls the whole upgrade back.
    """
    cfg = alembic_config()
    with engine.connect() as conn:
        raw = conn.connection.driver_connection if is_sqlite(str(engine.url)) else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                if raw is not None:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise DatabaseProblem(_("升级后外键不符，已撤销升级：{rows}", rows=broken[:5]))
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys = ON")


def _backup_before_upgrade(engine: Engine, revision: str) -> Path | None:
    path = sqlite_path(str(engine.url))
    if path is None or not path.exists():
        return None
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-upgrade-{revision}-{stamp}{path.suffix}")
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        with dst:
            src.backup(dst)
        dst.close()
    finally:
        src.close()
    return target
