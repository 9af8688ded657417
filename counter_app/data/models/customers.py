"""Customer files (客户档案)."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    event,
    insert,
    inspect,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from counter_app.data.models.base import Base, Tracked


class Customer(Tracked, Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    # Search keys kept in step with the name: full pinyin (all readings) and initials.
    name_pinyin: Mapped[str] = mapped_column(String(400), default="")
    name_initials: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")  # mobile, digits only
    phone_reversed: Mapped[str] = mapped_column(String(40), default="")  # for tail look-ups
    phone2: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    birthday: Mapped[dt.date | None] = mapped_column(Date, default=None)
    wedding_anniversary: Mapped[dt.date | None] = mapped_column(Date, default=None)
    preferences: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    home_store_id: Mapped[int | None] = mapped_column(ForeignKey("stores.id"), default=None)
    consent_calls: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_letters: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    consent_channel: Mapped[str] = mapped_column(String(40), default="")
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), default=None)
    anonymized_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)

    __table_args__ = (
        Index("ix_customers_phone", "phone"),
        Index("ix_customers_phone_reversed", "phone_reversed"),
        Index("ix_customers_name_initials", "name_initials"),
        Index("ix_customers_name_pinyin", "name_pinyin"),
        Index("ix_customers_name", "name"),
    )


class CustomerSearchKey(Base):
    """Look-up keys of one customer for the instant search, each one an indexed prefix.

    Kinds: ``n0``/``n1`` the name from its first / a later character (so a prefix look-up
    on ``n1`` finds any part of a name, even two characters, which trigrams cannot);
    ``p0``/``p1`` full pinyin and ``i0``/``i1`` initials of the same suffixes, every reading
    of polyphonic characters; ``t`` a phone number reversed (tails become prefixes).
    Kept in step with the customer row by the mapper events below.
    """

    __tablename__ = "customer_search_keys"
    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(4))
    key: Mapped[str] = mapped_column(String(120))

    __table_args__ = (Index("ix_customer_search_keys_kind_key", "kind", "key"),)


MAX_NAME_CHARS = 8  # longer "names" (companies) are indexed from their first characters only


def search_keys(name: str, phone: str, phone2: str = "") -> list[tuple[str, str]]:
    """Every (kind, key) the instant search looks up for one customer."""
    from counter_app.domain.names import name_keys
    from counter_app.domain.text import clean, digits

    keys: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(kind: str, key: str) -> None:
        key = key[:120]
        if key and (kind, key) not in seen:
            seen.add((kind, key))
            keys.append((kind, key))

    flat = clean(name).replace(" ", "").casefold()[:MAX_NAME_CHARS]
    for start in range(len(flat)):
        suffix = flat[start:]
        tier = "0" if start == 0 else "1"
        add("n" + tier, suffix)
        if not any("\u3400" <= ch <= "\u9fff" for ch in suffix):
            continue  # Latin names: the name key already is the "pinyin"
        full, initials = _readings(suffix, name_keys, phrase=False)  # per-character readings cover all
        for alt in full:
            add("p" + tier, alt)
        for alt in initials:
            add("i" + tier, alt)
    for number in (phone, phone2):
        d = digits(number)
        if d:
            add("t", d[::-1])
    return keys


@functools.lru_cache(maxsize=16384)
def _char_readings(ch: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from counter_app.domain.names import name_keys

    full, initials = name_keys(ch)
    return tuple(full.split()) or ("",), tuple(initials.split()) or ("",)


def _readings(name: str, name_keys: Any, phrase: bool = True) -> tuple[list[str], list[str]]:
    """Pinyin and initials alternatives: the phrase's own readings plus every per-character
    reading (a phrase dictionary reads 解放 only as jiefang; the surname 解 is also xie)."""
    full, initials = (k.split() for k in name_keys(name)) if phrase else ([], [])
    per_char = [_char_readings(ch) for ch in name]
    for index, out in ((0, full), (1, initials)):
        options = [readings[index] for readings in per_char]
        for combo in itertools.islice(itertools.product(*options), 16):
            joined = "".join(combo)
            if joined not in out:
                out.append(joined)
    return full, initials


def _fill_columns(target: Customer, name_changed: bool) -> None:
    from counter_app.domain.names import name_keys
    from counter_app.domain.text import digits

    if name_changed or not target.name_pinyin:
        full, initials = _readings(target.name or "", name_keys)
        target.name_pinyin, target.name_initials = " ".join(full), " ".join(initials)
    target.phone_reversed = digits(target.phone)[::-1]


def _write_keys(connection: Connection, target: Customer) -> None:
    table = CustomerSearchKey.__table__
    assert isinstance(table, Table)
    connection.execute(table.delete().where(table.c.customer_id == target.id))
    rows = [
        {"customer_id": target.id, "kind": kind, "key": key}
        for kind, key in search_keys(target.name or "", target.phone or "", target.phone2 or "")
    ]
    if rows:
        connection.execute(table.insert(), rows)


@event.listens_for(Customer, "before_insert")
def _before_insert(mapper: Any, connection: Connection, target: Customer) -> None:
    _fill_columns(target, name_changed=False)


@event.listens_for(Customer, "before_update")
def _before_update(mapper: Any, connection: Connection, target: Customer) -> None:
    _fill_columns(target, name_changed=inspect(target).attrs.name.history.has_changes())


@event.listens_for(Customer, "after_insert")
def _after_insert(mapper: Any, connection: Connection, target: Customer) -> None:
    _write_keys(connection, target)


@event.listens_for(Customer, "after_update")
def _after_update(mapper: Any, connection: Connection, target: Customer) -> None:
    state = inspect(target)
    if any(state.attrs[n].history.has_changes() for n in ("name", "phone", "phone2")):
        _write_keys(connection, target)


# --- SQLite full-text index (trigram) for parts of names, notes and addresses -------------

FTS_TABLE = "customer_fts"
_FTS_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "name, notes, address, content='customers', content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER IF NOT EXISTS customers_fts_ai AFTER INSERT ON customers BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, name, notes, address) VALUES (new.id, new.name, new.notes, new.address); END",
    f"CREATE TRIGGER IF NOT EXISTS customers_fts_ad AFTER DELETE ON customers BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name, notes, address) "
    "VALUES ('delete', old.id, old.name, old.notes, old.address); END",
    f"CREATE TRIGGER IF NOT EXISTS customers_fts_au AFTER UPDATE OF name, notes, address ON customers BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, name, notes, address) "
    "VALUES ('delete', old.id, old.name, old.notes, old.address); "
    f"INSERT INTO {FTS_TABLE}(rowid, name, notes, address) VALUES (new.id, new.name, new.notes, new.address); END",
)


def has_fts(connection: Connection) -> bool:
    if connection.dialect.name != "sqlite":
        return False
    found = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type='table' AND name=:n"), {"n": FTS_TABLE}
    ).first()
    return found is not None


def install_search_extras(engine: Engine) -> None:
    """Create the trigram table and its triggers (SQLite) and fill missing search keys.

    Called after the schema is created or upgraded; cheap when everything is in place.
    PostgreSQL has no FTS5: the search falls back to the key table and LIKE there.
    """
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            created = not has_fts(conn)
            for ddl in _FTS_DDL:
                conn.execute(text(ddl))
            if created:
                conn.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))
        rebuild_missing_keys(conn)


def rebuild_missing_keys(conn: Connection) -> int:
    """Write keys for customers that have none (rows written around the ORM, old files)."""
    newest = conn.execute(text("SELECT max(id) FROM customers")).scalar()
    newest_keyed = conn.execute(text("SELECT max(customer_id) FROM customer_search_keys")).scalar()
    if newest is None or newest == newest_keyed:
        return 0  # the usual case, answered from two indexes without a scan
    missing = conn.execute(
        text(
            "SELECT c.id, c.name, c.phone, c.phone2 FROM customers c WHERE NOT EXISTS "
            "(SELECT 1 FROM customer_search_keys k WHERE k.customer_id = c.id)"
        )
    ).all()
    rows = [
        {"customer_id": cid, "kind": kind, "key": key}
        for cid, name, phone, phone2 in missing
        for kind, key in search_keys(name or "", phone or "", phone2 or "")
    ]
    if rows:
        conn.execute(insert(CustomerSearchKey), rows)
    return len(missing)
