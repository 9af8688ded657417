"""The contract commands, run as a user would: customer search / show, calls today, complaint list."""

from __future__ import annotations

import json

import pytest

from counter_app.cli import common, main
from tests.factories import World


@pytest.fixture(autouse=True)
def _signed_in(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--user LOGIN` acts as that staff member (passwords are the sign-in area's tests)."""
    by_login = {"wangfang": world.clerk, "liqiang": world.manager}
    original = common.actor_resolver

    def resolve(ctx, args):  # type: ignore[no-untyped-def]
        login = getattr(args, "user", None)
        return by_login[login] if login else original(ctx, args)

    monkeypatch.setattr(common, "actor_resolver", resolve)


def run(capsys: pytest.CaptureFixture[str], world: World, *args: str) -> tuple[int, str, str]:
    code = main(["--db", world.ctx.url, *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_customer_search_json(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, world, "customer", "search", "zxm", "--json")
    assert code == 0
    hits = json.loads(out)
    assert hits[0]["name"] == "张晓明" and hits[0]["phone_masked"] == "138****5678"
    assert hits[0]["reason"] == "initials" and hits[0]["id"] == world.customer_ids["zhang"]
    code, out, _err = run(capsys, world, "customer", "search", "４３２１")
    assert code == 0 and "曾丽华" in out and "139****4321" in out and "13987654321" not in out
    code, out, _err = run(capsys, world, "customer", "search", "nobody-here")
    assert code == 0 and "没有找到" in out


def test_customer_add_edit_show_and_reveal(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, world, "customer", "add", "--name", "张小明", "--phone", "13812345678", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["duplicates"][0]["other_id"] == world.customer_ids["zhang"]
    new_id = str(data["id"])
    code, out, err = run(capsys, world, "customer", "edit", new_id, "--birthday", "2026-02-30")
    assert code == 1 and "日期不对" in err
    code, out, _err = run(capsys, world, "customer", "edit", new_id, "--address", "上海市长宁区")
    assert code == 0
    code, out, _err = run(capsys, world, "customer", "show", new_id, "--json")
    f = json.loads(out)
    assert f["address"] == "上海市长宁区" and f["phone_masked"] == "138****5678"
    assert [h["action"] for h in f["history"]] == ["create", "update"]
    code, out, _err = run(capsys, world, "customer", "show", str(world.customer_ids["zeng"]))
    assert "购买 R20261117002" in out and "139****4321" in out
    code, out, _err = run(capsys, world, "customer", "reveal", new_id)
    assert out.strip() == "13812345678"


def test_merge_needs_a_manager(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = str(world.customer_ids["zhang"]), str(world.customer_ids["zeng"])
    code, _out, err = run(capsys, world, "--user", "wangfang", "customer", "merge", a, b, "--reason", "x")
    assert code == 3 and "店长" in err
    code, out, _err = run(capsys, world, "--user", "liqiang", "customer", "merge", a, b, "--reason", "同一人",
                          "--json")
    assert code == 0 and json.loads(out)["moved"]["receipts"]
    code, out, _err = run(capsys, world, "customer", "search", "曾丽华", "--json")
    assert json.loads(out) == []


def test_calls_today_ordered_with_windows(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, world, "--user", "liqiang", "calls", "today", "--on", "2026-11-25", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["date"] == "2026-11-25"
    assert [(c["name"], c["kind"], c["window"], c["slot"]) for c in data["calls"]] == [
        ("曾丽华", "first_service", "morning", "09:30")]
    code, out, _err = run(capsys, world, "calls", "today", "--on", "2026-11-25", "--at", "15:00")
    assert "14:30–16:30" in out and "15:00" in out and "第一次服务" in out
    code, _out, err = run(capsys, world, "calls", "today", "--on", "2026-13-01")
    assert code == 1 and "日期不对" in err
    task = str(data["calls"][0]["task_id"])
    code, _out, _err = run(capsys, world, "--user", "liqiang", "calls", "log", "--task", task, "--outcome", "booked")
    assert code == 0
    code, out, _err = run(capsys, world, "calls", "today", "--on", "2026-11-25", "--json")
    assert json.loads(out)["calls"] == []


def test_complaint_add_list_overdue(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    cid = str(world.customer_ids["zeng"])
    code, out, _err = run(capsys, world, "complaint", "add", cid, "--what", "项链掉色", "--place", "柜台",
                          "--received-at", "2026-11-20 11:00", "--json")
    assert code == 0 and json.loads(out)["number"] == "SH01-C2026-0001"
    run(capsys, world, "complaint", "add", cid, "--what", "刚刚的事", "--received-at", "2026-11-25 11:00")
    code, out, _err = run(capsys, world, "complaint", "list", "--overdue", "--at", "2026-11-25 12:00", "--json")
    rows = json.loads(out)
    assert [r["number"] for r in rows] == ["SH01-C2026-0001"]
    assert rows[0]["overdue"] is True and rows[0]["level"] == "max_late"
    code, out, _err = run(capsys, world, "complaint", "list", "--overdue", "--at", "2026-11-25 12:00")
    assert "SH01-C2026-0001" in out and "SH01-C2026-0002" not in out
    code, out, _err = run(capsys, world, "complaint", "step", "SH01-C2026-0001", "cause", "--cause", "quality")
    assert code == 0 and "采购部" in out
    code, out, _err = run(capsys, world, "complaint", "resolve", "SH01-C2026-0001", "--text", "已更换")
    assert code == 0
    code, out, _err = run(capsys, world, "complaint", "list", "--overdue", "--at", "2026-11-25 12:00", "--json")
    assert json.loads(out) == []
    code, out, _err = run(capsys, world, "complaint", "faq")
    assert "不要说" in out and "哪个牌子都差不多" in out
