"""Complaints: first responder, steps and cause routing, clocks on the store's week, three strikes."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from counter_app.data.models import AuditEntry, ContactLog
from counter_app.errors import InputError, PermissionDenied
from counter_app.services import complaints, customers
from counter_app.services.context import Actor
from tests.factories import World

FRIDAY_5PM = dt.datetime(2026, 11, 27, 17, 0)


def test_first_responder_owns_and_manager_reassigns_with_reason(world: World, clerk: Actor, manager: Actor) -> None:
    other = world.clerk_other_store
    with world.ctx.uow.write() as s:
        c = complaints.record(s, clerk, world.customer_ids["zeng"], "项链掉色，价格还这么贵", place="柜台",
                              people="顾客、王芳", received_at=FRIDAY_5PM)
        number = c.number
        s.commit()
    assert number == "SH01-C2026-0001"
    with world.ctx.uow.write() as s:
        with pytest.raises(PermissionDenied):
            complaints.add_step(s, other, number, "apology", "抱歉")  # not the owner
        with pytest.raises(PermissionDenied):
            complaints.reassign(s, clerk, number, other.staff_id or 0, "换人")
        with pytest.raises(InputError):
            complaints.reassign(s, manager, number, other.staff_id or 0, " ")
        complaints.reassign(s, manager, number, other.staff_id or 0, "顾客在北京店复诊")
        complaints.add_step(s, other, number, "apology", "当面致歉")
        s.commit()
    with world.ctx.uow.read() as s:
        row = complaints.show(s, number)
        assert row.owner == "陈静"
        assert [st["step"] for st in row.steps] == ["acknowledge", "reassigned", "apology"]
        # the complaint is logged on the customer as an incoming contact
        log = s.scalars(select(ContactLog).where(ContactLog.purpose == "complaint")).one()
        assert log.customer_id == world.customer_ids["zeng"] and log.direction == "in"


def test_steps_and_cause_routing(world: World, clerk: Actor) -> None:
    with world.ctx.uow.write() as s:
        c = complaints.record(s, clerk, world.customer_ids["zhang"], "包装盒破损", received_at=FRIDAY_5PM)
        complaints.add_step(s, clerk, c.id, "repeat_back", "您是说礼盒压坏了，对吗？")
        complaints.add_step(s, clerk, c.id, "compensation", compensation="换新礼盒")
        complaints.add_step(s, clerk, c.id, "reply_promised", promised_by=dt.datetime(2026, 11, 28, 12, 0))
        complaints.add_step(s, clerk, c.id, "cause", "运输挤压", cause="packaging")
        with pytest.raises(InputError):
            complaints.add_step(s, clerk, c.id, "cause", cause="weather")
        with pytest.raises(PermissionDenied):
            complaints.add_step(s, clerk, c.id, "manager_reply", "店长答复")
        s.commit()
        cid = c.id
    with world.ctx.uow.read() as s:
        row = complaints.show(s, cid)
        assert (row.cause, row.routed_to) == ("packaging", "warehouse")
        entries = s.scalars(select(AuditEntry).where(AuditEntry.entity == "complaint")).all()
        assert len(entries) == 5


def test_clocks_across_a_weekend_with_office_hours(world: World, clerk: Actor, manager: Actor) -> None:
    store = world.store_ids["SH01"]
    with world.ctx.uow.write() as s:
        with pytest.raises(PermissionDenied):
            complaints.set_working_hours(s, clerk, [0, 1, 2, 3, 4], "09:00", "18:00")
        complaints.set_working_hours(s, manager, [0, 1, 2, 3, 4], "09:00", "18:00")
        complaints.record(s, clerk, world.customer_ids["zhang"], "戒指爪松", received_at=FRIDAY_5PM)
        s.commit()
    with world.ctx.uow.read() as s:
        sunday = complaints.attention_list(s, store, dt.datetime(2026, 11, 29, 21, 0))
        monday_2pm = complaints.attention_list(s, store, dt.datetime(2026, 11, 30, 14, 1))
        row = complaints.show(s, "SH01-C2026-0001")
    assert sunday == []  # 1 working hour used on Friday, none at the weekend
    assert [r.clock.level for r in monday_2pm] == ["handle_late"]
    assert row.clock.handle_by == dt.datetime(2026, 11, 30, 14, 0)


def test_seven_and_fifteen_days(world: World, clerk: Actor, manager: Actor) -> None:
    store = world.store_ids["SH01"]
    with world.ctx.uow.write() as s:
        c = complaints.record(s, clerk, world.customer_ids["zhang"], "维修后仍松动", received_at=FRIDAY_5PM)
        cid = c.id
        s.commit()
    day7 = FRIDAY_5PM + dt.timedelta(days=7)
    with world.ctx.uow.read() as s:
        assert [r.clock.level for r in complaints.attention_list(s, store, day7)] == ["manager_reply"]
    with world.ctx.uow.write() as s:
        complaints.add_step(s, manager, cid, "manager_reply", "店长致电顾客说明进度", at=day7)
        s.commit()
    with world.ctx.uow.read() as s:
        rows = complaints.attention_list(s, store, day7 + dt.timedelta(hours=1))
        assert [r.clock.level for r in rows] == ["max_late"]
        rows = complaints.attention_list(s, store, FRIDAY_5PM + dt.timedelta(days=15))
        assert [(r.clock.level, r.level_text) for r in rows] == [("head_office", "满 15 天未解决：上报总部")]
    with world.ctx.uow.write() as s:
        complaints.resolve(s, clerk, cid, "重新镶嵌，顾客满意")
        s.commit()
    with world.ctx.uow.read() as s:
        assert complaints.attention_list(s, store, FRIDAY_5PM + dt.timedelta(days=20)) == []
        assert complaints.list_complaints(s, store, overdue_only=True) == []


def test_three_strikes_flag(world: World, clerk: Actor) -> None:
    cid = world.customer_ids["li"]
    with world.ctx.uow.write() as s:
        for i in range(3):
            c = complaints.record(s, clerk, cid, f"第 {i + 1} 次：说不清原因的断链", received_at=FRIDAY_5PM)
            if i < 2:
                complaints.resolve(s, clerk, c.id, "免费焊接", responsibility_unclear=True)
        s.commit()
    with world.ctx.uow.read() as s:
        assert complaints.three_strikes(s, cid) == (2, False)
        assert not customers.open_file(s, cid).three_strikes
    with world.ctx.uow.write() as s:
        complaints.add_step(s, clerk, "SH01-C2026-0003", "cause", cause="quality", responsibility_unclear=True)
        s.commit()
    with world.ctx.uow.read() as s:
        assert complaints.three_strikes(s, cid) == (3, True)
        assert customers.open_file(s, cid).three_strikes
        assert complaints.show(s, "SH01-C2026-0003").three_strikes


def test_praise_with_coupon_is_never_overdue(world: World, clerk: Actor) -> None:
    with world.ctx.uow.write() as s:
        p = complaints.record(s, clerk, world.customer_ids["zeng"], "王芳服务耐心", kind="praise", coupon="５",
                              received_at=FRIDAY_5PM)
        c = complaints.record(s, clerk, world.customer_ids["zeng"], "等太久", received_at=FRIDAY_5PM)
        s.commit()
        number, complaint_no = p.number, c.number
    with world.ctx.uow.read() as s:
        row = complaints.show(s, number, FRIDAY_5PM + dt.timedelta(days=30))
    assert (number, complaint_no) == ("SH01-P2026-0001", "SH01-C2026-0001")  # two gapless series
    assert row.as_json()["coupon_amount"] == "5.00" and not row.clock.overdue


def test_bad_input(world: World, clerk: Actor) -> None:
    with world.ctx.uow.write() as s:
        with pytest.raises(InputError):
            complaints.record(s, clerk, world.customer_ids["zeng"], "  ")
        with pytest.raises(InputError):
            complaints.record(s, clerk, world.customer_ids["zeng"], "x", coupon="五元")
    assert complaints.FAQ[0]["avoid"][0][0] == "“是么，有这种情况？不会吧。”"


def test_escalation_words_follow_the_policy_in_force(world: World, clerk: Actor, manager: Actor) -> None:
    world.ctx.counter.policy.change(manager, {"complaint_manager_reply_days": 5, "complaint_escalate_days": 10},
                  "总部缩短投诉时限")
    store = world.store_ids["SH01"]
    with world.ctx.uow.write() as s:
        complaints.record(s, clerk, world.customer_ids["zhang"], "维修后仍松动", received_at=FRIDAY_5PM)
        s.commit()
    with world.ctx.uow.read() as s:
        rows = complaints.attention_list(s, store, FRIDAY_5PM + dt.timedelta(days=5))
        assert [(r.clock.level, r.level_text) for r in rows] == [("manager_reply", "满 5 天未解决：店长须答复")]
        rows = complaints.attention_list(s, store, FRIDAY_5PM + dt.timedelta(days=10))
        assert [(r.clock.level, r.level_text) for r in rows] == [("head_office", "满 10 天未解决：上报总部")]
