"""Writing POS export files (CSV in any encoding, XLSX) for the import tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

ZH_HEADER = ["销售单号", "销售日期", "门店", "顾客姓名", "手机", "货号", "品名", "品类", "材质", "成色",
             "重量(g)", "售价(元)", "证书机构", "证书号", "字印", "主石重量", "颜色", "净度", "切工", "定制", "发票号"]

# Three receipts, four items: a known customer (phone written with +86), a new one, one without phone.
ZH_ROWS = [
    ["S26110301", "2026-11-03", "SH01", "张晓明", "+86 138-1234-5678", "DR9001", "18K金钻石戒指", "戒指", "18K",
     "750", "3.25", "￥12,800.00", "gia", "2200000001", "GIA 2200000001", "0.30", "G", "VS1", "EX", "否", "F001"],
    ["S26110301", "2026/11/3", "SH01", "张晓明", "+86 138-1234-5678", "GN9001", "足金项链", "项链", "足金", "999",
     "１０.５", "６，２００", "", "", "", "", "", "", "", "N", "F001"],
    ["S26110502", "2026年11月5日", "SH01", "单雪梅", "13911112222", "CP9001", "定制铂金吊坠", "吊坠", "PT950",
     "950", "2.1", "8,800", "NGTC", "N2026110501", "", "0.10", "F", "VVS2", "VG", "定制", ""],
    ["S26110603", "2026-11-06", "BJ01", "", "", "ER9001", "18K金耳钉", "耳饰", "18K", "750", "1.2", "2999",
     "", "", "", "", "", "", "", "0", ""],
]


def write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]], encoding: str = "utf-8",
              delimiter: str = ",") -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]],
               title: str | None = None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def with_header(rows: Sequence[Sequence[object]], header: Sequence[str], order: Sequence[str]) -> list[list[object]]:
    """The same rows with their columns in another order (`order` names columns of `header`)."""
    idx = [list(header).index(name) for name in order]
    return [[row[i] for i in idx] for row in rows]
