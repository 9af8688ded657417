"""Who bought, asked or was served at a store in a time range: the raw facts of the archive.

Every source is read straight from the models in a few set queries (no per-customer query),
so a week with thousands of customers is gathered in well under a second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from counter_app.data.models import (
    Complaint,
    ContactLog,
    Customer,
    Intake,
    Quote,
    RepairSlip,
    SalesReceipt,
    SlipEvent,
    SlipStatus,
)
from counter_app.domain.records import MAINTENANCE_WORKS, Condition

# Activity kinds, in the order the record lists them on one day.
KINDS = ("bought", "call_in", "intake", "slip", "pickup", "quote", "complaint")
OPEN_SLIP = (SlipStatus.RECEIVED, SlipStatus.SENT, SlipStatus.BACK, SlipStatus.NOTIFIED)

MAINTENANCE_LABELS = dict(MAINTENANCE_WORKS)


@dataclass
class Activity:
    customer_id: int
    at: dt.datetime  # when it happened (store local time)
    recorded_at: dt.datetime  # when it was entered: late entries for a signed week go to an addendum
    kind: str
    sub: str = ""  # call purpose, intake outcome, quote or complaint kind
    ref: str = ""
    detail: str = ""
    amount: str = ""
    staff_id: int | None = None
    maintenance: list[str] = field(default_factory=list)


def _day(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, dt.time())


def _chunks(ids: Iterable[int], size: int = 500) -> Iterator[list[int]]:
    batch: list[int] = []
    for i in ids:
        batch.append(i)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def work_labels(works: list[Any] | None) -> list[str]:
    out: list[str] = []
    for w in works or []:
        if isinstance(w, dict):
            label = str(w.get("label") or w.get("code") or "").strip()
        else:
            label = str(w).strip()
        if label:
            out.append(label)
    return out


def item_text(item: dict[str, Any] | None) -> str:
    item = item or {}
    parts = [str(item.get(k) or "").strip() for k in ("description", "product_code")]
    return " ".join(p for p in parts if p)


def gather(session: Session, store_id: int, start: dt.datetime, end: dt.datetime,
           recorded_from: dt.datetime | None = None) -> list[Activity]:
    """Every customer-facing fact at the store with its time in [start, end).

    `recorded_from` keeps only facts entered from that moment on (late entries for signed weeks).
    """
    acts: list[Activity] = []

    def late(col: Any) -> Any:
        return col >= recorded_from if recorded_from is not None else col.is_not(None)

    receipts = session.scalars(
        select(SalesReceipt)
        .options(selectinload(SalesReceipt.items))
        .where(SalesReceipt.store_id == store_id, SalesReceipt.customer_id.is_not(None),
               SalesReceipt.voided_at.is_(None),
               SalesReceipt.sold_on >= start.date(), SalesReceipt.sold_on < end.date(),
               late(SalesReceipt.created_at))
    )
    for r in receipts:
        names = "、".join(i.description or i.product_code for i in r.items if i.voided_at is None)
        acts.append(Activity(r.customer_id or 0, _day(r.sold_on), r.created_at or _day(r.sold_on), "bought",
                             "", r.receipt_no, names, staff_id=r.created_by_id))

    calls = session.scalars(
        select(ContactLog).where(ContactLog.store_id == store_id, ContactLog.customer_id.is_not(None),
                                 ContactLog.voided_at.is_(None), ContactLog.direction == "in",
                                 ContactLog.at >= start, ContactLog.at < end,
                                 late(ContactLog.created_at))
    )
    for c in calls:
        acts.append(Activity(c.customer_id or 0, c.at, c.created_at or c.at, "call_in", c.purpose or "",
                             "", c.text or "", staff_id=c.staff_id))

    intakes = session.scalars(
        select(Intake).where(Intake.store_id == store_id, Intake.customer_id.is_not(None),
                             Intake.voided_at.is_(None), Intake.created_at >= start, Intake.created_at < end,
                             late(Intake.created_at))
    )
    for i in intakes:
        detail = " ".join(p for p in (i.product_code, i.notes or "") if p)
        done = Condition.from_json(i.condition).maintenance if i.outcome == "maintenance" else None
        maint = [MAINTENANCE_LABELS.get(w, w) for w in done.works] if done else []
        acts.append(Activity(i.customer_id or 0, i.created_at, i.created_at, "intake", i.outcome or "",
                             "", detail, staff_id=i.created_by_id, maintenance=maint))

    slips = session.scalars(
        select(RepairSlip).where(RepairSlip.store_id == store_id, RepairSlip.customer_id.is_not(None),
                                 RepairSlip.voided_at.is_(None),
                                 RepairSlip.created_at >= start, RepairSlip.created_at < end,
                                 late(RepairSlip.created_at))
    )
    for s in slips:
        labels = work_labels(s.works)
        detail = "；".join(p for p in (item_text(s.item), "、".join(labels)) if p)
        acts.append(Activity(s.customer_id or 0, s.created_at, s.created_at, "slip", "", s.number, detail,
                             staff_id=s.created_by_id, maintenance=labels))

    pickups = session.execute(
        select(SlipEvent, RepairSlip.customer_id, RepairSlip.number, RepairSlip.item)
        .join(RepairSlip, SlipEvent.slip_id == RepairSlip.id)
        .where(RepairSlip.store_id == store_id, RepairSlip.customer_id.is_not(None),
               RepairSlip.voided_at.is_(None), SlipEvent.to_status == SlipStatus.COLLECTED.value,
               SlipEvent.at >= start, SlipEvent.at < end, late(SlipEvent.at))
    )
    for ev, customer_id, number, item in pickups:
        acts.append(Activity(customer_id or 0, ev.at, ev.at, "pickup", "", number, item_text(item),
                             staff_id=ev.staff_id))

    quotes = session.scalars(
        select(Quote).where(Quote.store_id == store_id, Quote.customer_id.is_not(None),
                            Quote.voided_at.is_(None), Quote.status != "void",
                            Quote.on_date >= start.date(), Quote.on_date < end.date(),
                            late(Quote.created_at))
    )
    for q in quotes:
        at = q.created_at if q.created_at and q.created_at.date() == q.on_date else _day(q.on_date)
        acts.append(Activity(q.customer_id or 0, at, q.created_at or at, "quote", q.kind, q.number,
                             q.status, str(q.to_pay), staff_id=q.created_by_id))

    complaints = session.scalars(
        select(Complaint).where(Complaint.store_id == store_id, Complaint.customer_id.is_not(None),
                                Complaint.voided_at.is_(None),
                                Complaint.received_at >= start, Complaint.received_at < end,
                                late(Complaint.created_at))
    )
    for k in complaints:
        acts.append(Activity(k.customer_id or 0, k.received_at, k.created_at or k.received_at, "complaint",
                             k.kind, k.number, k.what or "", staff_id=k.owner_id))

    return resolve_merged(session, acts)


def resolve_merged(session: Session, acts: list[Activity]) -> list[Activity]:
    """Facts filed under a customer later merged into another count for the surviving file."""
    ids = {a.customer_id for a in acts}
    target: dict[int, int] = {}
    for batch in _chunks(ids):
        for cid, merged in session.execute(
            select(Customer.id, Customer.merged_into_id).where(Customer.id.in_(batch),
                                                               Customer.merged_into_id.is_not(None))
        ):
            if merged is not None:
                target[cid] = merged
    if not target:
        return acts
    for a in acts:
        seen = 0
        while a.customer_id in target and seen < 10:  # merge chains are short; guard against loops
            a.customer_id = target[a.customer_id]
            seen += 1
    return acts


def customers(session: Session, ids: Iterable[int]) -> dict[int, Customer]:
    out: dict[int, Customer] = {}
    for batch in _chunks(ids):
        for c in session.scalars(select(Customer).where(Customer.id.in_(batch))):
            out[c.id] = c
    return out


def slips_of(session: Session, store_id: int, ids: Iterable[int], before: dt.datetime) -> dict[int, list[RepairSlip]]:
    """Each customer's slips at the store created before `before`, oldest first."""
    out: dict[int, list[RepairSlip]] = {}
    for batch in _chunks(ids):
        for s in session.scalars(
            select(RepairSlip).where(RepairSlip.store_id == store_id, RepairSlip.customer_id.in_(batch),
                                     RepairSlip.voided_at.is_(None), RepairSlip.created_at < before)
            .order_by(RepairSlip.created_at, RepairSlip.id)
        ):
            out.setdefault(s.customer_id or 0, []).append(s)
    return out


