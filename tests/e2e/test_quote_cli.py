"""`counter-app prices …` and `counter-app quote …` as a clerk runs them: keys, numbers, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from counter_app.bootstrap import AppContext
from counter_app.cli import main
from tests.factories import World

ON = ["--on", "2026-11-25"]
RING = ["--receipt", "R20261118001", "--product", "DR0001"]
GIA = ["--cert-issuer", "GIA", "--cert-no", "2141438171"]


def run(capsys: pytest.CaptureFixture[str], ctx: AppContext, *args: str) -> tuple[int, str, str]:
    code = main([*args, "--db", ctx.url, "--store", "SH01"])
    out = capsys.readouterr()
    return code, out.out, out.err


def js(capsys: pytest.CaptureFixture[str], ctx: AppContext, *args: str) -> dict[str, Any]:
    code, out, err = run(capsys, ctx, *args, "--json")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


@pytest.fixture
def gold_prices(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World) -> None:
    code, _out, err = run(capsys, ctx, "prices", "set", "--metal", "gold", "--fineness", "999", "--buy", "560.00",
                          "--sell", "620.00", *ON)
    assert code == 0, err


# --- prices ------------------------------------------------------------------------------------


def test_prices_set_and_show(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World) -> None:
    code, out, _ = run(capsys, ctx, "prices", "set", "--metal", "黄金", "--fineness", "999", "--buy", "560",
                       "--sell", "620", *ON)
    assert code == 0 and "足金999" in out and "¥560.00" in out
    run(capsys, ctx, "prices", "set", "--metal", "gold", "--fineness", "999", "--buy", "561.50", "--sell", "621",
        *ON)
    run(capsys, ctx, "prices", "set", "--metal", "platinum", "--fineness", "PT950", "--buy", "230", "--sell", "300",
        *ON)
    data = js(capsys, ctx, "prices", "show", *ON)
    assert data["on"] == "2026-11-25"
    by = {(p["metal"], p["fineness"]): p for p in data["prices"]}
    assert by[("gold", "999")]["buy"] == "561.50" and by[("gold", "999")]["sell"] == "621.00"
    assert by[("platinum", "950")]["name"] == "铂金PT950"
    assert [h["buy"] for h in data["history"] if h["metal"] == "gold"] == ["561.50", "560.00"]
    assert all(h["entered_by"] and h["entered_at"] for h in data["history"])
    code, out, _ = run(capsys, ctx, "prices", "show", *ON)
    assert code == 0 and "已被更正" in out
    assert "没有录入金价" in run(capsys, ctx, "prices", "show", "--on", "2026-11-01")[1]


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--buy", "5a0", "--sell", "620"], 1, "不是金额"),
        (["--buy", "-560", "--sell", "620"], 1, "须大于 0"),
        (["--buy", "560", "--sell", "620", "--on", "2026-02-30"], 1, "日期不对"),
    ],
)
def test_prices_set_refusals(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World, args: list[str],
                             code: int, words: str) -> None:
    got, _out, err = run(capsys, ctx, "prices", "set", "--metal", "gold", "--fineness", "999", *args)
    assert got == code and words in err and len(err.strip().splitlines()) == 1


def test_a_clerk_cannot_set_prices(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from counter_app.cli import common

    monkeypatch.setattr(common, "actor_resolver", lambda _ctx, _args: world.clerk)  # signed in as 王芳
    code, _out, err = run(capsys, ctx, "prices", "set", "--metal", "gold", "--fineness", "999", "--buy", "560",
                          "--sell", "620")
    assert code == 3 and "店长" in err
    assert js(capsys, ctx, "prices", "show")["history"] == []


# --- return and exchange --------------------------------------------------------------------------


def test_return_needs_as_sold(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World) -> None:
    data = js(capsys, ctx, "quote", "return", *RING, *ON)
    assert data["allowed"] is False and "外包装" in data["reasons"][0] and data["refund"] == "12800.00"
    data = js(capsys, ctx, "quote", "return", *RING, *ON, "--as-sold")
    assert data["allowed"] is True and data["reasons"] == [] and data["refund"] == "12800.00"


@pytest.mark.parametrize(
    ("receipt", "product", "extra", "allowed", "words"),
    [
        ("R20261117002", "DR0002", [], False, "已过7日"),  # day 8
        ("R20261117002", "DR0002", ["--quality-report"], True, ""),
        ("R20261026003", "CM0001", [], False, "定制产品"),  # custom-made, day 30
        ("R20261026003", "CM0001", ["--quality-report"], True, ""),  # day 30 with a report
        ("R20261026003", "CM0001", ["--quality-report", "--on", "2026-11-26"], False, "已过30日"),  # day 31
    ],
)
def test_return_days(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World, receipt: str, product: str,
                     extra: list[str], allowed: bool, words: str) -> None:
    on = [] if "--on" in extra else ON
    data = js(capsys, ctx, "quote", "return", "--receipt", receipt, "--product", product, "--as-sold", *on, *extra)
    assert data["allowed"] is allowed
    assert words in " ".join(data["reasons"])


def test_exchange_with_several_pieces(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World) -> None:
    data = js(capsys, ctx, "quote", "exchange", *RING, *ON, "--as-sold", "--new-price", "9000",
              "--new-price", "¥4,000.50")
    assert set(data) >= {"allowed", "reasons", "credit", "to_pay"}
    assert (data["allowed"], data["credit"], data["to_pay"]) == (True, "12800.00", "200.50")
    data = js(capsys, ctx, "quote", "exchange", *RING, *ON, "--as-sold", "--new-price", "12799.99")
    assert data["allowed"] is False and "新品须不低于 ¥12,800.00" in data["reasons"][0]
    data = js(capsys, ctx, "quote", "exchange", *RING, *ON, "--new-price", "13000")
    assert data["allowed"] is False and "还缺" in data["reasons"][0]


# --- trade-in ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prices", "allowed", "to_pay"),
    [(["14080.00"], True, "1280.00"), (["14078.72"], False, "1278.72"), (["9000", "5080"], True, "1280.00")],
)
def test_trade_in_ratio(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World, prices: list[str],
                        allowed: bool, to_pay: str) -> None:
    args = [a for p in prices for a in ("--new-price", p)]
    data = js(capsys, ctx, "quote", "trade-in", *RING, *ON, *GIA, *args)
    assert set(data) >= {"allowed", "reasons", "credit", "minimum_new_price", "to_pay", "policy"}
    assert data["allowed"] is allowed and data["credit"] == "12800.00" and data["to_pay"] == to_pay
    assert data["minimum_new_price"] == "14080.00"
    assert data["policy"]["version"] == 1 and data["policy"]["trade_in_min_ratio"] == "1.10"
    if not allowed:
        assert data["reasons"][0].startswith("新品须不低于 ¥14,080.00")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        ([*RING], "证书"),
        ([*RING, "--cert-issuer", "GIA", "--cert-no", "999"], "证书号与记录不符"),
        (["--receipt", "R20261117002", "--product", "DR0002", "--cert-issuer", "NGTC", "--cert-no", "N2026110301"],
         "复检"),
    ],
)
def test_trade_in_checks(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World, args: list[str],
                         words: str) -> None:
    data = js(capsys, ctx, "quote", "trade-in", *args, *ON, "--new-price", "60000")
    assert data["allowed"] is False and any(words in r for r in data["reasons"])


def test_trade_in_large_stone_with_retest(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World) -> None:
    data = js(capsys, ctx, "quote", "trade-in", "--receipt", "R20261117002", "--product", "DR0002", "--cert-issuer",
              "NGTC", "--cert-no", "N2026110301", "--retest-code", "D7781", "--retest-color", "F",
              "--retest-clarity", "VVS2", *ON, "--new-price", "28160")
    assert data["allowed"] is True and data["to_pay"] == "2560.00"


# --- by weight -------------------------------------------------------------------------------------


def test_metal_quote(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World, gold_prices: None) -> None:
    data = js(capsys, ctx, "quote", "metal", "--metal", "gold", "--fineness", "999", "--weight", "10.00",
              "--new-weight", "13.5", "--labour-per-g", "15", "--labour", "50", *ON)
    assert set(data) >= {"credit", "new_price", "to_pay", "lines", "prices"}
    assert (data["credit"], data["new_price"], data["to_pay"]) == ("5600.00", "8622.50", "3022.50")
    assert [ln["amount"] for ln in data["lines"]] == ["5600.00", "8370.00", "202.50", "50.00"]
    assert data["prices"][0]["buy"] == "560.00" and data["prices"][0]["sell"] == "620.00"
    code, out, _ = run(capsys, ctx, "quote", "metal", "--metal", "足金", "--weight", "10", *ON)
    assert code == 0 and "旧料回收" in out and "¥5,600.00" in out and "本店应付顾客：¥5,600.00" in out


def test_metal_policy_deduction_and_weight_rule(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World,
                                                gold_prices: None) -> None:
    from counter_app.services import policy

    with ctx.uow.write() as s:
        policy.set_values(s, world.manager, {"metal_deduction_per_g": "30", "metal_min_new_weight_ratio": "0.30"})
        s.commit()
    data = js(capsys, ctx, "quote", "metal", "--metal", "gold", "--fineness", "999", "--weight", "10",
              "--new-weight", "12.99", *ON)
    assert data["allowed"] is False and "新品须不低于 13.00 克" in data["reasons"][0]
    assert data["credit"] == "5300.00" and data["policy"]["version"] == 2


def test_metal_without_prices(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World) -> None:
    code, out, err = run(capsys, ctx, "quote", "metal", "--metal", "platinum", "--fineness", "PT950",
                         "--weight", "5", *ON)
    assert code == 1 and out == ""
    assert "2026-11-25" in err and "铂金PT950" in err and "platinum 950" in err


@pytest.mark.parametrize(
    "args",
    [
        ["quote", "exchange", *RING, "--new-price", "12a00", "--as-sold"],
        ["quote", "trade-in", *RING, "--new-price", "-14080"],
        ["quote", "trade-in", *RING, "--new-price", "0"],
        ["quote", "return", "--receipt", "R999", "--product", "DR0001"],
        ["quote", "return", "--receipt", "R20261118001", "--product", "XX1"],
        ["quote", "return", *RING, "--on", "2026-13-01"],
        ["quote", "metal", "--metal", "silver", "--fineness", "925", "--weight", "3"],
        ["quote", "metal", "--metal", "gold", "--fineness", "999", "--weight", "abc"],
        ["quote", "metal", "--metal", "gold", "--fineness", "999", "--weight", "-3"],
        ["quote", "show", "SH01-Q2026-000099"],
    ],
)
def test_bad_input_exits_1_with_one_line(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World,
                                         args: list[str]) -> None:
    code, out, err = run(capsys, ctx, *args)
    assert code == 1, err
    assert out == "" and len(err.strip().splitlines()) == 1 and err.startswith("错误：")


# --- save, show, print, accept ---------------------------------------------------------------------


def test_save_show_accept_print(capsys: pytest.CaptureFixture[str], ctx: AppContext, world: World,
                                tmp_path: Path) -> None:
    code, out, _ = run(capsys, ctx, "quote", "trade-in", *RING, *ON, *GIA, "--new-price", "9000",
                       "--new-price", "5080", "--save")
    assert code == 0 and "SH01-Q2026-000001" in out and "顾客应补差价：¥1,280.00" in out
    saved = js(capsys, ctx, "quote", "show", "SH01-Q2026-000001")
    assert (saved["number"], saved["status"], saved["to_pay"]) == ("SH01-Q2026-000001", "draft", "1280.00")
    code, out, _ = run(capsys, ctx, "quote", "accept", "SH01-Q2026-000001")
    assert code == 0 and "已由顾客确认" in out
    code, _out, err = run(capsys, ctx, "quote", "accept", "SH01-Q2026-000001")
    assert code == 1 and "已由顾客确认" in err
    pdf = tmp_path / "st.pdf"
    code, out, _ = run(capsys, ctx, "quote", "print", "SH01-Q2026-000001", "--out", str(pdf))
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF")
    code, _out, err = run(capsys, ctx, "quote", "print", "SH01-Q2026-000001", "--out", str(tmp_path / "no" / "x.pdf"))
    assert code == 1 and "文件夹不存在" in err
    data = js(capsys, ctx, "quote", "return", *RING, *ON, "--save")
    assert data["number"] == "SH01-Q2026-000002" and data["allowed"] is False
    code, out, _ = run(capsys, ctx, "quote", "void", "SH01-Q2026-000002", "--reason", "录错")
    assert code == 0 and js(capsys, ctx, "quote", "show", "SH01-Q2026-000002")["status"] == "void"


def test_console_script_runs(ctx: AppContext, world: World) -> None:
    out = subprocess.run([sys.executable, "-m", "counter_app", "quote", "trade-in", *RING, *ON, *GIA,
                          "--new-price", "14080", "--json", "--db", ctx.url], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["to_pay"] == "1280.00"
