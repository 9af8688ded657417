"""Head office's summary as PDF: headline figures, charts, slips, trades and staff tables."""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from counter_app.documents import archive_labels as L
from counter_app.i18n import _
from counter_app.printing import charts
from counter_app.printing.fonts import register_cjk_font

if TYPE_CHECKING:
    from counter_app.documents.summary import Summary


class _NumberedCanvas(canvas.Canvas):
    """Keeps pages until the end so each can say "第 n 页 / 共 m 页"."""

    footer_left = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        font = register_cjk_font()
        for n, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self.setFont(font, 8)
            self.setFillColor(colors.grey)
            self.drawString(18 * mm, 10 * mm, self.footer_left)
            self.drawRightString(A4[0] - 18 * mm, 10 * mm, _("第 {n} 页 / 共 {m} 页", n=n, m=total))
            super().showPage()
        super().save()


def _table(rows: list[list[Any]], font: str, widths: list[float] | None = None) -> Table:
    t = Table(rows, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#8a6d1d")),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#bbbbbb")),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return t


def render(s: Summary, exported_at: dt.datetime) -> bytes:
    font = register_cjk_font()
    title_style = ParagraphStyle("t", fontName=font, fontSize=17, leading=22)
    h_style = ParagraphStyle("h", fontName=font, fontSize=12, leading=16, spaceBefore=10, spaceAfter=4)
    small = ParagraphStyle("s", fontName=font, fontSize=8, leading=11, textColor=colors.grey)
    kind = {"month": _("月度"), "quarter": _("季度"), "year": _("年度")}[s.period.kind]
    story: list[Any] = [
        Paragraph(_("售后服务{kind}汇总 {period}", kind=kind, period=s.period.key), title_style),
        Paragraph(f"{s.store_name}（{s.store_code}） {s.period.first.isoformat()} — {s.period.last.isoformat()}",
                  h_style),
        Paragraph(_("导出时间：{at}；政策版本 {v}", at=exported_at.strftime("%Y-%m-%d %H:%M"), v=s.policy_version),
                  small),
        Paragraph(_("主要数字"), h_style),
        _table([[_("项目"), _("数值")], *[list(r) for r in L.summary_rows(s)]], font, [110 * mm, 55 * mm]),
    ]
    labels = [p.label for p in s.series]
    story += [
        Spacer(1, 8),
        charts.line_chart(_("服务顾客与新开维修单"), labels,
                          [[p.customers for p in s.series], [p.slips for p in s.series]],
                          [_("服务顾客"), _("新开维修单")]),
        Spacer(1, 6),
        charts.bar_chart(_("投诉数量"), labels, [[p.complaints for p in s.series]], [_("投诉")]),
    ]
    story.append(Paragraph(_("维修单"), h_style))
    rows: list[list[Any]] = [[_("类型"), _("数量")]]
    rows += [[L.work_kind_text(k), v] for k, v in s.slips_by_type.items()] or [[_("（无）"), 0]]
    story.append(_table(rows, font, [110 * mm, 55 * mm]))
    story.append(Spacer(1, 4))
    rows = [[_("状态"), _("数量")]]
    rows += [[L.label(L.SLIP_STATUS, k), v] for k, v in s.slips_by_status.items()] or [[_("（无）"), 0]]
    story.append(_table(rows, font, [110 * mm, 55 * mm]))
    if s.slips_by_type:
        story += [Spacer(1, 6), charts.bar_chart(_("维修单类型"), [L.work_kind_text(k) for k in s.slips_by_type],
                                                 [list(s.slips_by_type.values())], [_("维修单")])]

    story.append(Paragraph(_("退换货与以旧换新（已接受的报价）"), h_style))
    rows = [[_("类型"), _("报价"), _("已接受"), _("回收金额"), _("新品金额"), _("顾客应付")]]
    for k, t in s.trades.items():
        rows.append([L.label(L.TRADE, k), t["quotes"], t["accepted"], f"¥{t['credit']}", f"¥{t['new_total']}",
                     f"¥{t['to_pay']}"])
    story.append(_table(rows, font))

    story.append(Paragraph(_("员工"), h_style))
    rows = [[_("员工"), _("服务顾客"), _("开单"), _("取件"), _("去电"), _("投诉负责"), _("投诉解决"), _("报价")]]
    for f in s.staff:
        rows.append([f.name, f.customers, f.slips_opened, f.pickups, f.calls_made, f.complaints_owned,
                     f.complaints_resolved, f.quotes])
    if len(rows) == 1:
        rows.append([_("（无）"), 0, 0, 0, 0, 0, 0, 0])
    story.append(_table(rows, font))
    if s.staff:
        story += [Spacer(1, 6), charts.bar_chart(_("员工服务顾客与开单"), [f.name for f in s.staff],
                                                 [[f.customers for f in s.staff], [f.slips_opened for f in s.staff]],
                                                 [_("服务顾客"), _("开单")])]

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                            bottomMargin=18 * mm, title=_("售后服务汇总 {store} {period}", store=s.store_code,
                                                          period=s.period.key),
                            author=s.store_name, creator="counter-app", invariant=1,
                            initialFontName=register_cjk_font())

    class Numbered(_NumberedCanvas):
        footer_left = f"{s.store_code} · {s.period.key}"

    doc.build(story, canvasmaker=Numbered)
    return buf.getvalue()
