"""A clerk signed in on the command line cannot void a slip or change the price board; a manager can."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from counter_app.bootstrap import AppContext
from counter_app.cli import main
from counter_app.data.models import MetalPrice, RepairSlip
from counter_app.services import slips
from counter_app.services.context import Actor
from tests.factories import World
from tests.integration.test_auth import CLERK_PIN, MANAGER_PW, give_password


@pytest.fixture
def signed(ctx: AppContext, world: World) -> World:
    give_password(ctx, "wangfang", CLERK_PIN)
    give_password(ctx, "liqiang", MANAGER_PW)
    return world


def open_slip(ctx: AppContext, clerk: Actor) -> str:
    with ctx.uow.write() as s:
        intake = slips.intake_from_receipt(s, clerk, "R20261118001", "DR0001", weight_g="3.250")
        slip = slips.create(s, clerk, intake.id, slips.SlipDraft(works=["solder"], shipping_fee="20",
                                                                 weight_g="3.250"))
        s.commit()
        return slip.number


def as_user(monkeypatch: pytest.MonkeyPatch, login: str, secret: str) -> list[str]:
    monkeypatch.setenv("COUNTER_APP_PASSWORD", secret)
    return ["--user", login]


def test_clerk_cannot_void_a_slip_from_the_command_line(ctx: AppContext, signed: World, clerk: Actor,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    number = open_slip(ctx, clerk)
    code = main(["slip", "void", number, "--reason", "写错了", "--db", ctx.url,
                 *as_user(monkeypatch, "wangfang", CLERK_PIN)])
    err = capsys.readouterr().err
    assert code == 3 and "只有店长" in err and "作废维修单" in err
    with ctx.uow.read() as s:
        assert s.scalars(select(RepairSlip.voided_at).where(RepairSlip.number == number)).one() is None
    code = main(["slip", "void", number, "--reason", "写错了", "--db", ctx.url,
                 *as_user(monkeypatch, "liqiang", MANAGER_PW)])
    assert code == 0, capsys.readouterr().err
    with ctx.uow.read() as s:
        assert s.scalars(select(RepairSlip.voided_at).where(RepairSlip.number == number)).one() is not None


def test_clerk_cannot_set_the_days_prices_from_the_command_line(ctx: AppContext, signed: World,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    args = ["prices", "set", "--metal", "gold", "--fineness", "999", "--buy", "520", "--sell", "610",
            "--db", ctx.url]
    code = main([*args, *as_user(monkeypatch, "wangfang", CLERK_PIN)])
    err = capsys.readouterr().err
    assert code == 3 and "只有店长" in err
    with ctx.uow.read() as s:
        assert s.scalar(select(func.count()).select_from(MetalPrice)) == 0
    code = main([*args, *as_user(monkeypatch, "wangfang", "not-her-pin")])
    assert code == 3 and "账号或密码不对" in capsys.readouterr().err
    code = main([*args, *as_user(monkeypatch, "liqiang", MANAGER_PW)])
    assert code == 0, capsys.readouterr().err
    with ctx.uow.read() as s:
        assert s.scalar(select(func.count()).select_from(MetalPrice)) == 1
