"""Intake (到店售后): find the sale, check the piece against it, record its condition.

`verify` only reads. `save_intake` stores every intake, even one that leads nowhere, with
the check result and the policy version it used. The rules themselves live in
`counter_app.domain.verification`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from counter_app.data.models import Customer, Intake, SalesReceipt, SoldItem, Store
from counter_app.domain.dates import now, today
from counter_app.domain.policy import PolicyValues
from counter_app.domain.records import (
    DAMAGE_WORDS,
    DEFECT_DECISIONS,
    MAINTENANCE_WORKS,
    Condition,
    Defect,
    Maintenance,
    RecordError,
    defects_to_json,
)
from counter_app.domain.text import clean, compare_key, digits
from counter_app.domain.verification import (
    ItemRecord,
    Observed,
    Retest,
    VerificationResult,
    evaluate,
    parse_weight,
)
from counter_app.errors import Conflict, InputError, NotFound
from counter_app.i18n import _
from counter_app.services import audit, customer_search
from counter_app.services import policy as policy_service
from counter_app.services.context import Actor

# The damage words of the handbook (开焊, 刮伤 …) and what a customer brings back.
BROUGHT_ITEMS: tuple[tuple[str, str], ...] = (
    ("receipt", "销售单"),
    ("invoice", "发票"),
    ("certificate", "证书"),
    ("guarantee_slip", "质量保证单"),
    ("outer_packaging", "外包装"),
    ("manual", "售后服务手册"),
    ("tags", "挂牌"),
    ("accessories", "附件配件"),
    ("gifts", "赠品"),
)
OUTCOMES = ("", "none", "slip", "quote", "maintenance")


# --- finding the sale -------------------------------------------------------------------

def _code_key(text: str) -> str:
    return compare_key(text).upper()


def find_receipt(session: Session, receipt_no: str) -> SalesReceipt | None:
    """The receipt, typed in any width, case or spacing."""
    entered = clean(receipt_no)
    if not entered:
        return None
    row = session.scalars(select(SalesReceipt).where(SalesReceipt.receipt_no.in_({entered, entered.upper()}))).first()
    if row is not None:
        return row
    key = _code_key(entered)
    col = func.upper(func.replace(func.replace(func.replace(SalesReceipt.receipt_no, " ", ""), "-", ""), "/", ""))
    return session.scalars(select(SalesReceipt).where(col == key).limit(1)).first()


def _item_on(receipt: SalesReceipt, product_code: str) -> SoldItem | None:
    key = _code_key(product_code)
    return next((it for it in receipt.items if _code_key(it.product_code) == key and not it.is_void), None)


def items_by_product_code(session: Session, product_code: str) -> list[SoldItem]:
    """The chain's shared records: every sale of this product code, any store."""
    key = _code_key(product_code)
    if not key:
        return []
    col = func.upper(func.replace(func.replace(SoldItem.product_code, " ", ""), "-", ""))
    return list(session.scalars(select(SoldItem).where(or_(SoldItem.product_code == clean(product_code),
                                                             col == key)).limit(20)))


