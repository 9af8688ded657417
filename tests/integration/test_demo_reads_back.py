"""What the demo writes, the program reads the same way: a declined repair prints as declined, a
certificate recorded at intake counts for a trade-in, maintenance reaches the weekly archive."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from counter_app.bootstrap import AppContext
from counter_app.data.models import (
    AuditEntry,
    ContactLog,
    FactoryBatch,
    FollowUpTask,
    Intake,
    RepairSlip,
    SlipEvent,
)
from counter_app.domain.pricing import NewPiece
from counter_app.domain.records import Condition, RecordError, defects_from_json
from counter_app.domain.verification import Observed
from counter_app.services import demo, quotes, slip_print
from counter_app.services.context import Actor
from tests.factories import TODAY


@pytest.fixture
def filled(ctx: AppContext) -> tuple[AppContext, demo.DemoResult]:
    return ctx, demo.fill_demo(ctx.uow, None, customers=120, seed=11, today=TODAY)


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _manager_of(ctx: AppContext, store_id: int) -> Actor:
    from counter_app.data.models import Role, Staff, Store

    with ctx.uow.read() as s:
        staff = s.scalars(select(Staff).where(Staff.store_id == store_id, Staff.role == Role.MANAGER)).first()
        store = s.get(Store, store_id)
        assert staff is not None and store is not None
        return Actor(staff.id, staff.name, staff.role, store_id, store.code)


def test_a_declined_repair_prints_as_declined(filled: tuple[AppContext, demo.DemoResult]) -> None:
    ctx, _result = filled
    with ctx.uow.read() as s:
        slips = [r for r in s.scalars(select(RepairSlip)) if r.unmentioned_defects]
        assert slips, "the demo has slips with a defect the customer did not mention"
        slip = slips[0]
        number, store_id = slip.number, slip.store_id
        assert [d.decision for d in defects_from_json(slip.unmentioned_defects)] == ["refuse"]
    with ctx.uow.write() as s:
        pdf, _n = slip_print.print_slip(s, _manager_of(ctx, store_id), number)
        s.commit()
    text = _text(pdf)
    assert "顾客拒绝维修：表面轻微刮伤" in text
    assert "同意维修：表面轻微刮伤" not in text


def test_a_demo_intake_with_its_certificate_allows_a_trade_in(filled: tuple[AppContext, demo.DemoResult]) -> None:
    ctx, _result = filled
    with ctx.uow.read() as s:
        intakes = [i for i in s.scalars(select(Intake)) if (i.observed or {}).get("cert_no")]
        assert intakes, "the demo has intakes of certified pieces"
        intake = intakes[0]
        assert Observed.from_dict(intake.observed).cert_issuer
        assert Condition.from_json(intake.condition) is not None
        req = quotes.intake_request(s, intake.id)
        store_id = intake.store_id
    req.new_pieces = [NewPiece(Decimal("999999"))]
    req.on = TODAY
    with ctx.uow.read() as s:
        priced = quotes.price(s, _manager_of(ctx, store_id), req)
    reasons = " ".join(priced.result.reasons)
    assert "未核对证书机构" not in reasons and "未核对证书号" not in reasons


def test_records_refuse_other_spellings() -> None:
    with pytest.raises(RecordError):
        Observed.from_dict({"certificate_issuer": "GIA"})
    with pytest.raises(RecordError):
        defects_from_json([{"defect": "刮伤", "decision": "顾客暂不处理"}])
    with pytest.raises(RecordError):
        Condition.from_json({"damaged_parts": ["开焊"]})


def test_the_counter_work_leaves_the_trail_the_counter_leaves(filled: tuple[AppContext, demo.DemoResult]) -> None:
    """Intakes checked, slips moved in batches, quotes answered before the factory, pickups weighed
    and signed, notices filed with their slip, follow-up calls with their task; all in the audit
    trail, which reads in the order the work was done."""
    ctx, _result = filled
    with ctx.uow.read() as s:
        intakes = list(s.scalars(select(Intake)))
        slips = list(s.scalars(select(RepairSlip)))
        audited = {(a.entity, a.entity_id) for a in s.scalars(select(AuditEntry).where(AuditEntry.action == "create"))}
        assert all(i.verification["verdict"] == "match" for i in intakes)
        assert all(("intake", str(i.id)) in audited for i in intakes)
        assert all(("repair_slip", sl.number) in audited for sl in slips)
        assert {b.direction for b in s.scalars(select(FactoryBatch))} == {"send", "receive"}
        for sl in slips:
            events = list(s.scalars(select(SlipEvent).where(SlipEvent.slip_id == sl.id).order_by(SlipEvent.id)))
            moves = {e.to_status: e for e in events if e.kind == "status"}
            for to in ("sent", "back"):
                if to in moves:
                    assert moves[to].batch_id is not None
            if "back" in moves:
                assert sl.return_weight_g == sl.intake_weight_g
            if "collected" in moves and "sent" in moves:
                assert sl.pickup_weight_g is not None and moves["collected"].data["signature"]
                assert sl.paid == sl.repair_fee + sl.shipping_fee
            if "sent" in moves and (sl.factory_quote or {}).get("amount"):
                accepted = next(e for e in events if e.kind == "quote_accepted")
                assert accepted.at <= moves["sent"].at and accepted.id < moves["sent"].id
        notices = list(s.scalars(select(ContactLog).where(ContactLog.purpose == "notify")))
        assert notices and all(n.slip_id is not None for n in notices)
        calls = list(s.scalars(select(ContactLog).where(ContactLog.purpose == "follow_up")))
        assert calls and all(c.follow_up_id is not None for c in calls)
        assert all(t.attempts >= 1 for t in s.scalars(select(FollowUpTask).where(FollowUpTask.status != "open")))
        # The steps of the demo's staff, in the order of their time.
        times = list(s.scalars(select(AuditEntry.at).where(AuditEntry.staff_id.isnot(None)).order_by(AuditEntry.id)))
        assert times and times == sorted(times)
