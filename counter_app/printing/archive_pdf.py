"""The weekly archive as PDF: a cover with the week's totals, then one block per record.

Laid out directly on the canvas (no flowables), in two passes so every page can say
"第 n 页 / 共 m 页", and written through reportlab's public text objects: one per page, a
new text origin only where a line does not follow the one above. Two thousand records print
in about half a second with reportlab's C accelerator (`reportlab[accel]`), see
bench/README.md. The document is invariant (fixed ids and dates): two exports of a signed
week differ only in the printed export time.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from counter_app.documents import archive_labels as L
from counter_app.i18n import _
from counter_app.printing.fonts import register_cjk_font

if TYPE_CHECKING:
    from counter_app.documents.archive import RecordView, WeekView

PAGE_W, PAGE_H = A4
MARGIN = 42.0
TOP = PAGE_H - 48.0
BOTTOM = 46.0
WIDTH = PAGE_W - 2 * MARGIN
BLACK = HexColor("#222222")
GREY = HexColor("#777777")
RED = HexColor("#b00020")
GOLD = HexColor("#8a6d1d")


@dataclass
class Line:
    text: str
    size: float = 9.0
    indent: float = 0.0
    color: Color = BLACK
    gap: float = 0.0  # extra space before the line
    rule: bool = False  # a thin line above (start of a record)


_widths: dict[tuple[str, float], dict[str, float]] = {}


def _char_width(font: str, size: float, ch: str) -> float:
    table = _widths.setdefault((font, size), {})
    w = table.get(ch)
    if w is None:
        w = table[ch] = pdfmetrics.stringWidth(ch, font, size)
    return w


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Break `text` into lines no wider than `width`, at any character (CJK has no spaces)."""
    out: list[str] = []
    table = _widths.setdefault((font, size), {})
    for para in (text or "").split("\n"):
        widths = [table.get(ch) or _char_width(font, size, ch) for ch in para]
        if sum(widths) <= width:  # most lines fit: no need to walk them
            out.append(para)
            continue
        line, used = "", 0.0
        for ch, w in zip(para, widths, strict=True):
            if used + w > width and line:
                out.append(line)
                line, used = "", 0.0
            line += ch
            used += w
        out.append(line)
    return out


def _field(lines: list[Line], font: str, label: str, value: str, color: Color = BLACK) -> None:
    if not value:
        return
    head = f"{label}："
    for i, part in enumerate(wrap(head + value, font, 9.0, WIDTH - 8)):
        lines.append(Line(part, 9.0, 8 if i == 0 else 8 + _char_width(font, 9.0, "　") * 2, color))


def _bullets(lines: list[Line], font: str, label: str, items: list[str]) -> None:
    if not items:
        return
    lines.append(Line(f"{label}：", 9.0, 8))
    for item in items:
        for i, part in enumerate(wrap(item, font, 9.0, WIDTH - 30)):
            lines.append(Line(("· " if i == 0 else "  ") + part, 9.0, 18))


def words() -> dict[str, str]:
    """The labels of a record in the reader's language, looked up once per document."""
    return {"address": _("地址"), "no_address": _("（未登记）"), "visits": _("来店日期"),
            "activities": _("本周事项"), "maintenance": _("保养维修项目"), "preferences": _("希望的服务"),
            "history": _("在本店的维修保养记录"), "next": _("下次服务"), "staff": _("经办"),
            "internal_note": _("内部备注"), "missing": _("缺项")}


