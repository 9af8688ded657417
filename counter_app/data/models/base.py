"""Declarative base and the columns every person-made row carries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, MetaData, Numeric, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from counter_app.domain.dates import now

# Stable constraint names so Alembic batch migrations on SQLite can find them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


def Money() -> Numeric[Decimal]:
    return Numeric(14, 2, asdecimal=True)


def Grams() -> Numeric[Decimal]:
    return Numeric(10, 3, asdecimal=True)


def _staff_fk(cls: object) -> ForeignKey:
    # stores <-> staff point at each other; the stores side is added after both tables exist.
    return ForeignKey("staff.id", use_alter=getattr(cls, "__tablename__", "") == "stores")


class Tracked:
    """Who created and last changed a row, and when. Nothing is deleted: rows are voided."""

    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None, onupdate=now)
    voided_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    void_reason: Mapped[str | None] = mapped_column(Text, default=None)

    @declared_attr
    def created_by_id(cls) -> Mapped[int | None]:
        return mapped_column(Integer, _staff_fk(cls), default=None)

    @declared_attr
    def updated_by_id(cls) -> Mapped[int | None]:
        return mapped_column(Integer, _staff_fk(cls), default=None)

    @declared_attr
    def voided_by_id(cls) -> Mapped[int | None]:
        return mapped_column(Integer, _staff_fk(cls), default=None)

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


def str_col(length: int = 100, **kw: Any) -> Mapped[Any]:
    return mapped_column(String(length), **kw)
