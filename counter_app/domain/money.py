"""Money: Decimal yuan, rounded half-up to the fen. Never a float."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
ZERO = Decimal("0.00")


def fen(value: Decimal | int | str) -> Decimal:
    """Round to the fen, half-up (0.005 -> 0.01)."""
    if isinstance(value, float):  # pragma: no cover - guarded by type hints and tests
        raise TypeError("money must never be a float")
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def quantize(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


_STRIP = re.compile(r"[\s,¥￥元RMBrmb]")


def parse_decimal(text: str | int | Decimal | None) -> Decimal | None:
    """Read a number typed or exported by a person.

    Accepts full-width digits, thousands separators, a ¥ sign and stray spaces.
    Returns None for an empty value, raises ValueError for anything else that is not a number.
    """
    if text is None:
        return None
    if isinstance(text, float):
        raise TypeError("never a float")
    if isinstance(text, (int, Decimal)):
        return Decimal(text)
    cleaned = unicodedata.normalize("NFKC", str(text))
    cleaned = cleaned.replace("，", ",").replace("．", ".")
    cleaned = _STRIP.sub("", cleaned)
    if cleaned == "":
        return None
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - regex above guards this
        raise ValueError(text) from exc


def parse_money(text: str | int | Decimal | None) -> Decimal | None:
    value = parse_decimal(text)
    return None if value is None else fen(value)


def format_money(value: Decimal) -> str:
    """¥14,080.00"""
    return f"¥{fen(value):,.2f}"


def money_str(value: Decimal) -> str:
    """"1234.50": the form used in JSON output."""
    return f"{fen(value):.2f}"
