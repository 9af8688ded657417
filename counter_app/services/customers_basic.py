"""Finding a customer by mobile number, or filing a new one (客户档案), as imports and intake need.

The full customer file (search, edit, merge) lives with the customer area; this module is
the one shared way to turn "name + phone" into a customer row.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.data.models import Customer
from counter_app.domain.names import name_keys
from counter_app.domain.text import clean, digits, has_control_chars
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services import audit
from counter_app.services.context import Actor

MOBILE = re.compile(r"^1[3-9]\d{9}$")
MAX_NAME = 60


def normalize_phone(text: str | int | None) -> str:
    """Digits only, the China country code (+86 / 0086) taken off; "" when empty.

    Raises ValueError for something that is not a phone number (letters, too few or too
    many digits). Mobiles are 11 digits starting with 1; landlines (7–12 digits) are kept.
    """
    raw = clean(str(text) if text is not None else "")
    if not raw:
        return ""
    if re.search(r"[^\d\s+\-()（）.]", raw):
        raise ValueError(raw)
    d = digits(raw)
    if d.startswith("0086") and len(d) == 15:
        d = d[4:]
    elif d.startswith("86") and len(d) == 13:
        d = d[2:]
    if MOBILE.match(d) or (7 <= len(d) <= 12 and not d.startswith("1")):
        return d
    raise ValueError(raw)


def is_mobile(phone: str) -> bool:
    return bool(MOBILE.match(phone))


def placeholder_name(phone: str) -> str:
    """The name filed for a customer who left only a number: 顾客5678."""
    return _("顾客{tail}", tail=phone[-4:])


def find_customer_by_phone(session: Session, phone: str) -> Customer | None:
    """The live customer (not merged away, not anonymised, not void) with this number."""
    d = normalize_phone(phone)
    if not d:
        return None
    return session.scalars(
        select(Customer)
        .where(
            Customer.phone == d,
            Customer.merged_into_id.is_(None),
            Customer.anonymized_at.is_(None),
            Customer.voided_at.is_(None),
        )
        .order_by(Customer.id)
        .limit(1)
    ).first()


def new_customer(actor: Actor | None, name: str, phone: str, store_id: int | None) -> Customer:
    """A customer row with its search keys filled; the caller adds and flushes it."""
    full, initials = name_keys(name)
    return Customer(
        name=name,
        name_pinyin=full,
        name_initials=initials,
        phone=phone,
        phone_reversed=phone[::-1],
        home_store_id=store_id,
        created_by_id=actor.staff_id if actor else None,
    )


def find_or_create_customer_by_phone(
    session: Session,
    actor: Actor | None,
    name: str,
    phone: str,
    store_id: int | None,
    *,
    record_audit: bool = True,
) -> tuple[Customer, bool]:
    """(customer, created): the customer with this mobile number, or a new one named `name`.

    The number is compared as digits with +86 taken off, so "+86 138-1234-5678" finds
    13812345678. A new customer without a name is filed as 顾客 + the last four digits.
    `record_audit=False` lets a bulk caller (the sales import) write one entry for the lot.
    """
    try:
        d = normalize_phone(phone)
    except ValueError:
        raise InputError(_("手机号不对：'{phone}'", phone=clean(phone)), field="phone") from None
    if not d:
        raise InputError(_("请填写手机号。"), field="phone")
    found = find_customer_by_phone(session, d)
    if found is not None:
        return found, False
    name = clean(name)
    if has_control_chars(name) or len(name) > MAX_NAME:
        raise InputError(_("顾客姓名不对：'{name}'", name=name[:MAX_NAME]), field="name")
    customer = new_customer(actor, name or placeholder_name(d), d, store_id)
    session.add(customer)
    session.flush()
    if record_audit:
        audit.record(
            session, actor, "create", "customer", customer.id,
            _("新建顾客 {name}", name=customer.name),
            after=audit.snapshot(customer, "name", "phone", "home_store_id"),
        )
    return customer, True
