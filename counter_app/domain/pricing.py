"""Return, exchange, trade-in and by-weight pricing: pure rules over Decimal.

No database and no Qt: every function takes plain values (the sold item's facts, what the clerk
ticked, the new pieces, the policy values, the day's metal prices) and returns a
`PricingResult` with the decision, the reasons in words (each naming what would fix it) and
the money lines. Every line is rounded half-up to the fen on its own; totals are sums of the
rounded lines, so the printed statement always adds up.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any

from counter_app.domain.money import ZERO, fen, format_money
from counter_app.domain.policy import PolicyValues
from counter_app.domain.rule_texts import percent, trade_in_rule
from counter_app.i18n import _

RETURN = "return"
EXCHANGE = "exchange"
TRADE_IN = "trade_in"
METAL = "metal"
KINDS = (RETURN, EXCHANGE, TRADE_IN, METAL)

OLD = "old"  # a line of what the customer hands back (credit / refund)
NEW = "new"  # a line of what the customer takes (new pieces)


def show_money(value: Decimal) -> str:
    """¥1,234.50, and -¥300.00 for a deduction (not ¥-300.00)."""
    return "-" + format_money(-value) if value < 0 else format_money(value)


def kind_label(kind: str) -> str:
    return {
        RETURN: _("退货"),
        EXCHANGE: _("换货"),
        TRADE_IN: _("以旧换新"),
        METAL: _("按克重以旧换新"),
    }.get(kind, kind)


# --- the four "as sold" conditions (商品保持原样的四个要求) -----------------------------------


@dataclass(frozen=True)
class AsSold:
    """What the customer brought back, as sold: documents and the piece itself."""

    packaging: bool = False  # 外包装
    manual: bool = False  # 售后服务手册
    certificate: bool = False  # 证书
    receipt: bool = False  # 销售单或发票
    item: bool = False  # 商品本身完好
    tags: bool = False  # 挂牌
    accessories: bool = False  # 附件配件文件
    gifts: bool = False  # 赠品

    @classmethod
    def all_ticked(cls) -> AsSold:
        return cls(**{f.name: True for f in fields(cls)})

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> AsSold:
        data = data or {}
        names = {f.name for f in fields(cls)}
        ticks = {k: bool(v) for k, v in data.items() if k in names}
        # An intake records the receipt and the invoice separately (either will do) and
        # names the packaging "outer_packaging".
        if data.get("invoice"):
            ticks["receipt"] = True
        if data.get("outer_packaging"):
            ticks["packaging"] = True
        return cls(**ticks)

    def as_dict(self) -> dict[str, bool]:
        return {f.name: bool(getattr(self, f.name)) for f in fields(self)}

    def missing(self, needs_certificate: bool = True) -> list[str]:
        labels = as_sold_labels()
        out = []
        for f in fields(self):
            if f.name == "certificate" and not needs_certificate:
                continue
            if not getattr(self, f.name):
                out.append(labels[f.name])
        return out


def as_sold_labels() -> dict[str, str]:
    return {
        "packaging": _("外包装"),
        "manual": _("售后服务手册"),
        "certificate": _("证书"),
        "receipt": _("销售单或发票"),
        "item": _("商品完好如售出时"),
        "tags": _("挂牌"),
        "accessories": _("附件配件文件"),
        "gifts": _("赠品"),
    }


# --- inputs and results ---------------------------------------------------------------------


@dataclass(frozen=True)
class SoldFacts:
    """What the sales record says about the piece brought back."""

    price: Decimal  # the price paid
    sold_on: dt.date
    custom_made: bool = False
    fixed_price: bool = True  # 一口价; False when it was sold by weight
    has_certificate: bool = True
    description: str = ""


@dataclass(frozen=True)
class NewPiece:
    """A piece the customer takes instead; `fixed_price` False when it is priced by weight."""

    price: Decimal
    product_code: str = ""
    description: str = ""
    fixed_price: bool = True


@dataclass(frozen=True)
class Line:
    label: str
    amount: Decimal
    explanation: str
    side: str  # OLD or NEW

    def as_dict(self) -> dict[str, str]:
        return {"label": self.label, "amount": f"{self.amount:.2f}", "explanation": self.explanation,
                "side": self.side}


@dataclass(frozen=True)
class PricingResult:
    kind: str
    allowed: bool
    reasons: tuple[str, ...]
    lines: tuple[Line, ...]
    basis: str = ""  # the rule that allows it, in words
    minimum_new_price: Decimal | None = None
    prices: tuple[DayPrice, ...] = field(default=())

    @property
    def credit(self) -> Decimal:
        """What the old piece is worth to the customer: the sum of the rounded old-side lines."""
        return sum((ln.amount for ln in self.lines if ln.side == OLD), ZERO)

    @property
    def new_total(self) -> Decimal:
        return sum((ln.amount for ln in self.lines if ln.side == NEW), ZERO)

    @property
    def to_pay(self) -> Decimal:
        """What the customer pays; negative means the store pays the customer."""
        return self.new_total - self.credit

    @property
    def refund(self) -> Decimal:
        return self.credit if self.kind == RETURN else ZERO

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "allowed": self.allowed,
            "reasons": list(self.reasons),
            "basis": self.basis,
            "lines": [ln.as_dict() for ln in self.lines],
            "credit": f"{self.credit:.2f}",
            "new_total": f"{self.new_total:.2f}",
            "to_pay": f"{self.to_pay:.2f}",
            "refund": f"{self.refund:.2f}",
            "minimum_new_price": None if self.minimum_new_price is None else f"{self.minimum_new_price:.2f}",
            "prices": [p.as_dict() for p in self.prices],
        }


# --- shared rules ---------------------------------------------------------------------------


def _days_since_sale(facts: SoldFacts, on: dt.date) -> int:
    return (on - facts.sold_on).days


def _return_window(
    facts: SoldFacts, on: dt.date, policy: PolicyValues, quality_report: bool, what: str
) -> tuple[bool, str, list[str]]:
    """May the piece be taken back on `on`? (ok, basis, reasons). `what` is 退货 or 换货.

    Unconditional: sale date + return_days is the last day, never for custom-made pieces.
    Quality: up to sale date + quality_return_days with a quality inspection report.
    """
    days = _days_since_sale(facts, on)
    last_day = facts.sold_on + dt.timedelta(days=policy.return_days)
    quality_last = facts.sold_on + dt.timedelta(days=policy.quality_return_days)
    if days < 0:
        return False, "", [_("办理日期 {on} 早于销售日期 {sold}。", on=on.isoformat(),
                             sold=facts.sold_on.isoformat())]
    if days <= policy.return_days and not facts.custom_made:
        return True, _("收货之日起{n}日内无条件{what}（最后一天 {last}）", n=policy.return_days, what=what,
                       last=last_day.isoformat()), []
    if quality_report and days <= policy.quality_return_days:
        return True, _("购买之日起{n}日内经质量检测确有质量问题，可{what}（最后一天 {last}）",
                       n=policy.quality_return_days, what=what, last=quality_last.isoformat()), []
    reasons: list[str] = []
    if facts.custom_made:
        reasons.append(_("定制产品不能无条件{what}；只有在{n}日内（至 {last}）凭质量检测报告可以{what}。",
                         what=what, n=policy.quality_return_days, last=quality_last.isoformat()))
    elif days > policy.return_days:
        reasons.append(_("已过{n}日无条件{what}期：销售日期 {sold}，最后一天是 {last}。",
                         n=policy.return_days, what=what, sold=facts.sold_on.isoformat(),
                         last=last_day.isoformat()))
    if days > policy.quality_return_days:
        reasons.append(_("已过{n}日质量问题{what}期（最后一天 {last}）。", n=policy.quality_return_days,
                         what=what, last=quality_last.isoformat()))
    elif not quality_report:
        reasons.append(_("质量问题{what}须提供质量检测部门的检测报告（{last} 前有效）。", what=what,
                         last=quality_last.isoformat()))
    return False, "", reasons


def _as_sold_reasons(as_sold: AsSold, facts: SoldFacts, what: str) -> list[str]:
    missing = as_sold.missing(needs_certificate=facts.has_certificate)
    if not missing:
        return []
    return [_("{what}须商品保持原样、资料齐全，还缺：{items}。", what=what, items="、".join(missing))]


def _new_lines(pieces: Sequence[NewPiece]) -> list[Line]:
    out = []
    for i, p in enumerate(pieces, 1):
        name = " ".join(x for x in (p.product_code, p.description) if x) or _("新品价格")
        out.append(Line(_("新品 {i}", i=i), fen(p.price), name, NEW))
    return out


def _new_piece_reasons(pieces: Sequence[NewPiece], facts: SoldFacts, policy: PolicyValues) -> list[str]:
    reasons = []
    if not pieces:
        reasons.append(_("请添加要换的新品。"))
    for p in pieces:
        if p.price < 0:
            reasons.append(_("新品价格不能为负数：{price}", price=format_money(p.price)))
    if policy.fixed_price_only_for_fixed_price and facts.fixed_price and any(not p.fixed_price for p in pieces):
        reasons.append(_("一口价商品只能换一口价商品：请把按克重计价的新品换成一口价新品。"))
    return reasons


def _old_line(facts: SoldFacts, sold_on_label: str = "") -> Line:
    return Line(_("原价"), fen(facts.price),
                _("原销售价（{sold} 售出{desc}）", sold=sold_on_label or facts.sold_on.isoformat(),
                  desc=f"，{facts.description}" if facts.description else ""), OLD)


# --- return, exchange, trade-in -------------------------------------------------------------


def price_return(
    facts: SoldFacts, on: dt.date, policy: PolicyValues, as_sold: AsSold, quality_report: bool = False
) -> PricingResult:
    """Refund = the price paid, when the return window and the as-sold conditions allow it."""
    ok, basis, reasons = _return_window(facts, on, policy, quality_report, _("退货"))
    reasons += _as_sold_reasons(as_sold, facts, _("退货"))
    refund = Line(_("退款"), fen(facts.price), _("退还原销售价（{sold} 售出）", sold=facts.sold_on.isoformat()),
                  OLD)
    return PricingResult(RETURN, ok and not reasons, tuple(reasons), (refund,), basis if not reasons else "")


def price_exchange(
    facts: SoldFacts,
    on: dt.date,
    policy: PolicyValues,
    as_sold: AsSold,
    new_pieces: Sequence[NewPiece],
    quality_report: bool = False,
) -> PricingResult:
    """Credit = the price paid; the new piece(s) must be worth at least that; pays the difference."""
    ok, basis, reasons = _return_window(facts, on, policy, quality_report, _("换货"))
    reasons += _as_sold_reasons(as_sold, facts, _("换货"))
    reasons += _new_piece_reasons(new_pieces, facts, policy)
    lines = [_old_line(facts), *_new_lines(new_pieces)]
    credit = fen(facts.price)
    new_total = sum((ln.amount for ln in lines if ln.side == NEW), ZERO)
    if new_pieces and new_total < credit:
        reasons.append(_("新品价值须不低于旧饰品：新品须不低于 {min}，现在合计 {total}，还差 {gap}。",
                         min=format_money(credit), total=format_money(new_total),
                         gap=format_money(credit - new_total)))
    allowed = ok and not reasons
    return PricingResult(EXCHANGE, allowed, tuple(reasons), tuple(lines), basis if allowed else "",
                         minimum_new_price=credit)


def trade_in_minimum(original: Decimal, policy: PolicyValues) -> tuple[Decimal, Decimal]:
    """(exact, shown) minimum for the new piece(s).

    The comparison uses the exact product original × ratio (so 110 % passes and 109.99 %
    does not); the amount shown and returned as `minimum_new_price` is that product rounded
    half-up to the fen, like every other money amount.
    """
    exact = fen(original) * policy.trade_in_min_ratio
    return exact, fen(exact)


def price_trade_in(
    facts: SoldFacts,
    policy: PolicyValues,
    new_pieces: Sequence[NewPiece],
    verification_reasons: Iterable[str] = (),
) -> PricingResult:
    """Diamond trade-in: the old piece is taken back at its original price; the new piece(s)
    must cost at least `trade_in_min_ratio` × that price; the customer pays the difference.

    `verification_reasons` are what the intake check found blocking (certificate not given or
    not matching, large stone not re-tested …); they are decided by the verification rules.
    """
    reasons = [r for r in verification_reasons if r]
    reasons += _new_piece_reasons(new_pieces, facts, policy)
    lines = [_old_line(facts), *_new_lines(new_pieces)]
    exact, shown = trade_in_minimum(facts.price, policy)
    new_total = sum((ln.amount for ln in lines if ln.side == NEW), ZERO)
    if new_pieces and new_total < exact:
        reasons.append(_("新品须不低于 {min}（原价 {orig} × {pct}% = {exact}），现在合计 {total}，还差 {gap}。",
                         min=format_money(shown), orig=format_money(facts.price), pct=percent(policy.trade_in_min_ratio),
                         exact=_g(exact), total=format_money(new_total),
                         gap=format_money(max(shown - new_total, Decimal("0.01")))))
    allowed = not reasons
    basis = trade_in_rule(policy) if allowed else ""
    return PricingResult(TRADE_IN, allowed, tuple(reasons), tuple(lines), basis, minimum_new_price=shown)


# --- gold and platinum by weight ------------------------------------------------------------

METALS = ("gold", "platinum", "k_gold")
FINENESS: dict[str, tuple[str, ...]] = {
    "gold": ("999", "9999", "990"),
    "platinum": ("950", "990", "999", "900"),
    "k_gold": ("750", "585", "375"),
}
_METAL_WORDS = {
    "gold": "gold", "au": "gold", "黄金": "gold", "足金": "gold", "千足金": "gold", "万足金": "gold",
    "金": "gold",
    "platinum": "platinum", "pt": "platinum", "铂金": "platinum", "白金": "platinum", "铂": "platinum",
    "k_gold": "k_gold", "kgold": "k_gold", "k金": "k_gold", "18k": "k_gold", "18k金": "k_gold",
    "14k": "k_gold", "9k": "k_gold", "彩金": "k_gold",
}
_FINENESS_WORDS = {"18k": "750", "18k金": "750", "14k": "585", "9k": "375", "千足": "999", "千足金": "999", "足金": "999",
                   "万足": "9999", "万足金": "9999"}


class MetalInputError(ValueError):
    """A metal or fineness that is not on the price board; the message is in words."""


def _key(text: str) -> str:
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", str(text))).casefold()


def normalise_metal(metal: str, fineness: str | int | None = None) -> tuple[str, str]:
    """('gold', '999') from what a clerk types: gold/黄金/足金, 18K/K金, PT950, 铂金 990 …"""
    m_key = _key(metal)
    m = _METAL_WORDS.get(m_key) or _METAL_WORDS.get(m_key.replace("_", ""))
    f_key = _key(str(fineness)) if fineness not in (None, "") else ""
    if f_key.startswith("pt"):
        f_key = f_key[2:]
        if m is None:
            m = "platinum"
        elif m != "platinum":
            raise MetalInputError(_("成色 {f} 是铂金的成色，不是{m}。", f=str(fineness), m=metal_label(m)))
    elif f_key.startswith("au"):
        f_key = f_key[2:]
    f_key = _FINENESS_WORDS.get(f_key, f_key)
    if m is None:
        raise MetalInputError(_("不认识的金属：'{m}'（可用：黄金 gold、铂金 platinum、K金 k_gold）", m=metal))
    if not f_key:
        f_key = _FINENESS_WORDS.get(m_key, "")  # 足金, 18K … name the fineness themselves
    if not f_key:
        raise MetalInputError(_("请写明{m}的成色（可用：{ok}）", m=metal_label(m), ok="、".join(FINENESS[m])))
    if f_key not in FINENESS[m]:
        raise MetalInputError(_("{m}没有成色 '{f}'（可用：{ok}）", m=metal_label(m), f=str(fineness or ""),
                                ok="、".join(FINENESS[m])))
    return m, f_key


def metal_label(metal: str, fineness: str = "") -> str:
    if metal == "gold":
        return _("足金") + fineness
    if metal == "platinum":
        return _("铂金") + (f"PT{fineness}" if fineness else "")
    if metal == "k_gold":
        karat = {"750": "18K", "585": "14K", "375": "9K"}.get(fineness, "")
        return f"{karat}{_('金')}" + (f"({fineness})" if fineness else "")
    return metal + fineness


@dataclass(frozen=True)
class DayPrice:
    """The day's price per gram for one metal and fineness, as entered on the price board."""

    metal: str
    fineness: str
    on_date: dt.date
    buy_per_g: Decimal
    sell_per_g: Decimal
    price_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"metal": self.metal, "fineness": self.fineness, "name": metal_label(self.metal, self.fineness),
                "on": self.on_date.isoformat(), "buy": f"{self.buy_per_g:.2f}", "sell": f"{self.sell_per_g:.2f}",
                "id": self.price_id}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> DayPrice:
        return cls(d["metal"], d["fineness"], dt.date.fromisoformat(d["on"]), Decimal(d["buy"]),
                   Decimal(d["sell"]), d.get("id"))


