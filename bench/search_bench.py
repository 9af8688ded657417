"""Customer search latency on 200,000 customers with 1,000,000 receipts, slips and calls.

    .venv/bin/python bench/search_bench.py [--db PATH] [--customers 200000] [--docs 1000000]
                                            [--queries 1000] [--seed 7] [--gui] [--keep]

Generates the data set from a fixed seed with bulk inserts (sqlite3 executemany; the
search keys are computed the way the program computes them, the trigram index is kept by
its triggers), then times `customer_search.search` for names, parts of names, initials,
full pinyin and phone tails, next to the plain sqlite3 query on the same index (the floor).
With --gui it also times a keystroke in the search box until the result list is painted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import Boolean, DateTime, Integer, Numeric
from sqlalchemy.types import JSON

from counter_app.bootstrap import open_app
from counter_app.data.models import Base, ContactLog, Customer, RepairSlip, SalesReceipt, Store
from counter_app.data.models.customers import search_keys
from counter_app.services import customer_search

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单解")
GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国春梅海波晓峰琳雪婷宇浩然欣怡子轩梓涵一诺思远嘉怡文博")
STREETS = ["南京东路", "淮海中路", "漕溪北路", "王府井大街", "人民路", "解放路", "中山路", "建设路"]
NOTES = ["喜欢祖母绿", "只在周末来店", "对镍过敏", "偏爱铂金款式", "想改手寸", "送礼为主", "常买黄金", ""]
BATCH = 20_000


def now_s() -> str:
    return dt.datetime(2026, 11, 25, 10, 0).isoformat(sep=" ")


def column_defaults(table: Any) -> dict[str, Any]:
    """A value for every NOT NULL column without a server default (types' neutral values)."""
    out: dict[str, Any] = {}
    for col in table.columns:
        if col.primary_key or col.nullable:
            continue
        default = col.default.arg if col.default is not None and not callable(col.default.arg) else None
        if isinstance(col.type, JSON):
            out[col.name] = "[]" if col.name in ("works", "unmentioned_defects", "steps") else "{}"
        elif default is not None:
            value = default.value if hasattr(default, "value") else default
            out[col.name] = value if isinstance(value, (str, int, float, bool)) else str(value)
        elif isinstance(col.type, Boolean):
            out[col.name] = 0
        elif isinstance(col.type, Numeric):
            out[col.name] = "0.00"
        elif isinstance(col.type, Integer):
            out[col.name] = 0
        elif isinstance(col.type, DateTime):
            out[col.name] = now_s()
        else:
            out[col.name] = ""
    return out


def insert_rows(conn: sqlite3.Connection, model: type[Base], rows: Iterator[dict[str, Any]]) -> int:
    table = model.__table__  # type: ignore[attr-defined]
    base = column_defaults(table)
    names: list[str] | None = None
    count = 0
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        full = {**base, **row}
        if names is None:
            names = list(full)
            sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        batch.append(tuple(full[n] for n in names))
        if len(batch) >= BATCH:
            conn.executemany(sql, batch)
            count += len(batch)
            batch.clear()
    if batch and names is not None:
        conn.executemany(sql, batch)
        count += len(batch)
    return count


@functools.cache
def name_only_keys(name: str) -> tuple[tuple[str, str], ...]:
    return tuple(search_keys(name, "", ""))


def generate(path: Path, n_customers: int, n_docs: int, seed: int) -> dict[str, Any]:
    rnd = random.Random(seed)
    ctx = open_app(str(path))
    with ctx.uow.write() as s:
        store = Store(code="SH01", name="上海南京路体验中心")
        s.add(store)
        s.flush()
        store_id = store.id
        s.commit()
    ctx.close()

    t0 = time.perf_counter()
    conn = sqlite3.connect(str(path))
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -400000")
    # Bulk-load recipe: drop the secondary indexes and the trigram triggers, load, rebuild.
    tables = ("customers", "customer_search_keys", "sales_receipts", "repair_slips", "contact_log")
    marks = ",".join("?" * len(tables))
    indexes = conn.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
        tables).fetchall()
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'customers'").fetchall()
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    for name, _sql in triggers:
        conn.execute(f'DROP TRIGGER "{name}"')
    # A pool of given names, as in life: many customers share a name (ranking then matters).
    given_pool = sorted({"".join(rnd.choice(GIVEN) for _ in range(rnd.choice((1, 2, 2, 2)))) for _ in range(900)})
    phones: set[str] = set()
    people: list[tuple[str, str]] = []
    while len(people) < n_customers:
        phone = "1" + rnd.choice("3456789") + "".join(rnd.choice("0123456789") for _ in range(9))
        if phone in phones:
            continue
        phones.add(phone)
        name = rnd.choice(SURNAMES) + rnd.choice(given_pool)
        people.append((name, phone))

    def customers() -> Iterator[dict[str, Any]]:
        for i, (name, phone) in enumerate(people, 1):
            keys = name_only_keys(name)
            yield {
                "id": i, "name": name,
                "name_pinyin": " ".join(k for kind, k in keys if kind == "p0"),
                "name_initials": " ".join(k for kind, k in keys if kind == "i0"),
                "phone": phone, "phone_reversed": phone[::-1],
                "address": f"上海市{rnd.choice(STREETS)} {rnd.randint(1, 999)} 号",
                "notes": rnd.choice(NOTES), "home_store_id": store_id, "consent_calls": rnd.random() < 0.6,
                "created_at": now_s(),
            }

    conn.execute("BEGIN")
    insert_rows(conn, Customer, customers())
    key_rows = (
        (i, kind, key)
        for i, (name, phone) in enumerate(people, 1)
        for kind, key in (*name_only_keys(name), ("t", phone[::-1]))
    )
    conn.executemany("INSERT INTO customer_search_keys (customer_id, kind, key) VALUES (?, ?, ?)", key_rows)
    conn.execute("COMMIT")
    t_customers = time.perf_counter() - t0

    n_receipts = n_docs // 2
    n_slips = n_docs // 4
    n_calls = n_docs - n_receipts - n_slips
    day0 = dt.date(2020, 1, 1)

    def receipts() -> Iterator[dict[str, Any]]:
        for i in range(1, n_receipts + 1):
            sold = day0 + dt.timedelta(days=rnd.randrange(2500))
            yield {"receipt_no": f"R{sold:%Y%m%d}{i:07d}", "store_id": store_id,
                   "customer_id": rnd.randint(1, n_customers), "sold_on": sold.isoformat(), "created_at": now_s()}

    def slips() -> Iterator[dict[str, Any]]:
        for i in range(1, n_slips + 1):
            yield {"number": f"SH01-{2020 + i % 7}-{i:07d}", "store_id": store_id,
                   "customer_id": rnd.randint(1, n_customers), "status": "COLLECTED", "created_at": now_s()}

    def contacts() -> Iterator[dict[str, Any]]:
        for _i in range(n_calls):
            yield {"store_id": store_id, "customer_id": rnd.randint(1, n_customers), "at": now_s(),
                   "channel": "phone", "direction": rnd.choice(("in", "out")), "purpose": "enquiry",
                   "created_at": now_s()}

    conn.execute("BEGIN")
    insert_rows(conn, SalesReceipt, receipts())
    insert_rows(conn, RepairSlip, slips())
    insert_rows(conn, ContactLog, contacts())
    conn.execute("COMMIT")
    t_docs = time.perf_counter() - t0
    for _name, sql in indexes:
        conn.execute(sql)
    conn.execute("INSERT INTO customer_fts(customer_fts) VALUES ('rebuild')")
    for _name, sql in triggers:
        conn.execute(sql)
    conn.commit()
    conn.execute("ANALYZE")
    print(f"  rows loaded in {t_docs:.1f} s; indexes and trigram index rebuilt at {time.perf_counter() - t0:.1f} s")
    conn.close()
    return {"customers_s": t_customers, "total_s": time.perf_counter() - t0, "people": people,
            "receipts": n_receipts, "slips": n_slips, "calls": n_calls}


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return p50 * 1000, p99 * 1000


