"""What needs someone today: the start page's list (今日).

For a manager, the whole store: complaints near or past a limit, slips overdue or waiting for
the customer's answer to a quote, items back in store and not collected for too long, today's
calls not made yet, last week's archive not signed. For a clerk, their own open work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.data.models import Complaint, Customer, FollowUpTask, RepairSlip, SlipEvent, SlipStatus
from counter_app.documents.archive_labels import NEXT, label
from counter_app.domain.dates import now as now_
from counter_app.i18n import _
from counter_app.services import archive, policy
from counter_app.services.context import Actor

RED, AMBER, INFO = "red", "amber", "info"
SEVERITY_ORDER = {RED: 0, AMBER: 1, INFO: 2}
NEAR = dt.timedelta(hours=2)  # "near a limit": less than this left


@dataclass(frozen=True)
class AttentionItem:
    kind: str  # complaint / slip_overdue / quote_decision / uncollected / call / archive / slip_open
    severity: str  # red / amber / info
    title: str
    detail: str
    page: str  # the navigation area that deals with it
    ref: str = ""  # slip or complaint number, task id, week

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "severity": self.severity, "title": self.title, "detail": self.detail,
                "page": self.page, "ref": self.ref}


def _complaints(session: Session, actor: Actor, store_id: int, at: dt.datetime, mine: bool) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    try:
        from counter_app.services import complaints as service

        rows = service.list_complaints(session, store_id, at, open_only=True, kind="complaint")
    except (ImportError, AttributeError):
        rows = None
    if rows is not None:
        for r in rows:
            owner_id = session.scalar(select(Complaint.owner_id).where(Complaint.id == r.id))
            if mine and owner_id != actor.staff_id:
                continue
            near = (r.clock.handle_by - at <= NEAR) or (r.clock.latest_by - at <= NEAR)
            if not r.clock.overdue and not near:
                continue
            severity = RED if r.clock.overdue and r.clock.level != "ok" else AMBER
            why = r.level_text or (_("待确认收到") if r.clock.needs_ack else _("快到处理时限"))
            items.append(AttentionItem("complaint", severity, _("投诉 {no}：{name}", no=r.number, name=r.customer_name),
                                       f"{why} · {r.what[:40]}", "customers", r.number))
        return items
    _row, pv = policy.current(session)
    q = select(Complaint, Customer.name).join(Customer, Customer.id == Complaint.customer_id, isouter=True).where(
        Complaint.store_id == store_id, Complaint.voided_at.is_(None), Complaint.kind != "praise",
        Complaint.resolved_at.is_(None))
    if mine:
        q = q.where(Complaint.owner_id == actor.staff_id)
    for c, name in session.execute(q):
        age = at - c.received_at
        if age >= dt.timedelta(hours=pv.complaint_max_hours):
            severity, why = RED, _("超过 {h} 小时未处理完", h=pv.complaint_max_hours)
        elif age >= dt.timedelta(hours=pv.complaint_handle_hours) - NEAR:
            severity, why = AMBER, _("快到处理时限")
        else:
            continue
        items.append(AttentionItem("complaint", severity, _("投诉 {no}：{name}", no=c.number, name=name or ""),
                                   f"{why} · {c.what[:40]}", "customers", c.number))
    return items


def _slips(session: Session, actor: Actor, store_id: int, on: dt.date, mine: bool,
           uncollected_days: int) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    q = select(RepairSlip, Customer.name).join(Customer, Customer.id == RepairSlip.customer_id, isouter=True).where(
        RepairSlip.store_id == store_id, RepairSlip.voided_at.is_(None),
        RepairSlip.status.in_([SlipStatus.RECEIVED, SlipStatus.SENT, SlipStatus.BACK, SlipStatus.NOTIFIED]))
    if mine:
        q = q.where(RepairSlip.created_by_id == actor.staff_id)
    rows = session.execute(q.order_by(RepairSlip.number)).all()
    back_ids = [s.id for s, _n in rows if s.status in (SlipStatus.BACK, SlipStatus.NOTIFIED)]
    back_at: dict[int, dt.datetime] = {}
    if back_ids:
        for slip_id, at in session.execute(select(SlipEvent.slip_id, SlipEvent.at).where(
                SlipEvent.slip_id.in_(back_ids), SlipEvent.to_status == SlipStatus.BACK.value)):
            back_at[slip_id] = max(at, back_at.get(slip_id, at))
    for s, name in rows:
        who = name or ""
        quote = s.factory_quote or {}
        if s.status in (SlipStatus.RECEIVED, SlipStatus.SENT) and s.promised_on and s.promised_on < on:
            items.append(AttentionItem("slip_overdue", RED, _("维修单 {no} 已超期：{name}", no=s.number, name=who),
                                       _("承诺 {d} 取件", d=s.promised_on.isoformat()), "slips", s.number))
        elif quote.get("amount") and quote.get("status") in ("pending", None):
            items.append(AttentionItem("quote_decision", AMBER,
                                       _("维修单 {no} 等顾客答复报价：{name}", no=s.number, name=who),
                                       _("报价 ¥{a}", a=quote.get("amount")), "slips", s.number))
        elif s.id in back_at and (on - back_at[s.id].date()).days > uncollected_days:
            days = (on - back_at[s.id].date()).days
            items.append(AttentionItem("uncollected", AMBER, _("维修单 {no} 回店 {d} 天未取：{name}", no=s.number,
                                                               d=days, name=who),
                                       _("回店 {d}", d=back_at[s.id].date().isoformat()), "slips", s.number))
        elif mine:
            items.append(AttentionItem("slip_open", INFO, _("维修单 {no}：{name}", no=s.number, name=who),
                                       s.status.value, "slips", s.number))
    return items


def _calls(session: Session, actor: Actor, store_id: int, on: dt.date, mine: bool) -> list[AttentionItem]:
    q = select(FollowUpTask, Customer.name).join(Customer, Customer.id == FollowUpTask.customer_id).where(
        FollowUpTask.store_id == store_id, FollowUpTask.voided_at.is_(None), FollowUpTask.due_on <= on,
        FollowUpTask.status.in_(("open", "retry")))
    if mine:
        q = q.where(FollowUpTask.assigned_to_id == actor.staff_id)
    items = []
    for t, name in session.execute(q.order_by(FollowUpTask.due_on, FollowUpTask.id)):
        late = t.due_on < on
        items.append(AttentionItem("call", AMBER if late else INFO,
                                   _("回访电话：{name}（{kind}）", name=name, kind=label(NEXT, t.kind)),
                                   _("应于 {d} 打", d=t.due_on.isoformat()) + (f" · {t.reason}" if t.reason else ""),
                                   "customers", str(t.id)))
    return items


def for_actor(session: Session, actor: Actor, at: dt.datetime | None = None) -> list[AttentionItem]:
    """The start page's list for `actor`, most urgent first."""
    at = at or now_()
    store_id = actor.store_id
    if store_id is None:
        return []
    mine = not actor.is_manager
    _row, pv = policy.current(session)
    items = _complaints(session, actor, store_id, at, mine)
    items += _slips(session, actor, store_id, at.date(), mine, pv.uncollected_alert_days)
    items += _calls(session, actor, store_id, at.date(), mine)
    if not mine:
        week = archive.last_week_unsigned(session, store_id, at.date())
        if week is not None:
            items.append(AttentionItem("archive", AMBER, _("上周客户档案 {week} 未签核", week=week.key),
                                       _("{first} 至 {last}", first=week.monday.isoformat(), last=week.sunday.isoformat()),
                                       "archive", week.key))
    items.sort(key=lambda i: SEVERITY_ORDER[i.severity])
    return items
