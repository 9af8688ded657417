"""Repair slips (维修单): creation from an intake, status moves, quotes, voids, look-ups.

Batches, pickup / lost slips, notifications and printing live in the `slip_*` modules
beside this one; they all move a slip through `move()` so every step is checked the same
way and leaves a `SlipEvent` and an audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.data import numbering
from counter_app.data.models import (
    Customer,
    Intake,
    RepairSlip,
    SalesReceipt,
    SlipEvent,
    SlipStatus,
    SoldItem,
    Staff,
    Store,
)
from counter_app.domain import slip_rules as rules
from counter_app.domain.dates import now, today
from counter_app.domain.money import ZERO, fen, money_str, parse_money
from counter_app.domain.records import DAMAGE_WORDS, Condition, Defect, defects_from_json
from counter_app.domain.text import clean, compare_key, digits
from counter_app.errors import Conflict, InputError, NotFound
from counter_app.i18n import _
from counter_app.printing.codes import read_scan
from counter_app.services import audit, policy
from counter_app.services.context import Actor
from counter_app.services.permissions import Action

SLIP_FIELDS = (
    "number", "status", "works", "shipping_fee", "repair_fee", "deposit", "paid", "factory_quote",
    "promised_on", "intake_weight_g", "return_weight_g", "pickup_weight_g", "note", "internal_note",
    "lost", "unrepaired", "print_count", "collected_at",
)




def free_text(text: str | None) -> str:
    """A note as typed: trimmed, runs of spaces made one; Chinese punctuation kept (no NFKC)."""
    return " ".join((text or "").split())


def parse_defect(text: str) -> Defect:
    """`"划痕:refuse"` / `"开焊：维修"` -> Defect; refusals are printed on the slip."""
    raw = free_text(text).replace("：", ":")
    what, _sep, decision = raw.rpartition(":")
    if not _sep:
        what, decision = raw, "refuse"
    key = decision.strip().lower()
    if key in ("refuse", "refused", "拒绝", "不修", "decline"):
        decision = "refuse"
    elif key in ("repair", "accept", "维修", "修", "同意"):
        decision = "repair"
    else:
        raise InputError(_("未提及缺陷的决定只能是 refuse（拒绝）或 repair（维修）：'{t}'", t=text), field="defect")
    if not what.strip():
        raise InputError(_("请写明缺陷内容：'{t}'", t=text), field="defect")
    return Defect(what.strip(), decision)


@dataclass
class SlipDraft:
    """What the clerk fills in on the slip editor (or the CLI options)."""

    works: list[str]
    note: str = ""
    internal_note: str = ""
    damaged_parts: str = ""
    defects: list[Defect] = field(default_factory=list)
    shipping_fee: Decimal | str | None = None
    repair_fee: Decimal | str | None = None
    deposit: Decimal | str | None = None
    promised_on: dt.date | None = None
    weight_g: Decimal | str | None = None
    quote_accepted: bool = False  # the customer accepted the price-list fee at intake


# --- look-ups ------------------------------------------------------------------------------


def get(session: Session, number: str) -> RepairSlip:
    """The slip with this number (typed, or scanned as Code128 / QR payload)."""
    scan = read_scan(number)
    key = scan.number if scan else clean(number).upper()
    if scan is not None and not scan.check_ok:
        raise InputError(_("扫描的维修单校验码不对：'{t}'，请重新扫描或手工输入单号。", t=clean(number)),
                         field="number")
    slip = session.scalars(select(RepairSlip).where(RepairSlip.number == key)).first()
    if slip is None:
        raise NotFound(_("没有维修单 {no}。", no=key or clean(number)))
    return slip


def store_of(session: Session, slip: RepairSlip) -> Store:
    store = session.get(Store, slip.store_id)
    assert store is not None
    return store


def fees(slip: RepairSlip) -> rules.Fees:
    return rules.Fees(slip.repair_fee or ZERO, slip.shipping_fee or ZERO, slip.deposit or ZERO, slip.paid or ZERO)


def work_types(slip: RepairSlip) -> list[rules.WorkType]:
    return [rules.WORKS_BY_CODE[w["code"]] for w in slip.works if w.get("code") in rules.WORKS_BY_CODE]


def is_overdue(slip: RepairSlip, on: dt.date | None = None) -> bool:
    """Not back by the promised date (still received or at the factory)."""
    on = on or today()
    return (slip.promised_on is not None and slip.promised_on < on and slip.voided_at is None
            and slip.status.value in (rules.RECEIVED, rules.SENT))


# --- creation -----------------------------------------------------------------------------


def _money(value: Decimal | str | None, name: str) -> Decimal:
    try:
        amount = parse_money(value) if value is not None else None
    except (ValueError, TypeError):
        raise InputError(_("{name}不是金额：'{v}'", name=name, v=value), field=name) from None
    return amount if amount is not None else ZERO


def _grams(value: Decimal | str | None) -> Decimal | None:
    from counter_app.domain.money import parse_decimal, quantize

    try:
        g = parse_decimal(value) if value is not None else None
    except (ValueError, TypeError):
        raise InputError(_("重量不是数字：'{v}'", v=value), field="weight") from None
    if g is None:
        return None
    if g <= 0 or g > Decimal("10000"):
        raise InputError(_("重量不合理：{v} 克", v=value), field="weight")
    return quantize(g, 3)


def item_snapshot(session: Session, intake: Intake) -> dict[str, Any]:
    """The sold item plus what was verified at intake, frozen on the slip."""
    item: dict[str, Any] = {"product_code": intake.product_code, "receipt_no": intake.receipt_no}
    sold = session.get(SoldItem, intake.sold_item_id) if intake.sold_item_id else None
    if sold is not None:
        receipt = session.get(SalesReceipt, sold.receipt_id)
        cert = sold.certificate
        item.update({
            "product_code": sold.product_code,
            "description": sold.description,
            "category": sold.category,
            "metal": sold.metal,
            "fineness": sold.fineness,
            "sold_weight_g": None if sold.weight_g is None else f"{sold.weight_g:.3f}",
            "engraving": sold.engraving,
            "certificate_issuer": cert.issuer if cert else "",
            "certificate_number": cert.number if cert else "",
            "receipt_no": receipt.receipt_no if receipt else intake.receipt_no,
            "sold_on": receipt.sold_on.isoformat() if receipt else "",
        })
    item["verification"] = intake.verification.get("verdict", "") if isinstance(intake.verification, dict) else ""
    item["observed"] = intake.observed or {}
    item["other_store"] = bool(intake.other_store)
    return item


def _intake_damage(intake: Intake) -> str:
    """The damage the intake recorded (开焊、刮伤 …) as words for the slip."""
    cond = Condition.from_json(intake.condition)
    labels = dict(DAMAGE_WORDS)
    words = [_(labels.get(p, p)) for p in cond.damage if p and p != "other"]
    notes = free_text(cond.notes)
    return "；".join(x for x in ("、".join(words), notes) if x)


def _intake_defects(intake: Intake) -> list[Defect]:
    return defects_from_json(intake.unmentioned_defects)


def create(session: Session, actor: Actor, intake_id: int, draft: SlipDraft) -> RepairSlip:
    """Write the slip for a checked intake; the number is drawn inside this transaction."""
    store_id = actor.require_store()
    intake = session.get(Intake, intake_id)
    if intake is None or intake.voided_at is not None:
        raise NotFound(_("没有收件记录 #{id}。", id=intake_id))
    existing = session.scalars(
        select(RepairSlip).where(RepairSlip.intake_id == intake_id, RepairSlip.voided_at.is_(None))
    ).first()
    if existing is not None:
        raise Conflict(_("这次收件已开过维修单 {no}。", no=existing.number))
    try:
        works = rules.parse_works(draft.works)
    except ValueError as exc:
        raise InputError(str(exc), field="work") from None
    shipping = _money(draft.shipping_fee, _("邮寄费"))
    repair = _money(draft.repair_fee, _("维修费"))
    deposit = _money(draft.deposit, _("订金"))
    try:
        rules.check_fees(works, shipping, repair, deposit)
    except ValueError as exc:
        raise InputError(str(exc), field="fee") from None
    weight = _grams(draft.weight_g) if draft.weight_g is not None else intake.weight_g
    if weight is None and rules.goes_to_factory(works):
        raise InputError(_("送厂的饰品必须称重（收件重量）。"), field="weight")
    pv_row, pv = policy.current(session)
    created = now()
    promised = draft.promised_on
    in_store = rules.only_in_store(works)
    if promised is None:
        promised = created.date() if in_store else created.date() + dt.timedelta(days=pv.repair_promise_days)
    elif promised < created.date():
        raise InputError(_("承诺取件日期不能早于今天：{d}", d=promised.isoformat()), field="promised")
    customer = session.get(Customer, intake.customer_id) if intake.customer_id else None
    defects = _intake_defects(intake)
    for d in draft.defects:
        if all(compare_key(d.defect) != compare_key(x.defect) for x in defects):
            defects.append(d)
    quote: dict[str, Any] = {}
    if rules.needs_quote(works):
        quote = {"status": "pending"}
        if repair > ZERO:
            quote = {"status": "accepted" if draft.quote_accepted else "pending", "amount": money_str(repair),
                     "source": "intake", "at": created.isoformat(), "by": actor.name}

    store = session.get(Store, store_id)
    assert store is not None
    slip = RepairSlip(
        number=numbering.slip_number(session, store.code, created.year),
        store_id=store_id,
        intake_id=intake.id,
        customer_id=intake.customer_id,
        sold_item_id=intake.sold_item_id,
        status=SlipStatus.RECEIVED,
        item=item_snapshot(session, intake),
        works=[{"code": w.code, "label": w.label, "kind": w.kind} for w in works],
        damaged_parts=free_text(draft.damaged_parts) or _intake_damage(intake),
        unmentioned_defects=[d.as_dict() for d in defects],
        shipping_fee=shipping,
        repair_fee=repair,
        deposit=deposit,
        paid=ZERO,
        factory_quote=quote,
        promised_on=promised,
        intake_weight_g=weight,
        note=free_text(draft.note),
        internal_note=free_text(draft.internal_note),
        customer_name=customer.name if customer else "",
        customer_phone=customer.phone if customer else "",
        policy_version_id=pv_row.id,
        created_at=created,
        created_by_id=actor.staff_id,
    )
    session.add(slip)
    session.flush()
    _event(session, slip, actor, "status", None, rules.RECEIVED, slip.note,
           {"works": [w.code for w in works], "policy_version": pv_row.version})
    audit.record(session, actor, "create", "repair_slip", slip.number, _("开维修单 {no}", no=slip.number),
                 after=audit.snapshot(slip, *SLIP_FIELDS))
    if in_store:
        # 终身免费保养 is done in front of the customer: the slip closes at once.
        move(session, actor, slip, rules.COLLECTED, _("店内保养当场完成并交还顾客"))
        slip.collected_at = slip.updated_at or now()
    intake.outcome = intake.outcome or "slip"
    return slip


def intake_from_receipt(
    session: Session, actor: Actor, receipt_no: str, product_code: str, weight_g: Decimal | str | None = None,
    notes: str = "",
) -> Intake:
    """An intake for the item on a receipt, checked by the intake service (the command line's path).

    With no weight typed, the weight on the sales record becomes the intake weight and the
    intake notes say so: the item is weighed again when it comes back and at pickup.
    """
    from counter_app.domain import verification
    from counter_app.services import intake as intake_service

    grams = _grams(weight_g)
    if grams is None:
        _record, sold = intake_service.item_record(session, actor, receipt_no, product_code)
        if sold.weight_g is not None:
            grams = sold.weight_g
            notes = clean(f"{notes} " + _("未称重，按销售记录重量 {g} 克。", g=sold.weight_g))
    observed = verification.Observed(weight_g=grams) if grams is not None else verification.Observed()
    return intake_service.save_intake(
        session, actor, receipt_no=receipt_no, product_code=product_code, observed=observed,
        condition={}, unmentioned_defects=[], brought={"receipt": True}, weight_g=grams, notes=notes,
        outcome="slip",
    )


def _event(
    session: Session, slip: RepairSlip, actor: Actor, kind: str, from_status: str | None, to_status: str | None,
    note: str = "", data: dict[str, Any] | None = None, batch_id: int | None = None,
) -> SlipEvent:
    ev = SlipEvent(slip_id=slip.id, at=now(), staff_id=actor.staff_id, kind=kind, from_status=from_status,
                   to_status=to_status, note=free_text(note), data=data or {}, batch_id=batch_id)
    session.add(ev)
    session.flush()
    return ev


def add_event(session: Session, slip: RepairSlip, actor: Actor, kind: str, note: str = "",
              data: dict[str, Any] | None = None) -> SlipEvent:
    return _event(session, slip, actor, kind, None, None, note, data)


def move(
    session: Session, actor: Actor, slip: RepairSlip, to: str, note: str = "",
    data: dict[str, Any] | None = None, batch_id: int | None = None,
) -> SlipEvent:
    """The one place a slip changes status: checks the rules, records the event and audit."""
    if slip.voided_at is not None:
        raise Conflict(_("维修单 {no} 已作废，不能再办理。", no=slip.number))
    current = slip.status.value
    try:
        rules.check_move(current, to, in_store_only=rules.only_in_store(work_types(slip)),
                         unrepaired=slip.unrepaired)
    except ValueError as exc:
        raise Conflict(_("维修单 {no}：", no=slip.number) + str(exc)) from None
    before = audit.snapshot(slip, "status")
    slip.status = SlipStatus(to)
    slip.updated_by_id = actor.staff_id
    slip.updated_at = now()
    ev = _event(session, slip, actor, "status", current, to, note, data, batch_id)
    audit.record(session, actor, "update", "repair_slip", slip.number,
                 _("维修单 {no}：{a} → {b}", no=slip.number, a=rules.status_label(current),
                   b=rules.status_label(to)), before=before, after={"status": to, "note": free_text(note)})
    return ev


def cancel(session: Session, actor: Actor, number: str, reason: str) -> RepairSlip:
    slip = get(session, number)
    if not clean(reason):
        raise InputError(_("取消维修单必须写明原因。"), field="note")
    move(session, actor, slip, rules.CANCELLED, reason)
    return slip


def void(session: Session, actor: Actor, number: str, reason: str) -> RepairSlip:
    """Void a slip written by mistake: managers only, with a reason; the number stays used."""
    actor.require(Action.VOID_SLIP)
    slip = get(session, number)
    if not clean(reason):
        raise InputError(_("作废必须写明原因。"), field="reason")
    if slip.voided_at is not None:
        raise Conflict(_("维修单 {no} 已经作废。", no=slip.number))
    if slip.status.value == rules.COLLECTED and not rules.only_in_store(work_types(slip)):
        raise Conflict(_("维修单 {no} 的饰品已取走，不能作废。", no=slip.number))
    before = audit.snapshot(slip, "status", "voided_at")
    current = slip.status.value
    if current not in rules.FINAL:
        slip.status = SlipStatus.CANCELLED
    slip.voided_at = now()
    slip.voided_by_id = actor.staff_id
    slip.void_reason = free_text(reason)
    _event(session, slip, actor, "void", current, slip.status.value, reason)
    audit.record(session, actor, "void", "repair_slip", slip.number, _("作废维修单 {no}", no=slip.number),
                 before=before, after={"status": slip.status.value, "reason": free_text(reason)})
    return slip


# --- paid work: the factory's quote and the customer's answer ---------------------------------


def record_quote(
    session: Session, actor: Actor, number: str, amount: Decimal | str, factory_cost: Decimal | str | None = None,
    note: str = "",
) -> RepairSlip:
    slip = get(session, number)
    works = work_types(slip)
    if not rules.needs_quote(works):
        raise Conflict(_("维修单 {no} 没有收费项目，不需要工厂报价。", no=slip.number))
    if slip.status.value not in (rules.RECEIVED, rules.SENT):
        raise Conflict(_("维修单 {no} 已是“{s}”，不能再录报价。", no=slip.number, s=rules.status_label(slip.status.value)))
    value = _money(amount, _("报价"))
    if value <= ZERO:
        raise InputError(_("报价必须大于零。"), field="amount")
    cost = _money(factory_cost, _("工厂成本")) if factory_cost not in (None, "") else value
    if any(w.at_cost for w in works) and cost != value:
        raise InputError(_("改款按成本价：报价 {a} 须等于工厂成本 {c}，不加利润。", a=money_str(value),
                           c=money_str(cost)), field="amount")
    before = {"factory_quote": slip.factory_quote, "repair_fee": money_str(slip.repair_fee)}
    slip.factory_quote = {"status": "pending", "amount": money_str(value), "factory_cost": money_str(cost),
                          "at_cost": any(w.at_cost for w in works), "at": now().isoformat(), "by": actor.name,
                          "note": free_text(note), "source": "factory"}
    slip.repair_fee = value
    slip.updated_by_id = actor.staff_id
    add_event(session, slip, actor, "quote", note, {"amount": money_str(value), "factory_cost": money_str(cost)})
    audit.record(session, actor, "update", "repair_slip", slip.number,
                 _("维修单 {no} 工厂报价 {a}", no=slip.number, a=money_str(value)), before=before,
                 after={"factory_quote": slip.factory_quote})
    return slip


def decide_quote(session: Session, actor: Actor, number: str, accepted: bool, note: str = "") -> RepairSlip:
    """The customer accepts the quote (work goes on) or refuses it (returned unrepaired 未维修退回)."""
    slip = get(session, number)
    quote = dict(slip.factory_quote or {})
    if not quote.get("amount"):
        raise Conflict(_("维修单 {no} 还没有工厂报价。", no=slip.number))
    if quote.get("status") in ("accepted", "refused"):
        raise Conflict(_("维修单 {no} 的报价顾客已答复过。", no=slip.number))
    before = {"factory_quote": slip.factory_quote, "repair_fee": money_str(slip.repair_fee),
              "shipping_fee": money_str(slip.shipping_fee)}
    quote.update({"status": "accepted" if accepted else "refused", "decided_at": now().isoformat(),
                  "decided_by": actor.name, "decision_note": free_text(note)})
    slip.factory_quote = quote
    if not accepted:
        slip.unrepaired = True
        slip.repair_fee = ZERO
        if slip.status.value == rules.RECEIVED:
            slip.shipping_fee = ZERO  # never left the store
    slip.updated_by_id = actor.staff_id
    add_event(session, slip, actor, "quote_accepted" if accepted else "quote_refused", note,
              {"amount": quote.get("amount")})
    audit.record(session, actor, "update", "repair_slip", slip.number,
                 _("维修单 {no}：顾客{d}报价", no=slip.number, d=_("同意") if accepted else _("拒绝")),
                 before=before, after={"factory_quote": quote, "unrepaired": slip.unrepaired})
    return slip


def quote_blocks_factory(slip: RepairSlip) -> str:
    """Why the slip may not go to the factory yet ("" when it may)."""
    works = work_types(slip)
    if rules.only_in_store(works):
        return _("维修单 {no} 只有店内保养项目，不送厂。", no=slip.number)
    if slip.unrepaired:
        return _("维修单 {no} 顾客拒绝了报价，未维修退回，不送厂。", no=slip.number)
    if rules.needs_quote(works) and (slip.factory_quote or {}).get("status") != "accepted":
        return _("维修单 {no} 有收费项目，须先录入工厂报价并经顾客同意才能送厂。", no=slip.number)
    return ""


# --- reading ----------------------------------------------------------------------------------


def describe(slip: RepairSlip, on: dt.date | None = None) -> dict[str, Any]:
    """A plain, JSON-safe view of the slip for the CLI, the windows and the PDF."""
    f = fees(slip)
    item = slip.item or {}
    return {
        "number": slip.number,
        "status": slip.status.value,
        "status_label": rules.status_label(slip.status.value),
        "customer": slip.customer_name,
        "phone": slip.customer_phone,
        "product_code": item.get("product_code", ""),
        "description": item.get("description", ""),
        "item": item,
        "works": [{"code": w["code"], "label": _(w["label"]), "kind": w["kind"]} for w in slip.works],
        "damaged_parts": slip.damaged_parts,
        "unmentioned_defects": list(slip.unmentioned_defects or []),
        "shipping_fee": money_str(f.shipping_fee),
        "repair_fee": money_str(f.repair_fee),
        "deposit": money_str(f.deposit),
        "paid": money_str(f.paid),
        "balance": money_str(f.balance),
        "factory_quote": slip.factory_quote or {},
        "promised_on": slip.promised_on.isoformat() if slip.promised_on else None,
        "overdue": is_overdue(slip, on),
        "created_at": slip.created_at.isoformat(sep=" ") if slip.created_at else None,
        "collected_at": slip.collected_at.isoformat(sep=" ") if slip.collected_at else None,
        "intake_weight_g": None if slip.intake_weight_g is None else f"{slip.intake_weight_g:.3f}",
        "return_weight_g": None if slip.return_weight_g is None else f"{slip.return_weight_g:.3f}",
        "pickup_weight_g": None if slip.pickup_weight_g is None else f"{slip.pickup_weight_g:.3f}",
        "note": slip.note,
        "internal_note": slip.internal_note,
        "lost": slip.lost or {},
        "unrepaired": slip.unrepaired,
        "print_count": slip.print_count,
        "voided": slip.voided_at is not None,
        "void_reason": slip.void_reason or "",
        "has_signature": slip.signature_png is not None,
    }


EVENT_LABELS = {
    "status": "状态", "print": "打印", "reprint": "补打", "notify": "通知", "payment": "收款", "quote": "工厂报价",
    "quote_accepted": "顾客同意报价", "quote_refused": "顾客拒绝报价", "lost": "挂失", "void": "作废",
}


def timeline(session: Session, slip: RepairSlip) -> list[dict[str, Any]]:
    names = dict(session.execute(select(Staff.id, Staff.name)).all())
    return [
        {
            "at": ev.at.isoformat(sep=" "),
            "staff": names.get(ev.staff_id, "") if ev.staff_id is not None else "",
            "kind": ev.kind,
            "kind_label": _(EVENT_LABELS.get(ev.kind, ev.kind)),
            "from": ev.from_status,
            "to": ev.to_status,
            "from_label": rules.status_label(ev.from_status) if ev.from_status else "",
            "to_label": rules.status_label(ev.to_status) if ev.to_status else "",
            "note": ev.note,
            "data": ev.data or {},
        }
        for ev in session.scalars(select(SlipEvent).where(SlipEvent.slip_id == slip.id).order_by(SlipEvent.id))
    ]


def _matches(slip: RepairSlip, text: str) -> bool:
    key = compare_key(text)
    if not key:
        return True
    scan = read_scan(text)
    if scan is not None:  # a scanned slip (Code128 or QR payload) finds exactly that slip
        return scan.number == slip.number
    item = slip.item or {}
    tail = digits(text)
    if tail and len(tail) >= 3 and tail == clean(text) and digits(slip.customer_phone).endswith(tail):
        return True
    haystack = (slip.number, slip.customer_name, str(item.get("product_code", "")), slip.note,
                slip.internal_note, str(item.get("description", "")))
    return any(key in compare_key(h) for h in haystack)


def search(
    session: Session, actor: Actor | None = None, *, status: str | None = None, text: str = "",
    overdue_only: bool = False, include_void: bool = False, on: dt.date | None = None, limit: int = 500,
) -> list[RepairSlip]:
    """Slips of the actor's store, newest first: by status, and by number, customer name,
    phone tail, product code or note text."""
    q = select(RepairSlip).order_by(RepairSlip.id.desc())
    if actor is not None and actor.store_id is not None:
        q = q.where(RepairSlip.store_id == actor.store_id)
    if status:
        try:
            q = q.where(RepairSlip.status == SlipStatus(rules.parse_status(status)))
        except ValueError as exc:
            raise InputError(str(exc), field="status") from None
    if not include_void:
        q = q.where(RepairSlip.voided_at.is_(None))
    out = []
    for slip in session.scalars(q):
        if text and not _matches(slip, text):
            continue
        if overdue_only and not is_overdue(slip, on):
            continue
        out.append(slip)
        if len(out) >= limit:
            break
    return out


def list_rows(session: Session, actor: Actor | None = None, **kw: Any) -> list[dict[str, Any]]:
    on = kw.get("on")
    return [
        {k: v for k, v in describe(s, on).items() if k in LIST_KEYS}
        for s in search(session, actor, **kw)
    ]


LIST_KEYS = (
    "number", "status", "status_label", "customer", "phone", "product_code", "description", "promised_on",
    "overdue", "balance", "created_at", "unrepaired", "voided", "lost",
)


def many(session: Session, numbers: Iterable[str]) -> list[RepairSlip]:
    out: list[RepairSlip] = []
    for n in numbers:
        slip = get(session, n)
        if slip in out:
            raise InputError(_("维修单 {no} 重复了。", no=slip.number), field="numbers")
        out.append(slip)
    if not out:
        raise InputError(_("请至少输入一个维修单号。"), field="numbers")
    return out


def fen_or_zero(value: Decimal | None) -> Decimal:
    return fen(value) if value is not None else ZERO


def numbers_of(slips: Sequence[RepairSlip]) -> list[str]:
    return [s.number for s in slips]
