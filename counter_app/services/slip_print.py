"""Printing a slip: what goes on the paper, the reprint count, and the log of every print."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from counter_app.data.models import RepairSlip, Staff
from counter_app.domain import slip_rules as rules
from counter_app.domain.money import ZERO
from counter_app.domain.records import defects_from_json
from counter_app.domain.text import mask_phone
from counter_app.i18n import _
from counter_app.printing.codes import qr_payload
from counter_app.services import audit, slip_settings, slips
from counter_app.services.context import Actor


def _fee_for(work: dict[str, Any], slip: RepairSlip) -> str:
    kind = work["kind"]
    if kind == rules.IN_STORE:
        return _("免费")
    if kind == rules.FACTORY_FREE:
        return _("免工费")
    if slip.unrepaired:
        return _("未维修")
    quote = slip.factory_quote or {}
    status = quote.get("status")
    if status == "accepted":
        return _("按报价")
    return _("待工厂报价")


def document(session: Session, slip: RepairSlip) -> dict[str, Any]:
    """The plain data `printing.slip_pdf.render` prints."""
    store = slips.store_of(session, slip)
    clerk = session.get(Staff, slip.created_by_id) if slip.created_by_id else None
    f = slips.fees(slip)
    fee_lines: list[tuple[str, str]] = []
    if rules.goes_to_factory(slips.work_types(slip)):
        fee_lines.append((_("邮寄费（顾客承担）"), f"¥{f.shipping_fee:.2f}"))
    if f.repair_fee > ZERO or rules.needs_quote(slips.work_types(slip)):
        fee_lines.append((_("维修费"), f"¥{f.repair_fee:.2f}" if f.repair_fee > ZERO else _("待报价")))
    if f.deposit > ZERO:
        fee_lines.append((_("已收订金"), f"¥{f.deposit:.2f}"))
    if f.paid > ZERO:
        fee_lines.append((_("已付"), f"¥{f.paid:.2f}"))
    fee_lines.append((_("取件时应付"), f"¥{max(f.balance, ZERO):.2f}"))
    quote = slip.factory_quote or {}
    quote_line = ""
    if quote.get("amount"):
        state = {"accepted": _("顾客已同意"), "refused": _("顾客拒绝"), "pending": _("待顾客确认")}.get(
            quote.get("status", ""), "")
        quote_line = _("工厂报价：¥{a}（{s}）", a=quote["amount"], s=state)
        if quote.get("at_cost"):
            quote_line += _("，改款按成本价，不加利润")
    lost = slip.lost or {}
    lost_line = ""
    if lost.get("reported"):
        lost_line = _("已挂失：{at}，总部批准 {who}（{ref}）", at=str(lost.get("reported_at", ""))[:16],
                      who=lost.get("approved_by", ""), ref=lost.get("approval_ref", ""))
    defects = defects_from_json(slip.unmentioned_defects)
    return {
        "number": slip.number,
        "qr_payload": qr_payload(slip.number),
        "store": {"name": store.name, "address": store.address, "phone": store.phone, "code": store.code},
        "intake_date": slip.created_at.strftime("%Y-%m-%d %H:%M") if slip.created_at else "",
        "promised_on": slip.promised_on.isoformat() if slip.promised_on else "",
        "customer": slip.customer_name or _("（未登记）"),
        "phone_full": slip.customer_phone or "—",
        "phone_masked": mask_phone(slip.customer_phone) if slip.customer_phone else "—",
        "item": slip.item or {},
        "intake_weight_g": None if slip.intake_weight_g is None else f"{slip.intake_weight_g:.3f}",
        "damaged_parts": slip.damaged_parts,
        "works": [{"label": _(w["label"]), "kind_label": _(rules.KIND_LABELS[w["kind"]]), "fee": _fee_for(w, slip)}
                  for w in slip.works],
        "fee_lines": fee_lines,
        "refusals": [d.defect for d in defects if d.refused],
        "accepted_defects": [d.defect for d in defects if not d.refused],
        "quote_line": quote_line,
        "unrepaired": slip.unrepaired,
        "note": slip.note,
        "internal_note": slip.internal_note,
        "lost_line": lost_line,
        "terms": [_(t) for t in _terms()],
        "clerk": clerk.name if clerk else "",
    }


def _terms() -> tuple[str, ...]:
    from counter_app.printing.slip_pdf import TERMS

    return TERMS


def print_slip(session: Session, actor: Actor, number: str, size: str | None = None) -> tuple[bytes, int]:
    """The PDF for printing; the second and later prints are marked 补打 and counted.

    Returns (pdf bytes, reprint count: 0 for the first print).
    """
    from counter_app.printing.slip_pdf import render

    slip = slips.get(session, number)
    paper = slip_settings.parse_paper_size(size) if size else slip_settings.paper_size(session)
    reprint = slip.print_count  # prints before this one
    data = document(session, slip)
    pdf = render(data, paper, reprint)
    slip.print_count = reprint + 1
    kind = "reprint" if reprint else "print"
    slips.add_event(session, slip, actor, kind, _("补打第 {n} 次", n=reprint) if reprint else _("打印维修单"),
                    {"size": paper, "copy": reprint})
    audit.record(session, actor, "print", "repair_slip", slip.number,
                 _("补打维修单 {no}（第 {n} 次）", no=slip.number, n=reprint) if reprint
                 else _("打印维修单 {no}", no=slip.number), after={"size": paper, "print_count": slip.print_count})
    return pdf, reprint
