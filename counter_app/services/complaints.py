"""Complaints and praise (顾客投诉 / 表扬): record, steps, clocks, escalation, three strikes."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.data import numbering
from counter_app.data.models import Complaint, Customer, Setting, Staff
from counter_app.domain import complaint_clock as clock
from counter_app.domain.dates import now as now_
from counter_app.domain.money import parse_money
from counter_app.domain.rule_texts import complaint_level
from counter_app.domain.text import clean, mask_phone
from counter_app.errors import InputError, NotFound, PermissionDenied
from counter_app.i18n import _
from counter_app.services import audit, calls, policy
from counter_app.services.context import Actor
from counter_app.services.permissions import Action

WORKING_HOURS_KEY = "complaint.working_hours"
STEPS = {
    "acknowledge": "已受理",
    "apology": "致歉",
    "repeat_back": "复述确认",
    "compensation": "补偿",
    "reply_promised": "承诺答复时间",
    "follow_up": "跟进",
    "cause": "查明原因",
    "manager_reply": "店长答复",
    "escalated": "上报总部",
    "reassigned": "转交",
    "resolved": "已解决",
    "note": "记录",
}
CAUSES = {"sales": "销售话术", "quality": "产品质量", "packaging": "包装", "other": "其他"}
ROUTES = {"training": "店员培训", "purchasing": "采购部", "warehouse": "仓库", "manager": "店长"}

# The handbook's FAQ (售后服务手册 第七章 常见投诉案例及应对) and the counter rules of chapter 6.
FAQ: list[dict[str, Any]] = [
    {
        "case": "顾客说：“上次买的项链都快断了，还掉色，价格还这么贵。”",
        "avoid": [
            ("“是么，有这种情况？不会吧。”", "以怀疑和不信任的口吻质问顾客，会把问题复杂化。"),
            ("“这种材质的首饰保养不好就会这样。”", "暗示是顾客自己的过失。"),
            ("“这种材质就这样，哪个牌子都差不多。”", "等于说“当初你自己选的，你就认了吧”。"),
        ],
        "say": "“真抱歉给您添麻烦了，我先帮您仔细检查一下，看是哪里出了问题，再给您一个处理办法。”"
               "顾客是来再次选购的，不是来为难我们的：先道歉、倾听、复述，再处理。",
    },
    {
        "case": "顾客对价格有疑问。",
        "avoid": [("让顾客带着疑问离开。", "价格问题不能不了了之。")],
        "say": "先核对价格并耐心说明；顾客仍有疑问时马上报告主任：“实在抱歉，我请主任来为您处理，请稍等。”",
    },
    {
        "case": "顾客抱怨等待时间太久。",
        "avoid": [("与顾客争辩或解释原因。", "店员不与顾客争辩。")],
        "say": "先向顾客致歉：“让您久等了，真对不起。”主任应马上指派其他人员来协助。",
    },
]


def working_hours(session: Session) -> clock.WorkingHours:
    row = session.scalars(select(Setting).where(Setting.key == WORKING_HOURS_KEY)).first()
    if row is None or not row.value:
        return clock.WorkingHours()
    try:
        return clock.WorkingHours.from_dict(json.loads(row.value))
    except (ValueError, TypeError):
        return clock.WorkingHours()


def set_working_hours(session: Session, actor: Actor, days: list[int], start: str, end: str) -> clock.WorkingHours:
    """The week the complaint clocks count in (a manager's setting, history in the audit log)."""
    actor.require(Action.CHANGE_STORE_SETTINGS)
    try:
        week = clock.WorkingHours.from_dict({"days": days, "start": start, "end": end})
    except (ValueError, TypeError):
        raise InputError(_("营业时间不对：{days} {start}–{end}", days=days, start=start, end=end)) from None
    row = session.scalars(select(Setting).where(Setting.key == WORKING_HOURS_KEY)).first()
    before = json.loads(row.value) if row and row.value else None
    if row is None:
        row = Setting(key=WORKING_HOURS_KEY, value="", created_by_id=actor.staff_id)
        session.add(row)
    row.value = json.dumps(week.as_dict())
    row.updated_by_id = actor.staff_id
    session.flush()
    audit.record(session, actor, "update", "setting", WORKING_HOURS_KEY, _("投诉计时营业时间"),
                 before=before, after=week.as_dict())
    return week


def _get(session: Session, complaint_id: int | str) -> Complaint:
    c: Complaint | None
    if isinstance(complaint_id, str) and not complaint_id.isdigit():
        c = session.scalars(select(Complaint).where(Complaint.number == clean(complaint_id).upper())).first()
    else:
        c = session.get(Complaint, int(complaint_id))
    if c is None or c.voided_at is not None:
        raise NotFound(_("没有这个投诉：{id}", id=complaint_id))
    return c


def _step(c: Complaint, actor: Actor, step: str, text: str, at: dt.datetime, **extra: Any) -> None:
    entry = {"step": step, "at": at.isoformat(timespec="minutes"), "by": actor.name, "by_id": actor.staff_id,
             "text": text, **extra}
    c.steps = [*(c.steps or []), entry]


def record(
    session: Session,
    actor: Actor,
    customer_id: int | None,
    what: str,
    *,
    place: str = "",
    people: str = "",
    received_at: dt.datetime | None = None,
    channel: str = "visit",
    kind: str = "complaint",
    coupon: str | Decimal | None = None,
    slip_id: int | None = None,
) -> Complaint:
    """Write down a complaint (or praise); whoever receives it owns it (首问负责制)."""
    store_id = actor.require_store()
    what = str(what or "").strip()
    if not what:
        raise InputError(_("请写下顾客反映的事情。"), field="what")
    if kind not in ("complaint", "praise"):
        raise InputError(_("类型不对：{value}", value=kind), field="kind")
    if customer_id is not None:
        cust = session.get(Customer, customer_id)
        if cust is None:
            raise NotFound(_("没有这个顾客：{id}", id=customer_id))
        while cust.merged_into_id is not None:
            cust = session.get(Customer, cust.merged_into_id)
            assert cust is not None
        customer_id = cust.id
    coupon_amount = None
    if coupon not in (None, ""):
        try:
            coupon_amount = parse_money(str(coupon))
        except Exception:  # any parse problem is bad input
            raise InputError(_("金额不对：{value}", value=coupon), field="coupon") from None
    at = received_at or now_()
    code = actor.store_code or str(store_id)
    if kind == "praise":  # praise has its own gapless series, so complaint numbers stay gapless too
        number = f"{code}-P{at.year}-{numbering.next_value(session, f'praise:{code}:{at.year}'):04d}"
    else:
        number = numbering.complaint_number(session, code, at.year)
    c = Complaint(
        number=number, store_id=store_id, customer_id=customer_id, kind=kind, received_at=at,
        owner_id=actor.staff_id, place=clean(place), people=clean(people), what=what,
        acknowledged_at=at, coupon_amount=coupon_amount, slip_id=slip_id, created_by_id=actor.staff_id,
        steps=[],
    )
    _step(c, actor, "acknowledge", _("已受理，首问负责人：{name}", name=actor.name), at)
    if kind == "praise":
        c.resolved_at = at
    session.add(c)
    session.flush()
    if customer_id is not None:
        calls.log(session, actor, customer_id, channel=channel if channel in calls.CHANNELS else "visit",
                  direction="in", purpose="praise" if kind == "praise" else "complaint", text=what, at=at,
                  complaint_id=c.id, slip_id=slip_id)
    audit.record(session, actor, "create", "complaint", c.number,
                 _("表扬 {no}", no=c.number) if kind == "praise" else _("投诉 {no}", no=c.number),
                 after={"customer_id": customer_id, "what": what, "place": c.place, "people": c.people,
                        "received_at": at, "owner_id": actor.staff_id, "coupon": coupon_amount})
    return c


def _may_handle(c: Complaint, actor: Actor) -> None:
    if c.owner_id != actor.staff_id and not actor.may(Action.COMPLAINT_MANAGER):
        raise PermissionDenied(_("首问负责制：这个投诉由负责人处理，或由店长转交。"))


def add_step(session: Session, actor: Actor, complaint_id: int | str, step: str, text: str = "", *,
             at: dt.datetime | None = None, promised_by: dt.datetime | None = None,
             compensation: str = "", cause: str = "", responsibility_unclear: bool | None = None) -> Complaint:
    c = _get(session, complaint_id)
    _may_handle(c, actor)
    if step not in STEPS or step in ("acknowledge", "reassigned", "resolved"):
        raise InputError(_("处理步骤不对：{value}", value=step), field="step")
    at = at or now_()
    before = {"steps": len(c.steps or []), "cause": c.cause, "routed_to": c.routed_to,
              "reply_promised_by": c.reply_promised_by, "manager_replied_at": c.manager_replied_at,
              "escalated_at": c.escalated_at, "responsibility_unclear": c.responsibility_unclear}
    extra: dict[str, Any] = {}
    if step == "reply_promised":
        if promised_by is None:
            raise InputError(_("请填写承诺答复的时间。"), field="promised_by")
        c.reply_promised_by = promised_by
        extra["promised_by"] = promised_by.isoformat(timespec="minutes")
    if step == "compensation":
        c.compensation = clean(compensation or text)
    if step == "cause":
        if cause not in CAUSES:
            raise InputError(_("原因类别不对：{value}（sales / quality / packaging / other）", value=cause),
                             field="cause")
        c.cause = cause
        c.routed_to = clock.route_for(cause)
        extra["routed_to"] = c.routed_to
    if responsibility_unclear is not None:
        c.responsibility_unclear = responsibility_unclear
    if step == "manager_reply":
        actor.require(Action.COMPLAINT_MANAGER)
        c.manager_replied_at = at
    if step == "escalated":
        c.escalated_at = at
    _step(c, actor, step, str(text or "").strip(), at, **extra)
    c.updated_by_id = actor.staff_id
    session.flush()
    audit.record(session, actor, "update", "complaint", c.number, _("投诉处理步骤：{step}", step=_(STEPS[step])),
                 before=before, after={"step": step, "text": text, **extra})
    return c


def reassign(session: Session, actor: Actor, complaint_id: int | str, staff_id: int, reason: str) -> Complaint:
    actor.require(Action.COMPLAINT_MANAGER)
    reason = clean(reason)
    if not reason:
        raise InputError(_("转交投诉须写明理由。"), field="reason")
    c = _get(session, complaint_id)
    staff = session.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise NotFound(_("没有这个员工：{id}", id=staff_id))
    before = {"owner_id": c.owner_id}
    c.owner_id = staff.id
    _step(c, actor, "reassigned", _("转交给 {name}：{reason}", name=staff.name, reason=reason), now_())
    session.flush()
    audit.record(session, actor, "update", "complaint", c.number, _("转交投诉"), before=before,
                 after={"owner_id": staff.id, "reason": reason})
    return c


def resolve(session: Session, actor: Actor, complaint_id: int | str, text: str, *, at: dt.datetime | None = None,
            responsibility_unclear: bool | None = None) -> Complaint:
    c = _get(session, complaint_id)
    _may_handle(c, actor)
    text = str(text or "").strip()
    if not text:
        raise InputError(_("请写下处理结果。"), field="text")
    if c.resolved_at is not None:
        raise InputError(_("这个投诉已经解决。"))
    at = at or now_()
    c.resolved_at = at
    if responsibility_unclear is not None:
        c.responsibility_unclear = responsibility_unclear
    _step(c, actor, "resolved", text, at)
    session.flush()
    audit.record(session, actor, "update", "complaint", c.number, _("投诉已解决"), before={"resolved_at": None},
                 after={"resolved_at": at, "text": text, "responsibility_unclear": c.responsibility_unclear})
    return c


@dataclass(frozen=True)
class ComplaintRow:
    id: int
    number: str
    kind: str
    customer_id: int | None
    customer_name: str
    phone_masked: str
    received_at: dt.datetime
    owner: str
    what: str
    cause: str
    routed_to: str
    resolved_at: dt.datetime | None
    clock: clock.ClockReport
    level_text: str
    steps: list[dict[str, Any]] = field(default_factory=list)
    coupon_amount: Decimal | None = None
    three_strikes: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "number": self.number,
            "kind": self.kind,
            "customer_id": self.customer_id,
            "customer_name": self.customer_name,
            "phone_masked": self.phone_masked,
            "received_at": self.received_at.isoformat(),
            "owner": self.owner,
            "what": self.what,
            "cause": self.cause,
            "routed_to": self.routed_to,
            "resolved_at": self.resolved_at.isoformat() if self.resolved_at else None,
            "overdue": self.clock.overdue,
            "level": self.clock.level,
            "level_text": self.level_text,
            "clock": self.clock.as_json(),
            "steps": self.steps,
            "coupon_amount": str(self.coupon_amount) if self.coupon_amount is not None else None,
            "three_strikes": self.three_strikes,
        }


