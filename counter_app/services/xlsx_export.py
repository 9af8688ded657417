"""Spreadsheets for head office: one row per record, typed columns, filters, a frozen header.

Written with XlsxWriter. Every cell written from what someone typed goes through `safe_cell`
and is written as a string (never through XlsxWriter's guessing `write`), so a name or note
starting with "=" shows as text instead of running as a formula. Excel's limits are kept:
a sheet that would pass 1,048,576 rows or 16,384 columns is refused with a message instead
of being cut short, text longer than 32,767 characters is shortened with a note saying so,
and sheet names are made legal (31 characters, none of ``[ ] : * ? / \\``). The workbook's
creation date is the one the caller gives, and XlsxWriter stamps the zip members with a fixed
date, so the same content always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from counter_app.documents import archive_labels as L
from counter_app.errors import CounterError
from counter_app.i18n import _
from counter_app.services.safe_cells import safe_cell

if TYPE_CHECKING:
    from counter_app.documents.archive import WeekView

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_CELL_CHARS = 32_767  # UTF-16 code units, as Excel counts them
MAX_SHEET_NAME = 31
HEADER_COLOR = "#8A6D1D"
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"
_FIRST_DATE = dt.date(1900, 3, 1)  # Excel's serial dates are wrong before this (the 1900 leap-year bug)
_NOT_XML = re.compile("[\ufffe\uffff]")  # not allowed in XML at all; control characters: see safe_cell
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
_SHEET_NAME_DROP = re.compile("[\x00-\x1f\ufffe\uffff]")


class SheetTooLarge(CounterError):
    """More rows or columns than a spreadsheet can hold: nothing was written."""


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "text"  # text / int / date / money / number / auto (the value's own type)
    width: float = 14.0


@dataclass
class FastSheet:
    name: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    header: bool = True


def sheet_name(name: str, taken: Sequence[str] = ()) -> str:
    """`name` as Excel accepts it: no ``[ ] : * ? / \\``, no apostrophe at either end,
    at most 31 characters, not blank and not already in `taken` (compared without case)."""
    clean = _SHEET_NAME_BAD.sub("_", _SHEET_NAME_DROP.sub("", name)).strip().strip("'").strip()
    clean = _utf16_cut(clean or "Sheet", MAX_SHEET_NAME)
    used = {t.lower() for t in taken}
    base, n = clean, 1
    while clean.lower() in used or clean.lower() == "history":  # Excel keeps "History" for itself
        n += 1
        tail = f" ({n})"
        clean = _utf16_cut(base, MAX_SHEET_NAME - len(tail)) + tail
    return clean


def _utf16_len(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def _utf16_cut(text: str, units: int) -> str:
    """The longest start of `text` that fits in `units` UTF-16 code units (never half a pair)."""
    if _utf16_len(text) <= units:
        return text
    out, used = [], 0
    for ch in text:
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > units:
            break
        out.append(ch)
    return "".join(out)


def cell_text(value: Any) -> str:
    """What a text cell holds: formula starts defused, and no more than Excel can keep in a cell."""
    text = str(safe_cell(str(value)))
    if "\ufffe" in text or "\uffff" in text:
        text = _NOT_XML.sub("", text)
    if len(text) > MAX_CELL_CHARS // 2 and _utf16_len(text) > MAX_CELL_CHARS:
        note = _("……（超出表格单元格 {limit} 字的上限，以下省略 {n} 字）", limit=f"{MAX_CELL_CHARS:,}",
                 n=f"{_utf16_len(text) - MAX_CELL_CHARS:,}")
        text = _utf16_cut(text, MAX_CELL_CHARS - _utf16_len(note)) + note
    return text


class _Formats:
    """The workbook's few cell formats, made once."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.header: Format = wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_COLOR,
                                             "pattern": 1})
        self.date: Format = wb.add_format({"num_format": DATE_FORMAT})
        self.money: Format = wb.add_format({"num_format": MONEY_FORMAT})
        self.wrap: Format = wb.add_format({"text_wrap": True, "valign": "top"})


def _write_cell(ws: Worksheet, row: int, col: int, value: Any, kind: str, f: _Formats) -> None:
    if value is None or value == "":
        return
    if isinstance(value, bool):
        value = str(value)
    if kind == "date" or (kind == "auto" and isinstance(value, dt.date)):
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
        if isinstance(day, dt.datetime):
            day = day.date()
        if day >= _FIRST_DATE:
            ws.write_datetime(row, col, day, f.date)
            return
        value = day.isoformat()  # Excel has no serial number for it: shown as typed
    elif kind in ("int", "number", "money") or (kind == "auto" and isinstance(value, (int, Decimal, float))):
        number = int(value) if kind == "int" else value if isinstance(value, (int, float)) else Decimal(str(value))
        if math.isfinite(number):
            ws.write_number(row, col, number, f.money if kind == "money" else None)
            return
        value = str(value)
    text = cell_text(value)
    ws.write_string(row, col, text, f.wrap if "\n" in text else None)


