"""Backups through SQLite's online backup API: while the program runs, verified, rotated, restored."""

from __future__ import annotations

import datetime as dt
import io
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.bootstrap import AppContext, open_app
from counter_app.cli import main
from counter_app.data.models import AuditEntry, PolicyVersion
from counter_app.errors import DatabaseProblem
from counter_app.services import backup, policy
from counter_app.services.context import Actor
from tests.factories import World

pytestmark = pytest.mark.skipif(bool(os.environ.get("COUNTER_APP_TEST_PG_URL")),
                                reason="SQLite file backups; PostgreSQL is backed up with pg_dump")


def db_file(ctx: AppContext) -> Path:
    return Path(ctx.url.replace("sqlite:///", ""))


def _policy_versions(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM policy_versions").fetchone()[0])
    finally:
        con.close()


def _save(ctx: AppContext, manager: Actor, days: int) -> None:
    with ctx.uow.write() as s:
        policy.set_values(s, manager, {"return_days": days})
        s.commit()


def test_backup_while_another_counter_is_saving(ctx: AppContext, world: World, manager: Actor, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _save(ctx, manager, 8)
    busy = ctx.uow.write()
    s = busy.__enter__()
    policy.set_values(s, manager, {"return_days": 9})  # written but not committed: the lock is held
    out = tmp_path / "copy" / "shop-backup.sqlite3"
    try:
        assert main(["backup", "--out", str(out), "--db", ctx.url]) == 0
    finally:
        busy.__exit__(None, None, None)
    assert "已备份到" in capsys.readouterr().out
    assert backup.quick_check(out) == []
    assert _policy_versions(out) == 2  # the committed save, not the half-done one
    assert not Path(str(out) + ".part").exists()
    copy = open_app(str(out))
    try:
        with copy.uow.read() as s2:
            assert s2.scalar(select(func.count()).select_from(PolicyVersion)) == 2
    finally:
        copy.close()


def test_backup_refuses_to_overwrite_the_database_itself(ctx: AppContext, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["backup", "--out", ctx.url.replace("sqlite:///", ""), "--db", ctx.url]) == 1
    assert "数据库本身" in capsys.readouterr().err


def test_rotation_keeps_12_daily_10_weekly_9_monthly(tmp_path: Path) -> None:
    db = tmp_path / "shop.sqlite3"
    folder = backup.backup_dir(db)
    folder.mkdir(parents=True)
    start = dt.datetime(2025, 1, 1, 9, 0)
    for i in range(800):  # every 12 hours for 400 days
        when = start + dt.timedelta(hours=12 * i)
        (folder / f"shop-{when.strftime(backup.STAMP)}.sqlite3").write_bytes(b"x")
    backup.rotate(db)
    kept = backup.list_backups(db)
    newest = start + dt.timedelta(hours=12 * 799)
    assert kept[0].taken_at == newest
    days = {b.taken_at.date() for b in kept}
    assert {newest.date() - dt.timedelta(days=d) for d in range(12)} <= days
    months = {(b.taken_at.year, b.taken_at.month) for b in kept}
    assert len(months) == 9
    weeks = {tuple(b.taken_at.isocalendar())[:2] for b in kept}
    assert len(weeks) >= 10
    assert len(kept) <= 12 + 10 + 9


def test_automatic_backup_only_when_data_changed_and_at_most_every_30_minutes(
        ctx: AppContext, world: World, manager: Actor) -> None:
    auto = backup.AutoBackup(ctx.engine)
    t0 = dt.datetime(2026, 11, 25, 9, 0)
    first = auto.maybe(t0)
    assert first is not None and backup.quick_check(first.path) == []
    assert auto.maybe(t0 + dt.timedelta(hours=2)) is None  # nothing changed
    _save(ctx, manager, 8)
    assert auto.maybe(t0 + dt.timedelta(minutes=10)) is None  # changed, but too soon
    second = auto.maybe(t0 + dt.timedelta(minutes=31))
    assert second is not None and _policy_versions(second.path) == 2
    _save(ctx, manager, 9)
    closing = auto.maybe(t0 + dt.timedelta(minutes=32), force=True)  # on close
    assert closing is not None and _policy_versions(closing.path) == 3
    assert [b.taken_at for b in backup.list_backups(db_file(ctx))][0] == closing.taken_at


def test_a_backup_that_fails_its_check_rotates_nothing_out(ctx: AppContext, world: World,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = db_file(ctx)
    old = [backup.make_backup(path, dt.datetime(2026, 11, d, 9, 0)) for d in (1, 2, 3)]
    monkeypatch.setattr(backup, "quick_check", lambda p, full=False: ["*** in database main *** page 7 broken"])
    with pytest.raises(DatabaseProblem, match="旧备份都保留着"):
        backup.make_backup(path, dt.datetime(2026, 11, 4, 9, 0))
    assert [b.path for b in backup.list_backups(path)] == [b.path for b in reversed(old)]


def test_restore_asks_first_then_brings_the_backup_back(ctx: AppContext, world: World, manager: Actor,
                                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    saved = tmp_path / "before.sqlite3"
    assert main(["backup", "--out", str(saved), "--db", ctx.url]) == 0
    _save(ctx, manager, 20)
    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
    assert main(["restore", str(saved), "--db", ctx.url]) == 1
    assert "没有恢复" in capsys.readouterr().out
    assert _policy_versions(db_file(ctx)) == 2
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))
    assert main(["restore", str(saved), "--db", ctx.url]) == 0
    out = capsys.readouterr().out
    assert "已从" in out
    assert _policy_versions(db_file(ctx)) == 1
    safety = list(db_file(ctx).parent.glob("counter.before-restore-*.sqlite3"))
    assert len(safety) == 1 and _policy_versions(safety[0]) == 2
    with ctx.uow.read() as s:  # the running program's connections see the restored data
        assert s.scalar(select(func.count()).select_from(PolicyVersion)) == 1
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
        assert last.action == "restore"
    assert main(["check", "--db", ctx.url]) == 0


def test_restore_refuses_a_clerk_and_a_damaged_file(ctx: AppContext, world: World, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from tests.integration.test_auth import CLERK_PIN, give_password

    saved = tmp_path / "b.sqlite3"
    assert main(["backup", "--out", str(saved), "--db", ctx.url]) == 0
    give_password(ctx, "wangfang", CLERK_PIN)
    monkeypatch.setenv("COUNTER_APP_PASSWORD", CLERK_PIN)
    assert main(["restore", str(saved), "--yes", "--db", ctx.url, "--user", "wangfang"]) == 3
    capsys.readouterr()
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"SQLite format 3\x00" + os.urandom(9000))
    assert main(["restore", str(junk), "--yes", "--db", ctx.url]) == 4
    assert "损坏" in capsys.readouterr().err
