"""The intake check rules, table-driven over a sale on record (no database)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from counter_app.domain.policy import PolicyValues
from counter_app.domain.verification import (
    ItemRecord,
    Observed,
    Retest,
    evaluate,
    parse_carat,
    parse_weight,
)
from counter_app.errors import InputError

SOLD = dt.date(2026, 11, 17)
POLICY = PolicyValues()

RING = ItemRecord(
    receipt_no="R20261117002", product_code="DR0002", sold_on=SOLD, sold_item_id=2, price=Decimal("25600.00"),
    description="铂金钻石戒指", cert_issuer="GIA", cert_no="2141438171", engraving="GIA2141438171",
    weight_g=Decimal("4.100"), carat=Decimal("0.300"), color="G", clarity="VS1", cut="EX", store_code="SH01",
)
ALL_MATCH = Observed(cert_issuer="GIA", cert_no="2141438171", engraving="GIA2141438171",
                     weight_g=Decimal("4.100"), carat=Decimal("0.300"), color="G", clarity="VS1", cut="EX")


def run(record: ItemRecord | None = RING, observed: Observed = ALL_MATCH, on: dt.date = SOLD + dt.timedelta(3),
        **kw):  # type: ignore[no-untyped-def]
    return evaluate(record, observed, on, POLICY, 1, receipt_no="R20261117002", product_code="DR0002", **kw)


def status(result, name: str) -> str:  # type: ignore[no-untyped-def]
    return result.check(name).status


def test_everything_matching_is_a_match_with_trade_in_offered() -> None:
    r = run()
    assert [f.status for f in r.fields] == ["match"] * 10
    assert r.verdict == "match"
    assert r.eligibility["trade_in"].ok
    assert r.policy["weight_tolerance_g"] == "0.02" and r.policy_version == 1


@pytest.mark.parametrize(
    ("attr", "field", "wrong"),
    [
        ("cert_issuer", "certificate_issuer", "NGTC"),
        ("cert_no", "certificate_no", "2141438172"),
        ("engraving", "engraving", "GIA0000000000"),
        ("weight_g", "weight_g", Decimal("4.200")),
        ("carat", "carat", Decimal("0.350")),
        ("color", "color", "H"),
        ("clarity", "clarity", "SI1"),
        ("cut", "cut", "VG"),
    ],
)
def test_each_field_match_mismatch_missing(attr: str, field: str, wrong: object) -> None:
    assert status(run(), field) == "match"
    mismatched = run(observed=replace(ALL_MATCH, **{attr: wrong}))
    assert status(mismatched, field) == "mismatch"
    assert mismatched.verdict == "mismatch"
    assert not mismatched.eligibility["trade_in"].ok  # none of these may differ for a trade-in
    not_seen = run(observed=replace(ALL_MATCH, **{attr: None}))
    assert status(not_seen, field) == "missing"
    assert not_seen.verdict == "incomplete"
    rec_attr = {"certificate_issuer": "cert_issuer", "certificate_no": "cert_no"}.get(field, attr)
    empty_value = None if isinstance(getattr(RING, rec_attr), Decimal) else ""
    nothing_on_record = run(record=replace(RING, **{rec_attr: empty_value}))
    check = nothing_on_record.check(field)
    assert check.status == "missing" and check.record is None


@pytest.mark.parametrize(
    ("weight", "expected"),
    [("4.100", "match"), ("4.120", "match"), ("4.080", "match"), ("4.121", "mismatch"), ("4.079", "mismatch")],
)
def test_weight_tolerance_edge_is_a_match(weight: str, expected: str) -> None:
    assert status(run(observed=replace(ALL_MATCH, weight_g=Decimal(weight))), "weight_g") == expected


@pytest.mark.parametrize(("carat", "expected"), [("0.31", "match"), ("0.29", "match"), ("0.311", "mismatch")])
def test_carat_tolerance_edge_is_a_match(carat: str, expected: str) -> None:
    assert status(run(observed=replace(ALL_MATCH, carat=Decimal(carat))), "carat") == expected


def test_tolerance_comes_from_policy() -> None:
    loose = POLICY.with_changes(weight_tolerance_g="0.10")
    r = evaluate(RING, replace(ALL_MATCH, weight_g=Decimal("4.19")), SOLD, loose, 2)
    assert status(r, "weight_g") == "match" and r.policy_version == 2 and r.policy["weight_tolerance_g"] == "0.10"


@pytest.mark.parametrize(
    ("issuer", "number", "engraving"),
    [
        ("ＧＩＡ", "２１４１４３８１７１", "ＧＩＡ　２１４１４３８１７１"),
        ("gia", " 2141 438 171 ", "gia 2141438171"),
        (" G I A ", "ＧＩＡ　２１４１４３８１７１", "GIA-2141438171"),
    ],
)
def test_full_width_case_and_spaces_are_ignored(issuer: str, number: str, engraving: str) -> None:
    r = run(observed=replace(ALL_MATCH, cert_issuer=issuer, cert_no=number, engraving=engraving, color="ｇ",
                             clarity="vs1"))
    assert [status(r, f) for f in ("certificate_issuer", "certificate_no", "engraving", "color", "clarity")] == [
        "match"] * 5


@pytest.mark.parametrize(
    ("day", "ok"), [(0, True), (7, True), (8, False)],
)
def test_unconditional_return_and_exchange_day_7_inclusive(day: int, ok: bool) -> None:
    r = run(on=SOLD + dt.timedelta(days=day))
    assert r.eligibility["return"].ok is ok
    assert r.eligibility["exchange"].ok is ok
    if not ok:
        assert r.eligibility["return"].reason == "已过 7 天无条件退换期（销售日 2026-11-17，今天是第 8 天）"


def test_custom_made_never_returns_unconditionally() -> None:
    r = run(record=replace(RING, custom_made=True), on=SOLD + dt.timedelta(days=1))
    assert not r.eligibility["return"].ok and not r.eligibility["exchange"].ok
    assert "定制" in r.eligibility["return"].reason
    assert r.custom_made


@pytest.mark.parametrize(
    ("day", "report", "ok"),
    [(30, True, True), (30, False, False), (31, True, False), (31, False, False), (5, True, True)],
)
def test_quality_return_30_days_with_report(day: int, report: bool, ok: bool) -> None:
    r = run(on=SOLD + dt.timedelta(days=day), quality_report=report)
    assert r.eligibility["quality_return"].ok is ok
    if day <= 30 and not report:
        assert "质量检验报告" in r.eligibility["quality_return"].reason


LARGE = replace(RING, carat=Decimal("0.520"), color="F", clarity="VVS2")
LARGE_SEEN = replace(ALL_MATCH, carat=Decimal("0.52"), color="F", clarity="VVS2")


@pytest.mark.parametrize(
    ("retest", "ok", "words"),
    [
        (None, False, "复检"),
        (Retest("D123456", "F", "VVS2"), True, "D123456"),
        (Retest("D123456", "ｆ", "vvs2"), True, "D123456"),
        (Retest("D123456", "G", "VVS2"), False, "复检颜色"),
        (Retest("D123456", "F", "VS1"), False, "复检净度"),
        (Retest("  ", "F", "VVS2"), False, "复检"),
    ],
)
def test_large_stone_trade_in_needs_a_matching_retest(retest: Retest | None, ok: bool, words: str) -> None:
    r = run(record=LARGE, observed=LARGE_SEEN, retest=retest)
    assert r.large_stone
    assert r.eligibility["trade_in"].ok is ok
    assert words in r.eligibility["trade_in"].reason


def test_stone_below_the_threshold_needs_no_retest() -> None:
    r = run(record=replace(LARGE, carat=Decimal("0.49")), observed=replace(LARGE_SEEN, carat=Decimal("0.49")))
    assert not r.large_stone and r.eligibility["trade_in"].ok


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"cert_issuer": None}, "未核对证书机构"),
        ({"cert_no": None}, "未核对证书号"),
        ({"cert_no": "999"}, "证书号与记录不符"),
        ({"engraving": "XYZ"}, "字印与记录不符"),
    ],
)
def test_trade_in_refused_without_matching_certificate_or_engraving(change: dict, words: str) -> None:
    e = run(observed=replace(ALL_MATCH, **change)).eligibility["trade_in"]
    assert not e.ok and words in e.reason


def test_trade_in_ok_when_engraving_not_looked_at() -> None:
    assert run(observed=replace(ALL_MATCH, engraving=None)).eligibility["trade_in"].ok


def test_gold_by_weight_without_certificate_trades_in_and_fixed_price_without_does_not() -> None:
    gold = replace(RING, cert_issuer="", cert_no="", carat=None, color="", clarity="", cut="", engraving="")
    assert run(record=replace(gold, fixed_price=False), observed=Observed()).eligibility["trade_in"].ok
    refused = run(record=gold, observed=Observed()).eligibility["trade_in"]
    assert not refused.ok and "没有证书" in refused.reason


def test_repair_always_ok_and_other_store_pays_shipping() -> None:
    own = run(on=SOLD + dt.timedelta(days=600))
    assert own.eligibility["repair"].ok
    other = run(record=replace(RING, other_store=True), on=SOLD + dt.timedelta(days=600))
    assert other.other_store
    assert other.eligibility["repair"] == other.eligibility["repair"].__class__(
        True, "其他门店售出，可维修，顾客付邮费")


def test_not_in_records_with_head_office_confirmation_is_repair_only() -> None:
    r = run(record=None, observed=Observed(), head_office={"who": "总部刘洋", "reference": "HO-2026-88"})
    assert r.eligibility["repair"].ok and "HO-2026-88" in r.eligibility["repair"].reason
    assert [k for k, e in r.eligibility.items() if e.ok] == ["repair"]
    assert status(r, "receipt") == "missing" and r.sold_item_id is None and r.other_store


def test_a_date_before_the_sale_is_refused() -> None:
    with pytest.raises(InputError):
        run(on=SOLD - dt.timedelta(days=1))


@pytest.mark.parametrize("text", ["abc", "-1", "0", "2000.01", "3克x"])
def test_bad_weights_are_refused(text: str) -> None:
    with pytest.raises(InputError):
        parse_weight(text)


@pytest.mark.parametrize(("text", "value"), [("３．２５", Decimal("3.25")), (" 2000 ", Decimal("2000")), ("", None)])
def test_weights_typed_full_width_or_spaced(text: str, value: Decimal | None) -> None:
    assert parse_weight(text) == value


@pytest.mark.parametrize("text", ["x", "0", "-0.3"])
def test_bad_carats_are_refused(text: str) -> None:
    with pytest.raises(InputError):
        parse_carat(text)


def test_result_json_keys() -> None:
    d = run().to_dict()
    assert set(d["eligibility"]) == {"return", "quality_return", "exchange", "trade_in", "repair"}
    assert [f["field"] for f in d["fields"]] == ["receipt", "product", "certificate_issuer", "certificate_no",
                                                 "engraving", "weight_g", "carat", "color", "clarity", "cut"]
    assert set(d["fields"][0]) == {"field", "record", "observed", "status"}
    assert d["price"] == "25600.00"
