"""Spreadsheet cells: typed columns, frozen header, filters, and no formula from typed text."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import overload

import pytest
from openpyxl import load_workbook

from counter_app.services.xlsx_export import (
    MAX_CELL_CHARS,
    MAX_ROWS,
    Column,
    FastSheet,
    SheetTooLarge,
    fast_workbook,
)


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


class _Huge(Sequence[list[str]]):
    """A sheet's rows that only say how many they are (the limit is checked before writing)."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n

    @overload
    def __getitem__(self, i: int) -> list[str]: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[list[str]]: ...
    def __getitem__(self, i: int | slice) -> list[str] | Sequence[list[str]]:
        raise AssertionError("no row is written once the sheet is known to be too big")


def test_excel_limits_rows_cell_length_and_sheet_names() -> None:
    cols = [Column("说明", "text")]
    with pytest.raises(SheetTooLarge, match="1,048,576"):
        fast_workbook([FastSheet("表", cols, _Huge(MAX_ROWS))], "测试", dt.datetime(2026, 11, 22))  # + header

    long_text = "档" * 40_000
    emoji = "😀" * 20_000  # two UTF-16 units each, as Excel counts them
    sheets = [FastSheet("a/b:c*d?[e]", cols, [[long_text], [emoji], ["短"]]),
              FastSheet("A/B:C*D?[E]", cols, [["x"]], header=False),
              FastSheet("'" + "很长的表名" * 10 + "'", cols, [["y"]])]
    data = fast_workbook(sheets, "测试", dt.datetime(2026, 11, 22))
    wb = load_workbook(io.BytesIO(data))
    names = wb.sheetnames
    assert names[0] == "a_b_c_d__e_" and names[1].lower() != names[0].lower() and names[1].startswith("A_B_C_D__E_")
    assert len(names[2]) <= 31 and not names[2].startswith("'") and names[2].startswith("很长的表名")
    ws = wb.worksheets[0]
    first, second = ws["A2"].value, ws["A3"].value
    assert len(first) <= MAX_CELL_CHARS and first.startswith("档" * 30_000) and "以下省略" in first
    assert len(second.encode("utf-16-le")) // 2 <= MAX_CELL_CHARS and "以下省略" in second
    assert ws["A4"].value == "短"
    assert wb.properties.created == dt.datetime(2026, 11, 22)


def test_a_number_column_with_text_or_an_old_date_keeps_the_text() -> None:
    cols = [Column("日期", "date"), Column("金额", "money"), Column("项目", "auto")]
    data = fast_workbook([FastSheet("表", cols, [[dt.date(1899, 12, 1), Decimal("NaN"), dt.date(2026, 1, 2)],
                                                 [None, 7, True]])], "t", dt.datetime(2026, 11, 22))
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [c.value for c in ws[2]] == ["1899-12-01", "NaN", dt.datetime(2026, 1, 2)]
    assert [c.value for c in ws[3]] == [None, 7, "True"]
