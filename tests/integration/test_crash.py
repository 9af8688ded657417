"""Every save is one transaction: killing the program at any moment loses no reported save.

A forked child does random saves in a loop (repair slips and their status moves through the
slip service, policy versions, customers, and bare numbered rows) and writes "kind id" on a
pipe right after each commit. It is killed with SIGKILL after a random short time, 200
times. Afterwards the full check passes (integrity, foreign keys, audit chain, no number
gaps) and every save the child reported is in the database.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from decimal import Decimal

import pytest
from sqlalchemy import select

from counter_app.bootstrap import AppContext
from counter_app.cli import main
from counter_app.data.models import Customer, PolicyVersion, RepairSlip, SlipEvent, SlipStatus
from counter_app.data.numbering import slip_number
from counter_app.errors import CounterError
from counter_app.services import audit, customers_basic, integrity, policy
from counter_app.services.context import Actor
from tests.factories import World

KILLS = 200

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="needs fork()")]


def _save_slip_with_service(s, actor: Actor, rnd: random.Random) -> str:  # type: ignore[no-untyped-def]
    from counter_app.services import slips

    intake = slips.intake_from_receipt(s, actor, "R20261118001", "DR0001", weight_g="3.250")
    slip = slips.create(s, actor, intake.id, slips.SlipDraft(works=[rnd.choice(["solder", "resize"])],
                                                             shipping_fee="20", weight_g="3.250"))
    return slip.number


def _move_slip_with_service(s, actor: Actor, rnd: random.Random) -> str | None:  # type: ignore[no-untyped-def]
    from counter_app.services import slip_status

    open_slips = list(s.scalars(select(RepairSlip.number).where(RepairSlip.status == SlipStatus.RECEIVED)
                                .order_by(RepairSlip.id.desc()).limit(20)))
    if not open_slips:
        return None
    number = rnd.choice(open_slips)
    slip_status.change_status(s, actor, number, "sent", note="送厂")
    return number


def _save_bare_slip(s, actor: Actor, store_id: int) -> str:  # type: ignore[no-untyped-def]
    number = slip_number(s, actor.store_code, 2026)
    slip = RepairSlip(number=number, store_id=store_id, status=SlipStatus.RECEIVED, created_by_id=actor.staff_id)
    s.add(slip)
    s.flush()
    audit.record(s, actor, "create", "repair_slip", number, "crash test slip")
    return number


def _child(app: AppContext, fd: int, seed: int, actor: Actor, store_id: int) -> None:
    rnd = random.Random(seed)
    # The parent's engine with its warm statement cache, on fresh connections of our own.
    app.engine.dispose(close=False)
    services_ok = True
    while True:
        kind = rnd.choice(["slip", "slip", "status", "policy", "customer", "bare"])
        try:
            with app.uow.write() as s:
                if kind in ("slip", "status") and not services_ok:
                    kind = "bare"
                if kind == "slip":
                    tag: str | None = _save_slip_with_service(s, actor, rnd)
                elif kind == "status":
                    tag = _move_slip_with_service(s, actor, rnd)
                elif kind == "policy":
                    tag = str(policy.set_values(s, actor, {"return_days": rnd.randint(7, 9)}).version)
                elif kind == "customer":
                    phone = f"139{rnd.randint(0, 99_999_999):08d}"
                    c, _new = customers_basic.find_or_create_customer_by_phone(s, actor, "崩溃测试", phone, store_id)
                    tag = f"{c.id}:{phone}"
                else:
                    tag = _save_bare_slip(s, actor, store_id)
                if tag is None:
                    continue
                s.commit()
            os.write(fd, f"{kind} {tag}\n".encode())
        except CounterError:
            continue
        except Exception:
            if kind in ("slip", "status"):
                services_ok = False
                continue
            raise


def _warm_up(ctx: AppContext, actor: Actor, store_id: int) -> None:
    """One save of each kind here first: the forked children inherit warm statement caches."""
    rnd = random.Random(0)
    for save in (
        lambda s: _save_slip_with_service(s, actor, rnd),
        lambda s: _move_slip_with_service(s, actor, rnd),
        lambda s: policy.set_values(s, actor, {"return_days": 8}),
        lambda s: customers_basic.find_or_create_customer_by_phone(s, actor, "预热", "13900000000", store_id),
        lambda s: _save_bare_slip(s, actor, store_id),
    ):
        try:
            with ctx.uow.write() as s:
                save(s)
                s.commit()
        except Exception:
            pass


def _run_and_kill(app: AppContext, actor: Actor, store_id: int, seed: int, delay: float) -> list[str]:
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            os.close(r)
            _child(app, w, seed, actor, store_id)
        except BaseException:
            import traceback

            traceback.print_exc()
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _pid, status = os.waitpid(pid, 0)
    chunks = []
    while True:
        chunk = os.read(r, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(r)
    assert os.WIFSIGNALED(status), f"the child stopped by itself (status {status})"
    text = b"".join(chunks).decode()
    return [line for line in text.split("\n")[:-1] if line]  # a cut-off last line was not reported


def test_kill_at_random_moments_loses_no_reported_save(ctx: AppContext, world: World, manager: Actor) -> None:
    store_id = world.store_ids["SH01"]
    _warm_up(ctx, manager, store_id)
    ctx.engine.dispose()  # the children open their own connections
    rnd = random.Random(20261125)
    reported: list[str] = []
    started = time.monotonic()
    for i in range(KILLS):
        reported += _run_and_kill(ctx, manager, store_id, seed=i, delay=rnd.uniform(0.05, 0.5))
    elapsed = time.monotonic() - started
    kinds = {line.split(" ", 1)[0] for line in reported}
    assert len(reported) >= KILLS // 2, f"too few saves reached ({len(reported)})"
    assert {"policy", "customer"} <= kinds and ({"slip", "bare"} & kinds)

    report = integrity.full_check(ctx)
    assert report.ok, report.problems
    assert main(["check", "--db", ctx.url]) == 0  # what a person would run
    with ctx.uow.read() as s:
        numbers = set(s.scalars(select(RepairSlip.number)))
        versions = set(s.scalars(select(PolicyVersion.version)))
        phones = {cid: ph for cid, ph in s.execute(select(Customer.id, Customer.phone))}
        sent = set(s.scalars(select(RepairSlip.number).join(SlipEvent, SlipEvent.slip_id == RepairSlip.id)
                             .where(SlipEvent.to_status == "sent")))
        for line in reported:
            kind, tag = line.split(" ", 1)
            if kind in ("slip", "bare"):
                assert tag in numbers, line
            elif kind == "status":
                assert tag in sent, line
            elif kind == "policy":
                assert int(tag) in versions, line
            elif kind == "customer":
                cid, phone = tag.split(":")
                assert phones.get(int(cid)) == phone, line
        store_numbers = sorted(int(n.rsplit("-", 1)[1]) for n in numbers if n.startswith("SH01-2026-"))
        assert store_numbers == list(range(1, len(store_numbers) + 1))  # gapless, no duplicate
    assert Decimal(elapsed) < 240
