"""Number sequences, the audit log and drafts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.data.models.base import Base


class NumberSequence(Base):
    """The last number used for one series (e.g. slips of SH01 in 2026).

    Incremented inside the same transaction as the row that uses it, so a failed save
    uses no number and two counters saving at once never get the same one.
    """

    __tablename__ = "number_sequences"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer, default=0)


class AuditEntry(Base):
    """Append-only, hash-chained record of every change (who, when, what, before/after)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    staff_id: Mapped[int | None] = mapped_column(Integer)  # no FK: nothing may cascade it away
    staff_name: Mapped[str] = mapped_column(String(60), default="")
    action: Mapped[str] = mapped_column(String(40))  # create / update / void / override / print …
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(60), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(default=None)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")

    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)


class Draft(Base):
    """What a clerk was typing into a form, kept so a crash loses nothing."""

    __tablename__ = "drafts"
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int | None] = mapped_column(Integer)
    form: Mapped[str] = mapped_column(String(40))
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime)
    data: Mapped[dict[str, Any]] = mapped_column()
    done: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
