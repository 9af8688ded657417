"""From the week's facts to one record per customer: what the archive record says.

The record content is plain JSON (codes and the customer's own words, no translated labels), so
a signed week renders the same in any language and years later.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.data.models import ArchiveWeek, Customer, FollowUpTask, RepairSlip, Staff, Store
from counter_app.domain.archive_weeks import IsoWeek, add_months, week_of
from counter_app.domain.policy import PolicyValues
from counter_app.services import archive_collect as collect
from counter_app.services.archive_collect import KINDS, OPEN_SLIP, Activity

HISTORY_LIMIT = 12
# Same day: anniversary first, then first service, then the rest (DOMAIN.md follow-up order).
NEXT_ORDER = {"anniversary": 0, "wedding_anniversary": 0, "first_service": 1}
# The same reasons as the follow-up rules (counter_app.domain.followup_rules), looked at as
# "which comes next" rather than "what is due on this day".


@dataclass
class Draft:
    customer_id: int
    addendum_for: str  # "" for the week's own records, else the signed week the facts belong to
    first_at: dt.datetime
    sort_name: str
    content: dict[str, Any]

    @property
    def key(self) -> tuple[int, str]:
        return (self.customer_id, self.addendum_for)


def _fmt(a: Activity) -> str:
    # A receipt (and a quote entered without a time) has only a day.
    dated_only = a.kind == "bought" or (a.kind == "quote" and a.at.time() == dt.time())
    return a.at.strftime("%Y-%m-%d") if dated_only else a.at.strftime("%Y-%m-%d %H:%M")


def _late_facts(session: Session, store: Store, week: IsoWeek) -> dict[str, list[Activity]]:
    """Facts entered after their own week was signed that belong in this week's addendum.

    They go to the first week after their own that was not yet signed when they were entered.
    """
    prev = week.previous()
    signed = {
        f"{w.iso_year}-W{w.iso_week:02d}": w.signed_at
        for w in session.scalars(
            select(ArchiveWeek).where(ArchiveWeek.store_id == store.id, ArchiveWeek.status == "signed")
        )
        if w.signed_at is not None
    }
    prev_signed = signed.get(prev.key)
    if prev_signed is None:
        return {}
    own_signed = signed.get(week.key)
    horizon = week.start - dt.timedelta(weeks=53)
    out: dict[str, list[Activity]] = defaultdict(list)
    for act in collect.gather(session, store.id, horizon, week.start, recorded_from=prev_signed):
        if own_signed is not None and act.recorded_at >= own_signed:
            continue
        origin = week_of(act.at)
        signed_at = signed.get(origin.key)
        if signed_at is None or act.recorded_at <= signed_at:
            continue
        w = origin.next()
        while w < week and (signed.get(w.key) is not None and signed[w.key] <= act.recorded_at):
            w = w.next()
        if w == week:
            out[origin.key].append(act)
    return out


def next_service(
    customer: Customer,
    pv: PolicyValues,
    ref: dt.date,
    first_purchase: dt.date | None,
    last_service: dt.date | None,
    tasks: list[FollowUpTask],
) -> dict[str, str]:
    """The next reason to call the customer after `ref` (the week's Sunday).

    Open follow-up tasks come first; otherwise the earliest of the handbook's reasons:
    first service after a purchase, the purchase / wedding anniversary, the cleaning interval.
    """
    open_tasks = sorted(
        (t for t in tasks if t.status in ("open", "retry") and t.voided_at is None),
        key=lambda t: (t.due_on, NEXT_ORDER.get(t.kind, 2), t.id),
    )
    if open_tasks:
        t = open_tasks[0]
        return {"kind": t.kind, "due": t.due_on.isoformat(), "basis": "task"}
    candidates: list[tuple[dt.date, int, str, str]] = []
    if first_purchase is not None:
        due = first_purchase + dt.timedelta(days=pv.first_service_days)
        if due > ref and (last_service is None or last_service < first_purchase):
            candidates.append((due, 1, "first_service", first_purchase.isoformat()))
    yearly = (("anniversary", first_purchase), ("wedding_anniversary", customer.wedding_anniversary),
              ("birthday", customer.birthday))
    for kind, base in yearly:
        if base is None:
            continue
        year = ref.year
        while True:
            try:
                due = base.replace(year=year)
            except ValueError:  # 29 February
                due = dt.date(year, 3, 1)
            if due > ref and year > base.year:
                break
            year += 1
        candidates.append((due, NEXT_ORDER.get(kind, 2), kind, base.isoformat()))
    basis = max((d for d in (last_service, first_purchase) if d is not None), default=None)
    if basis is not None:
        due = add_months(basis, pv.cleaning_interval_months)
        if due <= ref:
            due = ref + dt.timedelta(days=1)  # overdue: call in the coming week
        candidates.append((due, 2, "cleaning", basis.isoformat()))
    if not candidates:
        return {}
    due, _order, kind, base_text = min(candidates)
    return {"kind": kind, "due": due.isoformat(), "basis": base_text}


def build(session: Session, store: Store, week: IsoWeek, pv: PolicyValues) -> list[Draft]:
    """The week's records (own and addendum), sorted in the order numbers are given."""
    groups: dict[tuple[int, str], list[Activity]] = defaultdict(list)
    for act in collect.gather(session, store.id, week.start, week.end):
        groups[(act.customer_id, "")].append(act)
    for origin, acts in _late_facts(session, store, week).items():
        for act in acts:
            groups[(act.customer_id, origin)].append(act)
    if not groups:
        return []
    ids = {cid for cid, _w in groups}
    people = collect.customers(session, ids)
    slips = collect.slips_of(session, store.id, ids, week.end)
    maint = collect.maintenance_intakes_of(session, store.id, ids, week.end)
    complaints = collect.open_complaints_of(session, store.id, ids, week.end)
    firsts = collect.first_purchases(session, store.id, ids, week.end.date())
    tasks: dict[int, list[FollowUpTask]] = defaultdict(list)
    for batch in collect._chunks(ids):
        for t in session.scalars(select(FollowUpTask).where(FollowUpTask.store_id == store.id,
                                                            FollowUpTask.customer_id.in_(batch))):
            tasks[t.customer_id].append(t)
    staff_names = {sid: name for sid, name in session.execute(select(Staff.id, Staff.name))}

    drafts: list[Draft] = []
    for (cid, origin), acts in groups.items():
        c = people.get(cid)
        if c is None:
            continue
        acts.sort(key=lambda a: (a.at, KINDS.index(a.kind), a.ref))
        content = _content(c, acts, slips.get(cid, []), maint.get(cid, []), complaints.get(cid, []),
                           firsts.get(cid), tasks.get(cid, []), staff_names, pv, week)
        drafts.append(Draft(cid, origin, acts[0].at, c.name_pinyin or c.name, content))
    drafts.sort(key=lambda d: (d.addendum_for != "", d.addendum_for, d.first_at, d.sort_name, d.customer_id))
    return drafts


def _content(
    c: Customer,
    acts: list[Activity],
    slips: list[RepairSlip],
    maint: list[Any],
    open_complaints: list[Any],
    first_purchase: dt.date | None,
    tasks: list[FollowUpTask],
    staff_names: dict[int, str],
    pv: PolicyValues,
    week: IsoWeek,
) -> dict[str, Any]:
    visits = sorted({a.at.date().isoformat() for a in acts})
    maintenance: list[str] = []
    for a in acts:
        for m in a.maintenance:
            if m not in maintenance:
                maintenance.append(m)
    history: list[dict[str, str]] = []
    for s in slips:
        history.append({"date": s.created_at.date().isoformat(), "ref": s.number,
                        "detail": "；".join(p for p in (collect.item_text(s.item), "、".join(collect.work_labels(s.works))) if p),
                        "status": s.status.value})
    for i in maint:
        history.append({"date": i.created_at.date().isoformat(), "ref": "", "status": "maintenance",
                        "detail": " ".join(p for p in (i.product_code, i.notes or "") if p)})
    history.sort(key=lambda h: (h["date"], h["ref"]), reverse=True)
    service_days = [dt.date.fromisoformat(h["date"]) for h in history]
    last_service = max(service_days) if service_days else None
    missing: list[dict[str, str]] = []
    if not c.phone and not c.phone2:
        missing.append({"code": "no_phone", "ref": ""})
    if not (c.address or "").strip():
        missing.append({"code": "no_address", "ref": ""})
    for s in slips:
        if s.status in OPEN_SLIP:
            missing.append({"code": "open_slip", "ref": s.number})
    for k in sorted(open_complaints, key=lambda k: k.number):
        missing.append({"code": "open_complaint", "ref": k.number})
    internal = [c.notes or ""] + [f"{s.number}：{s.internal_note}" for s in slips if s.internal_note]
    staff = []
    for a in acts:
        name = staff_names.get(a.staff_id or 0, "")
        if name and name not in staff and name != "命令行":
            staff.append(name)
    return {
        "name": c.name,
        "phone": c.phone or "",
        "phone2": c.phone2 or "",
        "address": c.address or "",
        "visits": visits,
        "activities": [{"at": _fmt(a), "kind": a.kind, "sub": a.sub, "ref": a.ref, "detail": a.detail,
                        "amount": a.amount} for a in acts],
        "maintenance": maintenance,
        "preferences": c.preferences or "",
        "history": history[:HISTORY_LIMIT],
        "history_total": len(history),
        "next_service": next_service(c, pv, week.sunday, first_purchase, last_service, tasks),
        "internal_note": "\n".join(t for t in internal if t.strip()),
        "missing": missing,
        "staff": staff,
    }
