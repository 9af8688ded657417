"""Checks across the rows of one file: a receipt's rows must agree, nothing is sold twice."""

from __future__ import annotations

from dataclasses import dataclass, field

from counter_app.i18n import _
from counter_app.services.sales_import.rows import RowError, RowParser, SaleRow


@dataclass
class ReceiptInFile:
    receipt_no: str
    first: SaleRow
    rows: list[SaleRow] = field(default_factory=list)
    products: dict[str, int] = field(default_factory=dict)  # product code -> row number


@dataclass
class FileConsistency:
    """Fed row by row; groups rows into receipts and reports disagreements on the later row."""

    parser: RowParser
    receipts: dict[str, ReceiptInFile] = field(default_factory=dict)
    certificates: dict[tuple[str, str], int] = field(default_factory=dict)  # (issuer, no) -> row

    def add(self, row: SaleRow) -> list[RowError]:
        errors: list[RowError] = []
        group = self.receipts.get(row.receipt_no)
        if group is None:
            group = self.receipts[row.receipt_no] = ReceiptInFile(row.receipt_no, row)
        else:
            first = group.first
            for key, mine, theirs in (
                ("sold_at", row.sold_on.isoformat(), first.sold_on.isoformat()),
                ("store_code", row.store_code, first.store_code),
                ("customer_phone", row.phone, first.phone),
                ("customer_name", row.customer_name, first.customer_name),
                ("invoice_no", row.invoice_no, first.invoice_no),
            ):
                if mine != theirs:
                    errors.append(RowError(row.row, self.parser.header(key), _(
                        "与同一销售单 {no} 的第 {first} 行不一致：'{mine}' ≠ '{theirs}'",
                        no=row.receipt_no, first=first.row, mine=mine, theirs=theirs)))
        if row.product_code in group.products:
            errors.append(RowError(row.row, self.parser.header("product_code"), _(
                "货号 {code} 在同一销售单 {no} 里重复（第 {first} 行已有）",
                code=row.product_code, no=row.receipt_no, first=group.products[row.product_code])))
        cert = row.certificate
        if cert is not None and cert in self.certificates:
            errors.append(RowError(row.row, self.parser.header("certificate_no"), _(
                "证书 {issuer} {no} 在第 {first} 行已用于另一件货品",
                issuer=cert[0], no=cert[1], first=self.certificates[cert])))
        if errors:
            return errors
        group.products[row.product_code] = row.row
        group.rows.append(row)
        if cert is not None:
            self.certificates[cert] = row.row
        return errors
