"""Quotes: return, exchange, trade-in and by-weight pricing over the sales records.

The money rules are pure (`counter_app.domain.pricing`); the checks of the piece against
its sale are the intake's (`counter_app.services.intake.verify`). This module looks the
sale up, combines the two, and saves a quote with everything it used (inputs, policy
version and values, the day's metal prices) so `recompute` gives the same numbers years
later, whatever the policy or the price board say by then.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.data import numbering
from counter_app.data.models import (
    Customer,
    Intake,
    PolicyVersion,
    Quote,
    SalesReceipt,
    SoldItem,
    Staff,
    Store,
)
from counter_app.domain.dates import now, today
from counter_app.domain.money import ZERO, fen, parse_decimal, parse_money
from counter_app.domain.policy import PolicyValues
from counter_app.domain.pricing import (
    EXCHANGE,
    KINDS,
    METAL,
    RETURN,
    TRADE_IN,
    AsSold,
    DayPrice,
    MetalRequest,
    NewPiece,
    PricingResult,
    SoldFacts,
    kind_label,
    missing_price_message,
    price_exchange,
    price_metal,
    price_return,
    price_trade_in,
)
from counter_app.domain.text import clean
from counter_app.errors import Conflict, InputError, NotFound
from counter_app.i18n import _
from counter_app.services import audit, metal_prices
from counter_app.services import policy as policy_service
from counter_app.services.context import Actor
from counter_app.services.permissions import Action

if TYPE_CHECKING:
    from counter_app.printing.statement_pdf import StatementData

MAX_MONEY = Decimal("100000000.00")
MAX_WEIGHT_G = Decimal("2000")


# --- what the clerk gives -------------------------------------------------------------------


@dataclass
class QuoteRequest:
    kind: str
    on: dt.date | None = None
    receipt_no: str = ""
    product_code: str = ""
    as_sold: AsSold = field(default_factory=AsSold)
    quality_report: bool = False
    new_pieces: list[NewPiece] = field(default_factory=list)
    observed: dict[str, Any] = field(default_factory=dict)  # verification.Observed fields
    retest: dict[str, str] | None = None  # diamond_code, color, clarity
    metal: str = ""
    fineness: str = ""
    weight: Decimal | None = None
    new_weight: Decimal | None = None
    new_metal: str = ""
    new_fineness: str = ""
    labour_per_piece: Decimal = ZERO
    labour_per_g: Decimal = ZERO
    intake_id: int | None = None


@dataclass(frozen=True)
class Priced:
    """A calculation not yet saved: what it used and what came out."""

    request: QuoteRequest
    inputs: dict[str, Any]
    result: PricingResult
    policy_version: int  # the version number, as people see it
    policy_version_id: int
    policy: PolicyValues
    sold_item_id: int | None = None
    customer_id: int | None = None
    lookups: Lookups | None = None  # what was read, to reprice without the database


# --- reading typed values ---------------------------------------------------------------------


def money_input(text: str | Decimal | None, name: str, label: str, *, allow_zero: bool = True) -> Decimal:
    try:
        value = parse_money(text)
    except (ValueError, TypeError):
        raise InputError(_("{label}不是金额：'{v}'", label=label, v=text), field=name) from None
    if value is None:
        raise InputError(_("请填写{label}。", label=label), field=name)
    if value < 0 or (value == 0 and not allow_zero):
        raise InputError(_("{label}须大于 0：'{v}'", label=label, v=text), field=name)
    if value > MAX_MONEY:
        raise InputError(_("{label}太大：'{v}'", label=label, v=text), field=name)
    return value


def weight_input(text: str | Decimal | None, name: str, label: str) -> Decimal | None:
    try:
        value = parse_decimal(text)
    except (ValueError, TypeError):
        raise InputError(_("{label}要填数字（克）：'{v}'", label=label, v=text), field=name) from None
    if value is None:
        return None
    if not (Decimal(0) < value <= MAX_WEIGHT_G):
        raise InputError(_("{label}不对：{v} 克（应大于 0 且不超过 2000 克）", label=label, v=text), field=name)
    return value.quantize(Decimal("0.001"))


# --- looking the sale up ------------------------------------------------------------------------


def _sold_facts(session: Session, actor: Actor, receipt_no: str, product_code: str) -> tuple[SoldFacts, Any]:
    from counter_app.services.intake import item_record  # the intake's look-up of the sale

    rec, _item = item_record(session, actor, receipt_no, product_code)
    facts = SoldFacts(price=fen(rec.price or ZERO), sold_on=rec.sold_on, custom_made=rec.custom_made,
                      fixed_price=rec.fixed_price, has_certificate=bool(rec.cert_no), description=rec.description)
    return facts, rec


def _facts_dict(f: SoldFacts) -> dict[str, Any]:
    return {"price": f"{f.price:.2f}", "sold_on": f.sold_on.isoformat(), "custom_made": f.custom_made,
            "fixed_price": f.fixed_price, "has_certificate": f.has_certificate, "description": f.description}


def _facts_from(d: dict[str, Any]) -> SoldFacts:
    return SoldFacts(price=Decimal(d["price"]), sold_on=dt.date.fromisoformat(d["sold_on"]),
                     custom_made=bool(d["custom_made"]), fixed_price=bool(d["fixed_price"]),
                     has_certificate=bool(d["has_certificate"]), description=d.get("description", ""))


def _piece_dict(p: NewPiece) -> dict[str, Any]:
    return {"price": f"{p.price:.2f}", "product_code": p.product_code, "description": p.description,
            "fixed_price": p.fixed_price}


def _piece_from(d: dict[str, Any]) -> NewPiece:
    return NewPiece(Decimal(d["price"]), d.get("product_code", ""), d.get("description", ""),
                    bool(d.get("fixed_price", True)))


def _verification_reasons(session: Session, actor: Actor, req: QuoteRequest, day: dt.date) -> dict[str, Any]:
    """The intake's trade-in check for what is on the counter: {"ok", "reason", "verdict"}."""
    from counter_app.domain.verification import Observed, Retest
    from counter_app.services.intake import verify

    observed = Observed.from_dict(req.observed)
    retest = None
    if req.retest and any(clean(v) for v in req.retest.values()):
        retest = Retest(diamond_code=clean(req.retest.get("diamond_code", "")),
                        color=clean(req.retest.get("color", "")), clarity=clean(req.retest.get("clarity", "")))
    result = verify(session, actor, req.receipt_no, req.product_code, observed, on=day, retest=retest,
                    quality_report=req.quality_report)
    elig = result.eligibility["trade_in"]
    return {"ok": elig.ok, "reason": elig.reason, "verdict": result.verdict,
            "policy_version": result.policy_version}


