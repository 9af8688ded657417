"""Spreadsheets for head office: one row per record, typed columns, filters, a frozen header.

Every cell written from what someone typed goes through `safe_cell`, so a name or note
starting with "=" shows as text instead of running as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from counter_app.i18n import _
from counter_app.services import archive_labels as L
from counter_app.services.safe_cells import safe_cell

if TYPE_CHECKING:
    from counter_app.services.archive import WeekView

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="8A6D1D")
WRAP = Alignment(wrap_text=True, vertical="top")
DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "text"  # text / int / date / money / number
    width: float = 14.0


def _cell(value: Any, kind: str) -> Any:
    if value is None or value == "":
        return None
    if kind == "int":
        return int(value)
    if kind == "date":
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    if kind == "money":
        return Decimal(str(value))
    if kind == "number":
        return value if isinstance(value, (int, float, Decimal)) else Decimal(str(value))
    return safe_cell(str(value))


def write_table(ws: Worksheet, columns: Sequence[Column], rows: Sequence[Sequence[Any]],
                progress: Callable[[int], None] | None = None) -> None:
    """Header row (styled, frozen, filtered), then typed rows."""
    ws.append([safe_cell(c.title) for c in columns])
    for i, col in enumerate(columns, 1):
        cell = ws.cell(row=1, column=i)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        ws.column_dimensions[get_column_letter(i)].width = col.width
    for n, row in enumerate(rows, 1):
        ws.append([_cell(v, c.kind) for v, c in zip(row, columns, strict=True)])
        if progress and n % 200 == 0:
            progress(n)
    for i, col in enumerate(columns, 1):
        if col.kind in ("date", "money"):
            fmt = DATE_FORMAT if col.kind == "date" else MONEY_FORMAT
            for (cell,) in ws.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = fmt
    ws.freeze_panes = "A2"
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{max(len(rows) + 1, 1)}"


def _fixed_properties(wb: Workbook, title: str, when: dt.datetime) -> None:
    wb.properties.title = title
    wb.properties.creator = "counter-app"
    wb.properties.created = when
    wb.properties.modified = when


def save(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
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
    data = fast_workbook(sheets, _("每周客户档案 {store} {week}", store=view.store_code, week=view.week.key),
                         dt.datetime.combine(view.week.sunday, dt.time()))
    if progress:
        progress(len(rows))
    return data


# --- a small direct writer for big sheets ---------------------------------------------------
# openpyxl needs about a second per thousand rich rows on this machine; the archive must write
# four files of two thousand rows in a few seconds. This writer emits the same SpreadsheetML
# parts openpyxl does (inline strings, one style sheet, frozen header, autofilter) with fixed
# zip timestamps, so an unchanged week gives an unchanged file apart from the cells that differ.

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_EPOCH = dt.date(1899, 12, 30)
# Style ids in _STYLES: 0 plain, 1 header, 2 date, 3 money, 4 wrapped text.
_STYLES = (
    '<styleSheet xmlns="' + _NS + '">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>'
    '<numFmt numFmtId="165" formatCode="#,##0.00"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/></font></fonts>'
    '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '<fill><patternFill patternType="solid"><fgColor rgb="FF8A6D1D"/><bgColor indexed="64"/></patternFill></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


@dataclass
class FastSheet:
    name: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[Any]]
    header: bool = True


def _esc(text: str) -> str:
    text = _XML_BAD.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _xml_cell(ref: str, value: Any, kind: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        value = str(value)
    if kind == "date" or (kind == "auto" and isinstance(value, dt.date)):
        day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
        if isinstance(day, dt.datetime):
            day = day.date()
        return f'<c r="{ref}" s="2"><v>{(day - _EPOCH).days}</v></c>'
    if kind in ("int", "number", "money") or (kind == "auto" and isinstance(value, (int, Decimal, float))):
        style = ' s="3"' if kind == "money" else ""
        return f'<c r="{ref}"{style}><v>{value}</v></c>'
    text = str(safe_cell(str(value)))
    style = ' s="4"' if "\n" in text else ""
    space = ' xml:space="preserve"' if text != text.strip() or "\n" in text else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_esc(text)}</t></is></c>'


def _sheet_xml(sheet: FastSheet) -> str:
    letters = [get_column_letter(i) for i in range(1, len(sheet.columns) + 1)]
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_NS}" xmlns:r="{_REL}">']
    if sheet.header:
        out.append('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                   'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" '
                   'sqref="A2"/></sheetView></sheetViews>')
    out.append('<sheetFormatPr defaultRowHeight="15"/><cols>')
    out += [f'<col min="{i}" max="{i}" width="{c.width}" customWidth="1"/>' for i, c in enumerate(sheet.columns, 1)]
    out.append("</cols><sheetData>")
    n = 0
    if sheet.header:
        n = 1
        cells = "".join(f'<c r="{letter}1" s="1" t="inlineStr"><is><t>{_esc(str(safe_cell(c.title)))}</t></is></c>'
                        for letter, c in zip(letters, sheet.columns, strict=True))
        out.append(f'<row r="1">{cells}</row>')
    for row in sheet.rows:
        n += 1
        cells = "".join(_xml_cell(f"{letter}{n}", v, c.kind)
                        for letter, v, c in zip(letters, row, sheet.columns, strict=True))
        out.append(f'<row r="{n}">{cells}</row>')
    out.append("</sheetData>")
    if sheet.header:
        out.append(f'<autoFilter ref="A1:{letters[-1]}{max(n, 1)}"/>')
    out.append("</worksheet>")
    return "".join(out)


def fast_workbook(sheets: Sequence[FastSheet], title: str, when: dt.datetime) -> bytes:
    names = [s.name for s in sheets]
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/styles.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
          + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                    for i in range(1, len(sheets) + 1))
          + '<Override PartName="/docProps/core.xml" '
          'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>')
    rels = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{_PKG}/metadata/core-properties" Target="docProps/core.xml"/>'
            "</Relationships>")
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{_esc(title)}</dc:title><dc:creator>counter-app</dc:creator>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>')
    defined = "".join(
        f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">'
        f"'{_esc(s.name)}'!$A$1:${get_column_letter(len(s.columns))}${len(s.rows) + 1}</definedName>"
        for i, s in enumerate(sheets) if s.header)
    wb = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_NS}" xmlns:r="{_REL}">'
          "<bookViews><workbookView/></bookViews><sheets>"
          + "".join(f'<sheet name="{_esc(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1))
          + "</sheets>" + (f"<definedNames>{defined}</definedNames>" if defined else "") + "</workbook>")
    wb_rels = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">'
               + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                         for i in range(1, len(sheets) + 1))
               + f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
               "</Relationships>")
    parts = [("[Content_Types].xml", ct), ("_rels/.rels", rels), ("docProps/core.xml", core),
             ("xl/workbook.xml", wb), ("xl/_rels/workbook.xml.rels", wb_rels),
             ("xl/styles.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + _STYLES)]
    parts += [(f"xl/worksheets/sheet{i}.xml", _sheet_xml(s)) for i, s in enumerate(sheets, 1)]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def summary_workbook(s: Any, exported_at: dt.datetime) -> bytes:
    """Head office's summary as tables: figures, per period, slips, trades, staff."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("主要数字")
    head = [(_("门店"), f"{s.store_name}（{s.store_code}）"), (_("期间"), s.period.key),
            (_("开始日期"), s.period.first), (_("结束日期"), s.period.last),
            (_("导出时间"), exported_at.strftime("%Y-%m-%d %H:%M:%S")), (_("政策版本"), s.policy_version)]
    write_table(ws, [Column(_("项目"), "text", 34), Column(_("数值"), "text", 34)],
                [[k, v if not isinstance(v, dt.date) else v.isoformat()] for k, v in head] + list(L.summary_rows(s)))
    write_table(wb.create_sheet(_("分期")),
                [Column(_("期间"), "text", 12), Column(_("服务顾客"), "int"), Column(_("新开维修单"), "int"),
                 Column(_("投诉"), "int")],
                [[p.label, p.customers, p.slips, p.complaints] for p in s.series])
    slips = [[_("类型"), L.work_kind_text(k), v] for k, v in s.slips_by_type.items()]
    slips += [[_("状态"), L.label(L.SLIP_STATUS, k), v] for k, v in s.slips_by_status.items()]
    write_table(wb.create_sheet(_("维修单")),
                [Column(_("分组"), "text", 10), Column(_("名称"), "text", 24), Column(_("数量"), "int")], slips)
    write_table(wb.create_sheet(_("退换货")),
                [Column(_("类型"), "text", 14), Column(_("报价"), "int"), Column(_("已接受"), "int"),
                 Column(_("回收金额"), "money"), Column(_("新品金额"), "money"), Column(_("顾客应付"), "money")],
                [[L.label(L.TRADE, k), t["quotes"], t["accepted"], t["credit"], t["new_total"], t["to_pay"]]
                 for k, t in s.trades.items()])
    write_table(wb.create_sheet(_("员工")),
                [Column(_("员工"), "text", 12), Column(_("服务顾客"), "int"), Column(_("开单"), "int"),
                 Column(_("取件"), "int"), Column(_("去电"), "int"), Column(_("投诉负责"), "int"),
                 Column(_("投诉解决"), "int"), Column(_("报价"), "int")],
                [[f.name, f.customers, f.slips_opened, f.pickups, f.calls_made, f.complaints_owned,
                  f.complaints_resolved, f.quotes] for f in s.staff])
    _fixed_properties(wb, _("售后服务汇总 {store} {period}", store=s.store_code, period=s.period.key),
                      dt.datetime.combine(s.period.last, dt.time()))
    return save(wb)
