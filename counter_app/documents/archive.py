"""The weekly customer archive as its copies show it: the records of one store's week, with totals.

The archive services fill these from the database; the PDF and spreadsheet writers and the
review window read them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from counter_app.domain.archive_weeks import IsoWeek

MISSING_CODES = ("no_phone", "no_address", "open_slip", "open_complaint")


@dataclass
class RecordView:
    number: str  # "" until the week is first exported or signed
    customer_id: int
    addendum_for: str
    content: dict[str, Any]
    void: bool = False

    @property
    def missing(self) -> list[dict[str, str]]:
        return [] if self.void else list(self.content.get("missing", []))


@dataclass
class WeekView:
    store_id: int
    store_code: str
    store_name: str
    store_address: str
    week: IsoWeek
    status: str  # none / open / signed
    records: list[RecordView] = field(default_factory=list)
    signed_at: dt.datetime | None = None
    signed_by: str = ""
    files: dict[str, Any] = field(default_factory=dict)

    @property
    def signed(self) -> bool:
        return self.status == "signed"

    @property
    def totals(self) -> dict[str, Any]:
        return week_totals(self.records)

    @property
    def content_sha256(self) -> str:
        return content_hash(self.records)


def week_totals(records: Sequence[RecordView]) -> dict[str, Any]:
    live = [r for r in records if not r.void]
    kinds: dict[str, int] = {}
    for r in live:
        for kind in sorted({a["kind"] for a in r.content.get("activities", [])}):
            kinds[kind] = kinds.get(kind, 0) + 1
    missing: dict[str, int] = {code: 0 for code in MISSING_CODES}
    for r in live:
        for m in r.missing:
            missing[m["code"]] = missing.get(m["code"], 0) + 1
    numbers = sorted(r.number for r in records if r.number)
    return {
        "records": len(records),
        "customers": len({r.customer_id for r in live if not r.addendum_for}),
        "addendum": sum(1 for r in live if r.addendum_for),
        "void": len(records) - len(live),
        "by_kind": kinds,
        "missing": missing,
        "records_with_missing": sum(1 for r in live if r.missing),
        "first_number": numbers[0] if numbers else "",
        "last_number": numbers[-1] if numbers else "",
    }


def content_hash(records: Sequence[RecordView]) -> str:
    payload = [[r.number, r.addendum_for, r.void, r.content] for r in records]
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
