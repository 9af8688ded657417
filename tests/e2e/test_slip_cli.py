"""`counter-app slip …` as the contract says: numbers out, JSON keys, exit codes, one-line refusals."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from counter_app.bootstrap import AppContext
from counter_app.cli import main
from counter_app.printing.codes import qr_payload
from tests.e2e.test_cli_basics import run as run_subprocess
from tests.factories import World


@pytest.fixture
def cli(ctx: AppContext, world: World, capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    db = ctx.url

    def call(*args: str) -> tuple[int, str, str]:
        code = main(["--db", db, "--store", "SH01", *args])
        out, err = capsys.readouterr()
        return code, out, err

    return call


def test_resize_ring_from_create_to_pickup(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("slip", "create", "--receipt", "R20261118001", "--product", "DR0001", "--work", "resize",
                         "--weight", "3.25", "--shipping-fee", "20", "--note", "改小一号", "--json")
    assert code == 0, err
    number = json.loads(out)["number"]
    assert number == "SH01-2026-000001"
    assert cli("slip", "print", number, "--out", str(tmp_path / "s.pdf"), "--size", "80mm")[0] == 0
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")
    code, out, err = cli("slip", "batch", "send", number, "--out", str(tmp_path / "send.pdf"))
    assert code == 0, err and "SH01-B2026-0001" in out
    code, out, err = cli("slip", "batch", "receive", number, "--weight", f"{number}=3.30", "--out",
                         str(tmp_path / "back.pdf"))
    assert code == 0 and "重量相差" in err
    code, out, _ = cli("slip", "notify", number, "--channel", "sms")
    assert code == 0 and number in out and "张晓明" in out
    code, _, err = cli("slip", "pickup", qr_payload(number))
    assert code == 1 and "尚欠" in err and len(err.strip().splitlines()) == 1
    code, out, err = cli("slip", "pickup", qr_payload(number), "--pay", "20", "--weight", "3.30", "--json")
    assert code == 0, err
    assert json.loads(out)["status"] == "collected"
    code, out, _ = cli("slip", "show", number, "--json")
    shown = json.loads(out)
    assert [e["to"] for e in shown["timeline"] if e["kind"] == "status"] == [
        "received", "sent", "back", "notified", "collected"]
    assert any(e["data"].get("signature") for e in shown["timeline"] if e["to"] == "collected")


def test_status_list_and_refusals(cli) -> None:  # type: ignore[no-untyped-def]
    _, out, _ = cli("slip", "create", "--receipt", "R20261118001", "--product", "DR0001", "--work", "solder",
                    "--work", "clean", "--weight", "3.25")
    number = out.strip()
    code, _, err = cli("slip", "status", number, "--to", "已回店")
    assert code == 1 and "已收件" in err and "已送厂" in err
    assert cli("slip", "status", number, "--to", "sent", "--note", "周一批")[0] == 0
    code, out, _ = cli("slip", "list", "--status", "sent", "--json")
    rows = json.loads(out)
    assert [r["number"] for r in rows] == [number]
    assert {"number", "status", "customer", "product_code", "promised_on", "overdue"} <= set(rows[0])
    assert rows[0]["customer"] == "张晓明" and rows[0]["overdue"] is False
    assert json.loads(cli("slip", "list", "--status", "received", "--json")[1]) == []
    code, _, err = cli("slip", "status", "SH01-2026-000999", "--to", "sent")
    assert code == 1 and "SH01-2026-000999" in err
    code, _, err = cli("slip", "print", "SH01-2026-000999", "--out", "/tmp/never.pdf")
    assert code == 1
    code, out, err = cli("slip", "void", number, "--reason", "错单")
    assert code == 0 and "已作废" in out
    assert json.loads(cli("slip", "list", "--json")[1]) == []


def test_lost_slip_from_the_cli(cli) -> None:  # type: ignore[no-untyped-def]
    number = cli("slip", "create", "--receipt", "R20261118001", "--product", "DR0001", "--work", "resize",
                 "--weight", "3.25")[1].strip()
    for step in ("sent", "back", "notified"):
        assert cli("slip", "status", number, "--to", step)[0] == 0
    assert cli("slip", "lost", number, "--id-type", "身份证", "--id-last4", "1234", "--phone", "13812345678",
               "--approved-by", "赵敏", "--approval-ref", "HQ-88")[0] == 0
    code, _, err = cli("slip", "pickup", number)
    assert code == 1 and "挂失" in err
    code, out, err = cli("slip", "pickup", number, "--lost-id-type", "身份证", "--lost-id-last4", "1234",
                         "--approved-by", "赵敏", "--approval-ref", "HQ-88")
    assert code == 0, err


def test_the_installed_command_prints_the_number(ctx: AppContext, world: World) -> None:
    db = ctx.url
    out = run_subprocess("slip", "create", "--db", db, "--store", "SH01", "--receipt", "R20261117002",
                         "--product", "DR0002", "--work", "refurbish", "--weight", "4.1")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "SH01-2026-000001"
    bad = run_subprocess("slip", "pickup", "SH01-2026-000404", "--db", db)
    assert bad.returncode == 1 and "SH01-2026-000404" in bad.stderr
    assert isinstance(bad, subprocess.CompletedProcess)


def test_create_exactly_as_the_contract_writes_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`slip create --receipt R --product P --work resize` with nothing else: the weight on record
    becomes the intake weight, and the number is printed."""
    import json

    from counter_app.bootstrap import open_app
    from counter_app.cli import main
    from tests.factories import build_world

    db = str(tmp_path / "c.sqlite3")
    ctx = open_app(db)
    build_world(ctx)
    ctx.close()
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["slip", "create", "--db", db, "--receipt", "R20261118001", "--product", "DR0001",
                     "--work", "resize", "--json"])
    assert code == 0
    number = json.loads(out.getvalue())["number"]
    assert number == "SH01-2026-000001"
    ctx = open_app(db)
    with ctx.uow.read() as s:
        from sqlalchemy import select

        from counter_app.data.models import RepairSlip

        slip = s.scalars(select(RepairSlip)).one()
        assert str(slip.intake_weight_g) == "3.250"
    ctx.close()
