"""One row of the export turned into checked values, or into reasons why it cannot be used.

Everything here is about the file alone; what the database already holds is checked in
`checks.py`.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from counter_app.domain import clock
from counter_app.domain.dates import parse_date
from counter_app.domain.money import parse_decimal, parse_money, quantize
from counter_app.domain.text import clean, has_control_chars
from counter_app.i18n import _
from counter_app.services.customers_basic import normalize_phone
from counter_app.services.sales_import.columns import REQUIRED, column_label
from counter_app.services.sales_import.reader import Cell

MAX_PRICE = Decimal("100000000")  # ¥100 million: more is a typing slip (and beyond the column)
MAX_WEIGHT_G = Decimal("2000")
MAX_CARAT = Decimal("100")
EARLIEST = dt.date(1980, 1, 1)

Fail = Callable[[str, str], None]

# Longest text each column can hold (the model's column sizes).
MAX_LEN = {
    "receipt_no": 40, "store_code": 16, "customer_name": 60, "product_code": 40, "description": 200,
    "category": 40, "metal": 20, "fineness": 20, "certificate_issuer": 40, "certificate_no": 60,
    "engraving": 100, "stone_color": 20, "stone_clarity": 20, "stone_cut": 20, "invoice_no": 40,
}

YES = {"是", "y", "yes", "1", "true", "t", "定制", "√", "✓", "对"}
NO = {"否", "n", "no", "0", "false", "f", "非定制", "不是", "×", "-", ""}


@dataclass
class RowError:
    row: int
    column: str  # the header as written in the file (or the expected header for a missing column)
    message: str  # the reason

    def text(self) -> str:
        if self.row <= 0:
            return self.message
        return _("第 {row} 行 {column}: {message}", row=self.row, column=self.column, message=self.message)

    def as_dict(self) -> dict[str, object]:
        return {"row": self.row, "column": self.column, "message": self.message, "text": self.text()}


@dataclass
class SaleRow:
    row: int
    receipt_no: str
    sold_on: dt.date
    store_code: str
    customer_name: str
    phone: str
    product_code: str
    description: str = ""
    category: str = ""
    metal: str = ""
    fineness: str = ""
    weight_g: Decimal | None = None
    price: Decimal = Decimal("0.00")
    issuer: str = ""
    cert_no: str = ""
    engraving: str = ""
    carat: Decimal | None = None
    color: str = ""
    clarity: str = ""
    cut: str = ""
    custom_made: bool = False
    invoice_no: str = ""

    @property
    def certificate(self) -> tuple[str, str] | None:
        return (self.issuer, self.cert_no) if self.cert_no else None


@dataclass
class RowParser:
    """Parses the cells of one row given which file column holds which field."""

    positions: dict[str, int]  # column key -> index in the row
    headers: dict[str, str]  # column key -> header as written
    default_store: str = ""
    today: dt.date = field(default_factory=clock.today)

    def header(self, key: str) -> str:
        return self.headers.get(key) or column_label(key)

    def parse(self, number: int, cells: list[Cell]) -> tuple[SaleRow | None, list[RowError]]:
        errors: list[RowError] = []

        def fail(key: str, message: str) -> None:
            errors.append(RowError(number, self.header(key), message))

        def raw(key: str) -> Cell:
            i = self.positions.get(key)
            if i is None or i >= len(cells):
                return ""
            return cells[i]

        def text(key: str) -> str:
            value = raw(key)
            if value == "":
                return ""
            if isinstance(value, dt.date):
                value = value.isoformat()
            if value.isascii() and value.isprintable() and "  " not in value:
                s = value.strip()  # the common case: nothing to normalise
            else:
                s = clean(value)
                if has_control_chars(s):
                    fail(key, _("含有不可见的控制字符"))
                    return ""
            limit = MAX_LEN.get(key)
            if limit and len(s) > limit:
                fail(key, _("太长（最多 {n} 个字）：'{value}'", n=limit, value=s[:limit] + "…"))
                return ""
            return s

        for key in REQUIRED:
            value = raw(key)
            if not isinstance(value, dt.date) and not clean(value):
                fail(key, _("不能为空"))

        receipt_no = text("receipt_no")
        product_code = text("product_code").upper()

        sold_on = self._date(raw("sold_at"), fail)

        store = text("store_code").upper() or self.default_store
        if not store:
            fail("store_code", _("没有门店：请填写门店代码，或在命令里给出 --store"))

        customer_name = text("customer_name")
        phone = ""
        phone_raw = text("customer_phone")
        if phone_raw:
            try:
                phone = normalize_phone(phone_raw)
            except ValueError:
                fail("customer_phone", _("不是手机号 '{value}'", value=phone_raw))

        price = self._money(raw("price"), fail)
        weight = self._number(raw("weight_g"), "weight_g", fail)
        if weight is not None and not (Decimal(0) < weight <= MAX_WEIGHT_G):
            fail("weight_g", _("重量应大于 0 克、不超过 {max} 克：'{value}'", max=MAX_WEIGHT_G, value=weight))
            weight = None
        elif weight is not None:
            weight = quantize(weight, 3)
        carat = self._number(raw("stone_carat"), "stone_carat", fail)
        if carat is not None and not (Decimal(0) < carat <= MAX_CARAT):
            fail("stone_carat", _("主石重量应大于 0、不超过 {max} 克拉：'{value}'", max=MAX_CARAT, value=carat))
            carat = None
        elif carat is not None:
            carat = quantize(carat, 3)

        issuer = unicodedata.normalize("NFKC", text("certificate_issuer")).replace(" ", "").upper()
        cert_no = text("certificate_no").replace(" ", "").upper()
        if cert_no and not issuer:
            fail("certificate_issuer", _("有证书号 '{no}'，但没有证书机构", no=cert_no))
        if issuer and not cert_no:
            fail("certificate_no", _("有证书机构 '{issuer}'，但没有证书号", issuer=issuer))

        custom_raw = text("custom_made")
        custom = False
        key = custom_raw.casefold()
        if key in YES:
            custom = True
        elif key not in NO:
            fail("custom_made", _("应填 是/否（或 Y/N、1/0）：'{value}'", value=custom_raw))

        row = SaleRow(
            row=number,
            receipt_no=receipt_no,
            sold_on=sold_on or dt.date.min,
            store_code=store,
            customer_name=customer_name,
            phone=phone,
            product_code=product_code,
            description=text("description"),
            category=text("category"),
            metal=text("metal"),
            fineness=text("fineness").upper(),
            weight_g=weight,
            price=price or Decimal("0.00"),
            issuer=issuer,
            cert_no=cert_no,
            engraving=text("engraving"),
            carat=carat,
            color=text("stone_color").upper(),
            clarity=text("stone_clarity").upper(),
            cut=text("stone_cut").upper(),
            custom_made=custom,
            invoice_no=text("invoice_no"),
        )
        return (None if errors else row), errors

    def _date(self, value: Cell, fail: Fail) -> dt.date | None:
        if value == "" or (isinstance(value, str) and not clean(value)):
            return None  # reported as empty above
        try:
            d = parse_date(value)
        except (ValueError, TypeError):
            fail("sold_at", _("不是日期 '{value}'（可写 2026-11-03、2026/11/3 或 2026年11月3日）",
                              value=clean(str(value))))
            return None
        if d is None:
            return None
        if d > self.today:
            fail("sold_at", _("日期在未来：{date}", date=d.isoformat()))
            return None
        if d < EARLIEST:
            fail("sold_at", _("日期太早：{date}", date=d.isoformat()))
            return None
        return d

    def _money(self, value: Cell, fail: Fail) -> Decimal | None:
        s = clean(value.isoformat() if isinstance(value, dt.date) else value)
        if not s:
            return None  # reported as empty above
        try:
            amount = parse_money(s)
        except ValueError:
            fail("price", _("不是金额 '{value}'", value=s))
            return None
        if amount is None:
            fail("price", _("不是金额 '{value}'", value=s))
            return None
        if amount <= 0:
            fail("price", _("售价必须大于 0：'{value}'", value=s))
            return None
        if amount >= MAX_PRICE:
            fail("price", _("金额太大：'{value}'", value=s))
            return None
        return amount

    def _number(self, value: Cell, key: str, fail: Fail) -> Decimal | None:
        s = clean(value.isoformat() if isinstance(value, dt.date) else value)
        s = s.casefold().removesuffix("ct").removesuffix("克拉").removesuffix("g").removesuffix("克").strip()
        if not s:
            return None
        try:
            return parse_decimal(s)
        except ValueError:
            fail(key, _("不是数字 '{value}'", value=clean(str(value))))
            return None
