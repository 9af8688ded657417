from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.dates import parse_date
from counter_app.domain.money import fen, format_money, money_str, parse_money
from counter_app.domain.text import compare_key, mask_phone, same


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234.5", Decimal("1234.50")),
        ("¥12,800.00", Decimal("12800.00")),
        ("１２，８００．００", Decimal("12800.00")),
        (" 0.005 ", Decimal("0.01")),
        ("0.004", Decimal("0.00")),
        ("￥ 6 200", Decimal("6200.00")),
        ("", None),
    ],
)
def test_parse_money(text: str, expected: Decimal | None) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize("bad", ["abc", "1.2.3", "12-3", "１２a"])
def test_parse_money_refuses_non_numbers(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_money(bad)


def test_half_up_not_bankers() -> None:
    assert fen(Decimal("2.345")) == Decimal("2.35")
    assert fen(Decimal("2.355")) == Decimal("2.36")
    assert fen(Decimal("-2.345")) == Decimal("-2.35")


def test_money_never_accepts_float() -> None:
    with pytest.raises(TypeError):
        fen(1.5)  # type: ignore[arg-type]


@given(st.decimals(min_value=-10**9, max_value=10**9, places=3, allow_nan=False))
def test_money_str_round_trips(value: Decimal) -> None:
    assert parse_money(money_str(value)) == fen(value)


def test_format_money() -> None:
    assert format_money(Decimal("14080")) == "¥14,080.00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-03", dt.date(2026, 11, 3)),
        ("2026/11/3", dt.date(2026, 11, 3)),
        ("2026年11月3日", dt.date(2026, 11, 3)),
        ("２０２６－１１－０３", dt.date(2026, 11, 3)),
        ("20261103", dt.date(2026, 11, 3)),
        ("2026-11-03 00:00:00", dt.date(2026, 11, 3)),
    ],
)
def test_parse_date(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("bad", ["2026-02-30", "03/11/2026", "明天", "2026-13-01"])
def test_parse_date_refuses(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_date(bad)


def test_full_width_codes_compare_equal() -> None:
    assert same("ＧＩＡ　２１４１４３８１７１", "GIA 2141438171")
    assert compare_key(" dr-0001 ") == "dr0001"


def test_mask_phone() -> None:
    assert mask_phone("13812345678") == "138****5678"
