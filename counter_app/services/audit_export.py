"""Audit trail exports (CSV for any program, XLSX for Excel / WPS), formula-safe."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services.safe_cells import safe_row

AUDIT_COLUMNS = ("id", "at", "staff_name", "action", "entity", "entity_id", "summary", "before", "after")


def export_audit(rows: list[dict[str, Any]], out: Path) -> None:
    def cell(row: dict[str, Any], key: str) -> Any:
        v = row.get(key)
        return json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else ("" if v is None else v)

    table = [safe_row([cell(r, k) for k in AUDIT_COLUMNS]) for r in rows]
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "audit"
        ws.append(list(AUDIT_COLUMNS))
        for r in table:
            ws.append(r)
        wb.save(out)
    elif out.suffix.lower() == ".csv":
        with out.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(AUDIT_COLUMNS)
            w.writerows(table)
    else:
        raise InputError(_("导出文件应以 .csv 或 .xlsx 结尾：{path}", path=out), field="export")
