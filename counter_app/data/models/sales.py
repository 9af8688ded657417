"""What was sold: receipts (销售单), sold items with their certificates (鉴定证书)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from counter_app.data.models.base import Base, Grams, Money, Tracked


class SalesReceipt(Tracked, Base):
    __tablename__ = "sales_receipts"
    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(40), unique=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    sold_on: Mapped[dt.date] = mapped_column(Date, index=True)
    invoice_no: Mapped[str] = mapped_column(String(40), default="")
    source: Mapped[str] = mapped_column(String(200), default="")  # import file name or "demo"

    items: Mapped[list[SoldItem]] = relationship(back_populates="receipt", order_by="SoldItem.line_no")


class Certificate(Tracked, Base):
    __tablename__ = "certificates"
    id: Mapped[int] = mapped_column(primary_key=True)
    issuer: Mapped[str] = mapped_column(String(40))  # NGTC / GIA / IGI …
    number: Mapped[str] = mapped_column(String(60))
    carat: Mapped[Decimal | None] = mapped_column(Numeric(8, 3), default=None)
    color: Mapped[str] = mapped_column(String(20), default="")
    clarity: Mapped[str] = mapped_column(String(20), default="")
    cut: Mapped[str] = mapped_column(String(20), default="")
    __table_args__ = (UniqueConstraint("issuer", "number"),)


class SoldItem(Tracked, Base):
    __tablename__ = "sold_items"
    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_id: Mapped[int] = mapped_column(ForeignKey("sales_receipts.id"))
    line_no: Mapped[int] = mapped_column(default=1)
    product_code: Mapped[str] = mapped_column(String(40))  # 货号
    description: Mapped[str] = mapped_column(String(200), default="")  # 品名
    category: Mapped[str] = mapped_column(String(40), default="")  # 品类: 戒指, 项链 …
    metal: Mapped[str] = mapped_column(String(20), default="")  # gold / platinum / 18K …
    fineness: Mapped[str] = mapped_column(String(20), default="")  # 999, 750, PT950 …
    weight_g: Mapped[Decimal | None] = mapped_column(Grams(), default=None)
    price: Mapped[Decimal] = mapped_column(Money())
    fixed_price: Mapped[bool] = mapped_column(Boolean, default=True)  # 一口价 vs priced by weight
    custom_made: Mapped[bool] = mapped_column(Boolean, default=False)
    engraving: Mapped[str] = mapped_column(String(100), default="")  # 字印
    photo_path: Mapped[str] = mapped_column(Text, default="")
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"), default=None)

    receipt: Mapped[SalesReceipt] = relationship(back_populates="items")
    certificate: Mapped[Certificate | None] = relationship()

    __table_args__ = (
        UniqueConstraint("receipt_id", "product_code"),
        Index("ix_sold_items_product_code", "product_code"),
    )
