"""Reading a POS export: CSV in UTF-8, UTF-8 with BOM, GBK (or UTF-16), or an XLSX workbook.

Rows are streamed one at a time with the row number the person sees in a spreadsheet
(the first line of the file is row 1); cells come out as text, or as a date where the
workbook holds a real date.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from counter_app.errors import InputError
from counter_app.i18n import _

Cell = str | dt.date
CHUNK = 1 << 16


@dataclass
class SourceInfo:
    kind: str  # csv / xlsx
    encoding: str = ""  # for CSV: utf-8, utf-8-sig, gb18030, utf-16
    delimiter: str = ","
    sheet: str = ""


def _decodes(path: Path, encoding: str) -> bool:
    """True when the whole file decodes in `encoding` (checked in chunks, not loaded at once)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _decodes(path, "utf-8"):
        return "utf-8"
    # GB18030 is the superset of GBK / GB2312 that Chinese Excel writes as "CSV".
    if _decodes(path, "gb18030"):
        return "gb18030"
    raise InputError(_("读不出文件的编码：请另存为 UTF-8 或 GBK 的 CSV，或 XLSX。"))


def _sniff_delimiter(sample: str) -> str:
    """Comma, tab or semicolon, whichever the first lines use most; a full-width comma only
    when none of those appears (a title line may contain one in its text)."""
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    counts = {d: sum(line.count(d) for line in lines) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])
    if counts[best]:
        return best
    return "，" if any("，" in line for line in lines) else ","


def is_xlsx(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(4) == b"PK\x03\x04"


def xlsx_cell(value: object) -> Cell:
    """A workbook value as text (or a date): numbers without float noise, 13812345678 not 1.38e10."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def open_rows(path: Path) -> tuple[SourceInfo, Iterator[tuple[int, list[Cell]]]]:
    """(what the file is, rows as (row number, cells)); raises InputError for an unreadable file."""
    if not path.exists():
        raise InputError(_("找不到文件：{path}", path=str(path)), field="file")
    if path.is_dir():
        raise InputError(_("这是一个文件夹，不是文件：{path}", path=str(path)), field="file")
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise InputError(_("不支持旧的 .xls 格式：请在 Excel 里另存为 .xlsx 或 CSV。"), field="file")
    if is_xlsx(path):
        return _xlsx_rows(path)
    if suffix in (".xlsx", ".xlsm"):
        raise InputError(_("文件不是有效的 XLSX 工作簿：{path}", path=path.name), field="file")
    return _csv_rows(path)


def _csv_rows(path: Path) -> tuple[SourceInfo, Iterator[tuple[int, list[Cell]]]]:
    encoding = detect_encoding(path)
    with path.open("r", encoding=encoding, newline="") as fh:
        sample = fh.read(CHUNK)
    info = SourceInfo(kind="csv", encoding=encoding, delimiter=_sniff_delimiter(sample))

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        with path.open("r", encoding=encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=info.delimiter)
            for number, record in enumerate(reader, start=1):
                yield number, list(record)

    return info, rows()


def _xlsx_rows(path: Path) -> tuple[SourceInfo, Iterator[tuple[int, list[Cell]]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged or encrypted workbook
        raise InputError(_("打不开 XLSX 工作簿：{err}", err=str(exc).splitlines()[0] if str(exc) else "?"),
                         field="file") from exc
    ws = wb.worksheets[0]
    info = SourceInfo(kind="xlsx", sheet=str(ws.title))

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        try:
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                yield number, [xlsx_cell(v) for v in values]
        finally:
            wb.close()

    return info, rows()