@dataclass(frozen=True)
class MetalRequest:
    """A by-weight trade: the old piece weighed at the counter, and optionally the new one."""

    metal: str
    fineness: str
    weight: Decimal  # grams
    new_weight: Decimal | None = None
    new_metal: str | None = None  # default: the same metal and fineness as the old piece
    new_fineness: str | None = None
    labour_per_piece: Decimal = ZERO
    labour_per_g: Decimal = ZERO
    old_fixed_price: bool = False  # the old piece was sold 一口价 (known from its receipt)


def _g(value: Decimal) -> str:
    """A weight or exact amount with at least two decimals and no trailing noise: 10.00, 13.505."""
    v = value.normalize()
    if v.as_tuple().exponent > -2:  # type: ignore[operator]
        v = value.quantize(Decimal("0.01"))
    return f"{v:f}"


def price_metal(
    req: MetalRequest, on: dt.date, policy: PolicyValues, prices: Mapping[tuple[str, str], DayPrice]
) -> PricingResult:
    """Credit = weight × buy-back price − deduction per gram × weight − loss rate × weight × price.
    New piece = new weight × selling price + labour per gram × new weight + labour per piece.
    """
    reasons: list[str] = []
    lines: list[Line] = []
    used: list[DayPrice] = []
    new_metal = req.new_metal or req.metal
    new_fineness = req.new_fineness or req.fineness
    if req.weight <= 0:
        reasons.append(_("旧料重量须大于 0 克。"))
    if req.old_fixed_price and policy.fixed_price_only_for_fixed_price:
        reasons.append(_("一口价商品只能换一口价商品，不能按克重回收：请改用以旧换新或换货。"))
    old_price = prices.get((req.metal, req.fineness))
    if old_price is None:
        reasons.append(missing_price_message(req.metal, req.fineness, on))
    else:
        used.append(old_price)
        name = metal_label(req.metal, req.fineness)
        w = req.weight
        lines.append(Line(_("旧料回收"), fen(w * old_price.buy_per_g),
                          _("{name} {w} 克 × 当日回收价 {p}/克", name=name, w=_g(w),
                            p=format_money(old_price.buy_per_g)), OLD))
        if policy.metal_deduction_per_g:
            lines.append(Line(_("每克扣减"), -fen(w * policy.metal_deduction_per_g),
                              _("{w} 克 × {d}/克", w=_g(w), d=format_money(policy.metal_deduction_per_g)), OLD))
        if policy.metal_loss_rate:
            lines.append(Line(_("损耗"), -fen(policy.metal_loss_rate * w * old_price.buy_per_g),
                              _("损耗率 {r}% × {w} 克 × {p}/克", r=f"{(policy.metal_loss_rate * 100).normalize():f}",
                                w=_g(w), p=format_money(old_price.buy_per_g)), OLD))
    if req.new_weight is not None:
        if req.new_weight <= 0:
            reasons.append(_("新品重量须大于 0 克。"))
        new_price = prices.get((new_metal, new_fineness))
        if new_price is None:
            if (new_metal, new_fineness) != (req.metal, req.fineness):
                reasons.append(missing_price_message(new_metal, new_fineness, on))
        else:
            if new_price not in used:
                used.append(new_price)
            nw = req.new_weight
            lines.append(Line(_("新品金料"), fen(nw * new_price.sell_per_g),
                              _("{name} {w} 克 × 当日销售价 {p}/克", name=metal_label(new_metal, new_fineness),
                                w=_g(nw), p=format_money(new_price.sell_per_g)), NEW))
        if req.labour_per_g:
            lines.append(Line(_("工费（按克）"), fen(req.new_weight * req.labour_per_g),
                              _("{w} 克 × {p}/克", w=_g(req.new_weight), p=format_money(req.labour_per_g)), NEW))
        if policy.metal_min_new_weight_ratio and req.weight > 0:
            need = req.weight * (1 + policy.metal_min_new_weight_ratio)
            if req.new_weight < need:
                reasons.append(_("新品须不低于 {need} 克（旧料 {w} 克 × {pct}%），现在 {nw} 克。", need=_g(need),
                                 w=_g(req.weight), pct=f"{(100 + policy.metal_min_new_weight_ratio * 100).normalize():f}",
                                 nw=_g(req.new_weight)))
    elif policy.metal_min_new_weight_ratio and req.weight > 0:
        need = req.weight * (1 + policy.metal_min_new_weight_ratio)
        reasons.append(_("按本店规定须换购新品，新品须不低于 {need} 克。", need=_g(need)))
    if req.labour_per_piece:
        lines.append(Line(_("工费（按件）"), fen(req.labour_per_piece), _("每件工费"), NEW))
    for label, value in ((_("工费"), req.labour_per_piece), (_("每克工费"), req.labour_per_g)):
        if value < 0:
            reasons.append(_("{label}不能为负数。", label=label))
    result = PricingResult(METAL, False, (), tuple(lines), prices=tuple(used))
    if result.credit < 0:
        reasons.append(_("扣减后回收金额为负数（{c}）：请检查每克扣减和损耗率。", c=format_money(result.credit)))
    allowed = not reasons
    basis = _("按当日金价以克重计价") if allowed else ""
    return PricingResult(METAL, allowed, tuple(reasons), tuple(lines), basis, prices=tuple(used))


def missing_price_message(metal: str, fineness: str, on: dt.date) -> str:
    return _("没有 {on} 的{name}当日金价（{metal} {fineness}）：请店长先在金价表录入。", on=on.isoformat(),
             name=metal_label(metal, fineness), metal=metal, fineness=fineness)