# --- pricing --------------------------------------------------------------------------------------


def compute(inputs: dict[str, Any], values: PolicyValues, prices: list[dict[str, Any]]) -> PricingResult:
    """The numbers from stored inputs alone: the same function for a live quote and `recompute`."""
    kind = inputs["kind"]
    day = dt.date.fromisoformat(inputs["on"])
    if kind == METAL:
        m = inputs["metal"]
        req = MetalRequest(
            metal=m["metal"], fineness=m["fineness"], weight=Decimal(m["weight"]),
            new_weight=Decimal(m["new_weight"]) if m.get("new_weight") else None,
            new_metal=m.get("new_metal") or None, new_fineness=m.get("new_fineness") or None,
            labour_per_piece=Decimal(m.get("labour_per_piece", "0")),
            labour_per_g=Decimal(m.get("labour_per_g", "0")),
            old_fixed_price=bool(m.get("old_fixed_price", False)),
        )
        board = {(p["metal"], p["fineness"]): DayPrice.from_dict(p) for p in prices}
        return price_metal(req, day, values, board)
    facts = _facts_from(inputs["sold"])
    pieces = [_piece_from(p) for p in inputs.get("new_pieces", [])]
    as_sold = AsSold.from_dict(inputs.get("as_sold"))
    quality = bool(inputs.get("quality_report", False))
    if kind == RETURN:
        return price_return(facts, day, values, as_sold, quality)
    if kind == EXCHANGE:
        return price_exchange(facts, day, values, as_sold, pieces, quality)
    if kind == TRADE_IN:
        v = inputs.get("verification") or {}
        blocking = [] if v.get("ok") else [v.get("reason") or _("未核对销售单和证书。")]
        return price_trade_in(facts, values, pieces, blocking)
    raise InputError(_("不认识的报价类型：{k}", k=kind), field="kind")


