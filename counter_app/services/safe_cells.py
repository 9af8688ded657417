"""Spreadsheet cells that never start a formula from what someone typed.

A name such as ``=HYPERLINK("http://x", "click")`` would run as a formula when an export is
opened in Excel or WPS. Text starting with ``= + - @``, a tab or a carriage return gets a
leading apostrophe, so it shows as typed (OWASP "CSV injection"). Numbers, dates and
Decimals pass unchanged.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [safe_cell(v) for v in values]