def _write_sheet(ws: Worksheet, sheet: FastSheet, f: _Formats, progress: Callable[[int], None] | None) -> None:
    columns = sheet.columns
    for i, c in enumerate(columns):
        ws.set_column(i, i, c.width)
    r = 0
    if sheet.header:
        for i, c in enumerate(columns):
            ws.write_string(0, i, cell_text(c.title), f.header)
        r = 1
    kinds = [c.kind for c in columns]
    for n, row in enumerate(sheet.rows, 1):
        for i, (value, kind) in enumerate(zip(row, kinds, strict=True)):
            _write_cell(ws, r, i, value, kind, f)
        r += 1
        if progress and n % 200 == 0:
            progress(n)
    if sheet.header:
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(r - 1, 0), len(columns) - 1)


def fast_workbook(sheets: Sequence[FastSheet], title: str, when: dt.datetime,
                  progress: Callable[[int], None] | None = None) -> bytes:
    """The workbook as bytes: one worksheet per sheet, `title` and `when` as its properties."""
    for s in sheets:
        rows = len(s.rows) + (1 if s.header else 0)
        if rows > MAX_ROWS or len(s.columns) > MAX_COLUMNS:
            raise SheetTooLarge(_("表格“{sheet}”有 {rows} 行、{cols} 列，超出 Excel 的上限（{max_rows} 行、{max_cols} 列），"
                                  "未生成文件。", sheet=s.name, rows=f"{rows:,}", cols=len(s.columns),
                                  max_rows=f"{MAX_ROWS:,}", max_cols=f"{MAX_COLUMNS:,}"))
    buf = io.BytesIO()
    options = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
               "strings_to_urls": False, "default_date_format": DATE_FORMAT}
    with xlsxwriter.Workbook(buf, options) as wb:
        wb.set_properties({"title": _NOT_XML.sub("", title), "author": "counter-app", "created": when})
        formats = _Formats(wb)
        names: list[str] = []
        for s in sheets:
            names.append(sheet_name(s.name, names))
            _write_sheet(wb.add_worksheet(names[-1]), s, formats, progress)
    return buf.getvalue()


def archive_columns(copy: str) -> list[Column]:
    cols = [
        Column(_("编号"), "text", 18), Column(_("补录周次"), "text", 10), Column(_("姓名"), "text", 10),
        Column(_("电话"), "text", 14), Column(_("地址"), "text", 28), Column(_("首次来店"), "date", 11),
        Column(_("来店次数"), "int", 8), Column(_("本周事项"), "text", 48), Column(_("保养维修项目"), "text", 20),
        Column(_("希望的服务"), "text", 20), Column(_("维修保养记录"), "text", 40),
        Column(_("下次服务"), "text", 14), Column(_("下次服务日期"), "date", 12), Column(_("经办"), "text", 10),
        Column(_("缺项"), "text", 18), Column(_("作废"), "text", 6),
    ]
    if copy == "store":
        cols.append(Column(_("内部备注"), "text", 28))
    return cols


