"""Demo data: repeatable for a seed, complete enough to try every area, never mixed into real data."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.bootstrap import AppContext, open_app
from counter_app.data.models import (
    Base,
    Certificate,
    Complaint,
    ContactLog,
    Customer,
    FollowUpTask,
    Intake,
    MetalPrice,
    RepairSlip,
    Role,
    SalesReceipt,
    SlipEvent,
    SoldItem,
    Staff,
    Store,
)
from counter_app.domain import clock
from counter_app.errors import Conflict
from counter_app.services import demo, slip_pickup
from counter_app.services.passwords import verify_password
from tests.factories import TODAY, World

SKIP_TABLES = {"audit_log"}  # entries carry the wall-clock time of the run
SKIP_COLUMNS = {"password_hash"}  # Argon2 salts every hash
# Rows that opening a database writes before the demo runs (console account, policy version 1).
SKIP_CREATED_AT = {"staff", "policy_versions"}


def digest(ctx: AppContext) -> str:
    h = hashlib.sha256()
    with ctx.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name in SKIP_TABLES:
                continue
            cols = [c for c in table.columns if c.name not in SKIP_COLUMNS
                    and not (table.name in SKIP_CREATED_AT and c.name == "created_at")]
            order = list(table.primary_key.columns) or cols
            for row in conn.execute(select(*cols).order_by(*order)):
                h.update(json.dumps([table.name, *row], default=str, ensure_ascii=False).encode())
    return h.hexdigest()


def fresh(path: Path, customers: int = 80, seed: int = 7) -> tuple[AppContext, demo.DemoResult]:
    ctx = open_app(str(path))
    result = demo.fill_demo(ctx.uow, None, customers=customers, seed=seed, today=TODAY)
    return ctx, result


@pytest.fixture
def filled(ctx: AppContext) -> tuple[AppContext, demo.DemoResult]:
    return ctx, demo.fill_demo(ctx.uow, None, customers=120, seed=11, today=TODAY)


def test_same_seed_same_data_other_seed_other_data(tmp_path: Path) -> None:
    a, _ra = fresh(tmp_path / "a.sqlite3")
    b, _rb = fresh(tmp_path / "b.sqlite3")
    c, _rc = fresh(tmp_path / "c.sqlite3", seed=8)
    try:
        assert digest(a) == digest(b)
        assert digest(a) != digest(c)
    finally:
        for x in (a, b, c):
            x.close()


def test_customers_names_and_unique_mobiles(filled: tuple[AppContext, demo.DemoResult]) -> None:
    ctx, result = filled
    with ctx.uow.read() as s:
        rows = s.execute(select(Customer.name, Customer.phone, Customer.address, Customer.name_pinyin,
                                Customer.birthday, Customer.consent_calls)).all()
    assert len(rows) == result.customers == 120
    phones = [r.phone for r in rows]
    assert len(set(phones)) == len(phones)
    assert all(re.fullmatch(r"1[358]\d{9}", p) for p in phones)
    assert all(2 <= len(r.name) <= 3 and r.name_pinyin for r in rows)
    assert all(re.match(r"(上海|北京|广州)市", r.address) for r in rows)
    assert any(r.birthday for r in rows) and any(not r.consent_calls for r in rows)


def test_polyphonic_surnames_appear_with_both_readings(tmp_path: Path) -> None:
    ctx, _r = fresh(tmp_path / "p.sqlite3", customers=400, seed=5)
    try:
        with ctx.uow.read() as s:
            names = dict(s.execute(select(Customer.name, Customer.name_pinyin)).all())
    finally:
        ctx.close()
    poly = {n: keys for n, keys in names.items() if n[0] in "曾单解"}
    assert {n[0] for n in poly} == {"曾", "单", "解"}
    zeng = next(keys for n, keys in poly.items() if n[0] == "曾")
    assert any(k.startswith("zeng") for k in zeng.split()) and any(k.startswith("ceng") for k in zeng.split())


def test_stores_staff_and_the_shared_demo_pin(filled: tuple[AppContext, demo.DemoResult]) -> None:
    ctx, result = filled
    with ctx.uow.read() as s:
        stores = dict(s.execute(select(Store.code, Store.name)).all())
        staff = s.execute(select(Staff.login, Staff.role, Staff.store_id, Staff.password_hash)
                          .where(Staff.login != "console")).all()
    assert stores == {"SH01": "上海南京路体验中心", "BJ01": "北京王府井体验中心", "GZ01": "广州天河体验中心"}
    per_store = Counter((r.store_id, r.role) for r in staff)
    for (_store, role), n in per_store.items():
        assert (role, n) in {(Role.MANAGER, 1), (Role.CLERK, 2), (Role.CLERK, 3), (Role.HEAD_OFFICE, 1)}
    assert sum(1 for r in staff if r.role == Role.HEAD_OFFICE) == 1
    assert len({r.password_hash for r in staff}) == 1  # hashed once
    assert verify_password(staff[0].password_hash, demo.DEMO_PIN)
    assert {r.login for r in staff} == {row["login"] for row in result.logins}


def test_sales_over_two_years_with_recent_ones_and_certified_diamonds(
    filled: tuple[AppContext, demo.DemoResult],
) -> None:
    ctx, result = filled
    with ctx.uow.read() as s:
        days = [d for (d,) in s.execute(select(SalesReceipt.sold_on))]
        per_receipt = Counter(r for (r,) in s.execute(select(SoldItem.receipt_id)))
        items = s.execute(select(SoldItem.engraving, SoldItem.price, SoldItem.custom_made, SoldItem.metal,
                                 SoldItem.fineness, Certificate.issuer, Certificate.number, Certificate.carat)
                          .outerjoin(Certificate)).all()
    assert min(days) == TODAY - dt.timedelta(days=730) and max(days) >= TODAY - dt.timedelta(days=6)
    assert sum(1 for d in days if (TODAY - d).days < 7) >= 3
    assert sum(1 for d in days if 7 <= (TODAY - d).days <= 30) >= 3
    assert set(per_receipt.values()) <= {1, 2, 3} and len(per_receipt) == result.receipts
    certified = [i for i in items if i.issuer]
    assert {i.issuer for i in certified} == {"NGTC", "GIA", "IGI"}
    assert all(i.engraving == f"{i.issuer} {i.number}" and i.carat > 0 for i in certified)
    assert {(i.metal, i.fineness) for i in items} == {("18K", "750"), ("gold", "999"), ("platinum", "950")}
    assert any(i.custom_made for i in items)
    assert all(Decimal("500") < i.price < Decimal("500000") for i in items)


def test_metal_prices_for_today_and_the_last_30_days(filled: tuple[AppContext, demo.DemoResult]) -> None:
    ctx, _r = filled
    with ctx.uow.read() as s:
        rows = s.execute(select(MetalPrice.on_date, MetalPrice.metal, MetalPrice.fineness, MetalPrice.buy_per_g,
                                MetalPrice.sell_per_g)).all()
    assert {r.on_date for r in rows} == {TODAY - dt.timedelta(days=n) for n in range(31)}
    today = {(r.metal, r.fineness): (r.buy_per_g, r.sell_per_g) for r in rows if r.on_date == TODAY}
    assert set(today) == {("gold", "999"), ("gold", "9999"), ("k_gold", "750"), ("platinum", "950"),
                          ("platinum", "990")}
    assert today[("gold", "999")] == (Decimal("560.00"), Decimal("620.00"))
    assert all(b < sl for b, sl in today.values())


def test_slips_in_every_status_with_events_and_gapless_numbers(
    filled: tuple[AppContext, demo.DemoResult],
) -> None:
    ctx, result = filled
    with ctx.uow.read() as s:
        slips = list(s.scalars(select(RepairSlip).order_by(RepairSlip.id)))
        statuses = {(sl.store_id, sl.status.value) for sl in slips}
        stores = {sl.store_id for sl in slips}
        for sl in slips:
            events = [e for e in sl.events if e.kind == "status"]
            assert events[0].from_status is None and events[0].to_status == "received"
            assert events[-1].to_status == sl.status.value
            assert all(a.at <= b.at for a, b in zip(events, events[1:], strict=False))
            assert all(e.at <= dt.datetime.combine(TODAY, dt.time(9, 30)) for e in events)
            assert sl.intake_id is not None and sl.sold_item_id is not None and sl.works
        numbers: dict[str, list[int]] = {}
        for sl in slips:
            prefix, n = sl.number.rsplit("-", 1)
            numbers.setdefault(prefix, []).append(int(n))
        assert s.scalar(select(func.count()).select_from(Intake)) == len(slips)
        assert s.scalar(select(func.count()).select_from(SlipEvent)) > len(slips)
    for store in stores:
        assert {st for sid, st in statuses if sid == store} == {"received", "sent", "back", "notified",
                                                                   "collected", "cancelled"}
    assert all(sorted(ns) == list(range(1, len(ns) + 1)) for ns in numbers.values())
    assert sum(result.slips.values()) == len(slips)


def test_calls_follow_ups_due_today_and_complaints(filled: tuple[AppContext, demo.DemoResult]) -> None:
    ctx, _r = filled
    with ctx.uow.read() as s:
        purposes = Counter(p for (p,) in s.execute(select(ContactLog.purpose)))
        due_today = s.execute(select(FollowUpTask.kind, FollowUpTask.source_key)
                              .where(FollowUpTask.due_on == TODAY, FollowUpTask.status == "open")).all()
        complaints = s.execute(select(Complaint.number, Complaint.kind, Complaint.received_at,
                                      Complaint.resolved_at, Complaint.manager_replied_at)).all()
    assert {"enquiry", "follow_up", "notify", "complaint", "praise", "invitation"} <= set(purposes)
    assert {k for k, _key in due_today} >= {"anniversary", "first_service", "birthday"}
    assert len({key for _k, key in due_today}) == len(due_today)
    now = dt.datetime.combine(TODAY, dt.time(9, 30))
    open_ = [c for c in complaints if c.kind == "complaint" and c.resolved_at is None]
    overdue = [c for c in open_ if now - c.received_at > dt.timedelta(days=7) and c.manager_replied_at is None]
    assert len(overdue) == 1 and len(open_) >= 3
    assert sum(1 for c in complaints if c.kind == "praise") == 1
    assert sum(1 for c in complaints if c.kind == "complaint" and c.resolved_at) >= 3
    # Complaints in their series, praise in its own: numbered as the counter numbers them.
    assert all(re.fullmatch(r"(SH01|BJ01|GZ01)-C\d{4}-\d{4}", c.number) for c in complaints if c.kind == "complaint")
    assert all(re.fullmatch(r"(SH01|BJ01|GZ01)-P\d{4}-\d{4}", c.number) for c in complaints if c.kind == "praise")


def test_if_empty_leaves_a_filled_database_unchanged(filled: tuple[AppContext, demo.DemoResult]) -> None:
    ctx, _r = filled
    before = digest(ctx)
    again = demo.fill_demo(ctx.uow, None, customers=50, seed=99, today=TODAY, if_empty=True)
    assert not again.created
    assert digest(ctx) == before
    with pytest.raises(Conflict):
        demo.fill_demo(ctx.uow, None, customers=50, seed=99, today=TODAY)
    assert digest(ctx) == before


def test_never_written_into_a_real_chain(world: World) -> None:
    before = digest(world.ctx)
    assert not demo.fill_demo(world.ctx.uow, None, customers=10, today=TODAY, if_empty=True).created
    assert digest(world.ctx) == before


def test_five_hundred_customers_in_a_few_seconds(ctx: AppContext) -> None:
    result = demo.fill_demo(ctx.uow, None, today=TODAY)
    assert result.customers == 500 and result.receipts > 600
    assert result.seconds < 30, result.seconds  # ~2-4 s measured on a shared 2-core machine
    print(f"demo 500 customers: {result.seconds:.1f} s")


def test_the_program_clock_is_its_own_again_after_the_demo(ctx: AppContext, pinned_clock: clock.PinnedClock) -> None:
    demo.fill_demo(ctx.uow, None, customers=30, seed=2, today=TODAY)
    assert clock.set_clock(pinned_clock) is pinned_clock


def test_a_step_refused_leaves_no_demo_and_the_clock_as_it_was(
    ctx: AppContext, pinned_clock: clock.PinnedClock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refused(*_args: object, **_kw: object) -> None:
        raise Conflict("refused")

    monkeypatch.setattr(slip_pickup, "pickup", refused)
    with pytest.raises(Conflict):
        demo.fill_demo(ctx.uow, None, customers=30, seed=2, today=TODAY)
    assert clock.set_clock(pinned_clock) is pinned_clock
    with ctx.uow.read() as s:
        assert not demo.database_has_data(s)
    monkeypatch.undo()
    assert demo.fill_demo(ctx.uow, None, customers=30, seed=2, today=TODAY).created