def record_lines(r: RecordView, copy: str, font: str, labels: dict[str, str] | None = None) -> list[Line]:
    w = labels or words()
    c = r.content
    marks = []
    if r.addendum_for:
        marks.append(_("补录 {week}", week=r.addendum_for))
    if r.void:
        marks.append(_("作废：本周已无记录"))
    phones = " / ".join(p for p in (c.get("phone", ""), c.get("phone2", "")) if p)
    head = "  ".join(p for p in (r.number, c.get("name", ""), phones, *[f"【{m}】" for m in marks]) if p)
    lines = [Line(head, 11.0, 0, RED if r.void else BLACK, gap=8, rule=True)]
    _field(lines, font, w["address"], c.get("address", "") or w["no_address"])
    _field(lines, font, w["visits"], "、".join(c.get("visits", [])))
    _bullets(lines, font, w["activities"], [f"{a['at']} {L.activity_text(a)}" for a in c.get("activities", [])])
    _field(lines, font, w["maintenance"], "、".join(c.get("maintenance", [])))
    _field(lines, font, w["preferences"], c.get("preferences", ""))
    history = [L.history_text(h) for h in c.get("history", [])]
    more = int(c.get("history_total", len(history))) - len(history)
    if more > 0:
        history.append(_("……另有 {n} 条更早的记录", n=more))
    _bullets(lines, font, w["history"], history)
    _field(lines, font, w["next"], L.next_text(c.get("next_service", {})), GOLD)
    _field(lines, font, w["staff"], "、".join(c.get("staff", [])))
    if copy == "store":
        _field(lines, font, w["internal_note"], c.get("internal_note", ""), GREY)
    _field(lines, font, w["missing"], "、".join(L.missing_text(m) for m in r.missing), RED)
    return lines


def _height(lines: list[Line]) -> float:
    return sum(ln.size * 1.45 + ln.gap for ln in lines)


def cover_lines(view: WeekView, copy: str, exported_at: dt.datetime) -> list[Line]:
    t = view.totals
    title = _("每周客户档案（{copy}）", copy=L.label(L.COPY, copy))
    if view.signed and view.signed_at:
        status = _("已签核：{name}，{at}", name=view.signed_by, at=view.signed_at.strftime("%Y-%m-%d %H:%M"))
    else:
        status = _("未签核（草稿）")
    lines = [
        Line(title, 20.0, 0, BLACK, gap=40),
        Line(f"{view.store_name}（{view.store_code}）", 13.0, 0, gap=10),
        Line(_("周次：{week}（{first} 至 {last}）", week=view.week.key, first=view.week.monday.isoformat(),
               last=view.week.sunday.isoformat()), 12.0, gap=6),
        Line(status, 12.0, 0, GOLD if view.signed else RED, gap=6),
        Line(_("本周汇总"), 13.0, 0, gap=24, rule=True),
        Line(_("档案记录：{n} 条（其中补录 {a} 条，作废 {v} 条）", n=t["records"], a=t["addendum"], v=t["void"]),
             10.5, 12, gap=6),
        Line(_("本周顾客：{n} 位", n=t["customers"]), 10.5, 12),
        Line(_("编号：{first} 至 {last}", first=t["first_number"] or "—", last=t["last_number"] or "—"), 10.5, 12),
    ]
    for kind in L.KIND:
        lines.append(Line(_("{kind}：{n} 位", kind=L.label(L.KIND, kind), n=t["by_kind"].get(kind, 0)), 10.5, 12))
    lines.append(Line(_("缺项"), 13.0, 0, gap=18, rule=True))
    lines.append(Line(_("有缺项的记录：{n} 条", n=t["records_with_missing"]), 10.5, 12, gap=6))
    for code in L.MISSING:
        lines.append(Line(f"{L.label(L.MISSING, code)}：{t['missing'].get(code, 0)}", 10.5, 12))
    lines.append(Line(_("内容校验码 (SHA-256)：{sha}", sha=view.content_sha256), 8.0, 0, GREY, gap=30))
    lines.append(Line(_("导出时间：{at}", at=exported_at.strftime("%Y-%m-%d %H:%M:%S")), 8.0, 0, GREY))
    if copy == "hq":
        lines.append(Line(_("本联报送总部客服部。客户资料保密，不得外传。"), 9.0, 0, GREY, gap=6))
    else:
        lines.append(Line(_("本联门店存档，含内部备注。客户资料保密，不得外传。"), 9.0, 0, GREY, gap=6))
    return lines


