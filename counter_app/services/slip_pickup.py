"""Handing the item back (签收) against the slip, and the lost-slip path (维修单遗失).

The printed slip is the only proof to collect the item. When it is lost, the customer's
identity is checked and head office approves; from then on the old number is flagged, so
the paper slip, if found, is refused at the counter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from counter_app.data.models import RepairSlip
from counter_app.domain import slip_rules as rules
from counter_app.domain.dates import now
from counter_app.domain.money import ZERO, money_str
from counter_app.domain.text import clean, digits
from counter_app.errors import Conflict, InputError
from counter_app.i18n import _
from counter_app.services import audit, policy, slips
from counter_app.services.context import Actor
from counter_app.services.permissions import Action

CLI_NO_SIGNATURE = "命令行取件，未采集签名"
ID_TYPES = {"id_card": "身份证", "passport": "护照", "hk_macau_permit": "港澳通行证", "other": "其他证件"}


@dataclass
class PickupResult:
    slip: RepairSlip
    paid_now: Decimal
    balance_before: Decimal
    warnings: list[str] = field(default_factory=list)
    overridden: bool = False


def parse_id_type(text: str) -> str:
    key = clean(text).lower()
    for code, label in ID_TYPES.items():
        if key in (code, label, _(label).lower()):
            return code
    raise InputError(_("证件类型不对：'{t}'（身份证、护照、港澳通行证、其他证件）", t=text), field="id_type")


def lost_flag_message(slip: RepairSlip) -> str:
    lost = slip.lost or {}
    return _("维修单 {no} 已于 {at} 挂失（总部批准：{who}，{ref}），原维修单作废，不能凭此单取件；请按遗失流程核对身份后办理。",
             no=slip.number, at=str(lost.get("reported_at", ""))[:10], who=lost.get("approved_by", ""),
             ref=lost.get("approval_ref", ""))


def preview(session: Session, actor: Actor, scanned: str) -> dict[str, Any]:
    """What the pickup screen shows after the scan, refusing a flagged or unready slip early."""
    slip = slips.get(session, scanned)
    if (slip.lost or {}).get("reported"):
        raise Conflict(lost_flag_message(slip))
    _check_ready(slip)
    return slips.describe(slip)


def _check_ready(slip: RepairSlip) -> None:
    if slip.voided_at is not None:
        raise Conflict(_("维修单 {no} 已作废，不能取件。", no=slip.number))
    if slip.status.value != rules.NOTIFIED:
        allowed = rules.allowed_next(slip.status.value, unrepaired=slip.unrepaired)
        hint = "、".join(rules.status_label(s) for s in allowed) or "—"
        raise Conflict(_("维修单 {no} 是“{s}”，还不能取件（下一步：{hint}）。", no=slip.number,
                         s=rules.status_label(slip.status.value), hint=hint))


def report_lost(
    session: Session, actor: Actor, number: str, *, id_type: str, id_last4: str, phone: str, approved_by: str,
    approval_ref: str, note: str = "",
) -> RepairSlip:
    """Record the identity check and head office's approval; flags the old number."""
    slip = slips.get(session, number)
    if slip.voided_at is not None or slip.status.value in rules.FINAL:
        raise Conflict(_("维修单 {no} 已是“{s}”，不能挂失。", no=slip.number, s=rules.status_label(slip.status.value)))
    if (slip.lost or {}).get("reported"):
        raise Conflict(_("维修单 {no} 已经挂失过。", no=slip.number))
    kind = parse_id_type(id_type)
    last4 = clean(id_last4).upper()
    if not re.fullmatch(r"[0-9]{3}[0-9X]", last4):
        raise InputError(_("请填写证件号码的后四位（数字，身份证最后一位可为 X）：'{v}'", v=id_last4), field="id_last4")
    told = digits(phone)
    on_file = digits(slip.customer_phone)
    if len(told) < 4:
        raise InputError(_("请填写顾客的手机号码（至少后四位）。"), field="phone")
    if on_file and not (told == on_file or (len(told) < len(on_file) and on_file.endswith(told))):
        raise Conflict(_("手机号码与维修单登记的号码不符，不能办理遗失取件。"))
    if not clean(approved_by) or not clean(approval_ref):
        raise InputError(_("遗失取件须经总部批准：请填写批准人和批准编号。"), field="approved_by")
    slip.lost = {
        "reported": True,
        "reported_at": now().isoformat(sep=" "),
        "reported_by": actor.name,
        "id_type": kind,
        "id_last4": last4,
        "phone_checked": bool(on_file),
        "phone_tail": told[-4:],
        "approved_by": clean(approved_by),
        "approval_ref": clean(approval_ref),
        "note": slips.free_text(note),
    }
    slip.updated_by_id = actor.staff_id
    slips.add_event(session, slip, actor, "lost", note, dict(slip.lost))
    audit.record(session, actor, "update", "repair_slip", slip.number,
                 _("维修单 {no} 挂失，总部批准 {who}（{ref}）", no=slip.number, who=clean(approved_by),
                   ref=clean(approval_ref)), after={"lost": slip.lost})
    return slip


