"""What the database already holds, compared with the file, and the bulk write.

Look-ups go in chunks (`IN (...)` of a few hundred keys) so 20,000 rows cost a few dozen
queries, not 20,000. Every check runs inside the import's single write transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from counter_app.data.models import Certificate, Customer, SalesReceipt, SoldItem, Store
from counter_app.domain.dates import now
from counter_app.i18n import _
from counter_app.services.context import Actor
from counter_app.services.customers_basic import new_customer, placeholder_name
from counter_app.services.sales_import.consistency import ReceiptInFile
from counter_app.services.sales_import.rows import RowError, RowParser, SaleRow

CHUNK = 500
T = TypeVar("T")


def chunks(values: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for v in values:
        batch.append(v)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class StoredItem:
    product_code: str
    values: dict[str, str]  # column key -> stored value as compared text


@dataclass
class StoredReceipt:
    id: int
    header: dict[str, str]
    items: dict[str, StoredItem] = field(default_factory=dict)


def _d(value: Decimal | None, places: int) -> str:
    return "" if value is None else f"{value:.{places}f}"


def row_values(row: SaleRow) -> dict[str, str]:
    """The comparable form of a row's item fields (the same shape as `StoredItem.values`)."""
    return {
        "description": row.description,
        "category": row.category,
        "metal": row.metal,
        "fineness": row.fineness,
        "weight_g": _d(row.weight_g, 3),
        "price": _d(row.price, 2),
        "custom_made": "1" if row.custom_made else "0",
        "engraving": row.engraving,
        "certificate_issuer": row.issuer,
        "certificate_no": row.cert_no,
        "stone_carat": _d(row.carat, 3) if row.cert_no else "",
        "stone_color": row.color if row.cert_no else "",
        "stone_clarity": row.clarity if row.cert_no else "",
        "stone_cut": row.cut if row.cert_no else "",
    }


def load_receipts(session: Session, numbers: Iterable[str]) -> dict[str, StoredReceipt]:
    found: dict[str, StoredReceipt] = {}
    by_id: dict[int, StoredReceipt] = {}
    for batch in chunks(numbers):
        q = (
            select(SalesReceipt.id, SalesReceipt.receipt_no, SalesReceipt.sold_on, Store.code,
                   Customer.phone, SalesReceipt.invoice_no)
            .join(Store, Store.id == SalesReceipt.store_id)
            .outerjoin(Customer, Customer.id == SalesReceipt.customer_id)
            .where(SalesReceipt.receipt_no.in_(batch))
        )
        for rid, no, sold_on, code, phone, invoice in session.execute(q):
            rec = StoredReceipt(rid, {"sold_at": sold_on.isoformat(), "store_code": code,
                                      "customer_phone": phone or "", "invoice_no": invoice or ""})
            found[no] = rec
            by_id[rid] = rec
    for id_batch in chunks(by_id):
        q2 = (
            select(SoldItem, Certificate)
            .outerjoin(Certificate, Certificate.id == SoldItem.certificate_id)
            .where(SoldItem.receipt_id.in_(id_batch), SoldItem.voided_at.is_(None))
        )
        for item, cert in session.execute(q2):
            by_id[item.receipt_id].items[item.product_code] = StoredItem(item.product_code, {
                "description": item.description,
                "category": item.category,
                "metal": item.metal,
                "fineness": item.fineness,
                "weight_g": _d(item.weight_g, 3),
                "price": _d(item.price, 2),
                "custom_made": "1" if item.custom_made else "0",
                "engraving": item.engraving,
                "certificate_issuer": cert.issuer if cert else "",
                "certificate_no": cert.number if cert else "",
                "stone_carat": _d(cert.carat, 3) if cert else "",
                "stone_color": cert.color if cert else "",
                "stone_clarity": cert.clarity if cert else "",
                "stone_cut": cert.cut if cert else "",
            })
    return found


