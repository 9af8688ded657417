"""Slip settings kept in the `Setting` table: paper size and the message templates per status."""

from __future__ import annotations

import json
import string
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.data.models import Setting
from counter_app.domain import slip_rules as rules
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services import audit
from counter_app.services.context import Actor
from counter_app.services.permissions import Action

PAPER_KEY = "slip.paper_size"
TEMPLATES_KEY = "slip.templates"
PAPER_SIZES = ("a5", "80mm")
PLACEHOLDERS = ("name", "number", "store", "phone")

DEFAULT_TEMPLATES: dict[str, str] = {
    rules.RECEIVED: "{name}您好，您的饰品已在{store}收件，维修单号 {number}。请妥善保管维修单，取件时凭单领取。咨询电话 {phone}。",
    rules.SENT: "{name}您好，您的维修单 {number} 的饰品已送厂维修，回店后我们会通知您。{store} {phone}",
    rules.BACK: "{name}您好，您的维修单 {number} 的饰品已回到{store}，请携带维修单到店领取。咨询电话 {phone}。",
    rules.NOTIFIED: "{name}您好，提醒您维修单 {number} 的饰品已可在{store}领取，请携带维修单。电话 {phone}。",
    rules.COLLECTED: "{name}您好，维修单 {number} 的饰品已领取，感谢您光临{store}。",
    rules.CANCELLED: "{name}您好，您的维修单 {number} 已取消，如有疑问请致电{store} {phone}。",
}


def _get(session: Session, key: str) -> Setting | None:
    return session.scalars(select(Setting).where(Setting.key == key)).first()


def _put(session: Session, actor: Actor, key: str, value: Any, summary: str) -> None:
    row = _get(session, key)
    text = json.dumps(value, ensure_ascii=False)
    before = None if row is None else {"value": row.value}
    if row is None:
        row = Setting(key=key, value=text, created_by_id=actor.staff_id)
        session.add(row)
    else:
        row.value = text
        row.updated_by_id = actor.staff_id
    session.flush()
    audit.record(session, actor, "update", "setting", key, summary, before=before, after={"value": text})


def paper_size(session: Session) -> str:
    row = _get(session, PAPER_KEY)
    try:
        value = json.loads(row.value) if row is not None else "a5"
    except (TypeError, ValueError):
        value = "a5"
    return value if value in PAPER_SIZES else "a5"


def parse_paper_size(text: str | None) -> str:
    key = (text or "").strip().lower().replace(" ", "")
    if key in ("a5",):
        return "a5"
    if key in ("80mm", "80", "roll", "80毫米", "小票"):
        return "80mm"
    raise InputError(_("纸张只能是 A5 或 80mm：'{v}'", v=text or ""), field="size")


def set_paper_size(session: Session, actor: Actor, size: str) -> str:
    actor.require(Action.CHANGE_STORE_SETTINGS)
    value = parse_paper_size(size)
    _put(session, actor, PAPER_KEY, value, _("维修单纸张改为 {size}", size=value))
    return value


def templates(session: Session) -> dict[str, str]:
    """The message template for each status; the built-in text where none was saved."""
    row = _get(session, TEMPLATES_KEY)
    saved: dict[str, str] = {}
    if row is not None:
        try:
            loaded = json.loads(row.value)
            if isinstance(loaded, dict):
                saved = {str(k): str(v) for k, v in loaded.items()}
        except ValueError:
            saved = {}
    return {status: saved.get(status) or _(DEFAULT_TEMPLATES[status]) for status in DEFAULT_TEMPLATES}


def check_template(text: str) -> None:
    """Refuse a template with an unknown or broken {placeholder}."""
    try:
        fields = [f for _lit, f, _spec, _conv in string.Formatter().parse(text) if f is not None]
    except ValueError:
        raise InputError(_("模板中的花括号不成对。"), field="template") from None
    for f in fields:
        if f not in PLACEHOLDERS:
            raise InputError(
                _("模板中有未知的占位符 {{{f}}}；可用：{names}", f=f,
                  names="、".join("{" + p + "}" for p in PLACEHOLDERS)),
                field="template",
            )


def set_templates(session: Session, actor: Actor, changes: dict[str, str]) -> dict[str, str]:
    actor.require(Action.CHANGE_STORE_SETTINGS)
    current = templates(session)
    for status, text in changes.items():
        if status not in DEFAULT_TEMPLATES:
            raise InputError(_("没有这个状态：'{s}'", s=status), field="status")
        text = text.strip()
        if not text:
            raise InputError(_("模板不能为空。"), field="template")
        check_template(text)
        current[status] = text
    _put(session, actor, TEMPLATES_KEY, current, _("修改维修单通知模板"))
    return current


def render(template: str, **values: str) -> str:
    return template.format_map({p: values.get(p, "") for p in PLACEHOLDERS})
