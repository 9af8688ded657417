"""Repair slips (维修单), their status events and factory batches."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from counter_app.data.models.base import Base, Grams, Money, Tracked
from counter_app.domain.vocabulary import SlipStatus


class RepairSlip(Tracked, Base):
    __tablename__ = "repair_slips"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)  # SH01-2026-000123
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    intake_id: Mapped[int | None] = mapped_column(ForeignKey("intakes.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    sold_item_id: Mapped[int | None] = mapped_column(ForeignKey("sold_items.id"), index=True)
    status: Mapped[SlipStatus] = mapped_column(Enum(SlipStatus, native_enum=False, length=20), index=True)
    item: Mapped[dict[str, Any]] = mapped_column(default=dict)  # snapshot of the verified item
    works: Mapped[list[Any]] = mapped_column(default=list)  # [{code, label, kind, fee}]
    damaged_parts: Mapped[str] = mapped_column(Text, default="")
    unmentioned_defects: Mapped[list[Any]] = mapped_column(default=list)  # [{defect, decision}]
    shipping_fee: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    repair_fee: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    deposit: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    paid: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0.00"))
    factory_quote: Mapped[dict[str, Any]] = mapped_column(default=dict)  # amount, accepted, at, by
    promised_on: Mapped[dt.date | None] = mapped_column(Date, default=None)
    intake_weight_g: Mapped[Decimal | None] = mapped_column(Grams(), default=None)
    return_weight_g: Mapped[Decimal | None] = mapped_column(Grams(), default=None)
    pickup_weight_g: Mapped[Decimal | None] = mapped_column(Grams(), default=None)
    note: Mapped[str] = mapped_column(Text, default="")  # printed on both copies
    internal_note: Mapped[str] = mapped_column(Text, default="")  # store copy only
    print_count: Mapped[int] = mapped_column(default=0)
    lost: Mapped[dict[str, Any]] = mapped_column(default=dict)  # lost-slip identity + approval
    collected_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    signature_png: Mapped[bytes | None] = mapped_column(default=None)
    # Snapshots taken at intake, so the slip reads the same years later and can be searched.
    customer_name: Mapped[str] = mapped_column(String(60), default="")
    customer_phone: Mapped[str] = mapped_column(String(40), default="")
    unrepaired: Mapped[bool] = mapped_column(Boolean, default=False)  # 未维修退回 (quote refused)
    policy_version_id: Mapped[int | None] = mapped_column(ForeignKey("policy_versions.id"), default=None)

    events: Mapped[list[SlipEvent]] = relationship(back_populates="slip", order_by="SlipEvent.id")

    __table_args__ = (Index("ix_repair_slips_store_status", "store_id", "status"),)


class SlipEvent(Base):
    """One step of a slip's life (维修记录): append-only."""

    __tablename__ = "slip_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    slip_id: Mapped[int] = mapped_column(ForeignKey("repair_slips.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    kind: Mapped[str] = mapped_column(String(30))  # status / print / reprint / notify / payment / quote …
    from_status: Mapped[str | None] = mapped_column(String(20), default=None)
    to_status: Mapped[str | None] = mapped_column(String(20), default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("factory_batches.id"), default=None)

    slip: Mapped[RepairSlip] = relationship(back_populates="events")


class FactoryBatch(Tracked, Base):
    """Slips sent to, or received back from, the factory together, with a signed list."""

    __tablename__ = "factory_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    direction: Mapped[str] = mapped_column(String(10))  # send / receive
    factory: Mapped[str] = mapped_column(String(100), default="")
    note: Mapped[str] = mapped_column(Text, default="")
