"""The call and letter log, "today's calls" and their outcomes.

Every call in or out (enquiries and complaints too), every letter or invitation sent is
filed with the customer. A follow-up call is worked by the director, the stand-in named
for the day, or the staff member the task was given to.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.data.models import ContactLog, Customer, FollowUpTask, StandIn
from counter_app.domain import followup_rules as rules
from counter_app.domain.dates import now as now_
from counter_app.domain.text import clean, mask_phone
from counter_app.errors import InputError, NotFound, PermissionDenied
from counter_app.i18n import _
from counter_app.services import audit
from counter_app.services.context import Actor
from counter_app.services.permissions import Action

CHANNELS = ("phone", "sms", "letter", "visit", "wechat")
DIRECTIONS = ("in", "out")
PURPOSES = ("enquiry", "complaint", "follow_up", "notify", "invitation", "praise", "other")
OUTCOMES = ("", "reached", "no_answer", "wrong_number", "declined", "booked", "sent")
# What a call's outcome does to its follow-up task.
TASK_AFTER = {
    "reached": "done",
    "booked": "done",
    "declined": "done",
    "sent": "done",
    "no_answer": "retry",
    "wrong_number": "cancelled",
}
MAX_ATTEMPTS = 3  # after three unanswered calls the task closes (a letter may follow)

KIND_LABELS = {
    "anniversary": "周年服务",
    "first_service": "第一次服务",
    "after_repair": "维修回访",
    "cleaning": "清洗保养提醒",
    "birthday": "生日",
    "wedding_anniversary": "结婚纪念日",
    "event": "活动邀请",
}
WINDOW_LABELS = {"morning": "09:30–10:30", "afternoon": "14:30–16:30", "later": "明天再打"}


def is_stand_in(session: Session, actor: Actor, on: dt.date) -> bool:
    if actor.staff_id is None or actor.store_id is None:
        return False
    row = session.scalars(
        select(StandIn).where(
            StandIn.store_id == actor.store_id, StandIn.staff_id == actor.staff_id,
            StandIn.starts_on <= on, StandIn.ends_on >= on, StandIn.voided_at.is_(None),
        )
    ).first()
    return row is not None


def may_work_list(session: Session, actor: Actor, on: dt.date) -> bool:
    return actor.is_manager or is_stand_in(session, actor, on)


def name_stand_in(session: Session, actor: Actor, staff_id: int, starts_on: dt.date, ends_on: dt.date,
                  note: str = "") -> StandIn:
    """The director names who works the list (and acts as director) while away."""
    actor.require(Action.NAME_STAND_IN)
    store_id = actor.require_store()
    if ends_on < starts_on:
        raise InputError(_("结束日期早于开始日期。"), field="ends_on")
    row = StandIn(store_id=store_id, staff_id=staff_id, starts_on=starts_on, ends_on=ends_on, note=clean(note),
                  created_by_id=actor.staff_id)
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "stand_in", row.id,
                 _("指定代理人 {staff}：{a} 至 {b}", staff=staff_id, a=starts_on, b=ends_on))
    return row


def log(
    session: Session,
    actor: Actor,
    customer_id: int | None,
    *,
    channel: str = "phone",
    direction: str = "out",
    purpose: str = "enquiry",
    outcome: str = "",
    text: str = "",
    at: dt.datetime | None = None,
    follow_up_id: int | None = None,
    complaint_id: int | None = None,
    slip_id: int | None = None,
) -> ContactLog:
    """Log one call, visit, message or letter; a follow-up call moves its task on."""
    store_id = actor.require_store()
    if channel not in CHANNELS:
        raise InputError(_("联系方式不对：{value}", value=channel), field="channel")
    if direction not in DIRECTIONS:
        raise InputError(_("方向不对：{value}", value=direction), field="direction")
    if purpose not in PURPOSES:
        raise InputError(_("事由不对：{value}", value=purpose), field="purpose")
    if outcome not in OUTCOMES:
        raise InputError(_("结果不对：{value}", value=outcome), field="outcome")
    if customer_id is not None:
        c = session.get(Customer, customer_id)
        if c is None:
            raise NotFound(_("没有这个顾客：{id}", id=customer_id))
        while c.merged_into_id is not None:
            c = session.get(Customer, c.merged_into_id)
            assert c is not None
        customer_id = c.id
    at = at or now_()
    task: FollowUpTask | None = None
    if follow_up_id is not None:
        task = session.get(FollowUpTask, follow_up_id)
        if task is None:
            raise NotFound(_("没有这个跟踪任务：{id}", id=follow_up_id))
        if task.assigned_to_id != actor.staff_id and not may_work_list(session, actor, at.date()):
            raise PermissionDenied(_("只有店长、指定的代理人或被分派的员工可以处理跟踪电话。"))
        if task.status not in ("open", "retry"):
            raise InputError(_("这个跟踪任务已经结束。"))
        if not outcome:
            raise InputError(_("请选择通话结果。"), field="outcome")
        customer_id = task.customer_id
        purpose = "invitation" if task.kind == "event" and purpose == "enquiry" else purpose
        if purpose == "enquiry":
            purpose = "follow_up"
    entry = ContactLog(
        store_id=store_id, customer_id=customer_id, at=at, channel=channel, direction=direction,
        purpose=purpose, outcome=outcome, text=str(text or "").strip(), staff_id=actor.staff_id,
        follow_up_id=follow_up_id, complaint_id=complaint_id, slip_id=slip_id, created_by_id=actor.staff_id,
    )
    session.add(entry)
    session.flush()
    if task is not None:
        before = {"status": task.status, "attempts": task.attempts}
        task.attempts += 1
        new_status = TASK_AFTER.get(outcome, "done")
        if new_status == "retry" and task.attempts >= MAX_ATTEMPTS:
            new_status = "done"
        task.status = new_status
        task.updated_by_id = actor.staff_id
        session.flush()
        audit.record(session, actor, "update", "follow_up", task.id, _("跟踪电话结果 {outcome}", outcome=outcome),
                     before=before, after={"status": task.status, "attempts": task.attempts, "log_id": entry.id})
    audit.record(session, actor, "create", "contact_log", entry.id,
                 _("联系记录 {channel} {purpose}", channel=channel, purpose=purpose),
                 after={"customer_id": customer_id, "outcome": outcome, "follow_up_id": follow_up_id})
    return entry


@dataclass(frozen=True)
class CallRow:
    task_id: int
    customer_id: int
    name: str
    phone_masked: str
    kind: str
    kind_text: str
    reason: str
    due_on: dt.date
    status: str
    attempts: int
    window: str  # morning / afternoon / later
    window_text: str
    slot: str  # "09:35"

    def as_json(self) -> dict[str, Any]:
        return {
            "task_id": self.task_id,
            "customer_id": self.customer_id,
            "name": self.name,
            "phone_masked": self.phone_masked,
            "kind": self.kind,
            "kind_text": self.kind_text,
            "reason": self.reason,
            "due_on": self.due_on.isoformat(),
            "status": self.status,
            "attempts": self.attempts,
            "window": self.window,
            "window_text": self.window_text,
            "slot": self.slot,
        }


def today(session: Session, store_id: int, on: dt.date, at_time: dt.time | None = None) -> list[CallRow]:
    """Open calls due on or before `on`, in the handbook's order, placed in the call windows.

    A call not answered earlier the same day (retry) goes after the fresh ones.
    """
    rows = session.execute(
        select(FollowUpTask, Customer)
        .join(Customer, Customer.id == FollowUpTask.customer_id)
        .where(FollowUpTask.store_id == store_id, FollowUpTask.due_on <= on,
               FollowUpTask.status.in_(("open", "retry")), FollowUpTask.voided_at.is_(None),
               Customer.merged_into_id.is_(None), Customer.anonymized_at.is_(None))
    ).all()
    rows = list(rows)
    rows.sort(key=lambda r: (r[0].status == "retry", *rules.sort_key(r[0].kind, r[0].due_on, r[0].id)))
    slots = rules.plan_windows(len(rows), now=at_time)
    out = []
    for (task, cust), slot in zip(rows, slots, strict=True):
        out.append(CallRow(
            task_id=task.id, customer_id=cust.id, name=cust.name, phone_masked=mask_phone(cust.phone),
            kind=task.kind, kind_text=_(KIND_LABELS.get(task.kind, task.kind)),
            reason=task.reason + (f" · {task.event_name}" if task.event_name else ""),
            due_on=task.due_on, status=task.status, attempts=task.attempts,
            window=slot.window, window_text=_(WINDOW_LABELS[slot.window]),
            slot=slot.starts.strftime("%H:%M") if slot.starts else "",
        ))
    return out


def for_customer(session: Session, customer_id: int) -> list[ContactLog]:
    return list(session.scalars(
        select(ContactLog).where(ContactLog.customer_id == customer_id).order_by(ContactLog.at.desc())
    ))