@dataclass(frozen=True)
class Lookups:
    """What pricing a request reads from the database: the policy in force, the day's metal
    prices, the sale and the intake's trade-in check. Typing a new price or ticking a box
    changes none of it, so the quote page reprices from these without asking the database."""

    key: tuple[Any, ...]
    policy_version: int
    policy_version_id: int
    policy: PolicyValues
    prices: tuple[dict[str, Any], ...] = ()
    sold: dict[str, Any] | None = None
    receipt_no: str = ""
    product_code: str = ""
    sold_item_id: int | None = None
    customer_id: int | None = None
    verification: dict[str, Any] | None = None


def _metal_keys(req: QuoteRequest) -> tuple[tuple[str, str], tuple[str, str]]:
    m, f = metal_prices.normalise(req.metal, req.fineness)
    nm, nf = (metal_prices.normalise(req.new_metal or m, req.new_fineness or (f if not req.new_metal else None))
              if (req.new_metal or req.new_fineness) else (m, f))
    return (m, f), (nm, nf)


def _lookup_key(req: QuoteRequest, day: dt.date) -> tuple[Any, ...]:
    """Everything of a request that decides what is read from the database."""
    key: tuple[Any, ...] = (req.kind, day, clean(req.receipt_no), clean(req.product_code), req.intake_id)
    if req.kind == TRADE_IN:
        key += (tuple(sorted((k, str(v)) for k, v in req.observed.items())),
                tuple(sorted((req.retest or {}).items())), req.quality_report)
    if req.kind == METAL:
        key += (req.metal, req.fineness, req.new_metal, req.new_fineness, req.new_weight is not None)
    return key


def look_up(session: Session, actor: Actor, req: QuoteRequest) -> Lookups:
    if req.kind not in KINDS:
        raise InputError(_("不认识的报价类型：{k}", k=req.kind), field="kind")
    day = req.on or today()
    policy_row, values = policy_service.current(session)
    found: dict[str, Any] = {}
    if req.kind == METAL:
        old, new = _metal_keys(req)
        if clean(req.receipt_no) or clean(req.product_code):
            facts, rec = _sold_facts(session, actor, req.receipt_no, req.product_code)
            found.update(sold=_facts_dict(facts), sold_item_id=rec.sold_item_id, customer_id=rec.customer_id)
        board = metal_prices.board(session, day)
        prices = []
        for key in sorted({old, new} if req.new_weight is not None else {old}):
            if key not in board:
                raise NotFound(missing_price_message(key[0], key[1], day))
            prices.append(board[key].as_dict())
        found["prices"] = tuple(prices)
    else:
        facts, rec = _sold_facts(session, actor, req.receipt_no, req.product_code)
        found.update(sold=_facts_dict(facts), sold_item_id=rec.sold_item_id, customer_id=rec.customer_id,
                     receipt_no=rec.receipt_no, product_code=rec.product_code)
        if req.kind == TRADE_IN:
            found["verification"] = _verification_reasons(session, actor, req, day)
    return Lookups(_lookup_key(req, day), policy_row.version, policy_row.id, values, **found)


