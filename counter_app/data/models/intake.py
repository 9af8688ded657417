"""Intake (到店售后): an item brought to the counter, checked against what was sold."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.data.models.base import Base, Grams, Tracked


class Intake(Tracked, Base):
    __tablename__ = "intakes"
    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    sold_item_id: Mapped[int | None] = mapped_column(ForeignKey("sold_items.id"), index=True)
    receipt_no: Mapped[str] = mapped_column(String(40), default="")  # as entered
    product_code: Mapped[str] = mapped_column(String(40), default="")
    observed: Mapped[dict[str, Any]] = mapped_column(default=dict)  # what the clerk saw
    verification: Mapped[dict[str, Any]] = mapped_column(default=dict)  # field statuses + verdict
    retest: Mapped[dict[str, Any]] = mapped_column(default=dict)  # diamond code, colour, clarity
    condition: Mapped[dict[str, Any]] = mapped_column(default=dict)  # damage words, notes
    unmentioned_defects: Mapped[list[Any]] = mapped_column(default=list)  # [{defect, decision}]
    brought: Mapped[dict[str, Any]] = mapped_column(default=dict)  # receipt, certificate, packaging …
    weight_g: Mapped[Decimal | None] = mapped_column(Grams(), default=None)
    photo_path: Mapped[str] = mapped_column(Text, default="")
    other_store: Mapped[bool] = mapped_column(default=False)
    head_office_confirmation: Mapped[dict[str, Any]] = mapped_column(default=dict)  # who, reference
    outcome: Mapped[str] = mapped_column(String(30), default="")  # slip / quote / maintenance / none
    policy_version_id: Mapped[int | None] = mapped_column(ForeignKey("policy_versions.id"))
    notes: Mapped[str] = mapped_column(Text, default="")
