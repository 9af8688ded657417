"""Return, exchange, trade-in and by-weight rules, edge by edge (pure functions, no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from counter_app.domain.policy import PolicyValues
from counter_app.domain.pricing import (
    METAL,
    NEW,
    OLD,
    AsSold,
    DayPrice,
    MetalInputError,
    MetalRequest,
    NewPiece,
    SoldFacts,
    normalise_metal,
    price_exchange,
    price_metal,
    price_return,
    price_trade_in,
    trade_in_minimum,
)

SOLD_ON = dt.date(2026, 11, 1)
P = PolicyValues()
D = Decimal


def facts(price: str = "12800.00", custom: bool = False, fixed: bool = True, cert: bool = True) -> SoldFacts:
    return SoldFacts(price=D(price), sold_on=SOLD_ON, custom_made=custom, fixed_price=fixed, has_certificate=cert)


def day(n: int) -> dt.date:
    return SOLD_ON + dt.timedelta(days=n)


ALL = AsSold.all_ticked()


# --- return ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "custom", "report", "allowed", "words"),
    [
        (0, False, False, True, "7日内无条件退货"),
        (7, False, False, True, "最后一天 2026-11-08"),  # sale date + 7 is the last day
        (8, False, False, False, "已过7日无条件退货期"),
        (8, False, True, True, "质量检测"),
        (30, False, True, True, "30日内"),
        (31, False, True, False, "已过30日质量问题退货期"),
        (3, True, False, False, "定制产品不能无条件退货"),
        (3, True, True, True, "质量检测"),  # a faulty custom-made piece with a report
        (31, True, True, False, "已过30日"),
        (-1, False, False, False, "早于销售日期"),
    ],
)
def test_return_window(days: int, custom: bool, report: bool, allowed: bool, words: str) -> None:
    r = price_return(facts(custom=custom), day(days), P, ALL, quality_report=report)
    assert r.allowed is allowed
    assert words in (r.basis if allowed else " ".join(r.reasons))
    assert r.refund == D("12800.00") and r.to_pay == D("-12800.00")


def test_return_day_8_without_report_says_what_would_fix_it() -> None:
    r = price_return(facts(), day(8), P, ALL)
    assert any("质量检测部门的检测报告" in x for x in r.reasons)


@pytest.mark.parametrize(
    ("missing", "named"),
    [
        ("packaging", "外包装"),
        ("manual", "售后服务手册"),
        ("certificate", "证书"),
        ("receipt", "销售单或发票"),
        ("item", "商品完好如售出时"),
        ("tags", "挂牌"),
        ("accessories", "附件配件文件"),
        ("gifts", "赠品"),
    ],
)
def test_each_as_sold_condition_is_named_when_missing(missing: str, named: str) -> None:
    ticks = {k: k != missing for k in ALL.as_dict()}
    r = price_return(facts(), day(2), P, AsSold.from_dict(ticks))
    assert not r.allowed
    assert r.reasons == (f"退货须商品保持原样、资料齐全，还缺：{named}。",)


def test_no_certificate_needed_for_a_piece_sold_without_one() -> None:
    ticks = {k: k != "certificate" for k in ALL.as_dict()}
    assert price_return(facts(cert=False), day(2), P, AsSold.from_dict(ticks)).allowed


def test_invoice_counts_as_the_receipt_and_intake_names_are_read() -> None:
    a = AsSold.from_dict({"invoice": True, "outer_packaging": True})
    assert a.receipt and a.packaging


def test_nothing_ticked_names_all_eight() -> None:
    r = price_return(facts(), day(1), P, AsSold())
    assert "外包装、售后服务手册、证书、销售单或发票、商品完好如售出时、挂牌、附件配件文件、赠品" in r.reasons[0]


def test_return_days_come_from_the_policy() -> None:
    assert price_return(facts(), day(10), P.with_changes(return_days=10), ALL).allowed
    assert not price_return(facts(), day(11), P.with_changes(return_days=10), ALL).allowed


# --- exchange ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prices", "allowed", "to_pay"),
    [
        (["12800.00"], True, "0.00"),  # worth exactly the old one
        (["12799.99"], False, "-0.01"),
        (["9000", "3800"], True, "0.00"),  # several pieces add up
        (["9000", "4000.50"], True, "200.50"),
        (["9000", "3799.99"], False, "-0.01"),
    ],
)
def test_exchange_new_worth_at_least_old(prices: list[str], allowed: bool, to_pay: str) -> None:
    r = price_exchange(facts(), day(3), P, ALL, [NewPiece(D(p)) for p in prices])
    assert r.allowed is allowed
    assert r.credit == D("12800.00")
    assert r.to_pay == D(to_pay)
    if not allowed:
        assert any("新品须不低于 ¥12,800.00" in x for x in r.reasons)


def test_exchange_day_8_and_custom_made_refused() -> None:
    assert not price_exchange(facts(), day(8), P, ALL, [NewPiece(D("13000"))]).allowed
    r = price_exchange(facts(custom=True), day(1), P, ALL, [NewPiece(D("13000"))])
    assert not r.allowed and "定制产品不能无条件换货" in r.reasons[0]


def test_exchange_without_pieces_or_as_sold() -> None:
    r = price_exchange(facts(), day(1), P, AsSold(), [])
    assert not r.allowed
    assert any("请添加要换的新品" in x for x in r.reasons)
    assert any("换货须商品保持原样" in x for x in r.reasons)


def test_fixed_price_only_for_fixed_price_is_a_policy_value() -> None:
    by_weight = [NewPiece(D("13000"), fixed_price=False)]
    r = price_exchange(facts(fixed=True), day(1), P, ALL, by_weight)
    assert not r.allowed and "一口价商品只能换一口价商品" in r.reasons[0]
    off = P.with_changes(fixed_price_only_for_fixed_price=False)
    assert price_exchange(facts(fixed=True), day(1), off, ALL, by_weight).allowed


# --- trade-in ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prices", "allowed", "to_pay"),
    [
        (["14080.00"], True, "1280.00"),  # exactly 110 %
        (["14078.72"], False, "1278.72"),  # 109.99 %
        (["14079.99"], False, "1279.99"),
        (["9000.00", "5080.00"], True, "1280.00"),  # two new pieces
        (["9000.00", "5079.99"], False, "1279.99"),
        (["20000"], True, "7200.00"),
    ],
)
def test_trade_in_ratio(prices: list[str], allowed: bool, to_pay: str) -> None:
    r = price_trade_in(facts(), P, [NewPiece(D(p)) for p in prices])
    assert r.allowed is allowed
    assert r.credit == D("12800.00")
    assert r.minimum_new_price == D("14080.00")
    assert r.to_pay == D(to_pay)
    if not allowed:
        assert any(x.startswith("新品须不低于 ¥14,080.00") for x in r.reasons)


def test_trade_in_minimum_rounds_half_up_but_compares_exactly() -> None:
    # 100.05 × 1.10 = 110.055: shown as 110.06 (half-up); 110.05 is below the exact product.
    exact, shown = trade_in_minimum(D("100.05"), P)
    assert exact == D("110.0550") and shown == D("110.06")
    assert not price_trade_in(facts("100.05"), P, [NewPiece(D("110.05"))]).allowed
    assert price_trade_in(facts("100.05"), P, [NewPiece(D("110.06"))]).allowed
    # 100.01 × 1.10 = 110.011: shown as 110.01 (half-up rounds down here), yet 110.01 is refused
    # because the comparison is exact, and the reason states the exact product.
    r = price_trade_in(facts("100.01"), P, [NewPiece(D("110.01"))])
    assert r.minimum_new_price == D("110.01") and not r.allowed
    assert "110.011" in r.reasons[0]
    assert price_trade_in(facts("100.01"), P, [NewPiece(D("110.02"))]).allowed


def test_trade_in_ratio_from_policy() -> None:
    p = P.with_changes(trade_in_min_ratio="1.20")
    r = price_trade_in(facts(), p, [NewPiece(D("15360.00"))])
    assert r.allowed and r.minimum_new_price == D("15360.00")
    assert not price_trade_in(facts(), p, [NewPiece(D("15359.99"))]).allowed


def test_trade_in_blocked_by_the_intake_check() -> None:
    r = price_trade_in(facts(), P, [NewPiece(D("20000"))], ["未核对证书号：以旧换新须出示证书"])
    assert not r.allowed and r.reasons == ("未核对证书号：以旧换新须出示证书",)


def test_trade_in_lines_explain_each_amount() -> None:
    r = price_trade_in(facts(), P, [NewPiece(D("9000"), "NR1001", "铂金钻戒"), NewPiece(D("5080"))])
    assert [(ln.label, ln.amount, ln.side) for ln in r.lines] == [
        ("原价", D("12800.00"), OLD), ("新品 1", D("9000.00"), NEW), ("新品 2", D("5080.00"), NEW)]
    assert "NR1001 铂金钻戒" in r.lines[1].explanation


# --- by weight ---------------------------------------------------------------------------------

TODAY = dt.date(2026, 11, 25)
GOLD = DayPrice("gold", "999", TODAY, D("560.00"), D("620.00"), 1)
PT = DayPrice("platinum", "950", TODAY, D("230.00"), D("300.00"), 2)
BOARD = {("gold", "999"): GOLD, ("platinum", "950"): PT}


def test_metal_credit_deduction_and_loss() -> None:
    p = P.with_changes(metal_deduction_per_g="30", metal_loss_rate="0.03")
    r = price_metal(MetalRequest("gold", "999", D("10.00")), TODAY, p, BOARD)
    assert [(ln.label, ln.amount) for ln in r.lines] == [
        ("旧料回收", D("5600.00")), ("每克扣减", D("-300.00")), ("损耗", D("-168.00"))]
    assert r.credit == D("5132.00") and r.new_total == D("0.00") and r.to_pay == D("-5132.00")
    assert r.allowed and r.kind == METAL


def test_metal_new_piece_with_labour() -> None:
    req = MetalRequest("gold", "999", D("10.00"), new_weight=D("13.50"), labour_per_g=D("15"),
                       labour_per_piece=D("50"))
    r = price_metal(req, TODAY, P, BOARD)
    assert r.new_total == D("8370.00") + D("202.50") + D("50.00")
    assert r.to_pay == r.new_total - D("5600.00")
    assert "足金999 13.50 克 × 当日销售价 ¥620.00/克" in r.lines[1].explanation


@pytest.mark.parametrize(("new_weight", "allowed"), [("13.00", True), ("12.999", False), ("15", True)])
def test_metal_min_new_weight_ratio(new_weight: str, allowed: bool) -> None:
    p = P.with_changes(metal_min_new_weight_ratio="0.30")
    r = price_metal(MetalRequest("gold", "999", D("10.00"), new_weight=D(new_weight)), TODAY, p, BOARD)
    assert r.allowed is allowed
    if not allowed:
        assert "新品须不低于 13.00 克" in r.reasons[0]


def test_metal_missing_price_names_metal_fineness_and_date() -> None:
    r = price_metal(MetalRequest("gold", "9999", D("10")), TODAY, P, BOARD)
    assert not r.allowed
    assert "2026-11-25" in r.reasons[0] and "足金9999" in r.reasons[0] and "gold 9999" in r.reasons[0]


def test_metal_fixed_price_old_piece_refused_by_policy() -> None:
    r = price_metal(MetalRequest("gold", "999", D("10"), old_fixed_price=True), TODAY, P, BOARD)
    assert not r.allowed and "一口价" in r.reasons[0]


def test_metal_new_piece_in_another_metal_uses_its_own_price() -> None:
    req = MetalRequest("gold", "999", D("10"), new_weight=D("5"), new_metal="platinum", new_fineness="950")
    r = price_metal(req, TODAY, P, BOARD)
    assert r.new_total == D("1500.00") and {p.metal for p in r.prices} == {"gold", "platinum"}


@pytest.mark.parametrize(
    ("weight", "buy", "expected"),
    [
        ("0.005", "1.00", "0.01"),  # half a fen rounds up
        ("0.004", "1.00", "0.00"),
        ("1.001", "0.50", "0.50"),  # 0.5005 -> 0.50
        ("1.011", "0.50", "0.51"),  # 0.5055 -> 0.51
        ("3.333", "561.15", "1870.31"),  # 1870.31295
    ],
)
def test_each_line_rounds_half_up_to_the_fen(weight: str, buy: str, expected: str) -> None:
    board = {("gold", "999"): DayPrice("gold", "999", TODAY, D(buy), D(buy), None)}
    r = price_metal(MetalRequest("gold", "999", D(weight)), TODAY, P, board)
    assert r.lines[0].amount == D(expected)


def test_totals_are_sums_of_rounded_lines() -> None:
    # Each line rounds on its own: 0.005 -> 0.01 twice, the sum is 0.02 (not round(0.010) = 0.01).
    board = {("gold", "999"): DayPrice("gold", "999", TODAY, D("1.00"), D("1.00"), None)}
    req = MetalRequest("gold", "999", D("0.005"), new_weight=D("0.005"), labour_per_g=D("1.00"))
    r = price_metal(req, TODAY, P, board)
    assert r.new_total == D("0.02")


# --- metals and fineness -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("metal", "fineness", "expected"),
    [
        ("gold", "999", ("gold", "999")),
        ("黄金", "9999", ("gold", "9999")),
        ("足金", None, ("gold", "999")),
        ("GOLD", "９９９", ("gold", "999")),
        ("platinum", "PT950", ("platinum", "950")),
        ("铂金", "pt990", ("platinum", "990")),
        ("PT", "950", ("platinum", "950")),
        ("k_gold", "750", ("k_gold", "750")),
        ("K金", "18K", ("k_gold", "750")),
        ("18K", "750", ("k_gold", "750")),
        ("18K", None, ("k_gold", "750")),
    ],
)
def test_normalise_metal(metal: str, fineness: str | None, expected: tuple[str, str]) -> None:
    assert normalise_metal(metal, fineness) == expected


@pytest.mark.parametrize(("metal", "fineness", "words"), [
    ("silver", "925", "不认识的金属"),
    ("gold", "750", "没有成色"),
    ("gold", "PT950", "铂金的成色"),
    ("platinum", None, "请写明"),
])
def test_normalise_metal_refuses_in_words(metal: str, fineness: str | None, words: str) -> None:
    with pytest.raises(MetalInputError, match=words):
        normalise_metal(metal, fineness)