def item_record(session: Session, actor: Actor, receipt_no: str, product_code: str) -> tuple[ItemRecord, SoldItem]:
    """The sale on record, or `NotFound` saying what the receipt does hold."""
    if not clean(receipt_no):
        raise InputError(_("请填写销售单号。"), field="receipt")
    if not clean(product_code):
        raise InputError(_("请填写货号。"), field="product")
    receipt = find_receipt(session, receipt_no)
    if receipt is None or receipt.is_void:
        hint = ""
        elsewhere = [it for it in items_by_product_code(session, product_code) if not it.receipt.is_void]
        if elsewhere:
            hint = _("货号 {code} 在销售单 {nos} 上。", code=clean(product_code),
                     nos="、".join(it.receipt.receipt_no for it in elsewhere))
        raise NotFound(_("没有销售单 {no}。", no=clean(receipt_no)) + hint)
    item = _item_on(receipt, product_code)
    if item is None:
        codes = "、".join(it.product_code for it in receipt.items if not it.is_void) or _("（无货品）")
        raise NotFound(_("销售单 {no} 上没有货号 {code}；这张单上有：{codes}。",
                         no=receipt.receipt_no, code=clean(product_code), codes=codes))
    store = session.get(Store, receipt.store_id)
    cert = item.certificate
    rec = ItemRecord(
        receipt_no=receipt.receipt_no,
        product_code=item.product_code,
        sold_on=receipt.sold_on,
        sold_item_id=item.id,
        price=item.price,
        custom_made=bool(item.custom_made),
        fixed_price=bool(item.fixed_price),
        description=item.description,
        cert_issuer=cert.issuer if cert else "",
        cert_no=cert.number if cert else "",
        engraving=item.engraving or "",
        weight_g=item.weight_g,
        carat=cert.carat if cert else None,
        color=cert.color if cert else "",
        clarity=cert.clarity if cert else "",
        cut=cert.cut if cert else "",
        photo_path=item.photo_path or "",
        store_code=store.code if store else "",
        other_store=actor.store_id is not None and receipt.store_id != actor.store_id,
        customer_id=receipt.customer_id,
    )
    return rec, item


def lookup(session: Session, actor: Actor, receipt_no: str, product_code: str) -> tuple[ItemRecord, PolicyValues, int]:
    """The sale on record with the policy in force: what a window needs to check live."""
    rec, _item = item_record(session, actor, receipt_no, product_code)
    version, values = policy_service.current(session)
    return rec, values, version.version


def _check_date(on: dt.date | None) -> dt.date:
    day = on or today()
    if day > today():
        raise InputError(_("日期不能在将来：{d}", d=day.isoformat()), field="on")
    return day


def verify(session: Session, actor: Actor, receipt_no: str, product_code: str, observed: Observed,
           on: dt.date | None = None, retest: Retest | None = None,
           quality_report: bool = False) -> VerificationResult:
    """Compare what is on the counter with the sale on record. Reads only."""
    day = _check_date(on)
    _validate_observed(observed)
    rec, _item = item_record(session, actor, receipt_no, product_code)
    version, values = policy_service.current(session)
    return evaluate(rec, observed, day, values, version.version, retest=retest,
                    quality_report=quality_report, receipt_no=receipt_no, product_code=product_code)


def _validate_observed(observed: Observed) -> None:
    if observed.weight_g is not None:
        parse_weight(observed.weight_g, "weight_g")
    if observed.carat is not None and observed.carat <= 0:
        raise InputError(_("克拉数不对：{v}（应大于 0）", v=observed.carat), field="carat")


# --- saving -----------------------------------------------------------------------------

def _clean_confirmation(data: dict[str, Any] | None) -> dict[str, Any]:
    if not data:
        return {}
    who = clean(str(data.get("who", "")))
    ref = clean(str(data.get("reference", "")))
    if not who or not ref:
        raise InputError(_("总部确认须填写确认人和确认编号。"), field="head_office")
    return {"who": who, "reference": ref, "note": clean(str(data.get("note", "")))}


def _clean_condition(condition: dict[str, Any]) -> dict[str, Any]:
    """The condition as its record stores it; damage codes in the order of the list."""
    try:
        record = Condition.from_json(condition)
    except RecordError as exc:
        raise InputError(_("收件状况的内容不对：{err}", err=exc), field="condition") from None
    known = {k for k, _label in DAMAGE_WORDS}
    unknown = [d for d in record.damage if d and d not in known]
    if unknown:
        raise InputError(_("不认识的损坏项：{items}", items="、".join(map(str, unknown))), field="condition")
    damage = tuple(k for k, _label in DAMAGE_WORDS if k in record.damage)
    return Condition(damage, clean(record.notes), record.maintenance).to_json()


