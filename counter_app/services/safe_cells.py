"""Spreadsheet cells that never start a formula from what someone typed.

A name such as ``=HYPERLINK("http://x", "click")`` would run as a formula when an export is
opened in Excel or WPS. Text starting with ``= + - @``, a tab or a carriage return gets a
leading apostrophe, so it shows as typed (OWASP "CSV injection"). Control characters that an
XLSX file cannot store are shown as U+FFFD. Numbers, dates and Decimals pass unchanged.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters that an XLSX file cannot hold at all (openpyxl refuses the cell).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value: Any) -> Any:
    """The value to put in a cell: formula starts defused, unstorable control characters shown as �."""
    if not isinstance(value, str):
        return value
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("\ufffd", value)
    if value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: list[Any] | tuple[Any, ...]) -> list[Any]:
    return [safe_cell(v) for v in values]
