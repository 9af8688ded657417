"""Which follow-up calls a customer earns on a day, and how the day's list is ordered."""

from __future__ import annotations

import datetime as dt

from counter_app.domain import followup_rules as rules
from counter_app.domain.policy import PolicyValues

P = PolicyValues()


def facts(consent: bool = True, **kw: object) -> rules.CustomerFacts:
    return rules.CustomerFacts(1, consent, **kw)  # type: ignore[arg-type]


def kinds(f: rules.CustomerFacts, on: dt.date) -> list[str]:
    return sorted(t.kind for t in rules.tasks_for(f, on, P))


def test_purchase_anniversary_first_service_and_cleaning() -> None:
    f = facts(purchases=[rules.Purchase(7, "R7", dt.date(2025, 3, 10))])
    assert kinds(f, dt.date(2026, 3, 10)) == ["anniversary", "cleaning"]  # 12 months is a cleaning month too
    assert kinds(f, dt.date(2025, 4, 9)) == ["first_service"]  # 30 days after the sale
    assert kinds(f, dt.date(2025, 9, 10)) == ["cleaning"]  # every 6 months
    assert kinds(f, dt.date(2025, 6, 10)) == []
    keys = {t.source_key for t in rules.tasks_for(f, dt.date(2026, 3, 10), P)}
    assert keys == {"anniv:7:2026", "clean:7:12"}


def test_month_end_and_leap_day() -> None:
    f = facts(purchases=[rules.Purchase(1, "R1", dt.date(2025, 8, 31))])
    assert kinds(f, dt.date(2026, 2, 28)) == ["cleaning"]  # 31 August + 6 months = end of February
    assert dt.date(2025, 8, 31) in rules.months_before(dt.date(2026, 2, 28), 6)
    leap = facts(birthday=dt.date(1992, 2, 29))
    assert kinds(leap, dt.date(2027, 2, 28)) == ["birthday"]
    assert kinds(leap, dt.date(2028, 2, 28)) == []
    assert dt.date(2024, 2, 29) in rules.anniversary_dates(dt.date(2027, 2, 28))


def test_marketing_calls_need_consent_service_calls_do_not() -> None:
    day = dt.date(2026, 5, 1)
    f = facts(consent=False, birthday=dt.date(1980, 5, 1), wedding_anniversary=dt.date(2010, 5, 1),
              purchases=[rules.Purchase(2, "R2", dt.date(2025, 5, 1)), rules.Purchase(3, "R3", dt.date(2026, 4, 1))],
              collected=[rules.CollectedSlip(9, "S9", day - dt.timedelta(days=rules.AFTER_REPAIR_DAYS))])
    assert kinds(f, day) == ["after_repair", "first_service"]
    f.consent_calls = True
    assert kinds(f, day) == ["after_repair", "anniversary", "birthday", "cleaning", "first_service",
                             "wedding_anniversary"]


def test_windows_morning_first_then_afternoon_then_later() -> None:
    slots = rules.plan_windows(40)
    assert [s.window for s in slots[:12]] == ["morning"] * 12  # 09:30–10:30 at 5 minutes a call
    assert slots[0].starts == dt.time(9, 30) and slots[11].starts == dt.time(10, 25)
    assert slots[12].window == "afternoon" and slots[12].starts == dt.time(14, 30)
    assert slots[35].starts == dt.time(16, 25)
    assert [s.window for s in slots[36:]] == ["later"] * 4
    # worked at 11:00: the morning is gone, everything goes to the afternoon
    late = rules.plan_windows(3, now=dt.time(11, 0))
    assert [s.starts for s in late] == [dt.time(14, 30), dt.time(14, 35), dt.time(14, 40)]


def test_handbook_order() -> None:
    tasks = [("birthday", 1), ("first_service", 2), ("anniversary", 3), ("after_repair", 4)]
    ordered = sorted(tasks, key=lambda t: rules.sort_key(t[0], dt.date(2026, 1, 1), t[1]))
    assert [k for k, _ in ordered] == ["anniversary", "first_service", "after_repair", "birthday"]
