"""`counter-app verify` as a clerk runs it: JSON keys, the readable table, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app.bootstrap import AppContext
from counter_app.cli import main
from tests.factories import World

ROOT = Path(__file__).resolve().parents[2]
FIELDS = ["receipt", "product", "certificate_issuer", "certificate_no", "engraving", "weight_g", "carat",
          "color", "clarity", "cut"]


def verify(capsys: pytest.CaptureFixture[str], ctx: AppContext, *args: str) -> tuple[int, str, str]:
    code = main(["verify", "--db", ctx.url, "--store", "SH01", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_has_the_contract_keys(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World) -> None:
    code, out, err = verify(capsys, ctx, "--receipt", "R20261118001", "--product", "DR0001",
                            "--cert-issuer", "ＧＩＡ", "--cert-no", "ＧＩＡ　２１４１４３８１７１",
                            "--weight", "3.27", "--carat", "0.30", "--color", "g", "--clarity", "VS1", "--cut", "EX",
                            "--engraving", "GIA 2141438171", "--on", "2026-11-25", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert [f["field"] for f in data["fields"]] == FIELDS
    assert all(set(f) == {"field", "record", "observed", "status"} for f in data["fields"])
    assert all(f["status"] == "match" for f in data["fields"])
    assert set(data["eligibility"]) == {"return", "quality_return", "exchange", "trade_in", "repair"}
    assert all(set(e) == {"ok", "reason"} and isinstance(e["ok"], bool) for e in data["eligibility"].values())
    assert data["eligibility"]["trade_in"]["ok"] is True
    assert data["eligibility"]["return"]["ok"] is True  # day 7 of 7
    weight = next(f for f in data["fields"] if f["field"] == "weight_g")
    assert weight == {"field": "weight_g", "record": "3.250", "observed": "3.27", "status": "match"}
    assert data["verdict"] == "match" and data["price"] == "12800.00"


def test_weight_just_outside_tolerance_and_wrong_certificate(
        capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World) -> None:
    code, out, _err = verify(capsys, ctx, "--receipt", "R20261118001", "--product", "DR0001",
                             "--cert-issuer", "GIA", "--cert-no", "2141438999", "--weight", "3.271",
                             "--on", "2026-11-25", "--json")
    assert code == 0
    data = json.loads(out)
    status = {f["field"]: f["status"] for f in data["fields"]}
    assert status["weight_g"] == "mismatch" and status["certificate_no"] == "mismatch"
    assert status["carat"] == "missing"
    assert data["eligibility"]["trade_in"]["ok"] is False and "证书号" in data["eligibility"]["trade_in"]["reason"]


def test_day_8_return_refused_in_words(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World) -> None:
    code, out, _err = verify(capsys, ctx, "--receipt", "R20261117002", "--product", "DR0002", "--on", "2026-11-25",
                             "--json")
    assert code == 0
    e = json.loads(out)["eligibility"]["return"]
    assert e == {"ok": False, "reason": "已过 7 天无条件退换期（销售日 2026-11-17，今天是第 8 天）"}


def test_retest_and_quality_report_options(capsys: pytest.CaptureFixture[str], ctx: AppContext,
                                           world: World) -> None:
    base = ["--receipt", "R20261117002", "--product", "DR0002", "--cert-issuer", "NGTC", "--cert-no",
            "N2026110301", "--on", "2026-11-25", "--json"]
    _c, out, _e = verify(capsys, ctx, *base)
    assert json.loads(out)["eligibility"]["trade_in"]["ok"] is False
    _c, out, _e = verify(capsys, ctx, *base, "--retest-code", "N2026110301", "--retest-color", "F",
                         "--retest-clarity", "VVS2", "--quality-report")
    elig = json.loads(out)["eligibility"]
    assert elig["trade_in"]["ok"] is True and elig["quality_return"]["ok"] is True


def test_readable_table(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World) -> None:
    code, out, _err = verify(capsys, ctx, "--receipt", "R20261118001", "--product", "DR0001",
                             "--cert-no", "2141438000", "--weight", "3.25", "--on", "2026-11-25")
    assert code == 0
    lines = out.splitlines()
    assert any(line.startswith("证书号") and line.rstrip().endswith("✗") for line in lines)
    assert any(line.startswith("重量") and line.rstrip().endswith("✓") for line in lines)
    assert any(line.startswith("克拉") and line.rstrip().endswith("—") for line in lines)
    assert any(line.startswith("✗ 以旧换新") for line in lines)
    assert any(line.startswith("✓ 维修服务") for line in lines)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--receipt", "R0000", "--product", "DR0001"], "没有销售单 R0000"),
        (["--receipt", "R20261118001", "--product", "ZZ9"], "DR0001、GN0001"),
        (["--receipt", "R20261118001", "--product", "DR0001", "--weight", "3,2g"], "重量"),
        (["--receipt", "R20261118001", "--product", "DR0001", "--weight", "-1"], "重量"),
        (["--receipt", "R20261118001", "--product", "DR0001", "--weight", "0"], "重量"),
        (["--receipt", "R20261118001", "--product", "DR0001", "--weight", "2500"], "2000"),
        (["--receipt", "R20261118001", "--product", "DR0001", "--carat", "abc"], "克拉"),
        (["--receipt", "R20261118001", "--product", "DR0001", "--on", "2099-01-01"], "将来"),
        (["--receipt", "R20261118001", "--product", "DR0001", "--on", "2026-02-30"], "日期"),
        (["--receipt", "R20261118001", "--product", "DR0001", "--on", "2026-11-01"], "早于销售日"),
        (["--receipt", "R20261118001", "--product", "DR0001", "--retest-code", "X"], "复检"),
    ],
)
def test_refusals_exit_1_with_one_line(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World,
                                       args: list[str], words: str) -> None:
    code, out, err = verify(capsys, ctx, *args)
    assert code == 1
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and words in lines[0]


def test_as_a_new_user_runs_it(ctx: AppContext, world: World) -> None:
    """Through the installed entry point, with the database named by a bare path."""
    db = ctx.url.replace("sqlite:///", "")
    env = {**os.environ, "COUNTER_APP_LANG": "zh"}
    ok = subprocess.run([sys.executable, "-m", "counter_app", "verify", "--db", db, "--receipt", "R20261118001",
                         "--product", "GN0001", "--weight", "10.01", "--on", "2026-11-25", "--json"],
                        cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert ok.returncode == 0, ok.stderr
    data = json.loads(ok.stdout)
    assert data["eligibility"]["trade_in"]["ok"] is True  # gold priced by weight
    bad = subprocess.run([sys.executable, "-m", "counter_app", "verify", "--db", db, "--receipt", "NOPE",
                          "--product", "GN0001"], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 1 and "没有销售单 NOPE" in bad.stderr and "Traceback" not in bad.stderr