def archive_workbook(view: WeekView, copy: str, exported_at: dt.datetime,
                     progress: Callable[[int], None] | None = None) -> bytes:
    rows: list[list[Any]] = []
    for r in view.records:
        c = r.content
        nxt = c.get("next_service") or {}
        row: list[Any] = [
            r.number, r.addendum_for, c.get("name", ""),
            " / ".join(p for p in (c.get("phone", ""), c.get("phone2", "")) if p),
            c.get("address", ""), (c.get("visits") or [None])[0], len(c.get("visits", [])),
            "\n".join(f"{a['at']} {L.activity_text(a)}" for a in c.get("activities", [])),
            "、".join(c.get("maintenance", [])), c.get("preferences", ""),
            "\n".join(L.history_text(h) for h in c.get("history", [])),
            L.label(L.NEXT, nxt["kind"]) if nxt.get("kind") else "", nxt.get("due"),
            "、".join(c.get("staff", [])), "、".join(L.missing_text(m) for m in r.missing),
            _("是") if r.void else "",
        ]
        if copy == "store":
            row.append(c.get("internal_note", ""))
        rows.append(row)
        if progress and len(rows) % 200 == 0:
            progress(len(rows) // 2)

    t = view.totals
    signed = (_("已签核：{name}，{at}", name=view.signed_by, at=view.signed_at.strftime("%Y-%m-%d %H:%M"))
              if view.signed and view.signed_at else _("未签核（草稿）"))
    facts: list[list[Any]] = [
        [_("文件"), _("每周客户档案（{copy}）", copy=L.label(L.COPY, copy))],
        [_("门店"), f"{view.store_name}（{view.store_code}）"],
        [_("周次"), view.week.key], [_("开始日期"), view.week.monday], [_("结束日期"), view.week.sunday],
        [_("状态"), signed], [_("档案记录"), t["records"]], [_("本周顾客"), t["customers"]],
        [_("补录"), t["addendum"]], [_("作废"), t["void"]],
        [_("编号从"), t["first_number"]], [_("编号到"), t["last_number"]],
    ]
    facts += [[L.label(L.KIND, k), t["by_kind"].get(k, 0)] for k in L.KIND]
    facts += [[L.label(L.MISSING, k), t["missing"].get(k, 0)] for k in L.MISSING]
    facts += [[_("内容校验码 (SHA-256)"), view.content_sha256],
              [_("导出时间"), exported_at.strftime("%Y-%m-%d %H:%M:%S")]]
    sheets = [
        FastSheet(_("客户档案"), archive_columns(copy), rows, header=True),
        FastSheet(_("封面"), [Column(_("项目"), "auto", 22), Column(_("内容"), "auto", 70)], facts, header=False),
    ]
    half = len(rows) // 2
    data = fast_workbook(sheets, _("每周客户档案 {store} {week}", store=view.store_code, week=view.week.key),
                         dt.datetime.combine(view.week.sunday, dt.time()),
                         (lambda n: progress(half + n // 2)) if progress else None)
    if progress:
        progress(len(rows))
    return data


def summary_workbook(s: Any, exported_at: dt.datetime) -> bytes:
    """Head office's summary as tables: figures, per period, slips, trades, staff."""
    head = [(_("门店"), f"{s.store_name}（{s.store_code}）"), (_("期间"), s.period.key),
            (_("开始日期"), s.period.first), (_("结束日期"), s.period.last),
            (_("导出时间"), exported_at.strftime("%Y-%m-%d %H:%M:%S")), (_("政策版本"), s.policy_version)]
    slips = [[_("类型"), L.work_kind_text(k), v] for k, v in s.slips_by_type.items()]
    slips += [[_("状态"), L.label(L.SLIP_STATUS, k), v] for k, v in s.slips_by_status.items()]
    sheets = [
        FastSheet(_("主要数字"), [Column(_("项目"), "text", 34), Column(_("数值"), "text", 34)],
                  [[k, v if not isinstance(v, dt.date) else v.isoformat()] for k, v in head]
                  + [list(r) for r in L.summary_rows(s)]),
        FastSheet(_("分期"), [Column(_("期间"), "text", 12), Column(_("服务顾客"), "int"), Column(_("新开维修单"), "int"),
                            Column(_("投诉"), "int")],
                  [[p.label, p.customers, p.slips, p.complaints] for p in s.series]),
        FastSheet(_("维修单"), [Column(_("分组"), "text", 10), Column(_("名称"), "text", 24), Column(_("数量"), "int")],
                  slips),
        FastSheet(_("退换货"), [Column(_("类型"), "text", 14), Column(_("报价"), "int"), Column(_("已接受"), "int"),
                             Column(_("回收金额"), "money"), Column(_("新品金额"), "money"), Column(_("顾客应付"), "money")],
                  [[L.label(L.TRADE, k), t["quotes"], t["accepted"], t["credit"], t["new_total"], t["to_pay"]]
                   for k, t in s.trades.items()]),
        FastSheet(_("员工"), [Column(_("员工"), "text", 12), Column(_("服务顾客"), "int"), Column(_("开单"), "int"),
                            Column(_("取件"), "int"), Column(_("去电"), "int"), Column(_("投诉负责"), "int"),
                            Column(_("投诉解决"), "int"), Column(_("报价"), "int")],
                  [[f.name, f.customers, f.slips_opened, f.pickups, f.calls_made, f.complaints_owned,
                    f.complaints_resolved, f.quotes] for f in s.staff]),
    ]
    return fast_workbook(sheets, _("售后服务汇总 {store} {period}", store=s.store_code, period=s.period.key),
                         dt.datetime.combine(s.period.last, dt.time()))
