"""The director's weekly customer archive (客户档案, 一式两份)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.data.models.base import Base, Tracked


class ArchiveWeek(Tracked, Base):
    __tablename__ = "archive_weeks"
    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    iso_year: Mapped[int] = mapped_column()
    iso_week: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(20), default="open")  # open / signed
    signed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    files: Mapped[dict[str, Any]] = mapped_column(default=dict)  # name -> sha256
    totals: Mapped[dict[str, Any]] = mapped_column(default=dict)
    __table_args__ = (UniqueConstraint("store_id", "iso_year", "iso_week"),)


class ArchiveRecord(Tracked, Base):
    __tablename__ = "archive_records"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)  # SH01-A2026-0042
    week_id: Mapped[int] = mapped_column(ForeignKey("archive_weeks.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    addendum_for_week: Mapped[str] = mapped_column(String(10), default="")  # "2026-W46" when late
    note: Mapped[str] = mapped_column(Text, default="")
