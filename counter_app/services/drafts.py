"""Form drafts: what a clerk is typing survives a crash or a full disk.

A form saves its fields every few minutes (and when saving fails); at the next start the
unfinished drafts of the staff member who signs in are offered back. Drafts are not part
of the store's records, so they are not audited; a finished draft is marked `done`
(kept, not deleted, like everything else).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.data.models import Draft
from counter_app.data.uow import UnitOfWork
from counter_app.domain.dates import now
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services.context import Actor

MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class DraftInfo:
    id: int
    form: str
    saved_at: str
    note: str
    data: dict[str, Any]


def _info(d: Draft) -> DraftInfo:
    return DraftInfo(d.id, d.form, d.saved_at.isoformat(timespec="seconds"), d.note, dict(d.data or {}))


def save(uow: UnitOfWork, actor: Actor, form: str, data: dict[str, Any], draft_id: int | None = None,
         note: str = "") -> int:
    """Save (or overwrite) a draft of `form`; returns its id for the next save."""
    try:
        size = len(json.dumps(data, ensure_ascii=False))
    except (TypeError, ValueError) as exc:
        raise InputError(_("草稿内容无法保存：{err}", err=exc)) from exc
    if size > MAX_BYTES:
        raise InputError(_("草稿太大，无法保存。"))
    with uow.write() as s:
        row = s.get(Draft, draft_id) if draft_id else None
        if row is None or row.done or row.staff_id != actor.staff_id:
            row = Draft(staff_id=actor.staff_id, form=form[:40], saved_at=now(), data=data, note=note)
            s.add(row)
        else:
            row.data = data
            row.saved_at = now()
            row.note = note
        s.flush()
        draft = row.id
        s.commit()
    return draft


def pending(session: Session, actor: Actor, form: str | None = None) -> list[DraftInfo]:
    """Unfinished drafts of this staff member, newest first."""
    q = select(Draft).where(Draft.done.is_(False), Draft.staff_id == actor.staff_id)
    if form:
        q = q.where(Draft.form == form)
    return [_info(d) for d in session.scalars(q.order_by(Draft.saved_at.desc(), Draft.id.desc()))]


def finish(uow: UnitOfWork, actor: Actor, draft_id: int) -> None:
    """The form was saved or the draft declined: it is no longer offered."""
    with uow.write() as s:
        row = s.get(Draft, draft_id)
        if row is not None and row.staff_id == actor.staff_id and not row.done:
            row.done = True
            s.commit()
