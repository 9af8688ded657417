"""Telling the customer (电话 / 短信 / 信件): the text comes from the template of the slip's status
and is filed in the contact log with the slip."""

from __future__ import annotations

from sqlalchemy.orm import Session

from counter_app.data.models import ContactLog, RepairSlip
from counter_app.domain import slip_rules as rules
from counter_app.domain.dates import now
from counter_app.domain.text import clean
from counter_app.errors import Conflict, InputError
from counter_app.i18n import _
from counter_app.services import audit, slip_settings, slips
from counter_app.services.context import Actor

CHANNELS = {"phone": "电话", "sms": "短信", "letter": "信件", "visit": "当面"}
OUTCOMES = {"reached": "已联系上", "no_answer": "无人接听", "wrong_number": "号码有误", "sent": "已发出"}


def parse_channel(text: str) -> str:
    key = clean(text).lower()
    for code, label in CHANNELS.items():
        if key in (code, label, _(label).lower()):
            return code
    raise InputError(_("通知方式只能是 phone（电话）、sms（短信）、letter（信件）或 visit（当面）：'{t}'", t=text),
                     field="channel")


def message_text(session: Session, slip: RepairSlip, status: str | None = None) -> str:
    """The template for `status` (default: what the customer should hear now) filled for this slip."""
    status = status or (rules.BACK if slip.status.value in (rules.BACK, rules.NOTIFIED) else slip.status.value)
    store = slips.store_of(session, slip)
    template = slip_settings.templates(session)[status]
    return slip_settings.render(template, name=slip.customer_name or _("顾客"), number=slip.number,
                                store=store.name, phone=store.phone)


def notify(
    session: Session, actor: Actor, number: str, channel: str, *, text: str | None = None,
    outcome: str = "reached", note: str = "",
) -> ContactLog:
    """Log the contact; a customer reached about an item back in store moves the slip to notified."""
    slip = slips.get(session, number)
    ch = parse_channel(channel)
    if outcome not in OUTCOMES:
        raise InputError(_("通知结果不对：'{o}'", o=outcome), field="outcome")
    if slip.status.value in rules.FINAL:
        raise Conflict(_("维修单 {no} 已是“{s}”，不用再通知。", no=slip.number,
                         s=rules.status_label(slip.status.value)))
    body = clean(text) if text and clean(text) else message_text(session, slip)
    log = ContactLog(store_id=slip.store_id, customer_id=slip.customer_id, at=now(), channel=ch, direction="out",
                     purpose="notify", outcome=outcome, text=body, staff_id=actor.staff_id, slip_id=slip.id,
                     created_by_id=actor.staff_id)
    session.add(log)
    session.flush()
    data = {"channel": ch, "outcome": outcome, "text": body, "contact_log_id": log.id}
    if slip.status.value == rules.BACK and outcome in ("reached", "sent"):
        slips.move(session, actor, slip, rules.NOTIFIED, note or _("{ch}通知", ch=_(CHANNELS[ch])), data)
    else:
        slips.add_event(session, slip, actor, "notify", note, data)
    audit.record(session, actor, "create", "contact_log", log.id,
                 _("通知维修单 {no}（{ch}）", no=slip.number, ch=_(CHANNELS[ch])), after=data)
    return log
