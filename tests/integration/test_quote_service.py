"""Quotes over the test chain: the intake's checks, saving with what was used, recompute, accept, void."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from counter_app.data.models import AuditEntry, Intake, Quote
from counter_app.domain.pricing import AsSold, NewPiece
from counter_app.errors import Conflict, InputError, NotFound
from counter_app.services import metal_prices, policy, quotes
from counter_app.services.context import Actor
from tests.factories import TODAY, World

D = Decimal
GIA = {"cert_issuer": "GIA", "cert_no": "2141438171"}


def trade_in(**kw: object) -> quotes.QuoteRequest:
    base: dict[str, object] = dict(kind="trade_in", on=TODAY, receipt_no="R20261118001", product_code="DR0001",
                                   observed=dict(GIA), new_pieces=[NewPiece(D("9000")), NewPiece(D("5080"))])
    base.update(kw)
    return quotes.QuoteRequest(**base)  # type: ignore[arg-type]


def price(world: World, req: quotes.QuoteRequest) -> quotes.Priced:
    with world.ctx.uow.read() as s:
        return quotes.price(s, world.clerk, req)


def save(world: World, req: quotes.QuoteRequest, actor: Actor | None = None) -> str:
    with world.ctx.uow.write() as s:
        row = quotes.save(s, actor or world.clerk, req)
        s.commit()
        return row.number


def test_trade_in_of_the_030_ct_ring_against_two_pieces(world: World) -> None:
    p = price(world, trade_in())
    assert p.result.allowed
    assert (p.result.credit, p.result.new_total, p.result.to_pay) == (D("12800.00"), D("14080.00"), D("1280.00"))
    assert p.inputs["verification"]["ok"] is True


@pytest.mark.parametrize(
    ("observed", "retest", "product", "receipt", "words"),
    [
        ({}, None, "DR0001", "R20261118001", "证书"),  # certificate not given
        ({"cert_issuer": "GIA", "cert_no": "2141438999"}, None, "DR0001", "R20261118001", "证书号与记录不符"),
        ({"cert_issuer": "NGTC", "cert_no": "N2026110301"}, None, "DR0002", "R20261117002", "复检"),  # 0.52 ct
    ],
)
def test_trade_in_applies_the_intake_checks(world: World, observed: dict[str, str], retest: dict[str, str] | None,
                                            product: str, receipt: str, words: str) -> None:
    p = price(world, trade_in(observed=observed, retest=retest, product_code=product, receipt_no=receipt,
                              new_pieces=[NewPiece(D("50000"))]))
    assert not p.result.allowed
    assert any(words in r for r in p.result.reasons)


def test_large_stone_with_matching_retest_is_allowed(world: World) -> None:
    p = price(world, trade_in(observed={"cert_issuer": "NGTC", "cert_no": "N2026110301"}, product_code="DR0002",
                              receipt_no="R20261117002", new_pieces=[NewPiece(D("28160"))],
                              retest={"diamond_code": "D-7781", "color": "F", "clarity": "VVS2"}))
    assert p.result.allowed, p.result.reasons


def test_unknown_receipt_or_product_is_bad_input(world: World) -> None:
    with pytest.raises(NotFound, match="没有销售单"):
        price(world, quotes.QuoteRequest(kind="return", on=TODAY, receipt_no="R404", product_code="DR0001"))
    with pytest.raises(NotFound, match="没有货号"):
        price(world, quotes.QuoteRequest(kind="return", on=TODAY, receipt_no="R20261118001", product_code="ZZ9"))


def test_return_day_7_and_day_8_on_the_chain(world: World) -> None:
    ok = price(world, quotes.QuoteRequest(kind="return", on=TODAY, receipt_no="R20261118001", product_code="DR0001",
                                          as_sold=AsSold.all_ticked()))
    late = price(world, quotes.QuoteRequest(kind="return", on=TODAY, receipt_no="R20261117002",
                                            product_code="DR0002", as_sold=AsSold.all_ticked()))
    custom = price(world, quotes.QuoteRequest(kind="return", on=TODAY, receipt_no="R20261026003",
                                              product_code="CM0001", as_sold=AsSold.all_ticked()))
    assert ok.result.allowed and ok.result.refund == D("12800.00")
    assert not late.result.allowed and "已过7日" in late.result.reasons[0]
    assert not custom.result.allowed and "定制产品" in custom.result.reasons[0]


def test_saved_quote_keeps_policy_and_prices_and_recomputes_after_changes(world: World) -> None:
    with world.ctx.uow.write() as s:
        metal_prices.set_price(s, world.manager, "gold", "999", "560.00", "620.00", on=TODAY)
        policy.set_values(s, world.manager, {"metal_deduction_per_g": "30", "metal_loss_rate": "0.03"})
        s.commit()
    metal = quotes.QuoteRequest(kind="metal", on=TODAY, metal="黄金", fineness="999", weight=D("10.00"),
                                new_weight=D("13.00"), labour_per_g=D("20"))
    number = save(world, metal)
    ti_number = save(world, trade_in())
    with world.ctx.uow.write() as s:
        metal_prices.set_price(s, world.manager, "gold", "999", "600.00", "650.00", on=TODAY)  # correction
        policy.set_values(s, world.manager, {"metal_deduction_per_g": "0", "metal_loss_rate": "0",
                                             "trade_in_min_ratio": "1.50"})
        s.commit()
    with world.ctx.uow.read() as s:
        q = quotes.get(s, number)
        assert q.prices_used[0]["buy"] == "560.00" and q.policy_values["metal_deduction_per_g"] == "30"
        r = quotes.recompute(q)
        assert r.as_dict() == q.result
        assert r.credit == D("5600.00") - D("300.00") - D("168.00") and q.credit == r.credit
        assert r.to_pay == D("8060.00") + D("260.00") - r.credit == q.to_pay
        ti = quotes.get(s, ti_number)
        assert quotes.recompute(ti).allowed and quotes.recompute(ti).as_dict() == ti.result
        data = quotes.quote_json(s, ti)
        assert data["policy"]["trade_in_min_ratio"] == "1.10" and data["policy"]["version"] == 2
    # The same request priced now uses the new numbers.
    assert price(world, metal).result.credit == D("6000.00")
    assert not price(world, trade_in()).result.allowed


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(extra=st.decimals(min_value=Decimal("-500"), max_value=Decimal("5000"), places=2),
       ratio=st.decimals(min_value=Decimal("1.00"), max_value=Decimal("1.40"), places=2))
def test_any_saved_quote_recomputes_identically_after_a_policy_change(world: World, extra: Decimal,
                                                                      ratio: Decimal) -> None:
    number = save(world, trade_in(new_pieces=[NewPiece(D("14080.00") + extra)]))
    with world.ctx.uow.write() as s:
        policy.set_values(s, world.manager, {"trade_in_min_ratio": str(ratio)})
        s.commit()
    with world.ctx.uow.read() as s:
        q = quotes.get(s, number)
        assert quotes.recompute(q).as_dict() == q.result
        stored_ratio = Decimal(q.policy_values["trade_in_min_ratio"])  # in force when it was saved
        assert q.allowed == (D("14080.00") + extra >= D("12800.00") * stored_ratio)


def test_metal_quote_without_prices_refuses_naming_metal_fineness_and_date(world: World) -> None:
    req = quotes.QuoteRequest(kind="metal", on=TODAY, metal="platinum", fineness="PT950", weight=D("5"))
    with pytest.raises(NotFound) as err:
        price(world, req)
    assert "2026-11-25" in str(err.value) and "铂金PT950" in str(err.value)


def test_save_records_who_audit_and_intake_outcome(world: World) -> None:
    from counter_app.domain.verification import Observed
    from counter_app.services import intake

    with world.ctx.uow.write() as s:
        row = intake.save_intake(s, world.clerk, receipt_no="R20261118001", product_code="DR0001",
                                 observed=Observed(cert_issuer="GIA", cert_no="2141438171"), condition={},
                                 unmentioned_defects=[], brought={"receipt": True}, weight_g=None, on=TODAY)
        s.commit()
        intake_id = row.id
    with world.ctx.uow.read() as s:
        req = quotes.intake_request(s, intake_id)
    assert req.observed["cert_no"] == "2141438171" and req.as_sold.receipt and not req.as_sold.tags
    req.on = TODAY
    req.new_pieces = [NewPiece(D("14080"))]
    number = save(world, req)
    with world.ctx.uow.read() as s:
        q = quotes.get(s, number)
        assert number == "SH01-Q2026-000001"
        assert q.created_by_id == world.clerk.staff_id and q.intake_id == intake_id and q.allowed
        assert q.customer_id == world.customer_ids["zhang"]
        assert s.get(Intake, intake_id).outcome == "quote"
        entry = s.scalars(select(AuditEntry).where(AuditEntry.entity == "quote")).first()
        assert entry is not None and entry.entity_id == number and entry.staff_name == "王芳"


def test_accept_print_and_void(world: World) -> None:
    good = save(world, trade_in())
    bad = save(world, trade_in(new_pieces=[NewPiece(D("100"))]))
    with world.ctx.uow.write() as s:
        with pytest.raises(Conflict, match="不可办理"):
            quotes.accept(s, world.clerk, bad)
        q = quotes.accept(s, world.clerk, good)
        assert q.status == "accepted" and q.accepted_by_id == world.clerk.staff_id
        with pytest.raises(Conflict, match="已由顾客确认"):
            quotes.accept(s, world.clerk, good)
        pdf = quotes.print_statement(s, world.clerk, good)
        assert pdf.startswith(b"%PDF") and quotes.get(s, good).print_count == 1
        with pytest.raises(InputError):
            quotes.void(s, world.clerk, bad, "  ")
        quotes.void(s, world.clerk, bad, "顾客改主意")
        s.commit()
    with world.ctx.uow.read() as s:
        assert quotes.get(s, bad).status == "void" and quotes.get(s, bad).void_reason == "顾客改主意"
        assert s.scalars(select(Quote).where(Quote.number == good)).one().print_count == 1
        with pytest.raises(NotFound):
            quotes.get(s, "SH01-Q2026-999999")


@pytest.mark.parametrize(("text", "ok"), [("１２，８００．００", "12800.00"), ("¥14,080", "14080.00")])
def test_money_input_accepts_what_clerks_type(text: str, ok: str) -> None:
    assert quotes.money_input(text, "x", "价格") == D(ok)


@pytest.mark.parametrize("text", ["12a00", "-5", "1e999"])
def test_money_input_refuses_in_words(text: str) -> None:
    with pytest.raises(InputError):
        quotes.money_input(text, "x", "价格")
