"""Customer files (客户档案)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.data.models.base import Base, Tracked


class Customer(Tracked, Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    # Search keys kept in step with the name: full pinyin (all readings) and initials.
    name_pinyin: Mapped[str] = mapped_column(String(400), default="")
    name_initials: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")  # mobile, digits only
    phone_reversed: Mapped[str] = mapped_column(String(40), default="")  # for tail look-ups
    phone2: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    birthday: Mapped[dt.date | None] = mapped_column(Date, default=None)
    wedding_anniversary: Mapped[dt.date | None] = mapped_column(Date, default=None)
    preferences: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    home_store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id"), default=None)
    consent_calls: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_letters: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    consent_channel: Mapped[str] = mapped_column(String(40), default="")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), default=None)
    anonymized_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)

    __table_args__ = (
        Index("ix_customers_phone", "phone"),
        Index("ix_customers_phone_reversed", "phone_reversed"),
        Index("ix_customers_name_initials", "name_initials"),
        Index("ix_customers_name_pinyin", "name_pinyin"),
        Index("ix_customers_name", "name"),
    )
