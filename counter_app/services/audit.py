"""The audit trail: written in the same transaction as the change it describes.

Each entry stores the SHA-256 of the previous entry's hash plus its own content, so an
edit made behind the program's back breaks the chain and `check` finds it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from counter_app.data.db import WRITER_LOCK_KEY
from counter_app.data.models import AuditEntry
from counter_app.domain.dates import now
from counter_app.i18n import _
from counter_app.services.context import Actor
from counter_app.services.permissions import Action


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if hasattr(value, "value") and not isinstance(value, (str, int, float, bool)):
        return value.value  # enums
    return value


def entry_hash(prev_hash: str, entry: AuditEntry) -> str:
    payload = json.dumps(
        [
            prev_hash,
            entry.at.isoformat(),
            entry.staff_id,
            entry.staff_name,
            entry.action,
            entry.entity,
            entry.entity_id,
            entry.summary,
            entry.before,
            entry.after,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _serialise_writers(session: Session) -> None:
    """One chain, never a fork: two savers must not both read the same "last hash".

    SQLite writers already run one at a time (BEGIN IMMEDIATE). On PostgreSQL the writer
    sessions take this advisory lock when they begin (`data/db.py`); taking it again here
    is free within the same transaction and covers a session opened some other way.
    """
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text(f"SELECT pg_advisory_xact_lock({WRITER_LOCK_KEY})"))


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: object = "",
    summary: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    _serialise_writers(session)
    last = session.execute(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).scalar()
    entry = AuditEntry(
        at=now(),
        staff_id=actor.staff_id if actor else None,
        staff_name=actor.name if actor else "",
        action=action,
        entity=entity,
        entity_id=str(entity_id),
        summary=summary,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        prev_hash=last or "",
    )
    entry.hash = entry_hash(entry.prev_hash, entry)
    session.add(entry)
    session.flush()
    return entry


def verify_chain(session: Session) -> Iterator[str]:
    """Yield a problem description for every entry whose hash or link does not hold.

    Rows are read in batches so a chain of millions of entries needs little memory.
    """
    prev = ""
    last_id = 0
    while True:
        batch = list(session.scalars(
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(2000)
        ))
        if not batch:
            return
        for entry in batch:
            if entry.prev_hash != prev:
                yield _("操作记录 #{id} 与前一条的链接不符（前面的记录被改动或删除过）", id=entry.id)
            if entry.hash != entry_hash(entry.prev_hash, entry):
                yield _("操作记录 #{id} 的内容被改动过（校验值不符）", id=entry.id)
            prev = entry.hash
            last_id = entry.id


def snapshot(obj: Any, *names: str) -> dict[str, Any]:
    """The named attributes of a row, JSON-safe, for before/after in the audit log."""
    return {n: _jsonable(getattr(obj, n)) for n in names}


def query(
    session: Session,
    actor: Actor,
    since: dt.date | None = None,
    until: dt.date | None = None,
    action: str = "",
    entity: str = "",
    text_filter: str = "",
    limit: int | None = 5000,
) -> list[AuditEntry]:
    """Entries from `since` to `until` (inclusive days), newest first; managers only."""
    actor.require(Action.VIEW_AUDIT)
    q = select(AuditEntry)
    if since is not None:
        q = q.where(AuditEntry.at >= dt.datetime.combine(since, dt.time.min))
    if until is not None:
        q = q.where(AuditEntry.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min))
    if action:
        q = q.where(AuditEntry.action == action)
    if entity:
        q = q.where(AuditEntry.entity == entity)
    if text_filter:
        esc = text_filter.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{esc}%"
        q = q.where(
            AuditEntry.summary.like(like, escape="\\") | AuditEntry.entity_id.like(like, escape="\\")
            | AuditEntry.staff_name.like(like, escape="\\")
        )
    q = q.order_by(AuditEntry.id.desc())
    if limit:
        q = q.limit(limit)
    return list(session.scalars(q))


def as_dict(entry: AuditEntry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "at": entry.at.isoformat(timespec="seconds"),
        "staff_id": entry.staff_id,
        "staff_name": entry.staff_name,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "summary": entry.summary,
        "before": entry.before,
        "after": entry.after,
        "hash": entry.hash,
    }
