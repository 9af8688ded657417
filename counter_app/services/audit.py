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

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.data.models import AuditEntry
from counter_app.domain.dates import now
from counter_app.services.context import Actor


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
    """Yield a problem description for every entry whose hash or link does not hold."""
    prev = ""
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        if entry.prev_hash != prev:
            yield f"audit #{entry.id}: prev_hash"
        if entry.hash != entry_hash(entry.prev_hash, entry):
            yield f"audit #{entry.id}: hash"
        prev = entry.hash


def snapshot(obj: Any, *names: str) -> dict[str, Any]:
    """The named attributes of a row, JSON-safe, for before/after in the audit log."""
    return {n: _jsonable(getattr(obj, n)) for n in names}
