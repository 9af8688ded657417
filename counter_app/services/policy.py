"""Policy values in force, and new versions made by managers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from counter_app.data.models import PolicyVersion, Staff
from counter_app.domain.policy import PolicyValues, policy_labels
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services import audit
from counter_app.services.context import Actor
from counter_app.services.permissions import Action


def current(session: Session) -> tuple[PolicyVersion, PolicyValues]:
    """The newest policy version; the defaults become version 1 on first use."""
    row = session.scalars(select(PolicyVersion).order_by(PolicyVersion.version.desc()).limit(1)).first()
    if row is None:
        row = PolicyVersion(version=1, values=PolicyValues().as_dict(), note="默认值（售后服务手册）")
        session.add(row)
        session.flush()
    return row, PolicyValues.from_dict(row.values)


def by_id(session: Session, version_id: int) -> PolicyValues:
    row = session.get(PolicyVersion, version_id)
    if row is None:
        raise InputError(_("找不到政策版本 {v}。", v=version_id))
    return PolicyValues.from_dict(row.values)


def set_values(session: Session, actor: Actor, changes: dict[str, Any], note: str = "") -> PolicyVersion:
    """Make a new version with `changes` applied; refuses unknown keys and bad numbers."""
    actor.require(Action.CHANGE_POLICY)
    old_row, old = current(session)
    known = old.as_dict()
    for key in changes:
        if key not in known:
            raise InputError(_("没有这个政策参数：{key}", key=key), field=key)
    try:
        new = PolicyValues.from_dict({**known, **{k: str(v).strip() for k, v in changes.items()}})
    except (ValueError, ArithmeticError):
        wrong = ", ".join(f"{k}={v}" for k, v in changes.items())
        raise InputError(_("政策参数的值不对：{err}", err=wrong)) from None
    problems = new.problems()
    if problems:
        raise InputError(problems[0])
    next_version = (session.scalar(select(func.max(PolicyVersion.version))) or 0) + 1
    row = PolicyVersion(version=next_version, values=new.as_dict(), note=note, created_by_id=actor.staff_id)
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "update", "policy", row.version, _("政策参数新版本 {v}", v=row.version),
        before=old_row.values, after=row.values,
    )
    return row


@dataclass(frozen=True)
class PolicyView:
    """The policy version in force, as a command or a window shows it."""

    version: int
    values: PolicyValues
    note: str
    created_at: dt.datetime | None
    created_by: str

    def as_json(self) -> dict[str, Any]:
        labels = policy_labels()
        return {
            "version": self.version,
            "values": self.values.as_dict(),
            "labels": {k: labels[k] for k in self.values.as_dict()},
            "note": self.note,
            "created_at": self.created_at.isoformat() if self.created_at else None,
            "created_by": self.created_by,
        }


def view_of(session: Session, row: PolicyVersion) -> PolicyView:
    who = session.get(Staff, row.created_by_id) if row.created_by_id else None
    return PolicyView(row.version, PolicyValues.from_dict(row.values), row.note or "", row.created_at,
                      who.name if who else "")
