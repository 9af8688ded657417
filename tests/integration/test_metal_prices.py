"""The day's metal price board: managers only, corrections as new rows, history with who and when."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from counter_app.data.models import AuditEntry, MetalPrice
from counter_app.errors import InputError, PermissionDenied
from counter_app.services import metal_prices
from tests.factories import TODAY, World


def test_clerk_cannot_enter_prices(world: World) -> None:
    with world.ctx.uow.write() as s, pytest.raises(PermissionDenied, match="店长"):
        metal_prices.set_price(s, world.clerk, "gold", "999", "560", "620", on=TODAY)


def test_correction_is_a_new_row_and_the_newest_is_in_force(world: World) -> None:
    with world.ctx.uow.write() as s:
        metal_prices.set_price(s, world.manager, "黄金", "999", "560.00", "620.00", on=TODAY)
        metal_prices.set_price(s, world.manager, "gold", "999", "¥５６２．００", "622", on=TODAY)
        metal_prices.set_price(s, world.manager, "铂金", "PT950", "230", "300", on=TODAY)
        s.commit()
    with world.ctx.uow.read() as s:
        board = metal_prices.board(s, TODAY)
        assert str(board[("gold", "999")].buy_per_g) == "562.00"
        assert set(board) == {("gold", "999"), ("platinum", "950")}
        hist = metal_prices.history(s, TODAY)
        gold = [h for h in hist if h.price.metal == "gold"]
        assert [(str(h.price.buy_per_g), h.in_force, h.entered_by) for h in gold] == [
            ("562.00", True, "李强"), ("560.00", False, "李强")]
        assert len(s.scalars(select(MetalPrice)).all()) == 3
        actions = [a.action for a in s.scalars(select(AuditEntry).where(AuditEntry.entity == "metal_price"))]
        assert actions == ["create", "update", "create"]
        assert metal_prices.board(s, TODAY - dt.timedelta(days=1)) == {}


@pytest.mark.parametrize(
    ("metal", "fineness", "buy", "sell", "words"),
    [
        ("gold", "999", "5a0", "620", "不是金额"),
        ("gold", "999", "-1", "620", "须大于 0"),
        ("gold", "999", "700", "620", "高于销售价"),
        ("silver", "925", "5", "6", "不认识的金属"),
        ("gold", "750", "5", "6", "没有成色"),
    ],
)
def test_bad_prices_change_nothing(world: World, metal: str, fineness: str, buy: str, sell: str, words: str) -> None:
    with world.ctx.uow.write() as s:
        with pytest.raises(InputError, match=words):
            metal_prices.set_price(s, world.manager, metal, fineness, buy, sell, on=TODAY)
        s.commit()
    with world.ctx.uow.read() as s:
        assert s.scalars(select(MetalPrice)).all() == []
