"""Gapless number series: slips, archive records, quotes, batches, complaints.

The increment happens inside the caller's transaction (a write lock is already held via
BEGIN IMMEDIATE on SQLite, the row lock on PostgreSQL), so a rolled-back save gives its
number back and concurrent savers are serialised.
"""

from __future__ import annotations

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from counter_app.data.models import NumberSequence


def next_value(session: Session, key: str) -> int:
    updated = session.execute(
        update(NumberSequence)
        .where(NumberSequence.key == key)
        .values(last_value=NumberSequence.last_value + 1)
        .returning(NumberSequence.last_value)
    ).scalar_one_or_none()
    if updated is not None:
        return int(updated)
    session.execute(insert(NumberSequence).values(key=key, last_value=1))
    return 1


def peek(session: Session, key: str) -> int:
    value = session.scalar(select(NumberSequence.last_value).where(NumberSequence.key == key))
    return int(value or 0)


def slip_number(session: Session, store_code: str, year: int) -> str:
    n = next_value(session, f"slip:{store_code}:{year}")
    return f"{store_code}-{year}-{n:06d}"


def archive_number(session: Session, store_code: str, year: int) -> str:
    n = next_value(session, f"archive:{store_code}:{year}")
    return f"{store_code}-A{year}-{n:04d}"


def quote_number(session: Session, store_code: str, year: int) -> str:
    n = next_value(session, f"quote:{store_code}:{year}")
    return f"{store_code}-Q{year}-{n:06d}"


def batch_number(session: Session, store_code: str, year: int) -> str:
    n = next_value(session, f"batch:{store_code}:{year}")
    return f"{store_code}-B{year}-{n:04d}"


def complaint_number(session: Session, store_code: str, year: int) -> str:
    n = next_value(session, f"complaint:{store_code}:{year}")
    return f"{store_code}-C{year}-{n:04d}"


def next_values(session: Session, key: str, count: int) -> range:
    """Reserve `count` consecutive values in one statement (same transaction rules as `next_value`)."""
    if count <= 0:
        return range(0)
    updated = session.execute(
        update(NumberSequence)
        .where(NumberSequence.key == key)
        .values(last_value=NumberSequence.last_value + count)
        .returning(NumberSequence.last_value)
    ).scalar_one_or_none()
    if updated is None:
        session.execute(insert(NumberSequence).values(key=key, last_value=count))
        updated = count
    return range(int(updated) - count + 1, int(updated) + 1)


def archive_numbers(session: Session, store_code: str, year: int, count: int) -> list[str]:
    """`count` archive numbers at once, in order: what `archive_number` gives one by one."""
    return [f"{store_code}-A{year}-{n:04d}" for n in next_values(session, f"archive:{store_code}:{year}", count)]
