"""Customer files: edits with history, masking and the logged reveal, duplicates, merge, timeline."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from counter_app.data.models import (
    AuditEntry,
    Complaint,
    ContactLog,
    Customer,
    FollowUpTask,
    Intake,
    Quote,
    RepairSlip,
    SalesReceipt,
    SlipStatus,
)
from counter_app.domain import clock
from counter_app.errors import InputError, PermissionDenied
from counter_app.services import calls, complaints, customers
from counter_app.services.context import Actor
from tests.factories import World


def test_edit_keeps_history_with_before_and_after(world: World, clerk: Actor) -> None:
    cid = world.customer_ids["zhang"]
    with world.ctx.uow.write() as s:
        customers.edit(s, clerk, cid, address="上海市浦东新区 88 号", consent_calls="是", birthday="1988/5/6")
        s.commit()
    with world.ctx.uow.read() as s:
        f = customers.open_file(s, cid)
    assert f.address == "上海市浦东新区 88 号" and f.birthday == dt.date(1988, 5, 6)
    assert f.consent_calls and f.consent_at is not None and f.consent_channel == "counter"
    edit = [h for h in f.history if h.action == "update"][-1]
    assert edit.before["address"] == "上海市徐汇区漕溪北路 1 号"
    assert edit.after["address"] == "上海市浦东新区 88 号"
    assert edit.staff == "王芳"
    assert any(r.kind == "edit" and "浦东" in r.detail for r in f.timeline)


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "  "), ("phone", "12345"), ("phone", "2381234567x"), ("birthday", "2026-02-30"),
     ("consent_channel", "fax")],
)
def test_bad_input_changes_nothing(world: World, clerk: Actor, field: str, value: str) -> None:
    cid = world.customer_ids["zhang"]
    with world.ctx.uow.write() as s:
        with pytest.raises(InputError):
            customers.edit(s, clerk, cid, **{field: value})
    with world.ctx.uow.read() as s:
        c = s.get(Customer, cid)
        assert c is not None and c.name == "张晓明" and c.phone == "13812345678" and c.birthday is None


def test_full_width_phone_is_stored_as_digits(world: World, clerk: Actor) -> None:
    with world.ctx.uow.write() as s:
        c = customers.create(s, clerk, name="周 杰", phone="１３７-００００-１２３４")
        s.commit()
        assert (c.name, c.phone, c.phone_reversed) == ("周 杰", "13700001234", "43210000731")


def test_phone_masked_and_reveal_is_audited(world: World, clerk: Actor) -> None:
    cid = world.customer_ids["zhang"]
    with world.ctx.uow.read() as s:
        f = customers.open_file(s, cid)
    assert f.phone_masked == "138****5678"
    assert "13812345678" not in str(f.as_json())
    with world.ctx.uow.write() as s:
        assert customers.reveal_phone(s, clerk, cid) == "13812345678"
        s.commit()
    with world.ctx.uow.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "reveal_phone")).one()
        assert (entry.entity, entry.entity_id, entry.staff_name) == ("customer", str(cid), "王芳")


def test_duplicates_same_phone_similar_name_same_address(world: World, clerk: Actor) -> None:
    with world.ctx.uow.write() as s:
        twin = customers.create(s, clerk, name="张小明", phone="13812345678", address="上海市徐汇区漕溪北路 1 号")
        family = customers.create(s, clerk, name="张大伟", phone="13812345678")
        s.commit()
        twin_id, family_id = twin.id, family.id
    with world.ctx.uow.read() as s:
        pairs = customers.duplicates_of(s, world.customer_ids["zhang"])
    by_id = {p.other_id: p.reasons for p in pairs}
    assert by_id[twin_id] == ["same_address", "same_phone", "similar_name"]  # 张小明 reads zhangxiaoming too
    assert by_id[family_id] == ["same_phone"]
    assert pairs[0].other_id == twin_id  # more reasons first
    with world.ctx.uow.read() as s:  # nothing is merged automatically: family members stay apart
        assert s.get(Customer, family_id).merged_into_id is None  # type: ignore[union-attr]


def test_merge_moves_every_record_and_is_traceable(world: World, clerk: Actor, manager: Actor) -> None:
    keep = world.customer_ids["zeng"]
    store = world.store_ids["SH01"]
    with world.ctx.uow.write() as s:
        gone = customers.create(s, clerk, name="曾丽华", phone="13500000000", birthday="1985-03-03")
        s.flush()
        g = gone.id
        receipt = s.scalars(select(SalesReceipt).where(SalesReceipt.receipt_no == "R20261118001")).one()
        receipt.customer_id = g
        s.add(Intake(store_id=store, customer_id=g, receipt_no="R20261118001"))
        s.add(RepairSlip(number="SH01-2026-000900", store_id=store, customer_id=g, status=SlipStatus.RECEIVED))
        s.add(Quote(number="SH01-Q2026-000900", store_id=store, kind="metal", customer_id=g, on_date=clock.today()))
        s.add(FollowUpTask(store_id=store, customer_id=g, kind="birthday", due_on=clock.today(), source_key="x"))
        s.flush()
        calls.log(s, clerk, g, purpose="enquiry", text="问清洗")
        complaints.record(s, clerk, g, "等了很久")
        s.commit()

    with world.ctx.uow.write() as s:
        with pytest.raises(PermissionDenied):
            customers.merge(s, clerk, keep, g, "同一人")
    with world.ctx.uow.write() as s:
        with pytest.raises(InputError):
            customers.merge(s, manager, keep, g, "  ")
    with world.ctx.uow.write() as s:
        result = customers.merge(s, manager, keep, g, "同一人，两次建档")
        s.commit()

    with world.ctx.uow.read() as s:
        for model in (SalesReceipt, Intake, RepairSlip, Quote, FollowUpTask, ContactLog, Complaint):
            assert s.scalar(select(func.count()).select_from(model).where(model.customer_id == g)) == 0, model
        assert s.scalar(select(func.count()).select_from(SalesReceipt).where(SalesReceipt.customer_id == keep)) == 3
        kept = s.get(Customer, keep)
        assert kept is not None and kept.birthday == dt.date(1985, 3, 3) and kept.phone2 == "13500000000"
        assert s.get(Customer, g).merged_into_id == keep  # type: ignore[union-attr]
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "merge",
                                                   AuditEntry.entity_id == str(g))).one()
        assert entry.after["moved"]["slips"] == result.moved["slips"] and len(result.moved["slips"]) == 1
        assert entry.after["reason"] == "同一人,两次建档"  # NFKC-normalised
        f = customers.open_file(s, g)  # the merged file opens the kept one
        assert f.id == keep and f.merged_from == [g]
        kinds = {r.kind for r in f.timeline}
        assert {"purchase", "intake", "slip", "quote", "call", "complaint"} <= kinds


def test_timeline_lists_everything_newest_first(world: World, clerk: Actor) -> None:
    cid = world.customer_ids["zeng"]
    with world.ctx.uow.write() as s:
        calls.log(s, clerk, cid, channel="letter", purpose="invitation", outcome="sent", text="新品品鉴会邀请函",
                  at=dt.datetime(2026, 11, 24, 10, 0))
        calls.log(s, clerk, cid, direction="in", purpose="enquiry", text="问改手寸", at=dt.datetime(2026, 11, 24, 11, 0))
        complaints.record(s, clerk, cid, "顾客表扬服务周到", kind="praise", coupon="5",
                          received_at=dt.datetime(2026, 11, 24, 12, 0))
        s.commit()
    with world.ctx.uow.read() as s:
        rows = customers.timeline(s, cid)
    titles = [r.title for r in rows]
    assert titles[:3] == ["表扬 SH01-P2026-0001", "来电 咨询", "信函 活动邀请"]
    assert [r.kind for r in rows[:3]] == ["praise", "call", "letter"]
    assert "购买 R20261117002" in titles and "购买 R20261026003" in titles
    assert rows == sorted(rows, key=lambda r: r.at, reverse=True)
    with world.ctx.uow.read() as s:
        praise = s.scalars(select(Complaint).where(Complaint.kind == "praise")).one()
        assert praise.coupon_amount == Decimal("5.00")