def _clean_defects(defects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for d in defects:
        defect = clean(str(d.get("defect", "")))
        decision = clean(str(d.get("decision", "")))
        if not defect:
            continue
        if decision not in DEFECT_DECISIONS:
            raise InputError(_("请选择顾客对“{defect}”的决定：维修或不修。", defect=defect), field="defects")
        out.append(Defect(defect, decision))
    return defects_to_json(out)


def _clean_brought(brought: dict[str, Any]) -> dict[str, bool]:
    known = {k for k, _label in BROUGHT_ITEMS}
    return {k: bool(brought.get(k)) for k in known} | {k: bool(v) for k, v in brought.items() if k not in known}


def save_intake(
    session: Session,
    actor: Actor,
    *,
    receipt_no: str,
    product_code: str,
    observed: Observed,
    retest: Retest | None = None,
    condition: dict[str, Any],
    unmentioned_defects: list[dict[str, Any]],
    brought: dict[str, Any],
    weight_g: Decimal | str | None,
    notes: str = "",
    head_office_confirmation: dict[str, Any] | None = None,
    outcome: str = "",
    photo_path: str = "",
    on: dt.date | None = None,
    quality_report: bool = False,
) -> Intake:
    """Check and store one intake with who and when; the caller commits."""
    store_id = actor.require_store()
    if outcome not in OUTCOMES:
        raise InputError(_("不认识的去向：{o}", o=outcome), field="outcome")
    intake_weight = parse_weight(weight_g, "intake_weight")
    confirmation = _clean_confirmation(head_office_confirmation)
    clean_condition = _clean_condition(condition)
    defects = _clean_defects(unmentioned_defects)
    version, values = policy_service.current(session)
    day = _check_date(on)
    _validate_observed(observed)
    try:
        rec, _item = item_record(session, actor, receipt_no, product_code)
    except NotFound:
        if not confirmation:
            raise
        rec = None  # head office vouches for a sale that is not in the shared records
    result = evaluate(rec, observed, day, values, version.version, retest=retest, quality_report=quality_report,
                      receipt_no=receipt_no, product_code=product_code, head_office=confirmation)
    row = Intake(
        store_id=store_id,
        customer_id=rec.customer_id if rec else None,
        sold_item_id=rec.sold_item_id if rec else None,
        receipt_no=clean(receipt_no),
        product_code=clean(product_code),
        observed=observed.as_dict(),
        verification=result.to_dict(),
        retest={"diamond_code": clean(retest.diamond_code), "color": clean(retest.color),
                "clarity": clean(retest.clarity)} if retest else {},
        condition=clean_condition,
        unmentioned_defects=defects,
        brought=_clean_brought(brought),
        weight_g=intake_weight,
        photo_path=clean(photo_path),
        other_store=result.other_store,
        head_office_confirmation=confirmation,
        outcome=outcome,
        policy_version_id=version.id,
        notes=clean(notes),
        created_by_id=actor.staff_id,
        created_at=now(),
    )
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "create", "intake", row.id,
        _("到店收件 {receipt} / {product}：{verdict}", receipt=row.receipt_no, product=row.product_code,
          verdict=result.verdict),
        after=audit.snapshot(row, "receipt_no", "product_code", "observed", "condition", "unmentioned_defects",
                             "brought", "weight_g", "other_store", "head_office_confirmation", "outcome",
                             "policy_version_id"),
    )
    return row


def get_intake(session: Session, intake_id: int) -> Intake:
    row = session.get(Intake, intake_id)
    if row is None or row.is_void:
        raise NotFound(_("没有收件记录 {id}。", id=intake_id))
    return row


def set_outcome(session: Session, actor: Actor, intake_id: int, outcome: str) -> Intake:
    """Say where an intake went (slip / quote / none); the caller commits."""
    if outcome not in OUTCOMES:
        raise InputError(_("不认识的去向：{o}", o=outcome), field="outcome")
    row = get_intake(session, intake_id)
    if row.outcome == "maintenance":
        raise Conflict(_("收件 {id} 已作店内保养并结束。", id=intake_id))
    before = row.outcome
    row.outcome = outcome
    row.updated_by_id = actor.staff_id
    row.updated_at = now()
    session.flush()
    audit.record(session, actor, "update", "intake", row.id, _("收件 {id} 去向：{o}", id=row.id, o=outcome),
                 before={"outcome": before}, after={"outcome": outcome})
    return row


