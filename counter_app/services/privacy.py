"""Customer privacy (PIPL): consent to marketing, and retention.

- Consent to marketing calls and letters is off by default and recorded with time and
  channel (the customer file's edit does this; `set_consent` is the one-call form used by
  the call and letter screens). `may_call` / `may_write` are what follow-up lists ask.
- Retention: when a manager sets `privacy.retention_years` (N > 0), customers with no
  purchase, visit, slip, quote, call or complaint for N years are anonymised: name, phone
  numbers, address, dates and notes are cleared, the row stays (slips and receipts still
  point at it) and the audit trail keeps what happened, without the personal data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.data.models import (
    ArchiveRecord,
    Complaint,
    ContactLog,
    Customer,
    Intake,
    Quote,
    RepairSlip,
    SalesReceipt,
    Setting,
)
from counter_app.domain.dates import now, today
from counter_app.domain.text import clean
from counter_app.errors import InputError, NotFound
from counter_app.i18n import _
from counter_app.services import audit
from counter_app.services.context import Actor
from counter_app.services.permissions import Action

RETENTION_KEY = "privacy.retention_years"
CHANNELS = ("counter", "phone", "letter", "wechat", "sms", "online")


def may_call(customer: Customer) -> bool:
    return bool(customer.consent_calls) and customer.anonymized_at is None and customer.merged_into_id is None


def may_write(customer: Customer) -> bool:
    return bool(customer.consent_letters) and customer.anonymized_at is None and customer.merged_into_id is None


def set_consent(session: Session, actor: Actor, customer_id: int, calls: bool, letters: bool,
                channel: str = "counter") -> Customer:
    c = session.get(Customer, customer_id)
    if c is None or c.anonymized_at is not None:
        raise NotFound(_("没有这个顾客：{id}", id=customer_id))
    channel = clean(channel).lower() or "counter"
    if channel not in CHANNELS:
        raise InputError(_("同意的渠道不对：'{c}'", c=channel[:40]), field="channel")
    before = {"consent_calls": c.consent_calls, "consent_letters": c.consent_letters,
              "consent_channel": c.consent_channel}
    c.consent_calls, c.consent_letters = bool(calls), bool(letters)
    c.consent_at = now()
    c.consent_channel = channel
    c.updated_by_id = actor.staff_id
    session.flush()
    audit.record(session, actor, "update", "customer", c.id, _("营销同意：电话 {a}，信件 {b}（{ch}）",
                                                                a=_("是") if calls else _("否"),
                                                                b=_("是") if letters else _("否"), ch=channel),
                 before=before, after={"consent_calls": c.consent_calls, "consent_letters": c.consent_letters,
                                       "consent_channel": channel})
    return c


def retention_years(session: Session) -> int:
    row = session.scalars(select(Setting).where(Setting.key == RETENTION_KEY)).first()
    try:
        return max(0, int(str(row.value))) if row else 0
    except ValueError:
        return 0


def set_retention_years(session: Session, actor: Actor, years: int | str) -> None:
    actor.require(Action.PRIVACY)
    try:
        n = int(str(years).strip())
    except ValueError:
        raise InputError(_("保存年限应是整数：'{v}'", v=str(years)[:40]), field="years") from None
    if n < 0 or n > 100:
        raise InputError(_("保存年限应在 0–100 年之间（0 = 不自动匿名）。"), field="years")
    row = session.scalars(select(Setting).where(Setting.key == RETENTION_KEY)).first()
    before = row.value if row else None
    if row is None:
        row = Setting(key=RETENTION_KEY, value="0", created_by_id=actor.staff_id)
        session.add(row)
    row.value = str(n)
    row.updated_by_id = actor.staff_id
    session.flush()
    audit.record(session, actor, "update", "setting", RETENTION_KEY, _("客户资料保存年限：{n} 年", n=n),
                 before={"value": before}, after={"value": str(n)})


def _last_activity(session: Session) -> dict[int, dt.datetime]:
    """Per customer, the latest day anything happened with them."""
    last: dict[int, dt.datetime] = {}

    def bump(rows: Any) -> None:
        for cid, when in rows:
            if cid is None or when is None:
                continue
            if isinstance(when, dt.date) and not isinstance(when, dt.datetime):
                when = dt.datetime.combine(when, dt.time.min)
            if cid not in last or when > last[cid]:
                last[cid] = when

    bump(session.execute(select(Customer.id, func.coalesce(Customer.updated_at, Customer.created_at))))
    bump(session.execute(select(SalesReceipt.customer_id, func.max(SalesReceipt.sold_on))
                         .group_by(SalesReceipt.customer_id)))
    for model in (RepairSlip, Quote, ContactLog, Complaint, Intake, ArchiveRecord):
        bump(session.execute(select(model.customer_id, func.max(func.coalesce(model.updated_at, model.created_at)))
                             .group_by(model.customer_id)))
    return last


def anonymise_inactive(session: Session, actor: Actor, years: int | None = None,
                       on: dt.date | None = None) -> list[int]:
    """Anonymise customers inactive for `years` (the setting by default); returns their ids."""
    actor.require(Action.PRIVACY)
    n = retention_years(session) if years is None else int(years)
    if n <= 0:
        return []
    day = on or today()
    try:
        cutoff = dt.datetime.combine(day.replace(year=day.year - n), dt.time.min)
    except ValueError:  # 29 February
        cutoff = dt.datetime.combine(day.replace(year=day.year - n, day=28), dt.time.min)
    activity = _last_activity(session)
    done: list[int] = []
    live = session.scalars(select(Customer).where(Customer.anonymized_at.is_(None)).order_by(Customer.id))
    for c in list(live):
        when = activity.get(c.id)
        if when is None or when >= cutoff:
            continue
        anonymise(session, actor, c, reason=_("超过 {n} 年没有往来", n=n))
        done.append(c.id)
    return done


def anonymise(session: Session, actor: Actor, c: Customer, reason: str) -> None:
    c.name = _("已匿名顾客")
    for attr in ("name_pinyin", "name_initials", "phone", "phone_reversed", "phone2", "address",
                 "preferences", "notes", "consent_channel"):
        setattr(c, attr, "")
    c.birthday = None
    c.wedding_anniversary = None
    c.consent_calls = False
    c.consent_letters = False
    c.anonymized_at = now()
    c.updated_by_id = actor.staff_id
    session.flush()
    audit.record(session, actor, "anonymise", "customer", c.id, _("客户资料已匿名：{reason}", reason=reason))
