"""Stores of the chain, their staff, settings and the director's stand-in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from counter_app.data.models.base import Base, Tracked
from counter_app.domain.vocabulary import Role


class Store(Tracked, Base):
    __tablename__ = "stores"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)  # e.g. SH01
    name: Mapped[str] = mapped_column(String(100))
    city: Mapped[str] = mapped_column(String(50), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")

    staff: Mapped[list[Staff]] = relationship(back_populates="store", foreign_keys="Staff.store_id")


class Staff(Base):
    """A staff member. Not `Tracked` itself (it is what Tracked points to); changes are audited."""

    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id"))
    login: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20))
    password_hash: Mapped[str | None] = mapped_column(String(200), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    deactivated_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    deactivated_reason: Mapped[str | None] = mapped_column(Text, default=None)

    store: Mapped[Store | None] = relationship(back_populates="staff", foreign_keys=[store_id])


class StandIn(Tracked, Base):
    """The named stand-in who acts as director while the director is away (DOMAIN.md)."""

    __tablename__ = "stand_ins"
    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")


class Setting(Tracked, Base):
    """Database-wide settings (slip paper size, message templates …), history in the audit log."""

    __tablename__ = "settings"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    value: Mapped[Any] = mapped_column(Text)