def assemble(req: QuoteRequest, found: Lookups) -> Priced:
    """Price `req` from what was looked up: no database, the same numbers as `price`."""
    day = req.on or today()
    inputs: dict[str, Any] = {"kind": req.kind, "on": day.isoformat(), "receipt_no": clean(req.receipt_no),
                              "product_code": clean(req.product_code), "intake_id": req.intake_id}
    for p in req.new_pieces:
        if p.price < 0:
            raise InputError(_("新品价格不能为负数。"), field="new_price")
    if req.kind == METAL:
        (m, f), (nm, nf) = _metal_keys(req)
        if req.weight is None:
            raise InputError(_("请填写旧料重量（克）。"), field="weight")
        if found.sold is not None:
            inputs["sold"] = found.sold
        inputs["metal"] = {
            "metal": m, "fineness": f, "weight": f"{req.weight:f}",
            "new_weight": f"{req.new_weight:f}" if req.new_weight is not None else None,
            "new_metal": nm if (nm, nf) != (m, f) else None, "new_fineness": nf if (nm, nf) != (m, f) else None,
            "labour_per_piece": f"{fen(req.labour_per_piece):.2f}", "labour_per_g": f"{fen(req.labour_per_g):.2f}",
            "old_fixed_price": bool(found.sold and found.sold["fixed_price"]),
        }
    else:
        inputs["receipt_no"], inputs["product_code"] = found.receipt_no, found.product_code
        inputs["sold"] = found.sold
        inputs["as_sold"] = req.as_sold.as_dict()
        inputs["quality_report"] = req.quality_report
        inputs["new_pieces"] = [_piece_dict(p) for p in req.new_pieces]
        if req.kind == TRADE_IN:
            inputs["observed"] = {k: (str(v) if v is not None else None) for k, v in req.observed.items()}
            inputs["retest"] = dict(req.retest) if req.retest else None
            inputs["verification"] = found.verification
    result = compute(inputs, found.policy, list(found.prices))
    return Priced(req, inputs, result, found.policy_version, found.policy_version_id, found.policy,
                  found.sold_item_id, found.customer_id, found)


def price(session: Session, actor: Actor, req: QuoteRequest) -> Priced:
    """Look up what is needed and price the request; reads only."""
    return assemble(req, look_up(session, actor, req))


def reprice(base: Priced | None, req: QuoteRequest) -> Priced | None:
    """`req` priced from what `base` looked up, or None when it needs the database again."""
    if base is None or base.lookups is None or req.kind not in KINDS:
        return None
    if base.lookups.key != _lookup_key(req, req.on or today()):
        return None
    return assemble(req, base.lookups)


def recompute(quote: Quote) -> PricingResult:
    """The quote's numbers again, from its stored inputs, policy values and prices only."""
    return compute(quote.inputs, PolicyValues.from_dict(quote.policy_values), list(quote.prices_used))


# --- JSON -------------------------------------------------------------------------------------


def policy_used(priced_policy: dict[str, Any], version: int) -> dict[str, Any]:
    return {"version": version, **priced_policy}


def to_json(result: PricingResult, policy_values: dict[str, Any], version: int, inputs: dict[str, Any],
            quote: Quote | None = None) -> dict[str, Any]:
    """Every key of every quote kind; money as strings."""
    d = result.as_dict()
    out: dict[str, Any] = {
        "kind": result.kind,
        "on": inputs.get("on"),
        "receipt": inputs.get("receipt_no") or None,
        "product": inputs.get("product_code") or None,
        "allowed": d["allowed"],
        "reasons": d["reasons"],
        "basis": d["basis"],
        "refund": d["refund"],
        "credit": d["credit"],
        "new_total": d["new_total"],
        "new_price": d["new_total"],
        "to_pay": d["to_pay"],
        "minimum_new_price": d["minimum_new_price"],
        "lines": d["lines"],
        "prices": d["prices"],
        "policy": policy_used(policy_values, version),
    }
    if result.kind == TRADE_IN and inputs.get("verification"):
        out["verification"] = inputs["verification"]
    if quote is not None:
        out.update({"number": quote.number, "status": quote.status, "print_count": quote.print_count})
    return out


