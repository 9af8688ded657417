"""Follow-up calls (跟踪服务): which tasks a customer gets on a day, their order and call windows.

The handbook: anniversary service first, then first service, then the rest; call in the
morning window 09:30–10:30 and ring what is left in the afternoon 14:30–16:30.
Marketing calls (anniversaries, birthdays, events, cleaning reminders) need the customer's consent to calls;
service calls (first service, satisfaction call after a repair) do not.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from counter_app.domain.policy import PolicyValues

AFTER_REPAIR_DAYS = 3  # satisfaction call this many days after the piece was collected
EVENT_LEAD_DAYS = 14  # customers are picked and called two weeks before an event
MAX_YEARS_BACK = 40
MINUTES_PER_CALL = 5

# Kinds in the handbook's order; the number is the sort rank.
KIND_ORDER = {
    "anniversary": 0,
    "first_service": 1,
    "after_repair": 2,
    "cleaning": 3,
    "birthday": 4,
    "wedding_anniversary": 5,
    "event": 6,
}
MARKETING = {"anniversary", "birthday", "wedding_anniversary", "event", "cleaning"}

MORNING = (dt.time(9, 30), dt.time(10, 30))
AFTERNOON = (dt.time(14, 30), dt.time(16, 30))


@dataclass(frozen=True)
class Purchase:
    receipt_id: int
    receipt_no: str
    sold_on: dt.date


@dataclass(frozen=True)
class CollectedSlip:
    slip_id: int
    number: str
    collected_on: dt.date


@dataclass
class CustomerFacts:
    customer_id: int
    consent_calls: bool
    birthday: dt.date | None = None
    wedding_anniversary: dt.date | None = None
    purchases: list[Purchase] = field(default_factory=list)
    collected: list[CollectedSlip] = field(default_factory=list)


@dataclass(frozen=True)
class TaskSpec:
    customer_id: int
    kind: str
    due_on: dt.date
    source_key: str
    reason: str  # Chinese, shown on the list

    @property
    def marketing(self) -> bool:
        return self.kind in MARKETING


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day `months` later; the 31st becomes the last day of a shorter month."""
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def same_day_of_year(anchor: dt.date, on: dt.date) -> bool:
    """True when `on` is the yearly return of `anchor` (29 February falls on the 28th)."""
    if anchor.month == on.month and anchor.day == on.day:
        return True
    return (
        anchor.month == 2 and anchor.day == 29 and on.month == 2 and on.day == 28
        and not calendar.isleap(on.year)
    )


def months_before(on: dt.date, months: int) -> list[dt.date]:
    """Every day d with add_months(d, months) == on (several when `on` ends a month)."""
    first = add_months(on, -months)
    out = [first]
    d = first + dt.timedelta(days=1)
    while d.month == first.month and add_months(d, months) == on:
        out.append(d)
        d += dt.timedelta(days=1)
    return out


def anniversary_dates(on: dt.date, years: int = MAX_YEARS_BACK) -> list[dt.date]:
    """Sale dates whose anniversary is `on` (1 to `years` years back)."""
    out: list[dt.date] = []
    for k in range(1, years + 1):
        y = on.year - k
        if on.month == 2 and on.day == 28 and not calendar.isleap(on.year) and calendar.isleap(y):
            out.append(dt.date(y, 2, 29))
        try:
            out.append(dt.date(y, on.month, on.day))
        except ValueError:
            pass
    return out


def tasks_for(facts: CustomerFacts, on: dt.date, policy: PolicyValues) -> list[TaskSpec]:
    """The tasks `facts` earns on day `on`; each carries a key so generating twice adds nothing."""
    out: list[TaskSpec] = []
    cid = facts.customer_id
    for p in facts.purchases:
        if p.sold_on < on and same_day_of_year(p.sold_on, on):
            years = on.year - p.sold_on.year
            out.append(TaskSpec(cid, "anniversary", on, f"anniv:{p.receipt_id}:{on.year}",
                                f"购买 {years} 周年（{p.receipt_no}）"))
        if p.sold_on + dt.timedelta(days=policy.first_service_days) == on:
            out.append(TaskSpec(cid, "first_service", on, f"first:{p.receipt_id}",
                                f"首次服务：购买后 {policy.first_service_days} 天（{p.receipt_no}）"))
        interval = policy.cleaning_interval_months
        if interval > 0 and p.sold_on < on:
            months = (on.year - p.sold_on.year) * 12 + on.month - p.sold_on.month
            if months > 0 and months % interval == 0 and add_months(p.sold_on, months) == on:
                out.append(TaskSpec(cid, "cleaning", on, f"clean:{p.receipt_id}:{months}",
                                    f"清洗保养提醒：购买后 {months} 个月（{p.receipt_no}）"))
    if facts.birthday and same_day_of_year(facts.birthday, on):
        out.append(TaskSpec(cid, "birthday", on, f"bday:{cid}:{on.year}", "生日"))
    if facts.wedding_anniversary and same_day_of_year(facts.wedding_anniversary, on):
        out.append(TaskSpec(cid, "wedding_anniversary", on, f"wed:{cid}:{on.year}", "结婚纪念日"))
    for slip in facts.collected:
        if slip.collected_on + dt.timedelta(days=AFTER_REPAIR_DAYS) == on:
            out.append(TaskSpec(cid, "after_repair", on, f"repair:{slip.slip_id}",
                                f"维修取件后满意度回访（{slip.number}）"))
    return [t for t in out if facts.consent_calls or not t.marketing]


@dataclass(frozen=True)
class CallSlot:
    window: str  # "morning" / "afternoon" / "later"
    starts: dt.time | None


def sort_key(kind: str, due_on: dt.date, task_id: int) -> tuple[int, dt.date, int]:
    return (KIND_ORDER.get(kind, len(KIND_ORDER)), due_on, task_id)


def _slots(window: tuple[dt.time, dt.time], minutes: int) -> list[dt.time]:
    start = dt.datetime.combine(dt.date(2000, 1, 1), window[0])
    end = dt.datetime.combine(dt.date(2000, 1, 1), window[1])
    out = []
    while start + dt.timedelta(minutes=minutes) <= end:
        out.append(start.time())
        start += dt.timedelta(minutes=minutes)
    return out


def plan_windows(count: int, minutes_per_call: int = MINUTES_PER_CALL,
                 now: dt.time | None = None) -> list[CallSlot]:
    """Slots for `count` calls in list order: morning first, the rest in the afternoon.

    With `now` given, slots already past are skipped (the list is worked at 11:00: all
    go to the afternoon). Calls beyond both windows are "later" (carried to tomorrow).
    """
    slots: list[CallSlot] = []
    for name, window in (("morning", MORNING), ("afternoon", AFTERNOON)):
        for t in _slots(window, minutes_per_call):
            if now is None or t >= now:
                slots.append(CallSlot(name, t))
    out = slots[:count]
    out += [CallSlot("later", None)] * (count - len(out))
    return out
