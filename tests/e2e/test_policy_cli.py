"""`counter-app policy show/set`: every policy value read and changed as in the window, and the
sentences that state a rule follow the value in force."""

from __future__ import annotations

import json

import pytest

from counter_app.bootstrap import AppContext
from counter_app.cli import main
from counter_app.data.models import AuditEntry, PolicyVersion
from tests.factories import World


def run(capsys: pytest.CaptureFixture[str], ctx: AppContext, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--db", ctx.url])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_show_lists_every_value_with_its_version(capsys: pytest.CaptureFixture[str], ctx: AppContext) -> None:
    code, out, err = run(capsys, ctx, "policy", "show", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["version"] == 1
    assert data["values"]["trade_in_min_ratio"] == "1.10" and data["values"]["return_days"] == 7
    assert set(data["labels"]) == set(data["values"])
    code, out, _err = run(capsys, ctx, "policy", "show")
    assert code == 0 and "第 1 版" in out and "trade_in_min_ratio" in out and "1.10" in out


def test_set_makes_a_new_version_with_its_reason(capsys: pytest.CaptureFixture[str], ctx: AppContext) -> None:
    code, out, err = run(capsys, ctx, "policy", "set", "trade_in_min_ratio", "1.15", "--reason", "总部 12 月通知",
                         "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["version"] == 2 and data["values"]["trade_in_min_ratio"] == "1.15"
    assert data["note"] == "总部 12 月通知"
    with ctx.uow.read() as s:
        assert [v.version for v in s.query(PolicyVersion).order_by(PolicyVersion.version)] == [1, 2]
        entry = s.query(AuditEntry).filter_by(entity="policy").one()
        assert entry.before["trade_in_min_ratio"] == "1.10" and entry.after["trade_in_min_ratio"] == "1.15"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["trade_in_min_ratio", "1.15"], "required"),  # argparse: --reason is required
        (["trade_in_min_ratio", "1.15", "--reason", "  "], "须写明原因"),
        (["no_such_key", "1", "--reason", "x"], "没有这个政策参数"),
        (["return_days", "七", "--reason", "x"], "值不对"),
        (["return_days", "-1", "--reason", "x"], "不能是负数"),
        (["trade_in_min_ratio", "0.9", "--reason", "x"], "不能小于 1"),
    ],
)
def test_bad_changes_are_refused_and_change_nothing(capsys: pytest.CaptureFixture[str], ctx: AppContext,
                                                     args: list[str], words: str) -> None:
    try:
        code, _out, err = run(capsys, ctx, "policy", "set", *args)
    except SystemExit as exc:  # argparse refuses a missing option itself
        code, err = int(exc.code or 0), capsys.readouterr().err
    assert code != 0 and words in err
    with ctx.uow.read() as s:
        assert s.query(PolicyVersion).count() <= 1


def test_a_clerk_cannot_change_the_policy(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from counter_app.cli import common

    monkeypatch.setattr(common, "actor_resolver", lambda _ctx, _args: world.clerk)
    code, _out, err = run(capsys, ctx, "policy", "set", "return_days", "8", "--reason", "x")
    assert code != 0 and "店长" in err


def test_verify_states_the_trade_in_ratio_in_force(capsys: pytest.CaptureFixture[str], ctx: AppContext,
                                                   world: World) -> None:
    verify = ["verify", "--store", "SH01", "--receipt", "R20261118001", "--product", "DR0001", "--cert-issuer",
              "GIA", "--cert-no", "2141438171", "--on", "2026-11-25", "--json"]
    code, out, err = run(capsys, ctx, *verify)
    assert code == 0, err
    assert "不低于原价的 110%" in json.loads(out)["eligibility"]["trade_in"]["reason"]
    assert run(capsys, ctx, "policy", "set", "trade_in_min_ratio", "1.15", "--reason", "总部通知")[0] == 0
    code, out, err = run(capsys, ctx, *verify)
    reason = json.loads(out)["eligibility"]["trade_in"]["reason"]
    assert "不低于原价的 115%" in reason and "10%" not in reason
