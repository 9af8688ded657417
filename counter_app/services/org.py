"""Stores and staff."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.data.models import Role, Staff, Store
from counter_app.domain.dates import now
from counter_app.domain.text import clean
from counter_app.errors import InputError, NotFound
from counter_app.i18n import _
from counter_app.services import audit
from counter_app.services.context import Actor

CONSOLE_LOGIN = "console"


def console_staff(session: Session) -> Staff:
    """The account that the command line acts as when no `--user` is given.

    It has no password, so it can never sign in to the window.
    """
    staff = session.scalars(select(Staff).where(Staff.login == CONSOLE_LOGIN)).first()
    if staff is None:
        staff = Staff(login=CONSOLE_LOGIN, name="命令行", role=Role.MANAGER, created_at=now())
        session.add(staff)
        session.flush()
    return staff


def find_store(session: Session, code: str) -> Store:
    key = clean(code).upper()
    store = session.scalars(select(Store).where(Store.code == key)).first()
    if store is None:
        raise NotFound(_("没有门店 {code}。", code=key))
    return store


def default_store(session: Session) -> Store | None:
    return session.scalars(select(Store).where(Store.voided_at.is_(None)).order_by(Store.id).limit(1)).first()


def get_or_create_store(session: Session, actor: Actor | None, code: str, name: str = "") -> tuple[Store, bool]:
    key = clean(code).upper()
    if not key or len(key) > 16:
        raise InputError(_("门店代码不对：'{code}'", code=code), field="store_code")
    store = session.scalars(select(Store).where(Store.code == key)).first()
    if store is not None:
        return store, False
    store = Store(code=key, name=clean(name) or key, created_by_id=actor.staff_id if actor else None)
    session.add(store)
    session.flush()
    audit.record(session, actor, "create", "store", store.code, _("新建门店 {code}", code=store.code))
    return store, True


def list_staff(session: Session, store_id: int | None = None, include_console: bool = False) -> list[Staff]:
    q = select(Staff).where(Staff.active.is_(True)).order_by(Staff.store_id, Staff.role, Staff.id)
    if store_id is not None:
        q = q.where((Staff.store_id == store_id) | (Staff.role == Role.HEAD_OFFICE))
    rows = list(session.scalars(q))
    return rows if include_console else [s for s in rows if s.login != CONSOLE_LOGIN]


def actor_for(session: Session, staff: Staff, store: Store | None) -> Actor:
    return Actor(
        staff_id=staff.id,
        name=staff.name,
        role=staff.role,
        store_id=store.id if store else None,
        store_code=store.code if store else "",
    )


def staff_by_login(session: Session, login: str) -> Staff:
    staff = session.scalars(select(Staff).where(Staff.login == clean(login))).first()
    if staff is None or not staff.active:
        raise NotFound(_("没有这个员工账号：{login}", login=clean(login)))
    return staff
