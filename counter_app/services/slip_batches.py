"""Sending slips to the factory and receiving them back, in batches with a signed list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.data import numbering
from counter_app.data.models import FactoryBatch, RepairSlip, SlipEvent, Staff, Store
from counter_app.domain import slip_rules as rules
from counter_app.domain.dates import now
from counter_app.domain.text import clean
from counter_app.errors import Conflict, NotFound
from counter_app.i18n import _
from counter_app.services import audit, policy, slips
from counter_app.services.context import Actor


@dataclass
class BatchResult:
    batch: FactoryBatch
    slips: list[RepairSlip]
    warnings: list[str] = field(default_factory=list)


def _new_batch(session: Session, actor: Actor, direction: str, factory: str, note: str) -> FactoryBatch:
    store = session.get(Store, actor.require_store())
    assert store is not None
    at = now()
    batch = FactoryBatch(number=numbering.batch_number(session, store.code, at.year), store_id=store.id,
                         direction=direction, factory=clean(factory), note=slips.free_text(note), created_at=at,
                         created_by_id=actor.staff_id)
    session.add(batch)
    session.flush()
    return batch


def send(session: Session, actor: Actor, numbers: Sequence[str], factory: str = "", note: str = "") -> BatchResult:
    """received → sent for every slip, or none: one refusal stops the whole batch."""
    rows = slips.many(session, numbers)
    for slip in rows:
        blocked = slips.quote_blocks_factory(slip)
        if blocked:
            raise Conflict(blocked)
        if slip.status.value != rules.RECEIVED:
            raise Conflict(_("维修单 {no} 是“{s}”，只有“已收件”的维修单可以送厂。", no=slip.number,
                             s=rules.status_label(slip.status.value)))
        if slip.lost.get("reported") if slip.lost else False:
            raise Conflict(_("维修单 {no} 已挂失。", no=slip.number))
    batch = _new_batch(session, actor, "send", factory, note)
    for slip in rows:
        slips.move(session, actor, slip, rules.SENT, note or _("送厂批次 {b}", b=batch.number),
                   {"batch": batch.number}, batch_id=batch.id)
    audit.record(session, actor, "create", "factory_batch", batch.number,
                 _("送厂批次 {b}：{n} 张维修单", b=batch.number, n=len(rows)),
                 after={"slips": slips.numbers_of(rows), "factory": batch.factory})
    return BatchResult(batch, rows)


def receive(
    session: Session, actor: Actor, items: Sequence[tuple[str, Decimal | str | None]], factory: str = "",
    note: str = "",
) -> BatchResult:
    """sent → back for every slip with the weight taken again; warns beyond the tolerance."""
    rows = slips.many(session, [n for n, _w in items])
    weights = [slips._grams(w) if w not in (None, "") else None for _n, w in items]
    for slip in rows:
        if slip.status.value != rules.SENT:
            raise Conflict(_("维修单 {no} 是“{s}”，只有“已送厂”的维修单可以收回。", no=slip.number,
                             s=rules.status_label(slip.status.value)))
    pv_row, pv = policy.current(session)
    batch = _new_batch(session, actor, "receive", factory, note)
    warnings: list[str] = []
    for slip, weight in zip(rows, weights, strict=True):
        check = rules.weight_check(slip.intake_weight_g, weight, pv.weight_tolerance_g)
        slip.return_weight_g = weight
        data: dict[str, Any] = {"batch": batch.number, "weight": check.as_dict(), "policy_version": pv_row.version}
        text = check.warning()
        if text:
            warnings.append(f"{slip.number}: {text}")
            data["warning"] = text
        if slip.unrepaired:
            data["unrepaired"] = True
        slips.move(session, actor, slip, rules.BACK, note or _("回店批次 {b}", b=batch.number), data,
                   batch_id=batch.id)
    audit.record(session, actor, "create", "factory_batch", batch.number,
                 _("回店批次 {b}：{n} 张维修单", b=batch.number, n=len(rows)),
                 after={"slips": slips.numbers_of(rows), "warnings": warnings})
    return BatchResult(batch, rows, warnings)


def return_unrepaired(session: Session, actor: Actor, number: str, note: str = "") -> RepairSlip:
    """A refused quote on an item still in store: received → back, marked 未维修退回."""
    slip = slips.get(session, number)
    if not slip.unrepaired:
        raise Conflict(_("维修单 {no} 没有被拒绝的报价。", no=slip.number))
    slips.move(session, actor, slip, rules.BACK, note or _(rules.UNREPAIRED_MARK), {"unrepaired": True})
    return slip


def get_batch(session: Session, number: str) -> FactoryBatch:
    batch = session.scalars(select(FactoryBatch).where(FactoryBatch.number == clean(number).upper())).first()
    if batch is None:
        raise NotFound(_("没有批次 {no}。", no=clean(number)))
    return batch


def batch_document(session: Session, batch: FactoryBatch) -> dict[str, Any]:
    """What the batch list PDF shows: store, batch, each slip with its item and weights."""
    store = session.get(Store, batch.store_id)
    staff = session.get(Staff, batch.created_by_id) if batch.created_by_id else None
    events = session.scalars(
        select(SlipEvent).where(SlipEvent.batch_id == batch.id).order_by(SlipEvent.id)
    ).all()
    lines = []
    for ev in events:
        slip = session.get(RepairSlip, ev.slip_id)
        assert slip is not None
        item = slip.item or {}
        lines.append({
            "number": slip.number,
            "product_code": item.get("product_code", ""),
            "description": item.get("description", ""),
            "works": "、".join(_(w["label"]) for w in slip.works),
            "intake_weight_g": None if slip.intake_weight_g is None else f"{slip.intake_weight_g:.3f}",
            "return_weight_g": (ev.data or {}).get("weight", {}).get("actual_g"),
            "warning": (ev.data or {}).get("warning", ""),
            "unrepaired": bool((ev.data or {}).get("unrepaired")),
        })
    return {
        "number": batch.number,
        "direction": batch.direction,
        "factory": batch.factory,
        "note": batch.note,
        "created_at": batch.created_at.isoformat(sep=" ") if batch.created_at else "",
        "created_by": staff.name if staff else "",
        "store": {"name": store.name if store else "", "address": store.address if store else "",
                  "phone": store.phone if store else "", "code": store.code if store else ""},
        "lines": lines,
    }


def batch_pdf(session: Session, actor: Actor, batch: FactoryBatch) -> bytes:
    from counter_app.printing.batch_pdf import render_batch

    data = batch_document(session, batch)
    audit.record(session, actor, "print", "factory_batch", batch.number, _("打印批次清单 {b}", b=batch.number))
    return render_batch(data)
