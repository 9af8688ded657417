"""Properties of every calculation: Decimal only, fen-rounded lines, totals = sums, to_pay = new − credit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.policy import PolicyValues
from counter_app.domain.pricing import (
    NEW,
    OLD,
    AsSold,
    DayPrice,
    MetalRequest,
    NewPiece,
    PricingResult,
    SoldFacts,
    price_exchange,
    price_metal,
    price_return,
    price_trade_in,
)

TODAY = dt.date(2026, 11, 25)
money = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("999999.99"), places=2)
grams = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("999.999"), places=3)
per_g = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("2000"), places=2)
rate = st.decimals(min_value=Decimal("0"), max_value=Decimal("0.2"), places=4)
ratio = st.decimals(min_value=Decimal("1.00"), max_value=Decimal("1.50"), places=3)
days = st.integers(min_value=0, max_value=60)


def no_float(value: Any) -> bool:
    if isinstance(value, float):
        return False
    if isinstance(value, dict):
        return all(no_float(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(no_float(v) for v in value)
    return True


def check(r: PricingResult) -> None:
    for ln in r.lines:
        assert isinstance(ln.amount, Decimal)
        assert ln.amount == ln.amount.quantize(Decimal("0.01"))  # every line is whole fen
    assert r.credit == sum((ln.amount for ln in r.lines if ln.side == OLD), Decimal("0"))
    assert r.new_total == sum((ln.amount for ln in r.lines if ln.side == NEW), Decimal("0"))
    assert r.to_pay == r.new_total - r.credit
    for total in (r.credit, r.new_total, r.to_pay, r.refund):
        assert isinstance(total, Decimal)
    assert no_float(r.as_dict())
    d = r.as_dict()
    assert Decimal(d["to_pay"]) == Decimal(d["new_total"]) - Decimal(d["credit"])


@settings(max_examples=150, deadline=None)
@given(price=money, pieces=st.lists(money, min_size=0, max_size=4), ratio=ratio, n=days,
       report=st.booleans(), custom=st.booleans())
def test_diamond_quotes(price: Decimal, pieces: list[Decimal], ratio: Decimal, n: int, report: bool,
                        custom: bool) -> None:
    policy = PolicyValues().with_changes(trade_in_min_ratio=str(ratio))
    facts = SoldFacts(price, TODAY - dt.timedelta(days=n), custom_made=custom)
    new = [NewPiece(p) for p in pieces]
    check(price_return(facts, TODAY, policy, AsSold.all_ticked(), report))
    ex = price_exchange(facts, TODAY, policy, AsSold.all_ticked(), new, report)
    check(ex)
    ti = price_trade_in(facts, policy, new)
    check(ti)
    assert ti.credit == price
    # allowed exactly when the new total reaches the exact (unrounded) minimum
    assert ti.allowed == (bool(new) and sum(pieces, Decimal(0)) >= price * ratio)
    assert ex.allowed <= (sum(pieces, Decimal(0)) >= price)


@settings(max_examples=150, deadline=None)
@given(w=grams, nw=st.none() | grams, buy=per_g, spread=per_g, ded=st.decimals(min_value=0, max_value=50, places=2),
       loss=rate, lab=st.decimals(min_value=0, max_value=500, places=2),
       lab_g=st.decimals(min_value=0, max_value=80, places=2))
def test_metal_quotes(w: Decimal, nw: Decimal | None, buy: Decimal, spread: Decimal, ded: Decimal, loss: Decimal,
                      lab: Decimal, lab_g: Decimal) -> None:
    policy = PolicyValues().with_changes(metal_deduction_per_g=str(ded), metal_loss_rate=str(loss))
    board = {("gold", "999"): DayPrice("gold", "999", TODAY, buy, buy + spread, 1)}
    req = MetalRequest("gold", "999", w, new_weight=nw, labour_per_piece=lab if nw else Decimal(0),
                       labour_per_g=lab_g if nw else Decimal(0))
    r = price_metal(req, TODAY, policy, board)
    check(r)
    if r.allowed:
        assert r.credit >= 0
