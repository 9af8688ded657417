"""Spreadsheet cells: typed columns, frozen header, filters, and no formula from typed text."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import load_workbook

from counter_app.services.xlsx_export import Column, FastSheet, fast_workbook


def test_direct_writer_gives_typed_cells_that_openpyxl_reads() -> None:
    cols = [Column("名称", "text"), Column("日期", "date"), Column("次数", "int"), Column("金额", "money"),
            Column("说明", "text")]
    rows = [
        ["=HYPERLINK(\"http://x\",\"点我\")", dt.date(2026, 11, 22), 3, Decimal("1234.50"), "第一行\n第二行"],
        ["+86 138", "2026-11-16", 0, Decimal("0.00"), "@SUM(A1)"],
        ["-5", None, 1, Decimal("-1.10"), "\t制表 & <b>"],
        ["普通文字", "", 2, Decimal("9.99"), " 前后空格 "],
    ]
    data = fast_workbook([FastSheet("表", cols, rows)], "测试", dt.datetime(2026, 11, 22))
    again = fast_workbook([FastSheet("表", cols, rows)], "测试", dt.datetime(2026, 11, 22))
    assert data == again  # fixed zip times: same input, same bytes
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert ws.title == "表" and ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:E5"
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert values[0][0] == "'=HYPERLINK(\"http://x\",\"点我\")"
    assert values[1][0] == "'+86 138" and values[2][0] == "'-5" and values[1][4] == "'@SUM(A1)"
    assert values[2][4] == "'\t制表 & <b>"
    assert values[0][1] == dt.datetime(2026, 11, 22) and values[1][1] == dt.datetime(2026, 11, 16)
    assert values[2][1] is None and values[3][1] is None
    assert values[0][2] == 3 and values[0][3] == 1234.5 and values[2][3] == -1.1
    assert values[0][4] == "第一行\n第二行" and values[3][4] == " 前后空格 "
    assert ws["B2"].number_format == "yyyy-mm-dd" and ws["D2"].number_format == "#,##0.00"
    assert ws["A1"].font.b is True
