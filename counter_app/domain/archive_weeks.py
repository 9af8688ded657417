"""ISO weeks as the director names them: "2026-W47", Monday 00:00 to the next Monday 00:00.

Datetimes in the database are the store's local wall-clock time without tzinfo, so a week is
a half-open range of naive datetimes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from counter_app.errors import InputError
from counter_app.i18n import _

_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    @property
    def key(self) -> str:
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def start(self) -> dt.datetime:
        return dt.datetime.combine(self.monday, dt.time())

    @property
    def end(self) -> dt.datetime:
        """Exclusive: the next Monday at 00:00."""
        return self.start + dt.timedelta(days=7)

    def next(self) -> IsoWeek:
        return week_of(self.monday + dt.timedelta(days=7))

    def previous(self) -> IsoWeek:
        return week_of(self.monday - dt.timedelta(days=7))

    def __str__(self) -> str:
        return self.key


def week_of(day: dt.date | dt.datetime) -> IsoWeek:
    if isinstance(day, dt.datetime):
        day = day.date()
    iso = day.isocalendar()
    return IsoWeek(iso.year, iso.week)


def parse_week(text: str | IsoWeek) -> IsoWeek:
    """Read "2026-W47" (also "2026W47", "2026-w7", full-width forms); refuse anything else."""
    if isinstance(text, IsoWeek):
        return text
    s = unicodedata.normalize("NFKC", str(text or "")).strip()
    m = _WEEK.match(s)
    if m is None:
        raise InputError(_("周次格式不对：'{value}'，应写成 2026-W47。", value=text), field="week")
    year, week = int(m.group(1)), int(m.group(2))
    try:
        dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        raise InputError(_("{year} 年没有第 {week} 周。", year=year, week=week), field="week") from None
    return IsoWeek(year, week)


@dataclass(frozen=True)
class Period:
    """A summary period: a month, quarter or year (dates inclusive of `first`, exclusive of `end`)."""

    key: str
    kind: str  # month / quarter / year
    first: dt.date
    end: dt.date

    @property
    def start_dt(self) -> dt.datetime:
        return dt.datetime.combine(self.first, dt.time())

    @property
    def end_dt(self) -> dt.datetime:
        return dt.datetime.combine(self.end, dt.time())

    @property
    def last(self) -> dt.date:
        return self.end - dt.timedelta(days=1)


def _month_start(year: int, month: int) -> dt.date:
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, 1)


def parse_period(month: str | None = None, quarter: str | None = None, year: str | None = None) -> Period:
    """Exactly one of --month 2026-11, --quarter 2026-Q4, --year 2026."""
    given = [v for v in (month, quarter, year) if v]
    if len(given) != 1:
        raise InputError(_("请给出一个期间：--month 2026-11、--quarter 2026-Q4 或 --year 2026。"), field="period")
    raw = unicodedata.normalize("NFKC", given[0]).strip()
    if month:
        m = re.match(r"^(\d{4})-?(\d{1,2})$", raw)
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise InputError(_("月份格式不对：'{value}'，应写成 2026-11。", value=month), field="month")
        y, mo = int(m.group(1)), int(m.group(2))
        return Period(f"{y}-{mo:02d}", "month", dt.date(y, mo, 1), _month_start(y, mo + 1))
    if quarter:
        m = re.match(r"^(\d{4})-?Q([1-4])$", raw, re.IGNORECASE)
        if not m:
            raise InputError(_("季度格式不对：'{value}'，应写成 2026-Q4。", value=quarter), field="quarter")
        y, q = int(m.group(1)), int(m.group(2))
        return Period(f"{y}-Q{q}", "quarter", dt.date(y, 3 * q - 2, 1), _month_start(y, 3 * q + 1))
    m = re.match(r"^(\d{4})$", raw)
    if not m:
        raise InputError(_("年份格式不对：'{value}'，应写成 2026。", value=year), field="year")
    y = int(m.group(1))
    return Period(str(y), "year", dt.date(y, 1, 1), dt.date(y + 1, 1, 1))


def add_months(day: dt.date, months: int) -> dt.date:
    first = _month_start(day.year, day.month + months)
    nxt = _month_start(first.year, first.month + 1)
    return first.replace(day=min(day.day, (nxt - first).days))
