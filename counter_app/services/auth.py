"""Sign-in, staff accounts, the first manager and the director's stand-in.

Passwords and PINs are kept only as Argon2id PHC strings (`services/passwords.py`); they
are never logged, echoed or put in the audit trail. Who may do what is checked here and in
each service through `Actor.require` and the table in `permissions`, not only by hiding buttons.

Rules for accounts:
- the first start creates the first manager (there is no built-in default password);
- managers (and head office) add staff, reset passwords and deactivate accounts; a
  stand-in acting as director may add clerks only; only head office creates head-office
  accounts; nobody deactivates themselves or the last manager who can sign in;
- the built-in `console` account (the command line without `--user`) has no password and
  can never sign in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.data.models import Role, Setting, Staff, StandIn, Store
from counter_app.data.uow import UnitOfWork
from counter_app.domain.dates import now, today
from counter_app.domain.text import clean
from counter_app.errors import Conflict, InputError, NotFound, PermissionDenied
from counter_app.i18n import _
from counter_app.services import audit, org, passwords
from counter_app.services.context import Actor, role_label
from counter_app.services.permissions import Action

LOGIN_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$")
MIN_SECRET = 6
MAX_SECRET = 128
MAX_NAME = 60
CONSOLE_ON_SHARED = "cli.console_on_shared"

ROLE_WORDS = {
    "clerk": Role.CLERK, "店员": Role.CLERK,
    "manager": Role.MANAGER, "店长": Role.MANAGER,
    "head_office": Role.HEAD_OFFICE, "head-office": Role.HEAD_OFFICE, "总部": Role.HEAD_OFFICE,
    "总部客服": Role.HEAD_OFFICE,
}


@dataclass(frozen=True)
class StaffInfo:
    id: int
    login: str
    name: str
    role: Role
    store_code: str
    active: bool
    has_password: bool
    acting_director: bool


# ---- input checks -------------------------------------------------------------------------

def parse_role(text: str) -> Role:
    role = ROLE_WORDS.get(clean(text).lower())
    if role is None:
        raise InputError(_("角色不对：'{role}'（可用 clerk / manager / head_office）", role=clean(text)),
                         field="role")
    return role


def check_login(login: str) -> str:
    value = clean(login)
    if value == org.CONSOLE_LOGIN or not LOGIN_RE.match(value):
        raise InputError(
            _("账号不对：'{login}'。账号用 2–40 个英文字母、数字或 . _ -，以字母或数字开头。", login=value[:60]),
            field="login",
        )
    return value


def check_name(name: str) -> str:
    value = clean(name)
    if not value or len(value) > MAX_NAME or any(ord(c) < 32 for c in value):
        raise InputError(_("姓名不能为空，最多 {n} 个字。", n=MAX_NAME), field="name")
    return value


def check_secret(secret: str) -> str:
    """A PIN of at least 6 digits or a password of at least 6 characters."""
    if not isinstance(secret, str) or len(secret) < MIN_SECRET:
        raise InputError(_("密码或 PIN 至少 {n} 位。", n=MIN_SECRET), field="password")
    if len(secret) > MAX_SECRET or any(ord(c) < 32 for c in secret):
        raise InputError(_("密码太长或含有控制字符。"), field="password")
    if len(set(secret)) == 1:
        raise InputError(_("密码不能全是同一个字符。"), field="password")
    return secret


# ---- signing in ---------------------------------------------------------------------------

def acting_director(session: Session, staff_id: int, store_id: int | None, day: dt.date | None = None) -> bool:
    """Is this staff member the named stand-in for the director of `store_id` on `day`?"""
    if store_id is None:
        return False
    day = day or today()
    row = session.scalars(
        select(StandIn).where(
            StandIn.staff_id == staff_id, StandIn.store_id == store_id, StandIn.voided_at.is_(None),
            StandIn.starts_on <= day, StandIn.ends_on >= day,
        ).limit(1)
    ).first()
    return row is not None


def make_actor(session: Session, staff: Staff, store: Store | None, day: dt.date | None = None) -> Actor:
    base = org.actor_for(session, staff, store)
    stand_in = staff.role == Role.CLERK and acting_director(session, staff.id, base.store_id, day)
    return Actor(staff_id=base.staff_id, name=base.name, role=base.role, store_id=base.store_id,
                 store_code=base.store_code, acting_director=stand_in)


def _store_for(session: Session, staff: Staff, store_code: str | None) -> Store | None:
    if store_code:
        store = org.find_store(session, store_code)
        if staff.role != Role.HEAD_OFFICE and staff.store_id not in (None, store.id):
            raise PermissionDenied(_("{name} 不是门店 {code} 的员工。", name=staff.name, code=store.code))
        return store
    return staff.store or org.default_store(session)


def sign_in(uow: UnitOfWork, login: str, secret: str, store_code: str | None = None,
            where: str = "window") -> Actor:
    """Check login + password/PIN; re-hash when the parameters changed; audit the sign-in.

    A wrong login and a wrong password get the same answer (and take the same time).
    """
    key = clean(login)
    with uow.write() as s:
        staff = s.scalars(select(Staff).where(Staff.login == key)).first()
        if staff is None or not staff.active or not staff.password_hash:
            passwords.burn_time(secret)
            ok = False
        else:
            ok = passwords.verify_password(staff.password_hash, secret)
        if not ok:
            audit.record(s, None, "sign_in_failed", "staff", key[:60], _("登录失败：{login}（{where}）",
                                                                          login=key[:40], where=where))
            s.commit()
            raise PermissionDenied(_("账号或密码不对。"))
        assert staff is not None and staff.password_hash is not None
        if passwords.needs_rehash(staff.password_hash):
            staff.password_hash = passwords.hash_password(secret)
        actor = make_actor(s, staff, _store_for(s, staff, store_code))
        audit.record(s, actor, "sign_in", "staff", staff.login, _("登录（{where}）", where=where))
        s.commit()
        return actor


def needs_first_manager(session: Session) -> bool:
    """True until some active manager or head-office account has a password."""
    q = select(Staff.id).where(
        Staff.active.is_(True), Staff.password_hash.is_not(None), Staff.login != org.CONSOLE_LOGIN,
        Staff.role.in_([Role.MANAGER, Role.HEAD_OFFICE]),
    ).limit(1)
    return session.scalar(q) is None


def create_first_manager(session: Session, login: str, name: str, secret: str,
                         store_code: str = "", store_name: str = "") -> Actor:
    """The first start: make the first manager account (or give a password-less one its PIN)."""
    if not needs_first_manager(session):
        raise Conflict(_("已经有店长账号了，请用店长账号登录后再添加员工。"))
    login = check_login(login)
    name = check_name(name)
    check_secret(secret)
    store: Store | None = None
    if clean(store_code):
        store, _created = org.get_or_create_store(session, None, store_code, store_name)
    else:
        store = org.default_store(session)
    if store is None:
        raise InputError(_("请填写门店代码（如 SH01）。"), field="store_code")
    staff = session.scalars(select(Staff).where(Staff.login == login)).first()
    if staff is not None and staff.role == Role.CLERK:
        raise Conflict(_("账号 {login} 已是店员账号，不能作为第一个店长。", login=login))
    if staff is None:
        staff = Staff(login=login, name=name, role=Role.MANAGER, store_id=store.id, created_at=now())
        session.add(staff)
    staff.password_hash = passwords.hash_password(secret)
    staff.active = True
    session.flush()
    actor = make_actor(session, staff, store)
    audit.record(session, actor, "create", "staff", staff.login, _("建立第一个店长账号 {login}", login=login),
                 after=_public(staff))
    return actor


# ---- staff accounts -----------------------------------------------------------------------

def _public(staff: Staff) -> dict[str, object]:
    """What the audit trail may show of an account: never the hash."""
    return {"login": staff.login, "name": staff.name, "role": staff.role.value, "store_id": staff.store_id,
            "active": staff.active}


def _may_grant(actor: Actor, role: Role) -> None:
    actor.require(Action.MANAGE_STAFF)
    if role == Role.HEAD_OFFICE and actor.role != Role.HEAD_OFFICE:
        raise PermissionDenied(_("只有总部账号可以建立总部账号。"))
    if role == Role.MANAGER and actor.role == Role.CLERK:
        raise PermissionDenied(_("代理店长只能建立店员账号。"))


def _may_manage(actor: Actor, target: Staff) -> None:
    actor.require(Action.MANAGE_STAFF)
    if target.login == org.CONSOLE_LOGIN:
        raise PermissionDenied(_("命令行账号不能修改。"))
    _may_grant(actor, target.role)
    if actor.role != Role.HEAD_OFFICE and target.store_id not in (None, actor.store_id):
        raise PermissionDenied(_("只能管理本店的员工账号。"))


def _staff(session: Session, login: str) -> Staff:
    staff = session.scalars(select(Staff).where(Staff.login == clean(login))).first()
    if staff is None:
        raise NotFound(_("没有这个员工账号：{login}", login=clean(login)[:60]))
    return staff


def add_staff(session: Session, actor: Actor, login: str, name: str, role: Role | str, secret: str,
              store_code: str = "", phone: str = "") -> Staff:
    role = role if isinstance(role, Role) else parse_role(role)
    _may_grant(actor, role)
    login = check_login(login)
    name = check_name(name)
    check_secret(secret)
    if session.scalar(select(Staff.id).where(Staff.login == login)) is not None:
        raise Conflict(_("账号 {login} 已经有人用了。", login=login))
    store_id: int | None
    if role == Role.HEAD_OFFICE:
        store_id = org.find_store(session, store_code).id if clean(store_code) else None
    elif clean(store_code):
        store_id = org.find_store(session, store_code).id
    else:
        store_id = actor.require_store()
    if actor.role != Role.HEAD_OFFICE and store_id != actor.store_id:
        raise PermissionDenied(_("只能为本店添加员工。"))
    staff = Staff(login=login, name=name, role=role, store_id=store_id, phone=clean(phone)[:40],
                  password_hash=passwords.hash_password(secret), created_at=now(), created_by_id=actor.staff_id)
    session.add(staff)
    session.flush()
    audit.record(session, actor, "create", "staff", login,
                 _("新建员工账号 {login}（{role}）", login=login, role=role_label(role)), after=_public(staff))
    return staff


def set_password(session: Session, actor: Actor, login: str, new_secret: str, old_secret: str | None = None) -> None:
    """Change one's own password (with the old one) or, as a manager, reset someone's."""
    staff = _staff(session, login)
    check_secret(new_secret)
    if staff.id == actor.staff_id:
        if not passwords.verify_password(staff.password_hash, old_secret or ""):
            raise PermissionDenied(_("原密码不对。"))
    else:
        _may_manage(actor, staff)
    staff.password_hash = passwords.hash_password(new_secret)
    session.flush()
    what = _("修改密码") if staff.id == actor.staff_id else _("重设密码")
    audit.record(session, actor, "update", "staff", staff.login, f"{what} {staff.login}")


def deactivate(session: Session, actor: Actor, login: str, reason: str) -> None:
    staff = _staff(session, login)
    _may_manage(actor, staff)
    reason = clean(reason)
    if not reason:
        raise InputError(_("请写明停用原因。"), field="reason")
    if staff.id == actor.staff_id:
        raise Conflict(_("不能停用自己的账号。"))
    if not staff.active:
        raise Conflict(_("账号 {login} 已经停用。", login=staff.login))
    before = _public(staff)
    staff.active = False
    staff.deactivated_at = now()
    staff.deactivated_reason = reason
    session.flush()
    if needs_first_manager(session):
        raise Conflict(_("这是最后一个能登录的店长账号，不能停用。"))
    audit.record(session, actor, "void", "staff", staff.login, _("停用员工账号 {login}：{reason}",
                                                                 login=staff.login, reason=reason),
                 before=before, after=_public(staff))


def list_accounts(session: Session, store_id: int | None = None) -> list[StaffInfo]:
    q = select(Staff).where(Staff.login != org.CONSOLE_LOGIN).order_by(Staff.active.desc(), Staff.role, Staff.id)
    if store_id is not None:
        q = q.where((Staff.store_id == store_id) | (Staff.role == Role.HEAD_OFFICE))
    out = []
    for st in session.scalars(q):
        out.append(StaffInfo(
            id=st.id, login=st.login, name=st.name, role=st.role, store_code=st.store.code if st.store else "",
            active=st.active, has_password=bool(st.password_hash),
            acting_director=acting_director(session, st.id, st.store_id) if st.role == Role.CLERK else False,
        ))
    return out


def set_stand_in(session: Session, actor: Actor, login: str, starts_on: dt.date, ends_on: dt.date,
                 note: str = "") -> StandIn:
    """Name a stand-in who acts as director of the actor's store between two days."""
    if not actor.may(Action.NAME_STAND_IN):
        raise PermissionDenied(_("只有店长可以指定代理人。"))
    store_id = actor.require_store()
    staff = _staff(session, login)
    if not staff.active or staff.store_id != store_id:
        raise InputError(_("{login} 不是本店的在职员工。", login=staff.login), field="login")
    if ends_on < starts_on:
        raise InputError(_("结束日期早于开始日期。"), field="ends_on")
    row = StandIn(store_id=store_id, staff_id=staff.id, starts_on=starts_on, ends_on=ends_on,
                  note=clean(note), created_by_id=actor.staff_id)
    session.add(row)
    session.flush()
    audit.record(session, actor, "create", "stand_in", row.id,
                 _("指定 {name} 为代理店长：{a} 至 {b}", name=staff.name, a=starts_on, b=ends_on))
    return row


# ---- the command line's built-in account --------------------------------------------------

def console_allowed_on_shared(session: Session) -> bool:
    row = session.scalars(select(Setting).where(Setting.key == CONSOLE_ON_SHARED)).first()
    return bool(row and str(row.value).lower() in ("1", "true", "yes", "on"))


def set_console_on_shared(session: Session, actor: Actor, allowed: bool) -> None:
    if actor.staff_id is None or actor.role not in (Role.MANAGER, Role.HEAD_OFFICE):
        raise PermissionDenied(_("只有店长可以更改命令行权限。"))
    row = session.scalars(select(Setting).where(Setting.key == CONSOLE_ON_SHARED)).first()
    before = row.value if row else None
    if row is None:
        row = Setting(key=CONSOLE_ON_SHARED, value="", created_by_id=actor.staff_id)
        session.add(row)
    row.value = "true" if allowed else "false"
    row.updated_by_id = actor.staff_id
    session.flush()
    audit.record(session, actor, "update", "setting", CONSOLE_ON_SHARED,
                 _("命令行免登录（共享数据库）：{v}", v=_("允许") if allowed else _("禁止")),
                 before={"value": before}, after={"value": row.value})
