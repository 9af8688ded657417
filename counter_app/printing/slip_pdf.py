"""The printed repair slip (维修单): customer copy and store copy in one PDF, A5 or 80 mm roll.

`render(doc, size, reprint)` takes the plain dict built by `services.slip_print.document` and
returns PDF bytes. All text uses the embedded CJK font; user text is escaped before it goes
into reportlab's mini-markup.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph, Spacer, Table, TableStyle

from counter_app.i18n import _
from counter_app.printing.codes import code128_flowable, qr_drawing
from counter_app.printing.fonts import register_cjk_font

TERMS = (
    "维修单是交还货品的唯一凭证，请妥善保管；取件时请交回本单并签收。",
    "维修单遗失请立即联系本店，由总部客服部核对身份后决定如何交还货品。",
    "返厂维修（含免工费维修）的邮寄费由顾客承担；收费项目以工厂报价经顾客签字确认为准。",
    "请凭本单在承诺日期后到店取件；逾期未取的饰品本店代为保管并电话提醒。",
)


@dataclass(frozen=True)
class Paper:
    key: str
    width: float
    height: float | None  # None: a roll, the page is as long as its content
    margin: float
    base: float  # body font size
    number_size: float
    qr: float
    bar_width: float
    bar_height: float


PAPERS = {
    "a5": Paper("a5", A5[0], A5[1], 9 * mm, 8.5, 20, 20 * mm, 0.95, 10 * mm),
    "80mm": Paper("80mm", 80 * mm, None, 4 * mm, 7.5, 15, 24 * mm, 0.72, 10 * mm),
}


class _HLine(Flowable):
    def __init__(self, dashed: bool = False) -> None:
        super().__init__()
        self.dashed = dashed

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, 4

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(colors.grey)
        c.setLineWidth(0.5)
        if self.dashed:
            c.setDash(2, 2)
        c.line(0, 2, self.width, 2)


class _SignatureLine(Flowable):
    """A label, then a line to sign on, then a short date line."""

    def __init__(self, label: str, font: str, size: float, narrow: bool) -> None:
        super().__init__()
        self.label, self.font, self.size, self.narrow = label, font, size, narrow

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return aw, self.size * (3.5 if self.narrow else 2.6)

    def draw(self) -> None:
        c = self.canv
        c.setFont(self.font, self.size)
        c.setStrokeColor(colors.black)
        c.setLineWidth(0.6)
        if self.narrow:
            c.drawString(0, self.size * 2.4, self.label)
            c.line(0, self.size * 0.4, self.width * 0.62, self.size * 0.4)
            c.drawString(self.width * 0.66, self.size * 0.6, _("日期"))
            c.line(self.width * 0.66 + self.size * 2.4, self.size * 0.4, self.width, self.size * 0.4)
        else:
            c.drawString(0, self.size * 0.9, self.label)
            x = c.stringWidth(self.label, self.font, self.size) + 4
            c.line(x, self.size * 0.7, self.width * 0.68, self.size * 0.7)
            c.drawString(self.width * 0.71, self.size * 0.9, _("日期"))
            c.line(self.width * 0.71 + self.size * 2.4, self.size * 0.7, self.width, self.size * 0.7)


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


class _Styles:
    def __init__(self, paper: Paper) -> None:
        font = register_cjk_font()
        b = paper.base
        self.font = font
        self.body = ParagraphStyle("body", fontName=font, fontSize=b, leading=b * 1.35, wordWrap="CJK")
        self.small = ParagraphStyle("small", parent=self.body, fontSize=b - 1.5, leading=(b - 1.5) * 1.35)
        self.store = ParagraphStyle("store", parent=self.body, fontSize=b + 4, leading=(b + 4) * 1.25)
        self.title = ParagraphStyle("title", parent=self.body, fontSize=b + 5, leading=(b + 5) * 1.3,
                                    alignment=TA_CENTER)
        self.number = ParagraphStyle("number", parent=self.body, fontSize=paper.number_size,
                                     leading=paper.number_size * 1.25)
        self.copy = ParagraphStyle("copy", parent=self.body, alignment=TA_RIGHT, fontSize=b + 1,
                                   leading=(b + 1) * 1.3)
        self.head = ParagraphStyle("head", parent=self.body, fontSize=b + 0.5, textColor=colors.HexColor("#555555"))
        self.reprint = ParagraphStyle("reprint", parent=self.body, fontSize=b + 3, leading=(b + 3) * 1.3,
                                      textColor=colors.HexColor("#b00000"), alignment=TA_CENTER)


def _kv_table(rows: list[tuple[str, str]], st: _Styles, width: float, cols: int) -> Table:
    """Label/value pairs, `cols` pairs per row."""
    cells: list[list[Any]] = []
    line: list[Any] = []
    for label, value in rows:
        line += [_p(label, st.head), _p(value or "—", st.body)]
        if len(line) == cols * 2:
            cells.append(line)
            line = []
    if line:
        line += [""] * (cols * 2 - len(line))
        cells.append(line)
    label_w = st.body.fontSize * 5.2
    value_w = (width - cols * label_w) / cols
    t = Table(cells, colWidths=[label_w, value_w] * cols)
    t.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), st.font),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 1),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 0.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
    ]))
    return t


def _money(v: str | None) -> str:
    return f"¥{v}" if v not in (None, "") else "—"


def _header(doc: dict[str, Any], paper: Paper, st: _Styles, width: float, store_copy: bool,
            reprint: int) -> list[Flowable]:
    store = doc["store"]
    copy_label = _("存根联（店内留存）") if store_copy else _("顾客联（取件凭证）")
    flows: list[Flowable] = []
    if reprint:
        flows.append(_p(_("补打 / COPY 第 {n} 次", n=reprint), st.reprint))
    contact = "  ".join(x for x in (store.get("address", ""), _("电话：{p}", p=store.get("phone", "")) if
                                    store.get("phone") else "") if x)
    if paper.height is None:
        flows += [_p(store["name"], st.store), _p(contact, st.small), _p(copy_label, st.copy),
                  _p(_("维修单"), st.title)]
    else:
        title = ParagraphStyle("title_inline", parent=st.title)
        top = Table([[_p(store["name"], st.store), _p(_("维修单"), title), _p(copy_label, st.copy)]],
                    colWidths=[width * 0.42, width * 0.2, width * 0.38])
        top.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), st.font), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        flows += [top, _p(contact, st.small)]
    number = doc["number"]
    bar = code128_flowable(number, paper.bar_height, paper.bar_width)
    qr = qr_drawing(doc["qr_payload"], paper.qr)
    if paper.height is None:
        centred = ParagraphStyle("number_centred", parent=st.number, alignment=TA_CENTER)
        codes = Table([[_p(number, centred)], [bar], [qr]], colWidths=[width])
        codes.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), st.font), ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    else:
        left = Table([[_p(number, st.number)], [bar]], colWidths=[width - paper.qr - 4])
        left.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), st.font), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        codes = Table([[left, qr]], colWidths=[width - paper.qr - 4, paper.qr + 4])
        codes.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), st.font), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    flows += [codes, _HLine()]
    return flows


def _body(doc: dict[str, Any], paper: Paper, st: _Styles, width: float, store_copy: bool) -> list[Flowable]:
    roll = paper.height is None
    cols = 1 if roll else 2
    item = doc["item"]
    phone = doc["phone_full"] if store_copy else doc["phone_masked"]
    cert = " ".join(x for x in (item.get("certificate_issuer", ""), item.get("certificate_number", "")) if x)
    metal = " ".join(x for x in (item.get("metal", ""), item.get("fineness", "")) if x)
    flows: list[Flowable] = [
        _kv_table([
            (_("收件日期"), doc["intake_date"]), (_("承诺取件"), doc["promised_on"] or "—"),
            (_("顾客"), doc["customer"]), (_("电话"), phone),
        ], st, width, cols),
        Spacer(1, 2), _p(_("饰品"), st.head),
        _kv_table([
            (_("货号"), item.get("product_code", "")), (_("品名"), item.get("description", "")),
            (_("材质"), metal), (_("收件重量"), _("{g} 克", g=doc["intake_weight_g"]) if doc["intake_weight_g"] else "—"),
            (_("证书"), cert), (_("字印"), item.get("engraving", "")),
            (_("销售单号"), item.get("receipt_no", "")), (_("损坏部位"), doc["damaged_parts"] or _("无")),
        ], st, width, cols),
        Spacer(1, 2), _p(_("维修项目与费用"), st.head),
    ]
    work_rows: list[list[Any]] = [[_p(_("项目"), st.head), _p(_("类别"), st.head), _p(_("费用"), st.head)]]
    for w in doc["works"]:
        work_rows.append([_p(w["label"], st.body), _p(w["kind_label"], st.body), _p(w["fee"], st.body)])
    for label, value in doc["fee_lines"]:
        work_rows.append([_p(label, st.body), "", _p(value, st.body)])
    fee_w = st.body.fontSize * 6.5
    kind_w = st.body.fontSize * (7 if roll else 9)
    wt = Table(work_rows, colWidths=[width - fee_w - kind_w, kind_w, fee_w])
    wt.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), st.font),
        ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.grey),
        ("LINEABOVE", (0, len(doc["works"]) + 1), (-1, len(doc["works"]) + 1), 0.5, colors.grey),
        ("SPAN", (0, len(doc["works"]) + 1), (1, len(doc["works"]) + 1)) if doc["fee_lines"] else ("SPAN", (0, 0),
                                                                                                   (0, 0)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 1),
        ("TOPPADDING", (0, 0), (-1, -1), 0.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
    ]))
    flows.append(wt)
    if doc["unrepaired"]:
        flows.append(_p(_("未维修退回"), st.reprint))
    for text in doc["refusals"]:
        flows.append(_p(_("顾客拒绝维修：") + text, st.body))
    for text in doc["accepted_defects"]:
        flows.append(_p(_("另发现并同意维修：") + text, st.body))
    if doc["quote_line"]:
        flows.append(_p(doc["quote_line"], st.body))
    if doc["note"]:
        flows.append(_p(_("备注：") + doc["note"], st.body))
    if store_copy and doc["internal_note"]:
        flows.append(_p(_("内部备注（不给顾客）：") + doc["internal_note"], st.body))
    if store_copy and doc["lost_line"]:
        flows.append(_p(doc["lost_line"], st.body))
    flows += [Spacer(1, 2), _HLine(dashed=True), _p(_("须知"), st.head)]
    for i, t in enumerate(doc["terms"], 1):
        flows.append(_p(f"{i}. {t}", st.small))
    flows.append(Spacer(1, 2))
    flows.append(_p(_("经办人：{name}    门店：{code}", name=doc["clerk"], code=doc["store"]["code"]), st.body))
    size = st.body.fontSize
    labels = []
    if store_copy:
        labels += [_("收件顾客签名（确认饰品状况与维修项目）："), _("收件经办人签名：")]
    labels += [_("取件签收（顾客）："), _("交件经办人签名：")]
    if roll:
        flows += [_SignatureLine(label, st.font, size, True) for label in labels]
    else:
        # A5: customer and staff side by side, so both copies stay on one page each.
        half = width / 2 - 6
        rows = [[_SignatureLine(labels[i], st.font, size, True), _SignatureLine(labels[i + 1], st.font, size, True)]
                for i in range(0, len(labels), 2)]
        sign = Table(rows, colWidths=[width / 2, width / 2])
        sign.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), st.font), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 12), ("TOPPADDING", (0, 0), (-1, -1), 2),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
        del half
        flows.append(sign)
    return flows


def _flows(doc: dict[str, Any], paper: Paper, st: _Styles, width: float, store_copy: bool,
           reprint: int) -> list[Flowable]:
    return _header(doc, paper, st, width, store_copy, reprint) + _body(doc, paper, st, width, store_copy)


def _content_height(flows: list[Flowable], width: float) -> float:
    total = 0.0
    for f in flows:
        _w, h = f.wrap(width, 10_000)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def _footer(c: Canvas, paper: Paper, st: _Styles, text: str, page_w: float) -> None:
    c.setFont(st.font, paper.base - 2)
    c.setFillColor(colors.grey)
    c.drawCentredString(page_w / 2, paper.margin * 0.45, text)
    c.setFillColor(colors.black)


def render(doc: dict[str, Any], size: str = "a5", reprint: int = 0) -> bytes:
    """Both copies: page(s) of the customer copy, then page(s) of the store copy."""
    paper = PAPERS[size]
    st = _Styles(paper)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(paper.width, paper.height or 200 * mm), pageCompression=1,
               initialFontName=st.font, initialFontSize=paper.base)
    c.setTitle(_("维修单 {no}", no=doc["number"]))
    c.setAuthor(doc["store"]["name"])
    width = paper.width - 2 * paper.margin
    for store_copy in (False, True):
        flows = _flows(doc, paper, st, width, store_copy, reprint)
        copy_name = _("存根联") if store_copy else _("顾客联")
        if paper.height is None:
            # A roll page is cut to the content; a little slack so nothing is pushed out.
            height = _content_height(_flows(doc, paper, st, width, store_copy, reprint), width)
            page_h = height + 2 * paper.margin + 6 * mm
            c.setPageSize((paper.width, page_h))
            frame = Frame(paper.margin, paper.margin, width, page_h - 2 * paper.margin, leftPadding=0,
                          rightPadding=0, topPadding=0, bottomPadding=0, showBoundary=0)
            frame.addFromList(flows, c)
            _footer(c, paper, st, f"{doc['number']} · {copy_name}", paper.width)
            c.showPage()
            continue
        page = 1
        while flows:
            c.setPageSize((paper.width, paper.height))
            frame = Frame(paper.margin, paper.margin, width, paper.height - 2 * paper.margin, leftPadding=0,
                          rightPadding=0, topPadding=0, bottomPadding=0, showBoundary=0)
            before = len(flows)
            frame.addFromList(flows, c)
            _footer(c, paper, st, _("{no} · {copy} · 第 {p} 页", no=doc["number"], copy=copy_name, p=page),
                    paper.width)
            c.showPage()
            page += 1
            if len(flows) == before:  # a flowable taller than a page: never loop forever
                break
    c.save()
    return buf.getvalue()