def _row(session: Session, c: Complaint, at: dt.datetime, p: Any, week: clock.WorkingHours) -> ComplaintRow:
    cust = session.get(Customer, c.customer_id) if c.customer_id else None
    owner = session.get(Staff, c.owner_id) if c.owner_id else None
    state = clock.ComplaintState(c.received_at, c.acknowledged_at, c.resolved_at, c.manager_replied_at, c.escalated_at)
    report = clock.clocks(state, at, p, week)
    if c.kind == "praise":
        report.flags.clear()
        report.level, report.overdue, report.needs_ack = "ok", False, False
    flagged = three_strikes(session, cust.id)[1] if cust else False
    return ComplaintRow(
        id=c.id, number=c.number, kind=c.kind, customer_id=c.customer_id,
        customer_name=cust.name if cust else "", phone_masked=mask_phone(cust.phone) if cust else "",
        received_at=c.received_at, owner=owner.name if owner else "", what=c.what, cause=c.cause,
        routed_to=c.routed_to, resolved_at=c.resolved_at, clock=report,
        level_text=complaint_level(report.level, p),
        steps=list(c.steps or []), coupon_amount=c.coupon_amount, three_strikes=flagged,
    )


def list_complaints(session: Session, store_id: int, at: dt.datetime | None = None, *, overdue_only: bool = False,
                    open_only: bool = False, kind: str | None = None) -> list[ComplaintRow]:
    at = at or now_()
    _version, values = policy.current(session)
    week = working_hours(session)
    q = select(Complaint).where(Complaint.store_id == store_id, Complaint.voided_at.is_(None))
    if kind:
        q = q.where(Complaint.kind == kind)
    if open_only or overdue_only:
        q = q.where(Complaint.resolved_at.is_(None))
    rows = [_row(session, c, at, values, week) for c in session.scalars(q.order_by(Complaint.received_at.desc()))]
    if overdue_only:
        rows = [r for r in rows if r.clock.overdue]
    return rows


def show(session: Session, complaint_id: int | str, at: dt.datetime | None = None) -> ComplaintRow:
    c = _get(session, complaint_id)
    _version, values = policy.current(session)
    return _row(session, c, at or now_(), values, working_hours(session))


def attention_list(session: Session, store_id: int, now: dt.datetime | None = None) -> list[ComplaintRow]:
    """Open complaints past a clock, most urgent first (for the start page and the manager)."""
    rows = list_complaints(session, store_id, now, overdue_only=True, kind="complaint")
    rows.sort(key=lambda r: (-clock.LEVELS.index(r.clock.level), r.received_at))
    return rows


def three_strikes(session: Session, customer_id: int) -> tuple[int, bool]:
    """(cases where responsibility was unclear, flagged for the manager)."""
    count = session.scalar(select(func.count(Complaint.id)).where(
        Complaint.customer_id == customer_id, Complaint.kind == "complaint",
        Complaint.responsibility_unclear.is_(True), Complaint.voided_at.is_(None))) or 0
    _version, values = policy.current(session)
    return int(count), clock.three_strikes(int(count), values)
