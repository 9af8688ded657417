"""Python dates from the date editors' values.

PySide6 converts `QDate.toPython()` to a `datetime.date` and `QDateTime.toPython()` to a
`datetime.datetime`, but its type stubs say `object`; these say what comes back.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime


def to_date(value: QDate) -> dt.date:
    day = value.toPython()
    if not isinstance(day, dt.date):
        raise TypeError(f"QDate.toPython() gave {type(day).__name__}, not a date")
    return day


def to_datetime(value: QDateTime) -> dt.datetime:
    moment = value.toPython()
    if not isinstance(moment, dt.datetime):
        raise TypeError(f"QDateTime.toPython() gave {type(moment).__name__}, not a datetime")
    return moment