def priced_json(p: Priced) -> dict[str, Any]:
    return to_json(p.result, p.policy.as_dict(), p.policy_version, p.inputs)


def quote_json(session: Session, quote: Quote) -> dict[str, Any]:
    version = session.get(PolicyVersion, quote.policy_version_id) if quote.policy_version_id else None
    return to_json(recompute(quote), dict(quote.policy_values), version.version if version else 0, quote.inputs,
                   quote)


# --- saving and the quote's life ------------------------------------------------------------------


def save(session: Session, actor: Actor, req: QuoteRequest) -> Quote:
    """Price and store the quote with everything it used; the caller commits."""
    store_id = actor.require_store()
    p = price(session, actor, req)
    day = dt.date.fromisoformat(p.inputs["on"])
    number = numbering.quote_number(session, actor.store_code or str(store_id), day.year)
    row = Quote(
        number=number, store_id=store_id, kind=req.kind, customer_id=p.customer_id, intake_id=req.intake_id,
        sold_item_id=p.sold_item_id, on_date=day, inputs=p.inputs, result=p.result.as_dict(),
        policy_version_id=p.policy_version_id, policy_values=p.policy.as_dict(), prices_used=list(p.result.as_dict()["prices"]),
        allowed=p.result.allowed, credit=p.result.credit, new_total=p.result.new_total, to_pay=p.result.to_pay,
        status="draft", created_by_id=actor.staff_id, created_at=now(),
    )
    session.add(row)
    session.flush()
    if req.intake_id is not None:
        from counter_app.services.intake import set_outcome

        set_outcome(session, actor, req.intake_id, "quote")
    audit.record(session, actor, "create", "quote", row.number,
                 _("{kind}报价 {no}：{verdict}", kind=kind_label(row.kind), no=row.number,
                   verdict=_("可办理") if row.allowed else _("不可办理")),
                 after={"inputs": row.inputs, "result": row.result, "policy_version": p.policy_version})
    return row


def get(session: Session, number: str) -> Quote:
    key = clean(number).upper()
    row = session.scalars(select(Quote).where(Quote.number == key)).first()
    if row is None:
        raise NotFound(_("没有报价单 {no}。", no=clean(number)))
    return row


def accept(session: Session, actor: Actor, number: str) -> Quote:
    """The customer agrees: the quote is accepted (only one that is allowed, once)."""
    row = get(session, number)
    if row.is_void or row.status == "void":
        raise Conflict(_("报价单 {no} 已作废。", no=row.number))
    if row.status == "accepted":
        raise Conflict(_("报价单 {no} 已由顾客确认。", no=row.number))
    if not row.allowed:
        raise Conflict(_("报价单 {no} 不可办理，不能确认：{why}", no=row.number,
                         why="；".join(row.result.get("reasons", []))))
    row.status = "accepted"
    row.accepted_at = now()
    row.accepted_by_id = actor.staff_id
    row.updated_by_id = actor.staff_id
    row.updated_at = row.accepted_at
    session.flush()
    audit.record(session, actor, "accept", "quote", row.number, _("顾客确认报价 {no}", no=row.number),
                 before={"status": "draft"}, after={"status": "accepted"})
    return row


def void(session: Session, actor: Actor, number: str, reason: str) -> Quote:
    row = get(session, number)
    if not clean(reason):
        raise InputError(_("作废须写明原因。"), field="reason")
    if row.is_void:
        raise Conflict(_("报价单 {no} 已作废。", no=row.number))
    actor.require(Action.VOID_ACCEPTED_QUOTE if row.status == "accepted" else Action.VOID_QUOTE)
    before = row.status
    row.status = "void"
    row.voided_at = now()
    row.voided_by_id = actor.staff_id
    row.void_reason = clean(reason)
    session.flush()
    audit.record(session, actor, "void", "quote", row.number, _("作废报价 {no}：{r}", no=row.number, r=clean(reason)),
                 before={"status": before}, after={"status": "void"})
    return row


