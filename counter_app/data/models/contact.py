"""Calls and letters (call log), follow-up tasks (跟踪服务) and complaints (顾客投诉)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.data.models.base import Base, Money, Tracked


class ContactLog(Tracked, Base):
    """Every call in or out, SMS and letter or invitation sent, filed with the customer."""

    __tablename__ = "contact_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    channel: Mapped[str] = mapped_column(String(20))  # phone / sms / letter / visit / wechat
    direction: Mapped[str] = mapped_column(String(10))  # in / out
    purpose: Mapped[str] = mapped_column(String(30))  # enquiry / complaint / follow_up / notify / invitation
    outcome: Mapped[str] = mapped_column(String(30), default="")  # reached / no_answer / wrong_number …
    text: Mapped[str] = mapped_column(Text, default="")
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    slip_id: Mapped[int | None] = mapped_column(ForeignKey("repair_slips.id"), default=None)
    follow_up_id: Mapped[int | None] = mapped_column(ForeignKey("follow_up_tasks.id"), default=None)
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id"), default=None)


class FollowUpTask(Tracked, Base):
    __tablename__ = "follow_up_tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))  # anniversary / first_service / cleaning / birthday …
    due_on: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open / done / retry / cancelled
    reason: Mapped[str] = mapped_column(Text, default="")
    source_key: Mapped[str] = mapped_column(String(80), default="")  # what generated it (no repeats)
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    attempts: Mapped[int] = mapped_column(default=0)
    event_name: Mapped[str] = mapped_column(String(100), default="")

    __table_args__ = (Index("ix_follow_up_due", "store_id", "due_on", "status"),)


class Complaint(Tracked, Base):
    __tablename__ = "complaints"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    store_id: Mapped[int] = mapped_column(ForeignKey("stores.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="complaint")  # complaint / praise
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))  # first responder 首问负责
    place: Mapped[str] = mapped_column(String(100), default="")
    people: Mapped[str] = mapped_column(Text, default="")
    what: Mapped[str] = mapped_column(Text, default="")
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    reply_promised_by: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    resolved_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    manager_replied_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    escalated_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    steps: Mapped[list[Any]] = mapped_column(default=list)  # [{step, at, by, text}]
    cause: Mapped[str] = mapped_column(String(30), default="")  # sales / quality / packaging / other
    routed_to: Mapped[str] = mapped_column(String(30), default="")  # training / purchasing / warehouse
    responsibility_unclear: Mapped[bool] = mapped_column(Boolean, default=False)
    compensation: Mapped[str] = mapped_column(Text, default="")
    coupon_amount: Mapped[Decimal | None] = mapped_column(Money(), default=None)
    slip_id: Mapped[int | None] = mapped_column(ForeignKey("repair_slips.id"), default=None)
