"""Customer files (客户档案): file, edit with history, duplicates, merge, masked phone, timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from counter_app.data.models import (
    AuditEntry,
    Complaint,
    ContactLog,
    Customer,
    CustomerSearchKey,
    FollowUpTask,
    Intake,
    Quote,
    RepairSlip,
    SalesReceipt,
    SoldItem,
)
from counter_app.domain.dates import now, parse_date
from counter_app.domain.money import money_str
from counter_app.domain.text import clean, compare_key, digits, mask_phone
from counter_app.errors import Conflict, InputError, NotFound
from counter_app.i18n import _
from counter_app.services import audit
from counter_app.services.context import Actor
from counter_app.services.permissions import Action

EDITABLE = (
    "name", "phone", "phone2", "address", "birthday", "wedding_anniversary", "preferences", "notes",
    "consent_calls", "consent_letters", "consent_channel",
)
CONSENT_CHANNELS = ("", "counter", "phone", "paper", "wechat", "sms")
# What a merge moves to the kept file: (model, label for the audit entry).
MOVED_ON_MERGE = (
    (SalesReceipt, "receipts"),
    (Intake, "intakes"),
    (RepairSlip, "slips"),
    (Quote, "quotes"),
    (ContactLog, "calls"),
    (FollowUpTask, "follow_ups"),
    (Complaint, "complaints"),
)


def _check_phone(value: str, field_name: str) -> str:
    if not clean(value):
        return ""
    d = digits(value)
    if len(d) < 7 or len(d) > 15 or len(d) != len(compare_key(value).replace("+", "")):
        raise InputError(_("电话号码不对：{value}", value=clean(value)), field=field_name)
    if len(d) == 11 and not d.startswith("1"):
        raise InputError(_("手机号应以 1 开头：{value}", value=d), field=field_name)
    return d


def _check_date(value: Any, field_name: str) -> dt.date | None:
    try:
        return parse_date(value)
    except ValueError:
        raise InputError(_("日期不对：{value}", value=value), field=field_name) from None


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return clean(str(value)).lower() in ("1", "true", "yes", "y", "是", "同意")


def _normalise(changes: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in EDITABLE:
            raise InputError(_("客户档案没有这一项：{key}", key=key), field=key)
        if key == "name":
            name = clean(value)
            if not name:
                raise InputError(_("请填写顾客姓名。"), field="name")
            if len(name) > 60:
                raise InputError(_("姓名太长。"), field="name")
            out[key] = name
        elif key in ("phone", "phone2"):
            out[key] = _check_phone(str(value or ""), key)
        elif key in ("birthday", "wedding_anniversary"):
            out[key] = _check_date(value, key)
        elif key in ("consent_calls", "consent_letters"):
            out[key] = _bool(value)
        elif key == "consent_channel":
            channel = clean(value)
            if channel not in CONSENT_CHANNELS:
                raise InputError(_("同意方式不对：{value}", value=channel), field=key)
            out[key] = channel
        else:
            out[key] = clean(value) if key == "address" else str(value or "").strip()
    return out


def get(session: Session, customer_id: int, *, follow_merge: bool = True) -> Customer:
    """The customer file; a merged file leads to the one it was merged into."""
    c = session.get(Customer, customer_id)
    hops = 0
    while c is not None and follow_merge and c.merged_into_id is not None and hops < 10:
        c = session.get(Customer, c.merged_into_id)
        hops += 1
    if c is None or c.voided_at is not None:
        raise NotFound(_("没有这个顾客：{id}", id=customer_id))
    if c.anonymized_at is not None:
        raise NotFound(_("这个顾客的资料已匿名化：{id}", id=customer_id))
    return c


SNAPSHOT = (*EDITABLE, "consent_at")


def create(session: Session, actor: Actor, **fields: Any) -> Customer:
    """File a new customer. The same phone in another file is allowed (family members)."""
    data = _normalise(fields)
    if "name" not in data:
        raise InputError(_("请填写顾客姓名。"), field="name")
    c = Customer(home_store_id=actor.store_id, created_by_id=actor.staff_id, **data)
    if data.get("consent_calls") or data.get("consent_letters"):
        c.consent_at = now()
        c.consent_channel = data.get("consent_channel") or "counter"
    session.add(c)
    session.flush()
    audit.record(session, actor, "create", "customer", c.id, _("新建客户档案 {name}", name=c.name),
                 after=audit.snapshot(c, *SNAPSHOT))
    return c


def edit(session: Session, actor: Actor, customer_id: int, **changes: Any) -> Customer:
    """Change details; the before/after of every changed field goes to the history."""
    c = get(session, customer_id, follow_merge=False)
    if c.merged_into_id is not None:
        raise Conflict(_("这个档案已合并到 {id}，请修改保留的档案。", id=c.merged_into_id))
    data = _normalise(changes)
    before = audit.snapshot(c, *SNAPSHOT)
    consent_changed = any(k in data and data[k] != getattr(c, k) for k in ("consent_calls", "consent_letters"))
    for key, value in data.items():
        setattr(c, key, value)
    if consent_changed:
        c.consent_at = now()
        c.consent_channel = data.get("consent_channel") or c.consent_channel or "counter"
    after = audit.snapshot(c, *SNAPSHOT)
    diff_before = {k: v for k, v in before.items() if after[k] != v}
    diff_after = {k: after[k] for k in diff_before}
    if not diff_after:
        return c
    c.updated_by_id = actor.staff_id
    session.flush()
    audit.record(session, actor, "update", "customer", c.id, _("修改客户档案 {name}", name=c.name),
                 before=diff_before, after=diff_after)
    return c


@dataclass(frozen=True)
class HistoryRow:
    at: dt.datetime
    staff: str
    action: str
    summary: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def history(session: Session, customer_id: int) -> list[HistoryRow]:
    rows = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.entity == "customer", AuditEntry.entity_id == str(customer_id))
        .order_by(AuditEntry.id)
    )
    return [HistoryRow(e.at, e.staff_name, e.action, e.summary, e.before, e.after) for e in rows]


def reveal_phone(session: Session, actor: Actor, customer_id: int) -> str:
    """The full number; who opened it and when is logged."""
    c = get(session, customer_id)
    audit.record(session, actor, "reveal_phone", "customer", c.id, _("查看完整电话 {name}", name=c.name))
    return c.phone


@dataclass(frozen=True)
class CustomerDetails:
    """What the edit dialog shows of a file: the details, the phones masked."""

    id: int
    name: str
    phone_masked: str
    phone2_masked: str
    address: str
    birthday: dt.date | None
    wedding_anniversary: dt.date | None
    preferences: str
    notes: str
    consent_calls: bool
    consent_letters: bool
    consent_channel: str


def details(session: Session, customer_id: int) -> CustomerDetails:
    c = get(session, customer_id)
    return CustomerDetails(
        id=c.id, name=c.name, phone_masked=mask_phone(c.phone), phone2_masked=mask_phone(c.phone2),
        address=c.address, birthday=c.birthday, wedding_anniversary=c.wedding_anniversary,
        preferences=c.preferences, notes=c.notes, consent_calls=c.consent_calls,
        consent_letters=c.consent_letters, consent_channel=c.consent_channel,
    )


# --- duplicates and merge --------------------------------------------------------------


@dataclass(frozen=True)
class DuplicatePair:
    customer_id: int
    name: str
    phone_masked: str
    other_id: int
    other_name: str
    other_phone_masked: str
    reasons: list[str] = field(default_factory=list)  # same_phone / similar_name / same_address

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _live() -> Any:
    return (Customer.merged_into_id.is_(None)) & (Customer.anonymized_at.is_(None)) & (Customer.voided_at.is_(None))


def _pinyin_set(c: Customer) -> set[str]:
    return set(c.name_pinyin.split()) if c.name_pinyin else {compare_key(c.name)}


def duplicates_of(session: Session, customer_id: int) -> list[DuplicatePair]:
    """Files that may be the same person: same phone, similar name (same pinyin), same address."""
    c = get(session, customer_id)
    found: dict[int, tuple[Customer, list[str]]] = {}

    def note(other: Customer, reason: str) -> None:
        if other.id == c.id:
            return
        found.setdefault(other.id, (other, []))[1].append(reason)

    phones = [p for p in (c.phone, c.phone2) if p]
    if phones:
        for o in session.scalars(select(Customer).where(_live(), (Customer.phone.in_(phones)) |
                                                         (Customer.phone2.in_(phones)))):
            note(o, "same_phone")
    mine = _pinyin_set(c)
    for o in session.scalars(select(Customer).where(_live(), Customer.name == c.name).limit(50)):
        note(o, "similar_name")
    if mine:  # same sound, other characters (张小明 / 张晓明): the whole-name pinyin keys
        same_sound = select(CustomerSearchKey.customer_id).where(
            CustomerSearchKey.kind == "p0", CustomerSearchKey.key.in_(sorted(mine))).limit(50)
        for o in session.scalars(select(Customer).where(_live(), Customer.id.in_(same_sound))):
            note(o, "similar_name")
    if c.address:
        for o in session.scalars(select(Customer).where(_live(), Customer.address == c.address).limit(50)):
            note(o, "same_address")
    out = []
    for o, reasons in found.values():
        out.append(DuplicatePair(c.id, c.name, mask_phone(c.phone), o.id, o.name, mask_phone(o.phone),
                                 sorted(set(reasons))))
    # a shared phone alone is often a family: list pairs with more reasons first
    out.sort(key=lambda p: (-len(p.reasons), p.other_id))
    return out


def duplicate_candidates(session: Session, store_id: int | None = None, limit: int = 100) -> list[DuplicatePair]:
    """Pairs across the files: the same phone, or the same name and address."""
    q = select(Customer.phone).where(_live(), Customer.phone != "")
    if store_id is not None:
        q = q.where(Customer.home_store_id == store_id)
    phones = session.scalars(
        q.group_by(Customer.phone).having(func.count(Customer.id) > 1).limit(limit)
    ).all()
    pairs: list[DuplicatePair] = []
    seen: set[tuple[int, int]] = set()
    for phone in phones:
        rows = list(session.scalars(select(Customer).where(_live(), Customer.phone == phone).order_by(Customer.id)))
        for pair in duplicates_of(session, rows[0].id):
            key = (min(pair.customer_id, pair.other_id), max(pair.customer_id, pair.other_id))
            if key not in seen:
                seen.add(key)
                pairs.append(pair)
    return pairs[:limit]


@dataclass(frozen=True)
class MergeResult:
    kept_id: int
    merged_id: int
    moved: dict[str, list[int]]

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def merge(session: Session, actor: Actor, keep_id: int, merge_id: int, reason: str) -> MergeResult:
    """Move everything of `merge_id` to `keep_id`; never automatic, a manager decides."""
    actor.require(Action.MERGE_CUSTOMERS)
    reason = clean(reason)
    if not reason:
        raise InputError(_("请写明合并的理由。"), field="reason")
    if keep_id == merge_id:
        raise InputError(_("不能把档案合并到它自己。"))
    keep = get(session, keep_id, follow_merge=False)
    gone = get(session, merge_id, follow_merge=False)
    for c in (keep, gone):
        if c.merged_into_id is not None:
            raise Conflict(_("档案 {id} 已经合并过了。", id=c.id))
    moved: dict[str, list[int]] = {}
    for model, label in MOVED_ON_MERGE:
        ids = list(session.scalars(select(model.id).where(model.customer_id == gone.id).order_by(model.id)))
        if ids:
            session.execute(
                update(model).where(model.id.in_(ids)).values(customer_id=keep.id),
                execution_options={"synchronize_session": False},
            )
        moved[label] = ids
    filled: dict[str, Any] = {}
    for name in ("phone2", "address", "birthday", "wedding_anniversary", "preferences"):
        if not getattr(keep, name) and getattr(gone, name):
            filled[name] = getattr(gone, name)
            setattr(keep, name, getattr(gone, name))
    if not keep.phone2 and gone.phone and gone.phone != keep.phone:
        filled["phone2"] = gone.phone
        keep.phone2 = gone.phone
    gone.merged_into_id = keep.id
    gone.updated_by_id = actor.staff_id
    keep.updated_by_id = actor.staff_id
    session.flush()
    session.expire_all()
    after = {"merged_into_id": keep.id, "moved": moved, "filled": filled, "reason": reason}
    audit.record(session, actor, "merge", "customer", gone.id,
                 _("客户档案 {a} 合并到 {b}", a=gone.id, b=keep.id), before={"merged_into_id": None}, after=after)
    audit.record(session, actor, "merge", "customer", keep.id,
                 _("合并进来的档案 {a}", a=gone.id), before=None, after=after)
    return MergeResult(keep.id, gone.id, moved)


# --- the file with its timeline ----------------------------------------------------------


@dataclass(frozen=True)
class TimelineRow:
    at: dt.datetime
    kind: str  # purchase / intake / slip / quote / call / letter / complaint / praise / follow_up / edit
    title: str
    detail: str = ""
    ref: str = ""

    def as_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["at"] = self.at.isoformat()
        return d


def _day(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(0, 0))


SLIP_STATUS = {
    "received": "已收件", "sent": "已送厂", "back": "已回店", "notified": "已通知",
    "collected": "已取件", "cancelled": "已取消",
}
PURPOSES = {
    "enquiry": "咨询", "complaint": "投诉", "follow_up": "跟踪回访", "notify": "通知取件",
    "invitation": "活动邀请", "praise": "表扬", "other": "其他",
}
OUTCOMES = {
    "reached": "已接通", "no_answer": "无人接听", "wrong_number": "号码错误", "declined": "谢绝",
    "booked": "预约到店", "sent": "已寄出", "": "",
}


def timeline(session: Session, customer_id: int) -> list[TimelineRow]:
    """Everything the store did with this customer, newest first."""
    rows: list[TimelineRow] = []
    receipts = session.scalars(select(SalesReceipt).where(SalesReceipt.customer_id == customer_id))
    for r in receipts:
        items = list(session.scalars(
            select(SoldItem).where(SoldItem.receipt_id == r.id).order_by(SoldItem.line_no)))
        what = "、".join(f"{i.description or i.product_code}（{i.product_code}）" for i in items)
        total = money_str(sum((i.price for i in items), start=Decimal("0")))
        rows.append(TimelineRow(_day(r.sold_on), "purchase", _("购买 {no}", no=r.receipt_no),
                                f"{what} ¥{total}".strip(), r.receipt_no))
    for i in session.scalars(select(Intake).where(Intake.customer_id == customer_id)):
        rows.append(TimelineRow(i.created_at, "intake", _("到店收件"),
                                " ".join(x for x in (i.receipt_no, i.product_code, i.outcome) if x), str(i.id)))
    for s in session.scalars(select(RepairSlip).where(RepairSlip.customer_id == customer_id)):
        status = _(SLIP_STATUS.get(s.status.value, s.status.value))
        rows.append(TimelineRow(s.created_at, "slip", _("维修单 {no}", no=s.number),
                                f"{status} {s.damaged_parts}".strip(), s.number))
        if s.collected_at:
            rows.append(TimelineRow(s.collected_at, "slip", _("取件 {no}", no=s.number), "", s.number))
    for q in session.scalars(select(Quote).where(Quote.customer_id == customer_id)):
        rows.append(TimelineRow(_day(q.on_date), "quote", _("报价单 {no}", no=q.number),
                                f"{q.kind} ¥{q.to_pay} {q.status}", q.number))
    for log in session.scalars(select(ContactLog).where(ContactLog.customer_id == customer_id)):
        if log.complaint_id is not None and log.purpose in ("complaint", "praise"):
            continue  # shown once, as the complaint itself
        kind = "letter" if log.channel == "letter" else "call"
        arrow = _("来电") if log.direction == "in" else _("去电")
        if log.channel == "letter":
            title = _("信函 {purpose}", purpose=_(PURPOSES.get(log.purpose, log.purpose)))
        elif log.channel == "visit":
            title = _("到店 {purpose}", purpose=_(PURPOSES.get(log.purpose, log.purpose)))
        else:
            title = f"{arrow} {_(PURPOSES.get(log.purpose, log.purpose))}"
        outcome = _(OUTCOMES.get(log.outcome, log.outcome)) if log.outcome else ""
        rows.append(TimelineRow(log.at, kind, title, " ".join(x for x in (outcome, log.text) if x), str(log.id)))
    for c in session.scalars(select(Complaint).where(Complaint.customer_id == customer_id)):
        kind = "praise" if c.kind == "praise" else "complaint"
        title = _("表扬 {no}", no=c.number) if kind == "praise" else _("投诉 {no}", no=c.number)
        state = _("已解决") if c.resolved_at else ("" if kind == "praise" else _("处理中"))
        rows.append(TimelineRow(c.received_at, kind, title, f"{state} {c.what}".strip(), c.number))
    for t in session.scalars(select(FollowUpTask).where(FollowUpTask.customer_id == customer_id,
                                                        FollowUpTask.status != "open")):
        rows.append(TimelineRow(_day(t.due_on), "follow_up", _("跟踪任务 {reason}", reason=t.reason),
                                t.status, str(t.id)))
    for h in history(session, customer_id):
        if h.action in ("update", "merge", "create"):
            changed = ", ".join(f"{k}: {(h.before or {}).get(k, '')} → {v}" for k, v in (h.after or {}).items()
                                if k not in ("moved", "filled") and h.action == "update")
            rows.append(TimelineRow(h.at, "edit", h.summary, f"{h.staff} {changed}".strip(), ""))
    rows.sort(key=lambda r: r.at, reverse=True)
    return rows


@dataclass(frozen=True)
class CustomerFile:
    id: int
    name: str
    phone_masked: str
    phone2_masked: str
    address: str
    birthday: dt.date | None
    wedding_anniversary: dt.date | None
    preferences: str
    notes: str
    consent_calls: bool
    consent_letters: bool
    consent_at: dt.datetime | None
    consent_channel: str
    home_store_id: int | None
    merged_from: list[int]
    three_strikes: bool
    unclear_cases: int
    timeline: list[TimelineRow]
    history: list[HistoryRow]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "phone_masked": self.phone_masked,
            "phone2_masked": self.phone2_masked,
            "address": self.address,
            "birthday": self.birthday.isoformat() if self.birthday else None,
            "wedding_anniversary": self.wedding_anniversary.isoformat() if self.wedding_anniversary else None,
            "preferences": self.preferences,
            "notes": self.notes,
            "consent_calls": self.consent_calls,
            "consent_letters": self.consent_letters,
            "consent_at": self.consent_at.isoformat() if self.consent_at else None,
            "consent_channel": self.consent_channel,
            "home_store_id": self.home_store_id,
            "merged_from": self.merged_from,
            "three_strikes": self.three_strikes,
            "unclear_cases": self.unclear_cases,
            "timeline": [r.as_json() for r in self.timeline],
            "history": [
                {"at": h.at.isoformat(), "staff": h.staff, "action": h.action, "summary": h.summary,
                 "before": h.before, "after": h.after}
                for h in self.history
            ],
        }


def open_file(session: Session, customer_id: int) -> CustomerFile:
    from counter_app.services import complaints

    c = get(session, customer_id)
    merged_from = list(session.scalars(select(Customer.id).where(Customer.merged_into_id == c.id)))
    unclear, flagged = complaints.three_strikes(session, c.id)
    return CustomerFile(
        id=c.id, name=c.name, phone_masked=mask_phone(c.phone), phone2_masked=mask_phone(c.phone2),
        address=c.address, birthday=c.birthday, wedding_anniversary=c.wedding_anniversary,
        preferences=c.preferences, notes=c.notes, consent_calls=c.consent_calls,
        consent_letters=c.consent_letters, consent_at=c.consent_at, consent_channel=c.consent_channel,
        home_store_id=c.home_store_id, merged_from=merged_from, three_strikes=flagged, unclear_cases=unclear,
        timeline=timeline(session, c.id), history=history(session, c.id),
    )
