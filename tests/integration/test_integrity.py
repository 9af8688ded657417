"""A damaged file is set aside and the newest valid backup offered; SQLite runs safely configured."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from counter_app.bootstrap import AppContext, open_app
from counter_app.cli import main
from counter_app.data.models import PolicyVersion
from counter_app.errors import DatabaseProblem
from counter_app.services import backup, integrity, policy
from counter_app.services.context import Actor
from tests.factories import World

sqlite_only = pytest.mark.skipif(bool(os.environ.get("COUNTER_APP_TEST_PG_URL")),
                                 reason="SQLite file settings and file damage; not applicable to PostgreSQL")


def db_file(ctx: AppContext) -> Path:
    return Path(ctx.url.replace("sqlite:///", ""))


def damage(path: Path) -> None:
    """Overwrite bytes in the middle of several pages, as a failing disk would."""
    data = bytearray(path.read_bytes())
    page = 4096
    pages = len(data) // page
    assert pages > 6
    for p in range(2, pages - 1, 2):
        start = p * page + 100
        data[start:start + 1500] = os.urandom(1500)
    path.write_bytes(bytes(data))


def _fill(ctx: AppContext, manager: Actor, n: int = 30) -> None:
    for i in range(n):
        with ctx.uow.write() as s:
            policy.set_values(s, manager, {"return_days": 7 + i % 5}, note="x" * 400)
            s.commit()


@sqlite_only
def test_damaged_file_is_set_aside_and_newest_valid_backup_offered(ctx: AppContext, world: World,
                                                                   manager: Actor) -> None:
    path = db_file(ctx)
    _fill(ctx, manager)
    older = backup.make_backup(path, dt.datetime(2026, 11, 20, 18, 0))
    newest = backup.make_backup(path, dt.datetime(2026, 11, 24, 18, 30))
    damage(newest.path)  # the newest backup is broken too: the one before it is offered
    ctx.close()
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage(path)

    result = integrity.check_on_start(ctx.url)
    assert not result.ok
    assert result.damaged == path.with_name("counter.sqlite3.damaged") and result.damaged.exists()
    assert not path.exists()
    assert result.backup is not None and result.backup.path == older.path
    assert "2026-11-20 18:00" in result.message and "已损坏" in result.message

    integrity.restore_from_backup(ctx.url, result.backup)
    again = open_app(ctx.url)
    try:
        with again.uow.read() as s:
            assert s.scalar(select(func.count()).select_from(PolicyVersion)) == 31
    finally:
        again.close()
    assert integrity.check_on_start(ctx.url).ok


@sqlite_only
def test_check_command_reports_a_damaged_file(ctx: AppContext, world: World, manager: Actor,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = db_file(ctx)
    _fill(ctx, manager)
    ctx.close()
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage(path)
    assert main(["check", "--db", str(path)]) == 4
    err = capsys.readouterr().err
    assert "损坏" in err and len(err.strip().splitlines()) == 1


@sqlite_only
def test_unclean_shutdown_gets_a_full_integrity_check(ctx: AppContext, world: World) -> None:
    path = db_file(ctx)
    assert not integrity.check_on_start(ctx.url).full
    integrity.mark_running(path)
    assert integrity.check_on_start(ctx.url).full
    integrity.mark_closed(path)
    assert not integrity.check_on_start(ctx.url).full


@sqlite_only
def test_sqlite_connections_are_set_up_for_safety(ctx: AppContext) -> None:
    with ctx.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


@sqlite_only
def test_write_transactions_take_the_write_lock_at_begin(ctx: AppContext) -> None:
    """BEGIN IMMEDIATE: a second writer waits at its start instead of failing halfway."""
    with ctx.uow.write() as s:
        s.execute(text("SELECT 1"))  # only a read so far, yet the write lock is held
        other = sqlite3.connect(db_file(ctx), timeout=0.2, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        finally:
            other.close()
    with ctx.uow.read() as s:  # readers take no write lock
        s.execute(text("SELECT 1"))
        other = sqlite3.connect(db_file(ctx), timeout=0.2, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
        finally:
            other.close()


def test_newer_database_is_refused_with_a_clear_message(ctx: AppContext) -> None:
    with ctx.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    ctx.close()
    with pytest.raises(DatabaseProblem, match="更新版本的程序"):
        open_app(ctx.url)


@sqlite_only
def test_full_disk_and_read_only_give_clear_messages(ctx: AppContext, world: World, manager: Actor) -> None:
    from sqlalchemy.exc import OperationalError

    from counter_app.bootstrap import describe_operational_error

    with ctx.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    with ctx.uow.write() as s:
        s.execute(text(f"PRAGMA max_page_count = {pages}"))
        with pytest.raises(OperationalError) as full:
            policy.set_values(s, manager, {"return_days": 9}, note="y" * 200_000)
            s.flush()
    assert describe_operational_error(full.value, ctx.url) == "磁盘已满，不能保存。"
    ro = open_app(f"sqlite:///file:{db_file(ctx)}?mode=ro&uri=true", migrate=False)
    try:
        with pytest.raises(OperationalError) as readonly, ro.uow.write() as s:
            policy.set_values(s, manager, {"return_days": 9})
            s.flush()
        assert "只读" in describe_operational_error(readonly.value, ro.url)
    finally:
        ro.close()


def test_number_gap_check_names_the_missing_number(ctx: AppContext, world: World) -> None:
    from counter_app.data.models import RepairSlip, SlipStatus
    from counter_app.data.numbering import slip_number

    with ctx.uow.write() as s:
        for _ in range(3):
            s.add(RepairSlip(number=slip_number(s, "SH01", 2026), store_id=world.store_ids["SH01"],
                             status=SlipStatus.RECEIVED))
        s.flush()
        slip_number(s, "SH01", 2026)  # a number handed out with no slip: a gap
        s.commit()
    with ctx.uow.read() as s:
        problems = integrity.number_gaps(s)
    assert problems == ["编号有缺号（slip:SH01:2026）：SH01-2026-000004"]
