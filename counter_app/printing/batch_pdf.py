"""The factory batch list (送厂 / 回店清单): slip numbers, items, weights and signature lines.

Printed on A4 portrait, two signatures (store hands over, factory or courier receives);
the store keeps the signed sheet.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from counter_app.i18n import _
from counter_app.printing.fonts import register_cjk_font


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text or ""), style)


def render_batch(doc: dict[str, Any]) -> bytes:
    font = register_cjk_font()
    body = ParagraphStyle("b", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    small = ParagraphStyle("s", parent=body, fontSize=8, leading=10)
    title = ParagraphStyle("t", parent=body, fontSize=15, leading=20)
    warn = ParagraphStyle("w", parent=small, textColor=colors.HexColor("#b00000"))
    sending = doc["direction"] == "send"
    heading = _("送厂清单") if sending else _("回店清单")
    store = doc["store"]
    flows: list[Any] = [
        _p(f"{store['name']}  {heading}", title),
        _p(_("批次号：{no}    日期：{at}    经办人：{who}", no=doc["number"], at=doc["created_at"][:16],
             who=doc["created_by"]), body),
        _p(_("工厂：{f}", f=doc["factory"] or "—") + ("    " + _("备注：") + doc["note"] if doc["note"] else ""), body),
        Spacer(1, 4 * mm),
    ]
    header = [_p(x, body) for x in (_("序号"), _("维修单号"), _("货号"), _("品名"), _("维修项目"),
                                    _("收件重量 (克)"), _("回店重量 (克)"))]
    rows: list[list[Any]] = [header]
    for i, line in enumerate(doc["lines"], 1):
        works = line["works"] + ("（" + _("未维修退回") + "）" if line.get("unrepaired") else "")
        back: list[Any] = [_p(line.get("return_weight_g") or ("" if sending else "—"), body)]
        if line.get("warning"):
            back.append(_p(line["warning"], warn))
        rows.append([_p(str(i), body), _p(line["number"], body), _p(line["product_code"], body),
                     _p(line["description"], body), _p(works, body), _p(line["intake_weight_g"] or "—", body), back])
    widths = [10 * mm, 38 * mm, 20 * mm, 32 * mm, 28 * mm, 20 * mm, 32 * mm]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    flows += [table, Spacer(1, 4 * mm), _p(_("共 {n} 件。", n=len(doc["lines"])), body), Spacer(1, 12 * mm)]
    left = _("门店交件人签名：") if sending else _("工厂 / 快递交件人签名：")
    right = _("工厂 / 快递收件人签名：") if sending else _("门店收件人签名：")
    sign = Table([[_p(left, body), _p(right, body)],
                  [_p("_" * 28, body), _p("_" * 28, body)],
                  [_p(_("日期：") + "_" * 18, body), _p(_("日期：") + "_" * 18, body)]],
                 colWidths=[90 * mm, 90 * mm], rowHeights=[8 * mm, 12 * mm, 10 * mm])
    sign.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), font), ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    flows.append(sign)

    buf = io.BytesIO()

    def footer(canvas: Any, _doc: Any) -> None:
        canvas.setFont(font, 7)
        canvas.drawCentredString(A4[0] / 2, 8 * mm, f"{doc['number']} · {heading} · {canvas.getPageNumber()}")

    pdf = SimpleDocTemplate(buf, pagesize=A4, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=14 * mm,
                            bottomMargin=14 * mm, title=f"{heading} {doc['number']}", initialFontName=font)
    pdf.build(flows, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()
