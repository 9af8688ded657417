"""Policies (versioned), the day's metal prices (当日金价) and saved quotes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.data.models.base import Base, Money, Tracked


class PolicyVersion(Tracked, Base):
    """One version of the policy values; a change is a new version, never an edit."""

    __tablename__ = "policy_versions"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    values: Mapped[dict[str, Any]] = mapped_column()
    note: Mapped[str] = mapped_column(Text, default="")


class MetalPrice(Tracked, Base):
    """The day's buy-back and selling price per gram for one metal and fineness.

    A correction is a new row; the newest non-void row for a day is in force.
    """

    __tablename__ = "metal_prices"
    id: Mapped[int] = mapped_column(primary_key=True)
    on_date: Mapped[dt.date] = mapped_column(Date)
    metal: Mapped[str] = mapped_column(String(20))  # gold / platinum / k_gold …
    fineness: Mapped[str] = mapped_column(String(20))  # 999, 9999, 750, 950, 990 …
    buy_per_g: Mapped[Decimal] = mapped_column(Money())
    sell_per_g: Mapped[Decimal] = mapped_column(Money())
    store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id"), default=None)

    __table_args__ = (Index("ix_metal_prices_day", "on_date", "metal", "fineness"),)


class Quote(Tracked, Base):
    """A return / exchange / trade-in / by-weight calculation, saved with what it used."""

    __tablename__ = "quotes"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    kind: Mapped[str] = mapped_column(String(20))  # return / exchange / trade_in / metal
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    intake_id: Mapped[int | None] = mapped_column(ForeignKey("intakes.id"))
    sold_item_id: Mapped[int | None] = mapped_column(ForeignKey("sold_items.id"))
    on_date: Mapped[dt.date] = mapped_column(Date)
    inputs: Mapped[dict[str, Any]] = mapped_column(default=dict)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)  # lines, totals, reasons
    policy_version_id: Mapped[int | None] = mapped_column(ForeignKey("policy_versions.id"))
    policy_values: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prices_used: Mapped[list[Any]] = mapped_column(default=list)
    allowed: Mapped[bool] = mapped_column(default=False)
    credit: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    new_total: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    to_pay: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    status: Mapped[str] = mapped_column(String(20), default="draft")  # draft / accepted / void
    print_count: Mapped[int] = mapped_column(default=0)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    accepted_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)

    __table_args__ = (UniqueConstraint("store_id", "number"),)
