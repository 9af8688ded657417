"""Complaint clocks (顾客投诉): working hours, deadlines and escalation levels.

The handbook: acknowledge at once; handle within 6 working hours, at most 24 hours;
no result within 7 days → the manager must reply; 15 days → reported to head office.
Hours are counted on the store's working-hours clock (a complaint made on Saturday
night at a Monday–Friday office is not late on Sunday); days are calendar days.
The default week is the counter's: open every day 10:00–22:00. A store may set another
week (e.g. Monday–Friday 09:00–18:00) in the settings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from counter_app.domain.policy import PolicyValues


@dataclass(frozen=True)
class WorkingHours:
    days: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)  # Monday = 0
    start: dt.time = dt.time(10, 0)
    end: dt.time = dt.time(22, 0)

    def as_dict(self) -> dict[str, Any]:
        return {"days": list(self.days), "start": self.start.strftime("%H:%M"), "end": self.end.strftime("%H:%M")}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WorkingHours:
        days = tuple(sorted({int(d) for d in data.get("days", range(7))}))
        start = dt.time.fromisoformat(str(data.get("start", "10:00")))
        end = dt.time.fromisoformat(str(data.get("end", "22:00")))
        if not days or end <= start:
            raise ValueError(data)
        return cls(days, start, end)

    def is_open(self, at: dt.datetime) -> bool:
        return at.weekday() in self.days and self.start <= at.time() < self.end


def add_working_hours(start: dt.datetime, hours: float, week: WorkingHours) -> dt.datetime:
    """The moment `hours` of open time have passed after `start`."""
    remaining = dt.timedelta(hours=hours)
    cursor = start
    for _day in range(400):
        day = cursor.date()
        if day.weekday() in week.days:
            opens = dt.datetime.combine(day, week.start)
            closes = dt.datetime.combine(day, week.end)
            begin = max(cursor, opens)
            if begin < closes:
                available = closes - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
        cursor = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0))
    raise ValueError("no working hours")


def working_hours_between(start: dt.datetime, end: dt.datetime, week: WorkingHours) -> float:
    if end <= start:
        return 0.0
    total = dt.timedelta()
    day = start.date()
    while day <= end.date():
        if day.weekday() in week.days:
            a = max(start, dt.datetime.combine(day, week.start))
            b = min(end, dt.datetime.combine(day, week.end))
            if b > a:
                total += b - a
        day += dt.timedelta(days=1)
    return total.total_seconds() / 3600


# Escalation levels, in increasing order of urgency.
LEVELS = ("ok", "handle_late", "max_late", "manager_reply", "head_office")


@dataclass(frozen=True)
class ComplaintState:
    received_at: dt.datetime
    acknowledged_at: dt.datetime | None = None
    resolved_at: dt.datetime | None = None
    manager_replied_at: dt.datetime | None = None
    escalated_at: dt.datetime | None = None


@dataclass
class ClockReport:
    handle_by: dt.datetime
    latest_by: dt.datetime
    manager_reply_by: dt.datetime
    escalate_by: dt.datetime
    level: str  # one of LEVELS
    needs_ack: bool
    overdue: bool
    flags: list[str] = field(default_factory=list)  # handle_late, max_late, manager_reply, head_office

    def as_json(self) -> dict[str, Any]:
        return {
            "handle_by": self.handle_by.isoformat(),
            "latest_by": self.latest_by.isoformat(),
            "manager_reply_by": self.manager_reply_by.isoformat(),
            "escalate_by": self.escalate_by.isoformat(),
            "level": self.level,
            "needs_ack": self.needs_ack,
            "overdue": self.overdue,
            "flags": list(self.flags),
        }


def clocks(state: ComplaintState, now: dt.datetime, policy: PolicyValues, week: WorkingHours) -> ClockReport:
    handle_by = add_working_hours(state.received_at, policy.complaint_handle_hours, week)
    latest_by = add_working_hours(state.received_at, policy.complaint_max_hours, week)
    reply_by = state.received_at + dt.timedelta(days=policy.complaint_manager_reply_days)
    escalate_by = state.received_at + dt.timedelta(days=policy.complaint_escalate_days)
    flags: list[str] = []
    if state.resolved_at is None:
        if now > handle_by:
            flags.append("handle_late")
        if now > latest_by:
            flags.append("max_late")
        if now >= reply_by and state.manager_replied_at is None:
            flags.append("manager_reply")
        if now >= escalate_by:
            flags.append("head_office")
    level = "ok"
    for name in LEVELS:
        if name in flags:
            level = name
    needs_ack = state.acknowledged_at is None and state.resolved_at is None
    return ClockReport(handle_by, latest_by, reply_by, escalate_by, level, needs_ack,
                       overdue=bool(flags) or needs_ack, flags=flags)


# Where a cause is sent (DOMAIN.md: sales conversation → clerk training; quality → purchasing;
# packaging → warehouse).
CAUSE_ROUTES = {"sales": "training", "quality": "purchasing", "packaging": "warehouse", "other": "manager"}


def route_for(cause: str) -> str:
    return CAUSE_ROUTES.get(cause, "manager")


def three_strikes(unclear_cases: int, policy: PolicyValues) -> bool:
    return unclear_cases >= policy.three_strikes_count