def close_with_maintenance(session: Session, actor: Actor, intake_id: int, works: list[str],
                           note: str = "") -> Intake:
    """Free in-store maintenance done in front of the customer: recorded and closed at once."""
    by_label = {label: code for code, label in MAINTENANCE_WORKS}
    known = {code for code, _label in MAINTENANCE_WORKS}
    codes: list[str] = []
    for w in works:
        code = by_label.get(clean(w), clean(w))
        if code not in known:
            raise InputError(_("不是店内免费保养项目：{w}（清洗、整形、牢固度检查）", w=w), field="works")
        if code not in codes:
            codes.append(code)
    if not codes:
        raise InputError(_("请至少选一项保养：清洗、整形、牢固度检查。"), field="works")
    row = get_intake(session, intake_id)
    if row.outcome == "maintenance":
        raise Conflict(_("收件 {id} 已作店内保养并结束。", id=intake_id))
    if row.outcome in ("slip", "quote"):
        raise Conflict(_("收件 {id} 已转维修单或报价，不能再作店内保养。", id=intake_id))
    before = {"outcome": row.outcome, "condition": dict(row.condition)}
    done_at = now()
    done = Maintenance(tuple(codes), clean(note), done_at.isoformat(), actor.staff_id)
    row.condition = replace(Condition.from_json(row.condition), maintenance=done).to_json()
    row.outcome = "maintenance"
    if clean(note):
        row.notes = (row.notes + "\n" if row.notes else "") + clean(note)
    row.updated_by_id = actor.staff_id
    row.updated_at = done_at
    session.flush()
    labels = dict(MAINTENANCE_WORKS)
    audit.record(session, actor, "maintenance", "intake", row.id,
                 _("店内免费保养完成：{works}", works="、".join(labels[c] for c in codes)),
                 before=before, after={"outcome": "maintenance", "condition": row.condition})
    return row


# --- look-up by customer ----------------------------------------------------------------

@dataclass(frozen=True)
class CustomerItem:
    """One piece a customer bought: a row to pick in the window."""

    customer_id: int
    customer_name: str
    phone_masked: str
    receipt_no: str
    product_code: str
    description: str
    sold_on: dt.date
    store_code: str


def customer_items(session: Session, text: str, limit: int = 50) -> list[CustomerItem]:
    """Receipts and items of the customers found by phone (or its tail), name or initials."""
    from counter_app.domain.text import mask_phone

    q = clean(text)
    if not q:
        return []
    ids = [hit.id for hit in customer_search.search(session, q, limit)]
    d = digits(q)
    conds = []
    if d and len(d) >= 4 and d == q.replace(" ", ""):
        conds += [Customer.phone == d, Customer.phone_reversed.startswith(d[::-1])]
    else:
        conds += [Customer.name.contains(q), Customer.name_initials.contains(q.lower().replace(" ", "")),
                  Customer.name_pinyin.contains(q.lower().replace(" ", ""))]
    # The shared search ranks best; the plain query below covers customers it has no keys for yet.
    simple = session.scalars(select(Customer.id).where(or_(*conds), Customer.voided_at.is_(None),
                                                       Customer.merged_into_id.is_(None)).limit(limit))
    ids += [i for i in simple if i not in ids]
    customers = [c for c in (session.get(Customer, i) for i in ids) if c is not None]
    out: list[CustomerItem] = []
    for c in customers:
        receipts = session.scalars(select(SalesReceipt).where(SalesReceipt.customer_id == c.id,
                                                              SalesReceipt.voided_at.is_(None))
                                   .order_by(SalesReceipt.sold_on.desc()))
        for r in receipts:
            store = session.get(Store, r.store_id)
            for it in r.items:
                if it.is_void:
                    continue
                out.append(CustomerItem(c.id, c.name, mask_phone(c.phone), r.receipt_no, it.product_code,
                                        it.description, r.sold_on, store.code if store else ""))
                if len(out) >= limit:
                    return out
    return out
