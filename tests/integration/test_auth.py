"""Sign-in, passwords, roles and staff accounts, through the services and the command line."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from counter_app.bootstrap import AppContext
from counter_app.cli import main
from counter_app.data.models import AuditEntry, Role, Staff
from counter_app.domain import clock
from counter_app.errors import Conflict, InputError, PermissionDenied
from counter_app.services import auth, passwords, policy
from counter_app.services.context import Actor
from tests.factories import World

CLERK_PIN = "483920"
MANAGER_PW = "Qiang-2026!"


def give_password(ctx: AppContext, login: str, secret: str) -> None:
    with ctx.uow.write() as s:
        staff = s.scalars(select(Staff).where(Staff.login == login)).one()
        staff.password_hash = passwords.hash_password(secret)
        s.commit()


@pytest.fixture
def signed(ctx: AppContext, world: World) -> World:
    give_password(ctx, "wangfang", CLERK_PIN)
    give_password(ctx, "liqiang", MANAGER_PW)
    return world


def test_password_is_stored_only_as_argon2id_phc(ctx: AppContext, signed: World) -> None:
    with ctx.uow.read() as s:
        stored = s.scalars(select(Staff.password_hash).where(Staff.login == "wangfang")).one()
    assert stored is not None and stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert CLERK_PIN not in stored
    if ctx.url.startswith("sqlite"):
        raw = b"".join(p.read_bytes() for p in Path(ctx.url.replace("sqlite:///", "")).parent.glob("counter.sqlite3*"))
        assert CLERK_PIN.encode() not in raw and MANAGER_PW.encode() not in raw


def test_sign_in_gives_the_staff_members_actor_and_is_audited(ctx: AppContext, signed: World) -> None:
    actor = auth.sign_in(ctx.uow, "wangfang", CLERK_PIN)
    assert actor.name == "王芳" and actor.role == Role.CLERK and actor.store_code == "SH01"
    assert not actor.is_manager
    with ctx.uow.read() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
        assert last.action == "sign_in" and last.staff_name == "王芳"
        assert CLERK_PIN not in repr((last.summary, last.before, last.after))


@pytest.mark.parametrize("login,secret", [("wangfang", "000000"), ("nobody", CLERK_PIN), ("wangfang", "")])
def test_wrong_login_or_password_is_refused_with_one_message(ctx: AppContext, signed: World, login: str,
                                                              secret: str) -> None:
    with pytest.raises(PermissionDenied, match="账号或密码不对"):
        auth.sign_in(ctx.uow, login, secret)
    with ctx.uow.read() as s:
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).one()
        assert last.action == "sign_in_failed"
        assert secret == "" or secret not in last.summary


def test_console_account_can_never_sign_in(ctx: AppContext, signed: World) -> None:
    for guess in ("", "console", "123456"):
        with pytest.raises(PermissionDenied):
            auth.sign_in(ctx.uow, "console", guess)


def test_old_parameters_are_rehashed_at_sign_in(ctx: AppContext, signed: World) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(CLERK_PIN)
    with ctx.uow.write() as s:
        s.scalars(select(Staff).where(Staff.login == "wangfang")).one().password_hash = weak
        s.commit()
    auth.sign_in(ctx.uow, "wangfang", CLERK_PIN)
    with ctx.uow.read() as s:
        stored = s.scalars(select(Staff.password_hash).where(Staff.login == "wangfang")).one()
    assert stored != weak and "m=19456,t=2" in stored
    assert auth.sign_in(ctx.uow, "wangfang", CLERK_PIN).name == "王芳"


def test_first_manager_only_while_none_can_sign_in(ctx: AppContext) -> None:
    with ctx.uow.read() as s:
        assert auth.needs_first_manager(s)
    with ctx.uow.write() as s:
        with pytest.raises(InputError):
            auth.create_first_manager(s, "boss", "李强", "123")  # too short
        actor = auth.create_first_manager(s, "boss", "李强", "bossPW2026", "SH01", "上海店")
        s.commit()
    assert actor.is_manager and actor.store_code == "SH01"
    with ctx.uow.write() as s:
        assert not auth.needs_first_manager(s)
        with pytest.raises(Conflict):
            auth.create_first_manager(s, "boss2", "又一个", "bossPW2026", "SH01")
    assert auth.sign_in(ctx.uow, "boss", "bossPW2026").role == Role.MANAGER


def test_clerk_cannot_manage_staff_and_manager_cannot_make_head_office(ctx: AppContext, signed: World,
                                                                       clerk: Actor, manager: Actor) -> None:
    with ctx.uow.write() as s:
        with pytest.raises(PermissionDenied):
            auth.add_staff(s, clerk, "newbie", "新人", "clerk", "567890")
        with pytest.raises(PermissionDenied):
            auth.add_staff(s, manager, "hq2", "总部二", "head_office", "567890")
        with pytest.raises(PermissionDenied):
            auth.set_password(s, clerk, "liqiang", "takeover1")
        with pytest.raises(PermissionDenied):
            auth.deactivate(s, clerk, "liqiang", "不喜欢")
        st = auth.add_staff(s, manager, "newbie", "新人", "clerk", "567890")
        s.commit()
    assert st.store_id == manager.store_id
    assert auth.sign_in(ctx.uow, "newbie", "567890").name == "新人"


def test_deactivated_account_cannot_sign_in_and_last_manager_stays(ctx: AppContext, signed: World,
                                                                   manager: Actor) -> None:
    with ctx.uow.write() as s:
        with pytest.raises(Conflict):
            auth.deactivate(s, manager, "liqiang", "离职")  # oneself
        with pytest.raises(InputError):
            auth.deactivate(s, manager, "wangfang", "  ")
        auth.deactivate(s, manager, "wangfang", "离职")
        s.commit()
    with pytest.raises(PermissionDenied):
        auth.sign_in(ctx.uow, "wangfang", CLERK_PIN)


def test_own_password_change_needs_the_old_one(ctx: AppContext, signed: World) -> None:
    me = auth.sign_in(ctx.uow, "wangfang", CLERK_PIN)
    with ctx.uow.write() as s:
        with pytest.raises(PermissionDenied):
            auth.set_password(s, me, "wangfang", "new-pin-1", old_secret="999999")
        auth.set_password(s, me, "wangfang", "new-pin-1", old_secret=CLERK_PIN)
        s.commit()
    assert auth.sign_in(ctx.uow, "wangfang", "new-pin-1").name == "王芳"


def test_named_stand_in_acts_as_director_only_in_their_days(ctx: AppContext, signed: World,
                                                            manager: Actor) -> None:
    today = clock.today()
    with ctx.uow.write() as s:
        auth.set_stand_in(s, manager, "wangfang", today, today + dt.timedelta(days=3), "主任休假")
        s.commit()
    stand_in = auth.sign_in(ctx.uow, "wangfang", CLERK_PIN)
    assert stand_in.acting_director and stand_in.is_manager
    with ctx.uow.write() as s:
        policy.set_values(s, stand_in, {"return_days": 8})
        with pytest.raises(PermissionDenied):  # a stand-in adds clerks only
            auth.add_staff(s, stand_in, "mgr2", "新店长", "manager", "567890")
        s.commit()
    with ctx.uow.read() as s:
        later = s.scalars(select(Staff).where(Staff.login == "wangfang")).one()
        assert not auth.acting_director(s, later.id, later.store_id, today + dt.timedelta(days=4))


# ---- command line -------------------------------------------------------------------------

def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str,
        password: str | None = None, new_password: str | None = None) -> tuple[int, str, str]:
    for name, value in (("COUNTER_APP_PASSWORD", password), ("COUNTER_APP_NEW_PASSWORD", new_password)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_user_with_wrong_password_exits_3_without_echo(ctx: AppContext, signed: World,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(monkeypatch, capsys, "staff", "list", "--db", ctx.url, "--user", "liqiang",
                         password="guess-123")
    assert code == 3
    assert "账号或密码不对" in err
    assert "guess-123" not in out + err


def test_cli_clerk_is_refused_staff_management_and_manager_is_not(ctx: AppContext, signed: World,
                                                                  monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = cli(monkeypatch, capsys, "staff", "add", "zhou", "--name", "周", "--db", ctx.url,
                          "--user", "wangfang", password=CLERK_PIN, new_password="zhou-2026")
    assert code == 3 and "店长" in err
    code, out, err = cli(monkeypatch, capsys, "staff", "add", "zhou", "--name", "周", "--db", ctx.url,
                         "--user", "liqiang", password=MANAGER_PW, new_password="zhou-2026")
    assert code == 0, err
    assert "zhou-2026" not in out + err
    code, out, _err = cli(monkeypatch, capsys, "staff", "list", "--json", "--db", ctx.url)
    assert code == 0 and '"zhou"' in out and "argon2" not in out


def test_cli_first_manager_on_a_new_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    if os.environ.get("COUNTER_APP_TEST_PG_URL"):
        from tests.pg import fresh_pg_database

        db = fresh_pg_database(os.environ["COUNTER_APP_TEST_PG_URL"])
    else:
        db = str(tmp_path / "new.sqlite3")
    code, out, err = cli(monkeypatch, capsys, "first-manager", "--db", db, "--login", "boss", "--name", "李强",
                         "--store", "SH01", "--store-name", "上海店", new_password="boss-pass-1")
    assert code == 0, err
    assert "boss" in out
    code, _out, err = cli(monkeypatch, capsys, "first-manager", "--db", db, "--login", "boss2", "--name", "又",
                          "--store", "SH01", new_password="boss-pass-2")
    assert code != 0 and "已经有店长账号" in err
    code, out, err = cli(monkeypatch, capsys, "audit", "--db", db, "--user", "boss", "--json",
                         password="boss-pass-1")
    assert code == 0, err
    assert "boss-pass-1" not in out