def maintenance_intakes_of(session: Session, store_id: int, ids: Iterable[int],
                           before: dt.datetime) -> dict[int, list[Intake]]:
    out: dict[int, list[Intake]] = {}
    for batch in _chunks(ids):
        for i in session.scalars(
            select(Intake).where(Intake.store_id == store_id, Intake.customer_id.in_(batch),
                                 Intake.voided_at.is_(None), Intake.outcome == "maintenance",
                                 Intake.created_at < before)
            .order_by(Intake.created_at, Intake.id)
        ):
            out.setdefault(i.customer_id or 0, []).append(i)
    return out


def open_complaints_of(session: Session, store_id: int, ids: Iterable[int],
                       before: dt.datetime) -> dict[int, list[Complaint]]:
    out: dict[int, list[Complaint]] = {}
    for batch in _chunks(ids):
        for k in session.scalars(
            select(Complaint).where(Complaint.store_id == store_id, Complaint.customer_id.in_(batch),
                                    Complaint.voided_at.is_(None), Complaint.kind != "praise",
                                    Complaint.resolved_at.is_(None), Complaint.received_at < before)
        ):
            out.setdefault(k.customer_id or 0, []).append(k)
    return out


def first_purchases(session: Session, store_id: int, ids: Iterable[int], before: dt.date) -> dict[int, dt.date]:
    out: dict[int, dt.date] = {}
    for batch in _chunks(ids):
        for cid, day in session.execute(
            select(SalesReceipt.customer_id, SalesReceipt.sold_on)
            .where(SalesReceipt.store_id == store_id, SalesReceipt.customer_id.in_(batch),
                   SalesReceipt.voided_at.is_(None), SalesReceipt.sold_on < before)
        ):
            if cid is not None and (cid not in out or day < out[cid]):
                out[cid] = day
    return out


def last_purchases(session: Session, store_id: int, ids: Iterable[int], before: dt.date) -> dict[int, dt.date]:
    out: dict[int, dt.date] = {}
    for batch in _chunks(ids):
        for cid, day in session.execute(
            select(SalesReceipt.customer_id, SalesReceipt.sold_on)
            .where(SalesReceipt.store_id == store_id, SalesReceipt.customer_id.in_(batch),
                   SalesReceipt.voided_at.is_(None), SalesReceipt.sold_on < before)
        ):
            if cid is not None and (cid not in out or day > out[cid]):
                out[cid] = day
    return out