def pickup(
    session: Session, actor: Actor, scanned: str, *, weight_g: Decimal | str | None = None,
    pay: Decimal | str | None = None, override_reason: str = "", signature_png: bytes | None = None,
    signature_note: str = "", customer_confirmed: bool = True, via_lost: bool = False,
) -> PickupResult:
    """Hand the item over: check slip, customer, weight and balance; take the signature."""
    slip = slips.get(session, scanned)
    lost = slip.lost or {}
    if lost.get("reported") and not via_lost:
        raise Conflict(lost_flag_message(slip))
    if via_lost and not lost.get("reported"):
        raise Conflict(_("维修单 {no} 没有挂失记录，请凭维修单取件。", no=slip.number))
    _check_ready(slip)
    if not customer_confirmed:
        raise InputError(_("请先核对取件人就是维修单上的顾客。"), field="customer")
    if signature_png is None and not clean(signature_note):
        raise InputError(_("请顾客在签名板上签名。"), field="signature")
    amount = slips._money(pay, _("收款")) if pay not in (None, "") else ZERO
    if amount < ZERO:
        raise InputError(_("收款不能是负数。"), field="pay")
    f = slips.fees(slip)
    balance_before = f.balance
    if amount > max(balance_before, ZERO):
        raise InputError(_("收款 {a} 多于应收余额 {b}。", a=money_str(amount), b=money_str(max(balance_before, ZERO))),
                         field="pay")
    balance_after = balance_before - amount
    overridden = False
    if balance_after > ZERO:
        if not clean(override_reason):
            raise Conflict(_("维修单 {no} 尚欠 ¥{b}（维修费 {r} + 邮寄费 {s} − 订金 {d} − 已付 {p}），结清后才能取件；"
                             "店长可写明原因后放行。", no=slip.number, b=money_str(balance_after),
                             r=money_str(f.repair_fee), s=money_str(f.shipping_fee), d=money_str(f.deposit),
                             p=money_str(f.paid)))
        actor.require(Action.RELEASE_UNPAID_PICKUP)
        overridden = True
    pv_row, pv = policy.current(session)
    weight = slips._grams(weight_g) if weight_g not in (None, "") else None
    reference = slip.return_weight_g if slip.return_weight_g is not None else slip.intake_weight_g
    check = rules.weight_check(reference, weight, pv.weight_tolerance_g)
    warnings = [check.warning()] if check.beyond_tolerance else []

    if amount > ZERO:
        slip.paid = (slip.paid or ZERO) + amount
        slips.add_event(session, slip, actor, "payment", "", {"amount": money_str(amount),
                                                               "balance_after": money_str(balance_after)})
    if overridden:
        audit.record(session, actor, "override", "repair_slip", slip.number,
                     _("未结清放行取件：尚欠 {b}，原因：{why}", b=money_str(balance_after), why=clean(override_reason)),
                     after={"balance": money_str(balance_after), "reason": clean(override_reason)})
    slip.pickup_weight_g = weight
    slip.signature_png = signature_png
    data: dict[str, Any] = {
        "weight": check.as_dict(), "policy_version": pv_row.version, "paid_now": money_str(amount),
        "balance_after": money_str(balance_after), "signature": "captured" if signature_png else clean(signature_note),
        "via_lost": via_lost,
    }
    if overridden:
        data["override_reason"] = clean(override_reason)
    if warnings:
        data["warning"] = warnings[0]
    slips.move(session, actor, slip, rules.COLLECTED, _("遗失取件（总部批准）") if via_lost else "", data)
    slip.collected_at = now()
    return PickupResult(slip, amount, balance_before, warnings, overridden)