def compare_with_stored(
    group: ReceiptInFile, stored: StoredReceipt, parser: RowParser
) -> tuple[list[SaleRow], list[RowError]]:
    """(rows already stored exactly as in the file, conflicts); a receipt is never half-merged."""
    errors: list[RowError] = []
    same: list[SaleRow] = []
    first = group.first
    mine = {"sold_at": first.sold_on.isoformat(), "store_code": first.store_code,
            "customer_phone": first.phone, "invoice_no": first.invoice_no}
    header_diff = [
        k for k in mine
        if mine[k] != stored.header[k] and not (k in ("customer_phone", "invoice_no") and mine[k] == "")
    ]
    for row in group.rows:
        if header_diff:
            k = header_diff[0]
            errors.append(RowError(row.row, parser.header(k), _(
                "销售单 {no} 已在数据库里，内容不同：数据库里是 '{old}'，文件里是 '{new}'",
                no=row.receipt_no, old=stored.header[k], new=mine[k])))
            continue
        item = stored.items.get(row.product_code)
        if item is None:
            errors.append(RowError(row.row, parser.header("product_code"), _(
                "销售单 {no} 已在数据库里，但没有货号 {code}：同一销售单不能分两次导入不同内容",
                no=row.receipt_no, code=row.product_code)))
            continue
        values = row_values(row)
        diff = [k for k in values if values[k] != item.values[k]]
        if diff:
            k = diff[0]
            errors.append(RowError(row.row, parser.header(k), _(
                "销售单 {no} 已在数据库里，内容不同：数据库里是 '{old}'，文件里是 '{new}'",
                no=row.receipt_no, old=item.values[k], new=values[k])))
            continue
        same.append(row)
    return same, errors


@dataclass
class CertificatePlan:
    reuse: dict[tuple[str, str], int] = field(default_factory=dict)  # key -> existing certificate id
    errors: list[RowError] = field(default_factory=list)


def check_certificates(session: Session, rows: list[SaleRow], parser: RowParser) -> CertificatePlan:
    """Certificates of the new rows: reuse one on record unless it belongs to another item."""
    plan = CertificatePlan()
    wanted = {r.certificate: r for r in rows if r.certificate is not None}
    if not wanted:
        return plan
    numbers = {key[1] for key in wanted}
    existing: dict[tuple[str, str], Certificate] = {}
    for batch in chunks(numbers):
        for cert in session.scalars(select(Certificate).where(Certificate.number.in_(batch))):
            existing[(cert.issuer.upper(), cert.number.upper())] = cert
    hits = {key: existing[key] for key in wanted if key in existing}
    used_by: dict[int, tuple[str, str]] = {}
    for id_batch in chunks([c.id for c in hits.values()]):
        q = (
            select(SoldItem.certificate_id, SalesReceipt.receipt_no, SoldItem.product_code)
            .join(SalesReceipt, SalesReceipt.id == SoldItem.receipt_id)
            .where(SoldItem.certificate_id.in_(id_batch), SoldItem.voided_at.is_(None))
        )
        for cid, rno, code in session.execute(q):
            if cid is not None:
                used_by.setdefault(cid, (rno, code))
    for key, cert in hits.items():
        row = wanted[key]
        owner = used_by.get(cert.id)
        if owner is not None and owner != (row.receipt_no, row.product_code):
            plan.errors.append(RowError(row.row, parser.header("certificate_no"), _(
                "证书 {issuer} {no} 已登记在另一件货品上（销售单 {rno}，货号 {code}）",
                issuer=key[0], no=key[1], rno=owner[0], code=owner[1])))
            continue
        for k, mine, theirs in (
            ("stone_carat", _d(row.carat, 3), _d(cert.carat, 3)),
            ("stone_color", row.color, cert.color),
            ("stone_clarity", row.clarity, cert.clarity),
            ("stone_cut", row.cut, cert.cut),
        ):
            if mine and theirs and mine != theirs:
                plan.errors.append(RowError(row.row, parser.header(k), _(
                    "证书 {issuer} {no} 的记录里是 '{old}'，文件里是 '{new}'",
                    issuer=key[0], no=key[1], old=theirs, new=mine)))
                break
        else:
            plan.reuse[key] = cert.id
    return plan


