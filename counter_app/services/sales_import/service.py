"""`import_sales`: a POS export into receipts, sold items, certificates and customers.

All or nothing: the file is read and checked first; then, inside one write transaction,
it is compared with the database and written with one audit entry. Any bad row and
nothing is written; every bad row is reported with its row number, column and reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counter_app.data.uow import UnitOfWork
from counter_app.domain import clock
from counter_app.domain.text import clean
from counter_app.i18n import _
from counter_app.services import audit, org
from counter_app.services.context import Actor
from counter_app.services.sales_import import database as dbx
from counter_app.services.sales_import.columns import COLUMNS, REQUIRED, column_label, match_header
from counter_app.services.sales_import.consistency import FileConsistency, ReceiptInFile
from counter_app.services.sales_import.reader import Cell, SourceInfo, open_rows
from counter_app.services.sales_import.rows import RowError, RowParser, SaleRow

HEADER_SEARCH_ROWS = 10  # a title line or two above the header is common in POS exports
TOTAL_WORDS = {"合计", "总计", "小计", "汇总", "total", "totals", "sum", "subtotal"}
Progress = Callable[[int], None]


@dataclass
class ImportResult:
    file_name: str
    sha256: str = ""
    imported: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    rows_total: int = 0
    receipts_created: int = 0
    receipts_skipped: int = 0
    customers_created: int = 0
    customers_matched: int = 0
    receipts_without_customer: int = 0
    certificates_created: int = 0
    certificates_reused: int = 0
    stores_created: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source: SourceInfo | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "skipped": self.skipped,
            "errors": [e.as_dict() for e in self.errors],
            "file": self.file_name,
            "sha256": self.sha256,
            "rows": self.rows_total,
            "receipts_created": self.receipts_created,
            "receipts_skipped": self.receipts_skipped,
            "customers_created": self.customers_created,
            "customers_matched": self.customers_matched,
            "receipts_without_customer": self.receipts_without_customer,
            "certificates_created": self.certificates_created,
            "certificates_reused": self.certificates_reused,
            "stores_created": self.stores_created,
            "ignored_columns": self.ignored_columns,
            "warnings": self.warnings,
            "encoding": self.source.encoding if self.source else "",
            "seconds": round(self.seconds, 3),
        }


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _is_total_row(cells: list[Cell]) -> bool:
    """A summary line (合计 / 总计 …) that POS exports put under the data."""
    for c in cells:
        if isinstance(c, dt.date):
            return False
        text = clean(c)
        if text:
            return text.replace(" ", "").replace(":", "").replace("：", "").casefold() in TOTAL_WORDS
    return False


def _blank(cells: list[Cell]) -> bool:
    return all(not isinstance(c, dt.date) and not clean(c) for c in cells)


def _find_header(
    rows: Iterator[tuple[int, list[Cell]]],
) -> tuple[int, list[Cell], list[tuple[int, list[Cell]]]] | None:
    """(header row number, header cells, rows read past it); None for a file without data."""
    seen: list[tuple[int, list[Cell]]] = []
    for number, cells in rows:
        if _blank(cells):
            if not seen:
                continue
        seen.append((number, cells))
        if len(seen) > HEADER_SEARCH_ROWS:
            break
    candidates = [(n, c) for n, c in seen if not _blank(c)]
    if not candidates:
        return None
    for number, cells in candidates:
        if sum(1 for c in cells if match_header(c)) >= 2:
            rest = [(n, c) for n, c in seen if n > number]
            return number, cells, rest
    number, cells = candidates[0]
    return number, cells, [(n, c) for n, c in seen if n > number]


def map_headers(
    header_row: int, cells: list[Cell], default_store: str
) -> tuple[dict[str, int], dict[str, str], list[str], list[RowError]]:
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    errors: list[RowError] = []
    for i, cell in enumerate(cells):
        written = clean(cell.isoformat() if isinstance(cell, dt.date) else cell)
        if not written:
            continue
        key = match_header(written)
        if key is None:
            ignored.append(written)
            continue
        if key in positions:
            errors.append(RowError(header_row, written, _(
                "列重复：'{a}' 和 '{b}' 都是“{label}”", a=headers[key], b=written, label=column_label(key))))
            continue
        positions[key] = i
        headers[key] = written
    for key in REQUIRED:
        if key not in positions:
            col = next(c for c in COLUMNS if c.key == key)
            errors.append(RowError(header_row, column_label(key), _(
                "缺少必需的列（表头写作 {en} 或 {zh}）", en=col.key, zh=column_label(key))))
    if "store_code" not in positions and not default_store:
        errors.append(RowError(header_row, column_label("store_code"), _(
            "缺少门店：文件里没有门店列，请在命令里给出 --store")))
    return positions, headers, ignored, errors


def import_sales(
    uow: UnitOfWork,
    actor: Actor | None,
    path: str | Path,
    *,
    store_code: str | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Read, check and (only when every row is good) write one POS export. Never half-writes."""
    started = time.perf_counter()
    path = Path(path)
    result = ImportResult(file_name=path.name)
    info, rows = open_rows(path)
    result.source = info
    result.sha256 = file_sha256(path)
    default_store = clean(store_code).upper() if store_code else ""

    found = _find_header(rows)
    if found is None:
        result.errors.append(RowError(0, "", _("文件是空的：没有表头，也没有数据行。")))
        result.seconds = time.perf_counter() - started
        return result
    header_row, header_cells, pending = found
    positions, headers, ignored, header_errors = map_headers(header_row, header_cells, default_store)
    result.ignored_columns = ignored
    if header_errors:
        result.errors = header_errors
        result.seconds = time.perf_counter() - started
        return result

    parser = RowParser(positions, headers, default_store, today or clock.today())
    consistency = FileConsistency(parser)
    rows_without_stone_place = 0
    total_rows: list[int] = []

    def all_rows() -> Iterator[tuple[int, list[Cell]]]:
        yield from pending
        yield from rows

    for number, cells in all_rows():
        if _blank(cells):
            continue
        if _is_total_row(cells):
            total_rows.append(number)
            continue
        result.rows_total += 1
        row, errors = parser.parse(number, cells)
        if row is not None:
            errors = consistency.add(row)
            if not row.cert_no and (row.carat is not None or row.color or row.clarity or row.cut):
                rows_without_stone_place += 1
        result.errors.extend(errors)
        if progress is not None and result.rows_total % 1000 == 0:
            progress(result.rows_total)

    if total_rows:
        result.warnings.append(_("跳过合计行：第 {rows} 行", rows=_("、").join(str(n) for n in total_rows)))
    if result.rows_total == 0:
        result.warnings.append(_("文件里只有表头，没有数据行。"))
    if rows_without_stone_place:
        result.warnings.append(_("{n} 行有主石信息但没有证书号：主石信息只随证书保存，这些行未保存主石信息。",
                                 n=rows_without_stone_place))

    with uow.write() as s:
        groups = list(consistency.receipts.values())
        stored = dbx.load_receipts(s, [g.receipt_no for g in groups])
        new_groups: list[ReceiptInFile] = []
        for g in groups:
            if g.receipt_no in stored:
                same, conflicts = dbx.compare_with_stored(g, stored[g.receipt_no], parser)
                result.errors.extend(conflicts)
                result.skipped += len(same)
                if not conflicts:
                    result.receipts_skipped += 1
            else:
                new_groups.append(g)
        new_rows: list[SaleRow] = [r for g in new_groups for r in g.rows]
        certs = dbx.check_certificates(s, new_rows, parser)
        result.errors.extend(certs.errors)
        if result.errors:
            result.errors.sort(key=lambda e: e.row)
            result.imported = 0
            result.seconds = time.perf_counter() - started
            return result  # leaving the block rolls everything back

        codes = sorted({g.first.store_code for g in new_groups})
        store_ids = dbx.load_stores(s, codes)
        for code in codes:
            if code not in store_ids:
                store, _created = org.get_or_create_store(s, actor, code)
                store_ids[code] = store.id
                result.stores_created.append(code)
        phones = sorted({g.first.phone for g in new_groups if g.first.phone})
        customer_ids = dbx.load_customers(s, phones)
        result.customers_matched = len(customer_ids)
        result.receipts_without_customer = sum(1 for g in new_groups if not g.first.phone)

        counts = dbx.write_rows(s, actor, new_groups, store_ids, customer_ids, certs.reuse, path.name)
        result.imported = counts.items
        result.receipts_created = counts.receipts
        result.customers_created = counts.customers_created
        result.certificates_created = counts.certificates_created
        result.certificates_reused = counts.certificates_reused
        if result.receipts_without_customer:
            result.warnings.append(_("{n} 张销售单没有手机号，未关联顾客。", n=result.receipts_without_customer))

        if result.imported:
            audit.record(
                s, actor, "import", "sales_import", result.sha256[:16],
                _("导入销售单 {file}：导入 {imported} 行，跳过 {skipped} 行",
                  file=path.name, imported=result.imported, skipped=result.skipped),
                after={
                    "file": path.name, "sha256": result.sha256, "imported": result.imported,
                    "skipped": result.skipped, "receipts": result.receipts_created,
                    "customers_created": result.customers_created, "stores_created": result.stores_created,
                    "certificates_created": result.certificates_created,
                    "certificates_reused": result.certificates_reused,
                },
            )
            s.commit()
    result.seconds = time.perf_counter() - started
    return result
