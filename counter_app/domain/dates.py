"""Dates as people write them: 2026-11-03, 2026/11/3, 2026年11月3日, 20261103."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from counter_app.domain import clock

_PATTERNS = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(text: str | dt.date | dt.datetime | None) -> dt.date | None:
    """Read a date; None for empty; ValueError when it is not a real date."""
    if text is None:
        return None
    if isinstance(text, dt.datetime):
        return text.date()
    if isinstance(text, dt.date):
        return text
    s = unicodedata.normalize("NFKC", str(text)).strip()
    if not s:
        return None
    # A spreadsheet cell may carry a time part: "2026-11-03 00:00:00"
    s = re.sub(r"[ T]\d{1,2}:\d{2}(:\d{2})?$", "", s)
    for pattern in _PATTERNS:
        m = pattern.match(s)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            return dt.date(y, mo, d)  # raises ValueError for 2026-02-30
    raise ValueError(text)


def today() -> dt.date:
    return clock.today()


def now() -> dt.datetime:
    """Local wall-clock time without tzinfo: the counter works in the store's local time."""
    return clock.now()