def paginate(blocks: list[list[Line]]) -> list[list[Line]]:
    pages: list[list[Line]] = [[]]
    room = TOP - BOTTOM
    for block in blocks:
        h = _height(block)
        if h > room and pages[-1] and h <= TOP - BOTTOM:
            pages.append([])
            room = TOP - BOTTOM
        for ln in block:  # a block longer than a page continues on the next one
            lh = ln.size * 1.45 + ln.gap
            if lh > room and pages[-1]:
                pages.append([])
                room = TOP - BOTTOM
            pages[-1].append(ln)
            room -= lh
    return pages


def render(view: WeekView, copy: str, exported_at: dt.datetime,
           progress: Callable[[int], None] | None = None) -> bytes:
    font = register_cjk_font()
    blocks: list[list[Line]] = []
    labels = words()
    for i, r in enumerate(view.records, 1):
        blocks.append(record_lines(r, copy, font, labels))
        if progress and i % 100 == 0:
            progress(i // 2)
    pages = [cover_lines(view, copy, exported_at), *paginate(blocks)]
    buf = io.BytesIO()
    a85 = rl_config.useA85
    # Binary (deflated) page streams: a quarter smaller than ASCII85 and, without the accelerator,
    # seconds faster. `useA85` is a reportlab setting (rl_settings), read when the file is saved.
    rl_config.useA85 = 0
    try:
        c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1, initialFontName=font)
        _draw(c, view, copy, pages, font, progress)
    finally:
        rl_config.useA85 = a85
    return buf.getvalue()


def _draw(c: canvas.Canvas, view: WeekView, copy: str, pages: list[list[Line]], font: str,
          progress: Callable[[int], None] | None) -> None:
    total = len(pages)
    c.setTitle(_("每周客户档案 {store} {week}（{copy}）", store=view.store_code, week=view.week.key,
                 copy=L.label(L.COPY, copy)))
    c.setAuthor(view.store_name)
    c.setCreator("counter-app")
    footer_left = f"{view.store_code} {view.week.key} · {L.label(L.COPY, copy)}"
    header = _("每周客户档案 · {copy}", copy=L.label(L.COPY, copy))
    step = max(total // 20, 1)
    for n, page in enumerate(pages, 1):
        if n > 1:
            c.setFont(font, 8)
            c.setFillColor(GREY)
            c.drawString(MARGIN, PAGE_H - 30, header)
            c.drawRightString(PAGE_W - MARGIN, PAGE_H - 30, f"{view.store_name}  {view.week.key}")
        _page_body(c, page, font)
        c.setFont(font, 8)
        c.setFillColor(GREY)
        c.drawString(MARGIN, 26, footer_left)
        c.drawRightString(PAGE_W - MARGIN, 26, _("第 {n} 页 / 共 {m} 页", n=n, m=total))
        c.showPage()
        if progress and n % step == 0:
            progress(len(view.records) // 2 + len(view.records) * n // (2 * total))
    c.save()


def _page_body(c: canvas.Canvas, page: list[Line], font: str) -> None:
    """All the lines of a page in one text object, the record rules in one path.

    A line that starts where the one before it ends (same size and indent, no gap) moves down
    with the text leading instead of a new text origin: most lines of a record do.
    """
    text = c.beginText()
    size, color = 9.0, BLACK
    text.setFont(font, size, size * 1.45)
    text.setFillColor(color)
    rules: list[tuple[float, float, float, float]] = []
    y = TOP
    next_x, next_y = -1.0, -1.0  # where the text cursor stands after the last line
    for ln in page:
        y -= ln.gap
        if ln.rule:
            rules.append((MARGIN, y, PAGE_W - MARGIN, y))
        y -= ln.size * 1.45
        if ln.color is not color:
            text.setFillColor(ln.color)
            color = ln.color
        if ln.size != size:
            size = ln.size
            text.setFont(font, size, size * 1.45)
            next_x = -1.0
        x, base = MARGIN + ln.indent, y + ln.size * 0.35
        if x != next_x or abs(base - next_y) > 0.001:
            text.setTextOrigin(x, base)
        text.textLine(ln.text)
        next_x, next_y = x, base - size * 1.45
    c.drawText(text)
    if rules:
        c.setStrokeColor(GREY)
        c.setLineWidth(0.4)
        c.lines(rules)