def recent(session: Session, store_id: int | None, limit: int = 50) -> list[Quote]:
    q = select(Quote).order_by(Quote.id.desc()).limit(limit)
    if store_id is not None:
        q = q.where(Quote.store_id == store_id)
    return list(session.scalars(q))


def statement_data(session: Session, quote: Quote) -> StatementData:
    """Everything the printed statement shows, gathered from the database."""
    from counter_app.domain.text import mask_phone
    from counter_app.printing.statement_pdf import StatementData, StatementQuote

    store = session.get(Store, quote.store_id)
    cust = session.get(Customer, quote.customer_id) if quote.customer_id else None
    version = session.get(PolicyVersion, quote.policy_version_id) if quote.policy_version_id else None

    def staff_name(sid: int | None) -> str:
        s = session.get(Staff, sid) if sid else None
        return s.name if s else ""

    return StatementData(
        quote=StatementQuote(quote.number, quote.kind, quote.status, quote.on_date, dict(quote.inputs),
                             dict(quote.policy_values)),
        result=recompute(quote), policy_version=version.version if version else 0,
        store_name=store.name if store else "", store_address=getattr(store, "address", "") or "",
        store_phone=getattr(store, "phone", "") or "",
        customer_name=cust.name if cust else "", customer_phone=mask_phone(cust.phone) if cust else "",
        created_by=staff_name(quote.created_by_id), accepted_by=staff_name(quote.accepted_by_id),
        copy_no=quote.print_count,
    )


def print_statement(session: Session, actor: Actor, number: str) -> bytes:
    """The statement PDF (customer and store copy); counts and records the print."""
    from counter_app.printing.statement_pdf import render_statement

    row = get(session, number)
    data = statement_data(session, row)
    pdf = render_statement(data)
    row.print_count = (row.print_count or 0) + 1
    session.flush()
    audit.record(session, actor, "print", "quote", row.number,
                 _("打印结算单 {no}（第 {n} 次）", no=row.number, n=row.print_count))
    return pdf


def intake_request(session: Session, intake_id: int, kind: str = TRADE_IN) -> QuoteRequest:
    """A request filled from a saved intake: the sale, what was observed and brought."""
    row = session.get(Intake, intake_id)
    if row is None or row.is_void:
        raise NotFound(_("没有收件记录 {id}。", id=intake_id))
    brought = dict(row.brought or {})
    ticks = {"packaging": brought.get("outer_packaging") or brought.get("packaging"),
             "manual": brought.get("manual"), "certificate": brought.get("certificate"),
             "receipt": brought.get("receipt") or brought.get("invoice"), "tags": brought.get("tags"),
             "accessories": brought.get("accessories"), "gifts": brought.get("gifts"), "item": brought.get("item")}
    retest = dict(row.retest) if row.retest else None
    req = QuoteRequest(kind=kind, receipt_no=row.receipt_no, product_code=row.product_code,
                       as_sold=AsSold.from_dict(ticks), observed=dict(row.observed or {}), retest=retest,
                       intake_id=row.id)
    if row.weight_g is not None:
        req.weight = row.weight_g
    item = session.get(SoldItem, row.sold_item_id) if row.sold_item_id else None
    if item is not None and item.metal:
        req.metal, req.fineness = item.metal, item.fineness
    return req


def receipt_items(session: Session, receipt_no: str) -> list[SoldItem]:
    from counter_app.services.intake import find_receipt

    r: SalesReceipt | None = find_receipt(session, receipt_no)
    return [it for it in r.items if not it.is_void] if r else []
