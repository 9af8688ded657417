"""Two counters saving at the same moment: no duplicate number, no gap, nothing lost.

Two processes each draw 5,000 slip numbers, each with its slip row in the same
transaction, at the same time (SQLite file: WAL + BEGIN IMMEDIATE; PostgreSQL: the writers'
advisory lock). A second test has both write audit entries at once: the chain never forks.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from counter_app.bootstrap import AppContext, open_app
from counter_app.data.models import AuditEntry, RepairSlip, SlipStatus
from counter_app.data.numbering import peek, slip_number
from counter_app.services import audit, integrity
from counter_app.services.context import Actor
from tests.factories import World

PER_PROCESS = 5000

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="needs fork()")]


def _slips(url: str, store_id: int, n: int, out: Path, go_at: float) -> None:
    app = open_app(url)
    numbers = []
    while time.time() < go_at:
        time.sleep(0.001)
    for _ in range(n):
        with app.uow.write() as s:
            number = slip_number(s, "SH01", 2026)
            s.execute(insert(RepairSlip).values(number=number, store_id=store_id, status=SlipStatus.RECEIVED,
                                                item={}, works=[], unmentioned_defects=[], factory_quote={},
                                                lost={}))
            s.commit()
        numbers.append(number)
    out.write_text("\n".join(numbers), encoding="utf-8")
    app.close()


def _audits(url: str, actor: Actor, n: int, out: Path, go_at: float) -> None:
    app = open_app(url)
    while time.time() < go_at:
        time.sleep(0.001)
    ids = []
    for i in range(n):
        with app.uow.write() as s:
            ids.append(audit.record(s, actor, "create", "test", f"{os.getpid()}-{i}", "并发").id)
            s.commit()
    out.write_text("\n".join(map(str, ids)), encoding="utf-8")
    app.close()


def _in_two_processes(target, ctx: AppContext, tmp_path: Path, *args: object) -> list[list[str]]:  # type: ignore[no-untyped-def]
    ctx.engine.dispose()
    go_at = time.time() + 1.0
    outs = [tmp_path / f"out{i}.txt" for i in range(2)]
    pids = []
    for out in outs:
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                target(ctx.url, *args, out, go_at)
            except BaseException:
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        pids.append(pid)
    for pid in pids:
        _pid, status = os.waitpid(pid, 0)
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, "a counter failed (see captured stderr)"
    return [o.read_text(encoding="utf-8").split("\n") for o in outs]


def test_two_processes_5000_slip_numbers_each(ctx: AppContext, world: World, tmp_path: Path) -> None:
    a, b = _in_two_processes(_slips, ctx, tmp_path, world.store_ids["SH01"], PER_PROCESS)
    assert len(a) == len(b) == PER_PROCESS
    assert not set(a) & set(b), "the same number went to both counters"
    expected = [f"SH01-2026-{i:06d}" for i in range(1, 2 * PER_PROCESS + 1)]
    assert sorted(a + b) == expected
    assert a == sorted(a) and b == sorted(b)  # each counter's numbers only go up
    with ctx.uow.read() as s:
        assert sorted(s.scalars(select(RepairSlip.number))) == expected
        assert peek(s, "slip:SH01:2026") == 2 * PER_PROCESS
        assert integrity.number_gaps(s) == []


def test_two_processes_writing_audit_entries_keep_one_chain(ctx: AppContext, world: World, manager: Actor,
                                                           tmp_path: Path) -> None:
    a, b = _in_two_processes(_audits, ctx, tmp_path, manager, 300)
    assert len(set(a) | set(b)) == 600
    with ctx.uow.read() as s:
        assert list(audit.verify_chain(s)) == []
        prevs = list(s.scalars(select(AuditEntry.prev_hash)))
        assert len(prevs) == len(set(prevs)), "two entries claim the same predecessor: the chain forked"
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.entity == "test")) == 600
