"""Complaint clocks on working hours, across a weekend, and the 7 / 15-day escalation."""

from __future__ import annotations

import datetime as dt

from counter_app.domain import complaint_clock as clock
from counter_app.domain.policy import PolicyValues

P = PolicyValues()
OFFICE = clock.WorkingHours((0, 1, 2, 3, 4), dt.time(9, 0), dt.time(18, 0))  # Monday–Friday
COUNTER = clock.WorkingHours()  # every day 10:00–22:00
FRIDAY_4PM = dt.datetime(2026, 11, 27, 16, 0)  # 2026-11-27 is a Friday


def test_six_working_hours_cross_the_weekend() -> None:
    # 2 hours on Friday, none on Saturday or Sunday, 4 on Monday morning
    assert clock.add_working_hours(FRIDAY_4PM, 6, OFFICE) == dt.datetime(2026, 11, 30, 13, 0)
    # the counter is open on the weekend: from Friday 19:00, 3 hours on Friday and 3 on Saturday
    assert clock.add_working_hours(dt.datetime(2026, 11, 27, 19, 0), 6, COUNTER) == dt.datetime(2026, 11, 28, 13, 0)
    assert clock.working_hours_between(FRIDAY_4PM, dt.datetime(2026, 11, 30, 13, 0), OFFICE) == 6.0


def test_received_out_of_hours_starts_at_opening() -> None:
    saturday_night = dt.datetime(2026, 11, 28, 23, 30)
    assert clock.add_working_hours(saturday_night, 6, OFFICE) == dt.datetime(2026, 11, 30, 15, 0)
    assert clock.add_working_hours(saturday_night, 6, COUNTER) == dt.datetime(2026, 11, 29, 16, 0)


def test_not_late_on_sunday_but_late_on_monday_afternoon() -> None:
    state = clock.ComplaintState(FRIDAY_4PM, acknowledged_at=FRIDAY_4PM)
    sunday = clock.clocks(state, dt.datetime(2026, 11, 29, 20, 0), P, OFFICE)
    assert sunday.flags == [] and not sunday.overdue
    monday = clock.clocks(state, dt.datetime(2026, 11, 30, 13, 1), P, OFFICE)
    assert monday.flags == ["handle_late"] and monday.overdue
    assert monday.latest_by == dt.datetime(2026, 12, 2, 13, 0)  # 24 working hours: Wednesday 13:00


def test_manager_reply_at_7_days_head_office_at_15() -> None:
    state = clock.ComplaintState(FRIDAY_4PM, acknowledged_at=FRIDAY_4PM)
    six_days = clock.clocks(state, FRIDAY_4PM + dt.timedelta(days=6, hours=23), P, COUNTER)
    assert six_days.level == "max_late"
    seven = clock.clocks(state, FRIDAY_4PM + dt.timedelta(days=7), P, COUNTER)
    assert seven.level == "manager_reply"
    replied = clock.ComplaintState(FRIDAY_4PM, FRIDAY_4PM, manager_replied_at=FRIDAY_4PM + dt.timedelta(days=7))
    assert "manager_reply" not in clock.clocks(replied, FRIDAY_4PM + dt.timedelta(days=8), P, COUNTER).flags
    fifteen = clock.clocks(state, FRIDAY_4PM + dt.timedelta(days=15), P, COUNTER)
    assert fifteen.level == "head_office"
    done = clock.ComplaintState(FRIDAY_4PM, FRIDAY_4PM, resolved_at=FRIDAY_4PM + dt.timedelta(hours=1))
    assert not clock.clocks(done, FRIDAY_4PM + dt.timedelta(days=30), P, COUNTER).overdue


def test_unacknowledged_is_overdue_at_once() -> None:
    report = clock.clocks(clock.ComplaintState(FRIDAY_4PM), FRIDAY_4PM, P, COUNTER)
    assert report.needs_ack and report.overdue


def test_cause_routes_and_three_strikes() -> None:
    assert clock.route_for("sales") == "training"
    assert clock.route_for("quality") == "purchasing"
    assert clock.route_for("packaging") == "warehouse"
    assert not clock.three_strikes(2, P) and clock.three_strikes(3, P)
    assert clock.three_strikes(2, P.with_changes(three_strikes_count=2))
