"""The trade-in / exchange / return statement (结算单): customer copy and store copy.

Each copy shows the old piece, every money line with its explanation, the totals, the
decision and its reasons, the policy values and metal prices used, and signature lines.
The CJK font is embedded, so the text can be read back (pdftotext) and prints anywhere.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from counter_app.domain.money import format_money
from counter_app.domain.policy import policy_labels
from counter_app.domain.pricing import (
    METAL,
    OLD,
    TRADE_IN,
    PricingResult,
    as_sold_labels,
    kind_label,
    show_money,
)
from counter_app.domain.rule_texts import POLICY_KEYS, policy_value
from counter_app.i18n import _
from counter_app.printing.fonts import register_cjk_font


@dataclass(frozen=True)
class StatementQuote:
    """The saved quote as its statement shows it: what it stored."""

    number: str
    kind: str
    status: str
    on_date: dt.date
    inputs: dict[str, Any]
    policy_values: dict[str, Any]


@dataclass(frozen=True)
class StatementData:
    """Everything the printed statement shows, gathered by the quote services."""

    quote: StatementQuote
    result: PricingResult
    policy_version: int
    store_name: str
    store_address: str
    store_phone: str
    customer_name: str
    customer_phone: str
    created_by: str
    accepted_by: str
    copy_no: int


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=font, fontSize=9.5, leading=13, wordWrap="CJK")
    return {
        "base": base,
        "title": ParagraphStyle("title", parent=base, fontSize=16, leading=22, alignment=1),
        "sub": ParagraphStyle("sub", parent=base, fontSize=9, leading=12, alignment=1, textColor=colors.grey),
        "h": ParagraphStyle("h", parent=base, fontSize=11, leading=16, spaceBefore=6, spaceAfter=2),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11),
        "big": ParagraphStyle("big", parent=base, fontSize=12, leading=17),
        "bad": ParagraphStyle("bad", parent=base, textColor=colors.HexColor("#b00020")),
    }


def _esc(text: Any) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _grid(rows: list[list[Any]], widths: list[float], font: str, header: bool = True) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f1ece0")))
    t.setStyle(TableStyle(style))
    return t


def _copy(data: StatementData, copy_name: str, font: str) -> list[Any]:
    st = _styles(font)
    q = data.quote
    r = data.result
    inputs = q.inputs
    story: list[Any] = []
    story.append(Paragraph(_esc(data.store_name or _("珠宝售后服务柜台")), st["title"]))
    story.append(Paragraph(_esc(_("{kind}结算单", kind=kind_label(q.kind))) + f" · {_esc(copy_name)}", st["title"]))
    contact = " ".join(x for x in (data.store_address, data.store_phone) if x)
    if contact:
        story.append(Paragraph(_esc(contact), st["sub"]))
    if data.copy_no > 0:
        story.append(Paragraph(_esc(_("补打副本（第 {n} 次打印）", n=data.copy_no + 1)), st["sub"]))
    story.append(Spacer(1, 4 * mm))

    head = [
        [_("报价单号"), q.number, _("日期"), q.on_date.isoformat()],
        [_("顾客"), data.customer_name or "—", _("电话"), data.customer_phone or "—"],
        [_("经办店员"), data.created_by or "—", _("状态"), _status(q)],
    ]
    story.append(_grid(head, [24 * mm, 61 * mm, 24 * mm, 61 * mm], font, header=False))

    if q.kind != METAL or inputs.get("sold"):
        sold = inputs.get("sold") or {}
        story.append(Paragraph(_esc(_("旧饰品")), st["h"]))
        rows = [[_("销售单号"), inputs.get("receipt_no") or "—", _("货号"), inputs.get("product_code") or "—"],
                [_("品名"), sold.get("description") or "—", _("销售日期"), sold.get("sold_on") or "—"],
                [_("原销售价"), format_money(_dec(sold.get("price", "0"))), _("定制产品"),
                 _("是") if sold.get("custom_made") else _("否")]]
        story.append(_grid(rows, [24 * mm, 61 * mm, 24 * mm, 61 * mm], font, header=False))

    story.append(Paragraph(_esc(_("计算明细")), st["h"]))
    rows = [[_("项目"), _("说明"), _("金额")]]
    for ln in r.lines:
        side = _("收回") if ln.side == OLD else _("新品")
        rows.append([Paragraph(_esc(f"{ln.label}（{side}）"), st["base"]), Paragraph(_esc(ln.explanation), st["base"]),
                     show_money(ln.amount)])
    lines_table = _grid(rows, [38 * mm, 100 * mm, 32 * mm], font)
    lines_table.setStyle(TableStyle([("ALIGN", (2, 0), (2, -1), "RIGHT")]))
    story.append(lines_table)

    totals: list[list[str]] = []
    if q.kind == "return":
        totals.append([_("应退顾客"), format_money(r.refund)])
    else:
        totals.append([_("旧饰品抵扣"), format_money(r.credit)])
        totals.append([_("新品合计"), format_money(r.new_total)])
        if r.minimum_new_price is not None and q.kind == TRADE_IN:
            totals.append([_("新品最低价格"), format_money(r.minimum_new_price)])
        if r.to_pay >= 0:
            totals.append([_("顾客应补差价"), format_money(r.to_pay)])
        else:
            totals.append([_("本店应付顾客"), format_money(-r.to_pay)])
    t = _grid(totals, [138 * mm, 32 * mm], font, header=False)
    t.setStyle(TableStyle([("ALIGN", (1, 0), (1, -1), "RIGHT"), ("FONTSIZE", (0, -1), (-1, -1), 11),
                           ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f1ece0"))]))
    story.append(t)

    story.append(Spacer(1, 2 * mm))
    if r.allowed:
        story.append(Paragraph(_esc(_("结论：可以办理。依据：{basis}", basis=r.basis)), st["big"]))
    else:
        story.append(Paragraph(_esc(_("结论：不可办理。")), st["big"]))
        for reason in r.reasons:
            story.append(Paragraph("· " + _esc(reason), st["bad"]))

    if q.kind in ("return", "exchange"):
        ticks = inputs.get("as_sold") or {}
        labels = as_sold_labels()
        items = "；".join(f"{labels[k]} {'✓' if ticks.get(k) else '✗'}" for k in labels)
        story.append(Paragraph(_esc(_("商品保持原样：{items}", items=items)), st["small"]))
    if q.kind == TRADE_IN and inputs.get("verification"):
        v = inputs["verification"]
        story.append(Paragraph(_esc(_("收件核对：{reason}", reason=v.get("reason", ""))), st["small"]))

    story.append(Paragraph(_esc(_("所用政策（版本 {v}）", v=data.policy_version)), st["h"]))
    labels = policy_labels()
    pol = [[labels.get(k, k), policy_value(k, q.policy_values.get(k))] for k in POLICY_KEYS.get(q.kind, ())
           if k in q.policy_values]
    if pol:
        story.append(_grid(pol, [80 * mm, 90 * mm], font, header=False))
    if r.prices:
        story.append(Paragraph(_esc(_("所用当日金价")), st["h"]))
        rows = [[_("金属成色"), _("日期"), _("回收价/克"), _("销售价/克")]]
        for p in r.prices:
            d = p.as_dict()
            rows.append([d["name"], d["on"], format_money(p.buy_per_g), format_money(p.sell_per_g)])
        story.append(_grid(rows, [60 * mm, 36 * mm, 37 * mm, 37 * mm], font))

    story.append(Spacer(1, 8 * mm))
    sign = [[_("顾客签字："), "", _("经办店员："), data.created_by],
            [_("日期："), "", _("确认经办："), data.accepted_by if q.status == "accepted" else ""]]
    st_sign = Table(sign, colWidths=[24 * mm, 61 * mm, 24 * mm, 61 * mm], rowHeights=[12 * mm, 12 * mm])
    st_sign.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 10),
                                 ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
                                 ("LINEBELOW", (3, 0), (3, -1), 0.6, colors.black),
                                 ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    story.append(KeepTogether([st_sign]))
    story.append(Spacer(1, 3 * mm))
    story.append(Paragraph(_esc(_("本结算单一式两份，顾客与门店各执一份。金额以人民币元计，四舍五入到分。")),
                           st["small"]))
    return story


def _status(q: Any) -> str:
    return {"draft": _("待顾客确认"), "accepted": _("顾客已确认"), "void": _("已作废")}.get(q.status, q.status)


def _dec(text: Any) -> Any:
    from decimal import Decimal

    return Decimal(str(text))


def render_statement(data: StatementData) -> bytes:
    """Two copies, each starting on its own page: 顾客联 and 门店存根联."""
    font = register_cjk_font()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, title=_("结算单 {no}", no=data.quote.number),
                            author=data.store_name, initialFontName=font)
    story = _copy(data, _("顾客联"), font) + [PageBreak()] + _copy(data, _("门店存根联"), font)
    doc.build(story)
    return buf.getvalue()
