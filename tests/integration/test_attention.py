"""The start page's list: what needs the manager today, and a clerk's own open work."""

from __future__ import annotations

import datetime as dt

from counter_app.bootstrap import AppContext
from counter_app.data.models import Complaint, FollowUpTask, RepairSlip, SlipEvent, SlipStatus
from counter_app.services import archive, attention
from tests.factories import World

AT = dt.datetime(2026, 11, 25, 20, 0)


def fill(ctx: AppContext, world: World) -> None:
    sh = world.store_ids["SH01"]
    clerk, boss = world.staff_ids["clerk"], world.staff_ids["manager"]
    zhang, zeng = world.customer_ids["zhang"], world.customer_ids["zeng"]
    with ctx.uow.write() as s:
        def slip(no: str, status: SlipStatus, by: int, **kw: object) -> RepairSlip:
            row = RepairSlip(number=no, store_id=sh, customer_id=zhang, status=status, created_by_id=by,
                             created_at=dt.datetime(2026, 10, 1, 10, 0), **kw)
            s.add(row)
            s.flush()
            return row

        slip("SH01-2026-000001", SlipStatus.SENT, clerk, promised_on=dt.date(2026, 11, 20))
        slip("SH01-2026-000002", SlipStatus.RECEIVED, boss, factory_quote={"status": "pending", "amount": "380.00"})
        back = slip("SH01-2026-000003", SlipStatus.NOTIFIED, boss)
        s.add(SlipEvent(slip_id=back.id, at=dt.datetime(2026, 10, 10, 11, 0), kind="status", from_status="sent",
                        to_status="back"))
        slip("SH01-2026-000004", SlipStatus.RECEIVED, clerk, promised_on=dt.date(2026, 12, 10))
        s.add(Complaint(number="SH01-C2026-0001", store_id=sh, customer_id=zeng, received_at=dt.datetime(2026, 11, 24, 11),
                        owner_id=clerk, what="戒指刮伤", acknowledged_at=dt.datetime(2026, 11, 24, 11, 5)))
        s.add(Complaint(number="SH01-C2026-0002", store_id=sh, customer_id=zeng, received_at=dt.datetime(2026, 11, 20, 11),
                        owner_id=boss, what="已解决", resolved_at=dt.datetime(2026, 11, 20, 15)))
        s.add(FollowUpTask(store_id=sh, customer_id=zeng, kind="anniversary", due_on=AT.date(), assigned_to_id=clerk))
        s.add(FollowUpTask(store_id=sh, customer_id=zhang, kind="cleaning", due_on=AT.date(), status="done"))
        s.commit()


def test_manager_sees_the_whole_store_most_urgent_first(ctx: AppContext, world: World, manager) -> None:
    fill(ctx, world)
    with ctx.uow.read() as s:
        items = attention.for_actor(s, manager, AT)
    kinds = [(i.kind, i.ref) for i in items]
    assert ("slip_overdue", "SH01-2026-000001") in kinds
    assert ("quote_decision", "SH01-2026-000002") in kinds
    assert ("uncollected", "SH01-2026-000003") in kinds
    assert ("complaint", "SH01-C2026-0001") in kinds
    assert ("archive", "2026-W47") in kinds
    assert [i.ref for i in items if i.kind == "call"] and len([i for i in items if i.kind == "call"]) == 1
    assert all(i.kind != "slip_open" for i in items)  # not overdue: not the manager's business today
    assert "SH01-C2026-0002" not in [i.ref for i in items]
    severities = [attention.SEVERITY_ORDER[i.severity] for i in items]
    assert severities == sorted(severities)
    red = {i.ref for i in items if i.severity == attention.RED}
    assert {"SH01-2026-000001", "SH01-C2026-0001"} <= red
    pages = {i.kind: i.page for i in items}
    assert pages["archive"] == "archive" and pages["slip_overdue"] == "slips" and pages["complaint"] == "customers"


def test_signed_week_leaves_the_list(ctx: AppContext, world: World, manager, tmp_path) -> None:
    archive.sign_week(ctx.uow, manager, "SH01", "2026-W47", files_dir=tmp_path)
    with ctx.uow.read() as s:
        assert "archive" not in [i.kind for i in attention.for_actor(s, manager, AT)]


def test_clerk_sees_only_their_own_open_work(ctx: AppContext, world: World, clerk) -> None:
    fill(ctx, world)
    with ctx.uow.read() as s:
        items = attention.for_actor(s, clerk, AT)
    refs = {i.ref: i.kind for i in items}
    assert refs.get("SH01-2026-000001") == "slip_overdue"
    assert refs.get("SH01-2026-000004") == "slip_open"
    assert refs.get("SH01-C2026-0001") == "complaint"
    assert "SH01-2026-000002" not in refs and "SH01-2026-000003" not in refs
    assert "archive" not in refs.values()
    assert [i.kind for i in items].count("call") == 1
