"""The migrations build exactly the schema the models describe; the program refuses newer files."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text

from counter_app.bootstrap import open_app
from counter_app.data.models import Base
from counter_app.data.schema import alembic_config, head_revision
from counter_app.errors import DatabaseProblem


def test_migrations_from_empty_match_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.sqlite3'}"
    engine = create_engine(url)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_new_database_is_stamped_at_head(tmp_path: Path) -> None:
    ctx = open_app(str(tmp_path / "n.sqlite3"))
    assert ctx.schema is not None and ctx.schema.action == "created"
    with ctx.engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == head_revision()
        assert conn.execute(text("pragma journal_mode")).scalar() == "wal"
        assert conn.execute(text("pragma foreign_keys")).scalar() == 1
    ctx.close()
    again = open_app(str(tmp_path / "n.sqlite3"))
    assert again.schema is not None and again.schema.action == "current"
    again.close()


def test_database_from_a_newer_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    open_app(str(path)).close()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("update alembic_version set version_num = 'f00dfeed9999'"))
    engine.dispose()
    with pytest.raises(DatabaseProblem, match="更新版本"):
        open_app(str(path))


def test_foreign_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("create table invoices (id integer primary key)"))
    engine.dispose()
    with pytest.raises(DatabaseProblem):
        open_app(str(path))
