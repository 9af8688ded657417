"""Follow-up generation from the files, today's call list, outcomes, letters and the stand-in."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from counter_app.data.models import ContactLog, Customer, FollowUpTask, RepairSlip, SlipStatus
from counter_app.errors import PermissionDenied
from counter_app.services import calls, followups
from counter_app.services.context import Actor
from tests.factories import TODAY, World


def _consent_all(world: World) -> None:
    with world.ctx.uow.write() as s:
        for cid in world.customer_ids.values():
            s.get(Customer, cid).consent_calls = True  # type: ignore[union-attr]
        s.get(Customer, world.customer_ids["zhang"]).birthday = dt.date(1990, 12, 18)  # type: ignore[union-attr]
        s.commit()


def test_generation_is_idempotent_and_follows_consent(world: World, manager: Actor) -> None:
    day = dt.date(2026, 12, 18)  # 30 days after 张晓明's purchase (first service)
    with world.ctx.uow.write() as s:
        s.get(Customer, world.customer_ids["zhang"]).birthday = dt.date(1990, 12, 18)  # type: ignore[union-attr]
        r1 = followups.generate(s, manager, day)
        r2 = followups.generate(s, manager, day)
        s.commit()
    assert r1.by_kind == {"first_service": 1}  # no consent: no birthday call
    assert (r2.created, r2.skipped) == (0, 1)
    _consent_all(world)
    with world.ctx.uow.write() as s:
        r3 = followups.generate(s, manager, day - dt.timedelta(days=3), day)
        s.commit()
    assert r3.by_kind == {"birthday": 1, "first_service": 1}  # 曾丽华's first service fell on 12-17


def test_todays_calls_in_handbook_order_and_windows(world: World, manager: Actor, clerk: Actor) -> None:
    _consent_all(world)
    store = world.store_ids["SH01"]
    with world.ctx.uow.write() as s:
        # a sale one year back (anniversary + 12-month cleaning) and a slip collected 3 days before
        slip = RepairSlip(number="SH01-2026-000500", store_id=store, customer_id=world.customer_ids["zeng"],
                          status=SlipStatus.COLLECTED, collected_at=dt.datetime(2026, 12, 15, 15, 0))
        s.add(slip)
        from counter_app.data.models import SalesReceipt

        s.add(SalesReceipt(receipt_no="R20251218009", store_id=store, customer_id=world.customer_ids["zeng"],
                           sold_on=dt.date(2025, 12, 18)))
        s.flush()
        followups.generate(s, manager, dt.date(2026, 12, 18))
        s.commit()
    with world.ctx.uow.read() as s:
        rows = calls.today(s, store, dt.date(2026, 12, 18))
    assert [r.kind for r in rows] == ["anniversary", "first_service", "after_repair", "cleaning", "birthday"]
    assert [r.slot for r in rows] == ["09:30", "09:35", "09:40", "09:45", "09:50"]
    assert {r.window for r in rows} == {"morning"} and rows[0].window_text == "09:30–10:30"
    assert rows[0].phone_masked == "139****4321"
    with world.ctx.uow.read() as s:
        after_11 = calls.today(s, store, dt.date(2026, 12, 18), dt.time(11, 0))
    assert [r.window for r in after_11] == ["afternoon"] * 5 and after_11[0].slot == "14:30"


def test_outcomes_move_the_task_and_are_logged(world: World, manager: Actor, clerk: Actor) -> None:
    store = world.store_ids["SH01"]
    day = dt.date(2026, 12, 18)
    with world.ctx.uow.write() as s:
        followups.generate(s, manager, day)
        task = s.scalars(select(FollowUpTask)).one()
        tid = task.id
        s.commit()
    with world.ctx.uow.write() as s:  # a clerk who is not the stand-in may not work the list
        with pytest.raises(PermissionDenied):
            calls.log(s, clerk, None, follow_up_id=tid, outcome="reached", at=dt.datetime(2026, 12, 18, 9, 30))
    with world.ctx.uow.write() as s:
        calls.name_stand_in(s, manager, clerk.staff_id or 0, day, day + dt.timedelta(days=6), "店长休假")
        calls.log(s, clerk, None, follow_up_id=tid, outcome="no_answer", at=dt.datetime(2026, 12, 18, 9, 31))
        s.commit()
    with world.ctx.uow.read() as s:
        rows = calls.today(s, store, day)
        assert [(r.task_id, r.status, r.attempts) for r in rows] == [(tid, "retry", 1)]
    with world.ctx.uow.write() as s:
        calls.log(s, clerk, None, follow_up_id=tid, outcome="booked", text="周六下午到店清洗",
                  at=dt.datetime(2026, 12, 18, 14, 40))
        s.commit()
    with world.ctx.uow.read() as s:
        assert calls.today(s, store, day) == []
        logs = s.scalars(select(ContactLog).order_by(ContactLog.id)).all()
        assert [(g.purpose, g.outcome, g.customer_id) for g in logs] == [
            ("follow_up", "no_answer", world.customer_ids["zhang"]),
            ("follow_up", "booked", world.customer_ids["zhang"]),
        ]
        assert s.get(FollowUpTask, tid).status == "done"  # type: ignore[union-attr]


def test_event_invitations_two_weeks_before(world: World, manager: Actor, clerk: Actor) -> None:
    _consent_all(world)
    event_on = dt.date(2026, 12, 20)
    with world.ctx.uow.write() as s:
        with pytest.raises(PermissionDenied):
            followups.plan_event(s, clerk, "钻石品鉴会", event_on, followups.EventRule(years=2))
        r = followups.plan_event(s, manager, "钻石品鉴会", event_on, followups.EventRule(years=2))
        again = followups.plan_event(s, manager, "钻石品鉴会", event_on, followups.EventRule(years=2))
        s.commit()
    # SH01 diamond buyers: 张晓明 (DR0001, GIA) and 曾丽华 (DR0002, NGTC); 李娜 bought in BJ01
    assert r.created == 2 and again.created == 0
    with world.ctx.uow.read() as s:
        rows = calls.today(s, world.store_ids["SH01"], event_on - dt.timedelta(days=14))
    assert {r.name for r in rows} == {"张晓明", "曾丽华"} and {r.kind for r in rows} == {"event"}
    assert "钻石品鉴会" in rows[0].reason


def test_every_call_is_on_the_customer(world: World, clerk: Actor) -> None:
    cid = world.customer_ids["li"]
    with world.ctx.uow.write() as s:
        calls.log(s, clerk, cid, direction="in", purpose="enquiry", text="问以旧换新")
        calls.log(s, clerk, cid, channel="letter", purpose="invitation", outcome="sent", text="邀请函")
        s.commit()
    with world.ctx.uow.read() as s:
        assert [g.purpose for g in calls.for_customer(s, cid)] == ["invitation", "enquiry"] or \
            {g.purpose for g in calls.for_customer(s, cid)} == {"invitation", "enquiry"}


def test_today_default_is_the_fixture_day(world: World, manager: Actor) -> None:
    # 曾丽华 bought R20261026003 30 days before TODAY: a first-service call today
    with world.ctx.uow.write() as s:
        followups.generate(s, manager, TODAY)
        s.commit()
        rows = calls.today(s, world.store_ids["SH01"], TODAY)
    assert [(r.name, r.kind) for r in rows] == [("曾丽华", "first_service")]