def load_stores(session: Session, codes: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for batch in chunks(codes):
        for sid, code in session.execute(select(Store.id, Store.code).where(Store.code.in_(batch))):
            out[code] = sid
    return out


def load_customers(session: Session, phones: Iterable[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for batch in chunks(phones):
        q = (
            select(Customer.id, Customer.phone)
            .where(
                Customer.phone.in_(batch),
                Customer.merged_into_id.is_(None),
                Customer.anonymized_at.is_(None),
                Customer.voided_at.is_(None),
            )
            .order_by(Customer.id)
        )
        for cid, phone in session.execute(q):
            out.setdefault(phone, cid)
    return out


def table_of(model: Any) -> Table:
    return cast(Table, model.__table__)


def _cols(model: Any, *names: str) -> list[Any]:
    table = table_of(model)
    return [table.c[n] for n in names]


def _index_new_customers(session: Session) -> None:
    """Search keys for customers written in bulk (the row hooks of the customer file do not run
    for Core inserts); the customer file's own rebuild routine writes them in one go."""
    from counter_app.data.models import customers as customer_model

    rebuild = getattr(customer_model, "rebuild_missing_keys", None)
    if rebuild is not None:
        rebuild(session.connection())


@dataclass
class WriteCounts:
    receipts: int = 0
    items: int = 0
    certificates_created: int = 0
    certificates_reused: int = 0
    customers_created: int = 0


def write_rows(
    session: Session,
    actor: Actor | None,
    groups: list[ReceiptInFile],
    store_ids: dict[str, int],
    customer_ids: dict[str, int],
    reuse_certs: dict[tuple[str, str], int],
    source: str,
) -> WriteCounts:
    """Insert the new receipts, customers, certificates and items (bulk, one transaction)."""
    counts = WriteCounts()
    by = actor.staff_id if actor else None
    stamp = now()

    new_customers: dict[str, dict[str, Any]] = {}
    for g in groups:
        phone = g.first.phone
        if phone and phone not in customer_ids and phone not in new_customers:
            name = g.first.customer_name or placeholder_name(phone)
            c = new_customer(actor, name, phone, store_ids[g.first.store_code])
            new_customers[phone] = {
                "name": c.name, "name_pinyin": c.name_pinyin, "name_initials": c.name_initials,
                "phone": c.phone, "phone_reversed": c.phone_reversed, "home_store_id": c.home_store_id,
                "created_by_id": by, "created_at": stamp,
            }
    for batch in chunks(new_customers.values()):
        customer_result = session.execute(
            insert(table_of(Customer)).returning(*_cols(Customer, "id", "phone")),
            batch,
        )
        for cid, phone in customer_result:
            customer_ids[phone] = cid
    if new_customers:
        _index_new_customers(session)
    counts.customers_created = len(new_customers)

    cert_ids = dict(reuse_certs)
    counts.certificates_reused = len(reuse_certs)
    new_certs: list[dict[str, Any]] = []
    for g in groups:
        for r in g.rows:
            key = r.certificate
            if key is not None and key not in cert_ids:
                new_certs.append({"issuer": key[0], "number": key[1], "carat": r.carat, "color": r.color,
                                  "clarity": r.clarity, "cut": r.cut, "created_by_id": by, "created_at": stamp})
    for batch in chunks(new_certs):
        result = session.execute(
            insert(table_of(Certificate)).returning(*_cols(Certificate, "id", "issuer", "number")),
            batch,
        )
        for cid, issuer, number in result:
            cert_ids[(issuer, number)] = cid
    counts.certificates_created = len(new_certs)

    receipt_rows = [
        {"receipt_no": g.receipt_no, "store_id": store_ids[g.first.store_code],
         "customer_id": customer_ids.get(g.first.phone) if g.first.phone else None,
         "sold_on": g.first.sold_on, "invoice_no": g.first.invoice_no, "source": source[:200],
         "created_by_id": by, "created_at": stamp}
        for g in groups
    ]
    receipt_ids: dict[str, int] = {}
    for batch in chunks(receipt_rows):
        receipt_result = session.execute(
            insert(table_of(SalesReceipt)).returning(*_cols(SalesReceipt, "id", "receipt_no")),
            batch,
        )
        for rid, no in receipt_result:
            receipt_ids[no] = rid
    counts.receipts = len(receipt_rows)

    item_rows: list[dict[str, Any]] = []
    for g in groups:
        for line, r in enumerate(g.rows, start=1):
            item_rows.append({
                "receipt_id": receipt_ids[g.receipt_no], "line_no": line, "product_code": r.product_code,
                "description": r.description, "category": r.category, "metal": r.metal,
                "fineness": r.fineness, "weight_g": r.weight_g, "price": r.price,
                "fixed_price": True, "custom_made": r.custom_made, "engraving": r.engraving,
                "certificate_id": cert_ids[r.certificate] if r.certificate else None,
                "created_by_id": by, "created_at": stamp,
            })
    for batch in chunks(item_rows, 2000):
        session.execute(insert(table_of(SoldItem)), batch)
    counts.items = len(item_rows)
    return counts
