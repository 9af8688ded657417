"""The printed statement: two copies, every line, the policy used, signatures, an embedded CJK font."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from counter_app.domain.pricing import NewPiece
from counter_app.services import metal_prices, policy, quotes
from tests.factories import TODAY, World

D = Decimal


def _print(world: World, req: quotes.QuoteRequest, tmp_path: Path, reprint: bool = False) -> tuple[str, Path]:
    with world.ctx.uow.write() as s:
        number = quotes.save(s, world.clerk, req).number
        pdf = quotes.print_statement(s, world.clerk, number)
        if reprint:
            pdf = quotes.print_statement(s, world.clerk, number)
        s.commit()
    path = tmp_path / f"{number}.pdf"
    path.write_bytes(pdf)
    return number, path


def _text(path: Path) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def test_trade_in_statement(world: World, tmp_path: Path) -> None:
    req = quotes.QuoteRequest(kind="trade_in", on=TODAY, receipt_no="R20261118001", product_code="DR0001",
                              observed={"cert_issuer": "GIA", "cert_no": "2141438171"},
                              new_pieces=[NewPiece(D("9000"), "NR1001", "铂金钻戒"), NewPiece(D("5080"), "NP2002")])
    number, path = _print(world, req, tmp_path)
    reader = PdfReader(str(path))
    assert len(reader.pages) == 2  # customer copy and store copy
    text = _text(path)
    for words in ("以旧换新结算单", "顾客联", "门店存根联", number, "张晓明", "138****5678", "R20261118001",
                  "18K金钻石戒指", "¥12,800.00", "¥9,000.00", "¥5,080.00", "NR1001 铂金钻戒", "¥14,080.00",
                  "¥1,280.00", "顾客签字", "经办店员", "所用政策（版本 1）", "1.10 (110%)", "结论：可以办理"):
        assert words in text, words
    assert text.count("顾客应补差价") == 2
    fonts = {str(f.get("/BaseFont")) for p in reader.pages for f in p["/Resources"]["/Font"].values()}
    assert any("WenQuanYi" in f for f in fonts)


def test_metal_statement_shows_prices_and_deductions(world: World, tmp_path: Path) -> None:
    with world.ctx.uow.write() as s:
        metal_prices.set_price(s, world.manager, "gold", "999", "560.00", "620.00", on=TODAY)
        policy.set_values(s, world.manager, {"metal_deduction_per_g": "30"})
        s.commit()
    req = quotes.QuoteRequest(kind="metal", on=TODAY, metal="gold", fineness="999", weight=D("10"),
                              new_weight=D("13"), labour_per_g=D("15"))
    _number, path = _print(world, req, tmp_path, reprint=True)
    text = _text(path)
    for words in ("按克重以旧换新结算单", "足金999 10.00 克 × 当日回收价 ¥560.00/克", "-¥300.00", "¥5,300.00",
                  "¥8,060.00", "¥195.00", "¥2,955.00", "所用当日金价", "¥620.00", "¥30.00/克", "补打副本"):
        assert words in text, words


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils not installed")
def test_statement_renders_to_png(world: World, tmp_path: Path) -> None:
    req = quotes.QuoteRequest(kind="return", on=TODAY, receipt_no="R20261117002", product_code="DR0002")
    _number, path = _print(world, req, tmp_path)
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == 2
    assert "结论：不可办理" in _text(path) and "已过7日无条件退货期" in _text(path)