def timed(fn: Callable[[str], Any], queries: list[str]) -> tuple[float, float]:
    for q in queries[:20]:
        fn(q)  # warm the page cache and statement caches
    samples = []
    for q in queries:
        t = time.perf_counter()
        fn(q)
        samples.append(time.perf_counter() - t)
    return percentiles(samples)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", default=None)
    ap.add_argument("--customers", type=int, default=200_000)
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--gui", action="store_true")
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    path = Path(args.db) if args.db else Path(tempfile.mkdtemp(prefix="search-bench-")) / "bench.sqlite3"
    if path.exists():
        path.unlink()
    print(f"generating {args.customers:,} customers and {args.docs:,} receipts/slips/calls into {path} …")
    info = generate(path, args.customers, args.docs, args.seed)
    print(f"  customers + keys: {info['customers_s']:.1f} s; everything: {info['total_s']:.1f} s "
          f"({info['receipts']:,} receipts, {info['slips']:,} slips, {info['calls']:,} calls)")

    rnd = random.Random(args.seed + 1)
    people = info["people"]
    sample = [rnd.choice(people) for _ in range(args.queries)]
    cases: dict[str, list[str]] = {
        "full name": [n for n, _p in sample],
        "name part (2 chars)": [n[-2:] if len(n) >= 3 else n for n, _p in sample],
        "initials": [dict(name_only_keys(n))["i0"] for n, _p in sample],
        "full pinyin prefix": [dict(name_only_keys(n))["p0"][:6] for n, _p in sample],
        "phone tail (4)": [p[-4:] for _n, p in sample],
        "whole phone": [p for _n, p in sample],
    }
    floors: dict[str, tuple[str, Callable[[str], str]]] = {
        "full name": ("n0", lambda q: q),
        "name part (2 chars)": ("n1", lambda q: q),
        "initials": ("i0", lambda q: q),
        "full pinyin prefix": ("p0", lambda q: q),
        "phone tail (4)": ("t", lambda q: q[::-1]),
        "whole phone": ("t", lambda q: q[::-1]),
    }

    ctx = open_app(str(path))
    raw = sqlite3.connect(str(path))
    rows = []
    with ctx.uow.read() as s:
        for label, queries in cases.items():
            p50, p99 = timed(lambda q: customer_search.search(s, q), queries)
            kind, transform = floors[label]

            def floor(q: str, kind: str = kind, transform: Callable[[str], str] = transform) -> Any:
                key = transform(q)
                return raw.execute(
                    "SELECT customer_id FROM customer_search_keys WHERE kind = ? AND key >= ? AND key < ? LIMIT 40",
                    (kind, key, key + "\U0010ffff"),
                ).fetchall()

            f50, f99 = timed(floor, queries)
            rows.append((label, p50, p99, f50, f99))
        fts = [n for n, _p in sample if len(n) >= 3]
        f50, f99 = timed(lambda q: raw.execute(
            "SELECT rowid FROM customer_fts WHERE customer_fts MATCH ? LIMIT 40", (f'"{q}"',)).fetchall(), fts)
        s50, s99 = timed(lambda q: raw.execute(
            "SELECT id FROM customers WHERE name LIKE ? LIMIT 40", (f"%{q[1:]}%",)).fetchall(), fts[:200])
        n50, n99 = timed(lambda q: customer_search.search(s, q), ["祖母绿", "周末来店", "镍过敏", "铂金款式"] * 50)
    print()
    print(f"{'query':<22}{'service p50':>12}{'p99':>9}{'floor p50':>11}{'p99':>9}{'ratio p50':>11}")
    for label, p50, p99, f50, f99 in rows:
        print(f"{label:<22}{p50:>10.3f}ms{p99:>7.3f}ms{f50:>9.3f}ms{f99:>7.3f}ms{p50 / max(f50, 1e-6):>10.1f}x")
    print(f"{'notes words (FTS)':<22}{n50:>10.3f}ms{n99:>7.3f}ms")
    print(f"{'floor: FTS5 trigram':<22}{'':>21}{f50:>9.3f}ms{f99:>7.3f}ms")
    print(f"{'scan: LIKE %…%':<22}{'':>21}{s50:>9.3f}ms{s99:>7.3f}ms   (what the indexes avoid)")

    if args.gui:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        from counter_app.data.models import Role
        from counter_app.services.context import Actor
        from ui.session import UiSession
        from ui.widgets.search_box import CustomerSearchBox

        app = QApplication.instance() or QApplication([])
        box = CustomerSearchBox(UiSession(ctx, Actor(None, "bench", Role.CLERK, 1, "SH01")))
        box.resize(600, 500)
        box.show()
        app.processEvents()

        def keystroke(q: str) -> None:
            box.edit.setText(q)
            box.table.viewport().repaint()

        g50, g99 = timed(keystroke, [dict(name_only_keys(n))["i0"] for n, _p in sample[:300]])
        print(f"{'keystroke → painted':<22}{g50:>10.3f}ms{g99:>7.3f}ms   (search box, offscreen)")
    ctx.close()
    raw.close()
    if not args.keep and not args.db:
        path.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
