"""The one search box: names, pinyin, initials, phone numbers, receipt / slip / product numbers, notes.

Every look-up is an indexed prefix range (``key >= q AND key < q || U+10FFFF``) on the
customer key table or a numbered document, or an FTS5 trigram match on SQLite: nothing
scans the customer table, so a keystroke costs about a millisecond on 200,000 customers.
Results are ranked: exact phone / name / document number first, then whole-name pinyin,
then prefixes (phone tails included), then parts of names, then notes and addresses.
Merged and anonymised customers never show; a document of a merged customer leads to the
file it was merged into.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from counter_app.data.models.customers import FTS_TABLE
from counter_app.domain.text import clean, mask_phone
from counter_app.i18n import _

TOP = "\U0010ffff"  # sorts after every character: q <= key < q + TOP is "key starts with q"
MAX_MERGE_HOPS = 10

DOCUMENT_REASONS = frozenset({"receipt", "slip", "quote", "product"})

# rank tiers
EXACT, WHOLE, PREFIX, PART, TEXT = 0, 1, 2, 3, 4

REASONS = {
    "phone": "手机号",
    "phone_tail": "手机尾号",
    "name": "姓名",
    "name_prefix": "姓名开头",
    "name_part": "姓名包含",
    "pinyin": "全拼",
    "pinyin_prefix": "全拼开头",
    "pinyin_part": "全拼包含",
    "initials": "拼音首字母",
    "initials_prefix": "首字母开头",
    "initials_part": "首字母包含",
    "receipt": "销售单号",
    "slip": "维修单号",
    "product": "货号",
    "quote": "报价单号",
    "notes": "备注",
    "address": "地址",
}


@dataclass(frozen=True)
class CustomerHit:
    id: int
    name: str
    phone_masked: str
    reason: str  # key of REASONS
    reason_text: str
    detail: str  # the matched number or key
    rank: int
    address: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


_CJK = re.compile(r"[\u3400-\u9fff]")
_CODE = re.compile(r"^[0-9A-Za-z\-_/.]+$")


def _is_cjk(q: str) -> bool:
    return bool(_CJK.search(q))


class _Collector:
    def __init__(self, session: Session, want: int) -> None:
        self.session = session
        self.want = want
        self.best: dict[int, tuple[int, int, str, str]] = {}  # id -> (rank, order, reason, detail)
        self.order = 0
        conn = session.connection()
        self.sqlite = conn.dialect.name == "sqlite"
        # On SQLite the look-ups go straight to the driver (same SQL, named parameters):
        # a statement then costs tens of microseconds instead of a few hundred.
        self._raw = conn.connection.driver_connection if self.sqlite else None

    def rows(self, sql: str, params: dict[str, Any]) -> list[Any]:
        if self._raw is not None:
            return self._raw.execute(sql, params).fetchall()
        return list(self.session.execute(text(sql), params))

    def add(self, customer_id: int, rank: int, reason: str, detail: str) -> None:
        old = self.best.get(customer_id)
        if old is None or rank < old[0]:
            self.order += 1
            self.best[customer_id] = (rank, self.order, reason, detail)

    def full(self, below_rank: int) -> bool:
        """Enough hits ranked better than `below_rank`: lower tiers cannot make the list."""
        return sum(1 for r in self.best.values() if r[0] < below_rank) >= self.want

    def keys(self, kind: str, q: str, rank: int, reason: str, exact_rank: int | None = None,
             exact_reason: str | None = None, exact_only: bool = False) -> None:
        """One indexed range on (kind, key); a key equal to `q` sorts first and ranks `exact_rank`."""
        cond = "k.key = :q" if exact_only else "k.key >= :q AND k.key < :hi"
        sql = (
            "SELECT k.customer_id, k.key FROM customer_search_keys k JOIN customers c ON c.id = k.customer_id "
            f"WHERE k.kind = :kind AND {cond} AND c.merged_into_id IS NULL AND c.anonymized_at IS NULL "
            "AND c.voided_at IS NULL ORDER BY k.kind, k.key LIMIT :n"
        )
        params: dict[str, Any] = {"kind": kind, "q": q, "n": self.want * 2}
        if not exact_only:
            params["hi"] = q + TOP
        for cid, key in self.rows(sql, params):
            if not key.startswith(q):
                continue
            detail = mask_phone(key[::-1]) if kind == "t" else key
            if key == q and exact_rank is not None:
                self.add(cid, exact_rank, exact_reason or reason, detail)
            else:
                self.add(cid, rank, reason, detail)


_CODE_QUERIES = (
    ("receipt", "SELECT customer_id, receipt_no FROM sales_receipts WHERE receipt_no >= :q AND receipt_no < :hi "
                "ORDER BY receipt_no LIMIT :n"),
    ("slip", "SELECT customer_id, number FROM repair_slips WHERE number >= :q AND number < :hi "
             "ORDER BY number LIMIT :n"),
    ("quote", "SELECT customer_id, number FROM quotes WHERE number >= :q AND number < :hi ORDER BY number LIMIT :n"),
    ("product", "SELECT r.customer_id, i.product_code FROM sold_items i JOIN sales_receipts r ON r.id = i.receipt_id "
                "WHERE i.product_code >= :q AND i.product_code < :hi ORDER BY i.product_code LIMIT :n"),
)


def _code_lookups(col: _Collector, q: str) -> None:
    """Receipt, slip, quote and product numbers: the whole number ranks first, then numbers starting with it."""
    forms = [q.upper()] + ([q] if q != q.upper() else [])
    for reason, sql in _CODE_QUERIES:
        for form in forms:
            for cid, number in col.rows(sql, {"q": form, "hi": form + TOP, "n": col.want}):
                if cid is None or not number.startswith(form):
                    continue
                if number == form:
                    col.add(cid, EXACT, reason, number)
                elif len(form) >= 3:
                    col.add(cid, PREFIX, reason, number)


def _text_lookups(col: _Collector, q: str) -> None:
    """Words in notes and addresses (and longer parts of names) through the trigram index."""
    if col.sqlite:
        if len(q) < 3 or not _has_fts(col.session):
            return
        phrase = '"' + q.replace('"', '""') + '"'
        rows = col.rows(
            f"SELECT c.id, c.name, c.notes, c.address FROM {FTS_TABLE} f JOIN customers c ON c.id = f.rowid "
            f"WHERE {FTS_TABLE} MATCH :m AND c.merged_into_id IS NULL LIMIT :n",
            {"m": phrase, "n": col.want * 2},
        )
    else:
        if len(q) < 2:
            return
        like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = col.rows(
            "SELECT id, name, notes, address FROM customers WHERE merged_into_id IS NULL AND "
            "(notes ILIKE :p OR address ILIKE :p OR name ILIKE :p) LIMIT :n",
            {"p": like, "n": col.want * 2},
        )
    folded = q.casefold()
    for cid, name, notes, address in rows:
        if folded in (name or "").casefold():
            col.add(cid, PART, "name_part", name)
        elif folded in (notes or "").casefold():
            col.add(cid, TEXT, "notes", _excerpt(notes or "", folded))
        elif folded in (address or "").casefold():
            col.add(cid, TEXT, "address", address or "")


def _excerpt(text_: str, folded: str, width: int = 12) -> str:
    at = text_.casefold().find(folded)
    start = max(0, at - width)
    end = min(len(text_), at + len(folded) + width)
    return ("…" if start else "") + text_[start:end] + ("…" if end < len(text_) else "")


_fts_cache: dict[int, bool] = {}


def _has_fts(session: Session) -> bool:
    engine = session.get_bind()
    key = id(engine)
    if key not in _fts_cache:
        found = session.execute(
            text("SELECT 1 FROM sqlite_master WHERE type='table' AND name=:n"), {"n": FTS_TABLE}
        ).first()
        _fts_cache[key] = found is not None
    return _fts_cache[key]


def normalise(raw: str | None) -> str:
    """What the clerk typed, as the search reads it: half-width, trimmed, lower case."""
    return clean(raw).casefold()


def search(session: Session, raw: str | None, limit: int = 20) -> list[CustomerHit]:
    q = normalise(raw)
    if not q:
        return []
    col = _Collector(session, limit)
    compact = re.sub(r"[\s\-]", "", q)
    code = re.sub(r"\s", "", q)

    if compact.isdigit():
        if len(compact) >= 3:
            col.keys("t", compact[::-1], PREFIX, "phone_tail",
                     exact_rank=EXACT if len(compact) >= 7 else None, exact_reason="phone")
    if _CODE.match(code) and any(ch.isdigit() for ch in code):
        _code_lookups(col, code)

    if _is_cjk(compact):
        col.keys("n0", compact, PREFIX, "name_prefix", exact_rank=EXACT, exact_reason="name")
        if not col.full(PART):
            col.keys("n1", compact, PART, "name_part")
    elif compact.isalpha():
        col.keys("i0", compact, PREFIX, "initials_prefix", exact_rank=WHOLE, exact_reason="initials")
        col.keys("p0", compact, PREFIX, "pinyin_prefix", exact_rank=WHOLE, exact_reason="pinyin")
        col.keys("n0", compact, PREFIX, "name_prefix", exact_rank=EXACT, exact_reason="name")  # Latin names
        if len(compact) >= 2 and not col.full(PART):
            col.keys("i1", compact, PART, "initials_part")
            col.keys("p1", compact, PART, "pinyin_part")

    if not col.full(TEXT) and not compact.isdigit():
        _text_lookups(col, q)
    return _hits(col, limit)


def _hits(col: _Collector, limit: int) -> list[CustomerHit]:
    if not col.best:
        return []
    found: dict[int, tuple[int, int, str, str]] = {}
    col_rows: dict[int, tuple[str, str, str]] = {}
    pending = dict(col.best)
    for _hop in range(MAX_MERGE_HOPS):
        if not pending:
            break
        ids = list(pending)
        rows = col.rows(
            "SELECT id, name, phone, address, merged_into_id, anonymized_at, voided_at FROM customers "
            "WHERE id IN (" + ",".join(str(int(i)) for i in ids) + ")",
            {},
        )
        following: dict[int, tuple[int, int, str, str]] = {}
        for cid, name, phone, address, merged_into, anonymized, voided in rows:
            rank, order, reason, detail = pending[cid]
            if merged_into is not None:
                if reason in DOCUMENT_REASONS:  # a merged file's document leads to the kept file
                    following.setdefault(merged_into, (rank, order, reason, detail))
                continue
            if anonymized is not None or voided is not None:
                continue
            old = found.get(cid)
            if old is None or (rank, order) < old[:2]:
                found[cid] = (rank, order, reason, detail)
                col_rows[cid] = (name, phone, address)
        pending = following
    ordered = sorted(found.items(), key=lambda kv: kv[1][:2])[:limit]
    out = []
    for cid, (rank, _order, reason, detail) in ordered:
        name, phone, address = col_rows[cid]
        out.append(
            CustomerHit(
                id=cid,
                name=name,
                phone_masked=mask_phone(phone),
                reason=reason,
                reason_text=_(REASONS[reason]),
                detail=detail,
                rank=rank,
                address=address or "",
            )
        )
    return out
