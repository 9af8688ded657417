"""The printed slip: both copies, what each shows, reprint marking, the embedded font, paper sizes."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from counter_app.bootstrap import AppContext
from counter_app.data.models import AuditEntry
from counter_app.printing.codes import check_char, is_valid, qr_payload, read_scan
from counter_app.services import slip_print, slip_settings, slips
from tests.factories import World
from tests.integration.test_slip_services import make_slip, run


def pdftotext_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "slip.pdf"
    path.write_bytes(pdf)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    out = []
    for n in range(1, pages + 1):
        res = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True,
                             text=True, check=True)
        out.append(res.stdout)
    return out


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture
def slip_no(ctx: AppContext, world: World) -> str:
    return make_slip(ctx, world.clerk, ["resize", "clean"], shipping_fee="20", deposit="5", note="改到 12 号",
                     internal_note="顾客情绪激动，交件时请店长在场", damaged_parts="戒圈变形",
                     defects=[slips.parse_defect("主石松动:refuse")])


@needs_poppler
def test_customer_copy_and_store_copy(ctx: AppContext, world: World, slip_no: str, tmp_path: Path) -> None:
    pdf, reprint = run(ctx, slip_print.print_slip, world.clerk, slip_no, "a5")
    assert reprint == 0
    pages = pdftotext_pages(pdf, tmp_path)
    assert len(pages) == 2
    customer, store = pages
    for text in (customer, store):
        for expected in (slip_no, "上海南京路体验中心", "021-63210001", "张晓明", "DR0001", "18K金钻石戒指",
                         "GIA 2141438171", "改手寸", "清洗", "戒圈变形", "顾客拒绝维修：主石松动", "改到 12 号",
                         "维修单是交还货品的唯一凭证", "总部客服部", "邮寄费由顾客承担", "取件签收", "3.250"):
            assert expected in text, expected
        assert "补打" not in text
    assert "顾客联" in customer and "存根联" in store
    assert "交件时请店长在场" not in customer and "交件时请店长在场" in store
    assert "138****5678" in customer and "13812345678" not in customer
    assert "13812345678" in store
    assert "收件顾客签名" in store and "收件顾客签名" not in customer


@needs_poppler
def test_reprint_is_marked_on_both_copies_and_logged(ctx: AppContext, world: World, slip_no: str,
                                                     tmp_path: Path) -> None:
    run(ctx, slip_print.print_slip, world.clerk, slip_no, "a5")
    run(ctx, slip_print.print_slip, world.clerk, slip_no, "a5")
    pdf, reprint = run(ctx, slip_print.print_slip, world.clerk, slip_no, "80mm")
    assert reprint == 2
    pages = pdftotext_pages(pdf, tmp_path)
    assert len(pages) == 2
    assert all("补打 / COPY 第 2 次" in p for p in pages)
    with ctx.uow.read() as s:
        prints = s.scalars(select(AuditEntry.summary).where(AuditEntry.action == "print",
                                                            AuditEntry.entity_id == slip_no)).all()
        kinds = [e["kind"] for e in slips.timeline(s, slips.get(s, slip_no))]
    assert len(prints) == 3 and "第 2 次" in prints[-1]
    assert kinds.count("reprint") == 2 and kinds.count("print") == 1


def test_font_is_embedded_and_only_that_font(ctx: AppContext, world: World, slip_no: str) -> None:
    pdf, _ = run(ctx, slip_print.print_slip, world.clerk, slip_no, "a5")
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts and all("WenQuanYi" in name for name in fonts)
    for font in fonts.values():
        desc = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in desc


@needs_poppler
def test_pdffonts_lists_the_font_as_embedded(ctx: AppContext, world: World, slip_no: str, tmp_path: Path) -> None:
    pdf, _ = run(ctx, slip_print.print_slip, world.clerk, slip_no, "80mm")
    path = tmp_path / "s.pdf"
    path.write_bytes(pdf)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert lines and all("WenQuanYi" in line and " yes yes yes " in line for line in lines)


def test_paper_sizes(ctx: AppContext, world: World, slip_no: str) -> None:
    pdf, _ = run(ctx, slip_print.print_slip, world.clerk, slip_no, None)  # default from settings: A5
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert round(float(box.width)) == 420 and round(float(box.height)) == 595
    run(ctx, slip_settings.set_paper_size, world.manager, "80mm")
    pdf, _ = run(ctx, slip_print.print_slip, world.clerk, slip_no, None)
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 2
    for p in pages:
        assert round(float(p.mediabox.width) / 72 * 25.4) == 80
        assert float(p.mediabox.height) > float(p.mediabox.width)


def test_check_character_catches_single_errors_and_swaps() -> None:
    number = "SH01-2026-000123"
    payload = qr_payload(number)
    assert payload == f"{number}-{check_char(number)}" and is_valid(payload.replace("-", ""))
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for i, ch in enumerate(number):
        if ch == "-":
            continue
        for other in alphabet:
            if other != ch:
                typo = number[:i] + other + number[i + 1:]
                assert check_char(typo) != check_char(number), typo
    scan = read_scan("ＳＨ01-2026-000124-" + check_char(number))
    assert scan is not None and not scan.check_ok
    assert read_scan(" " + number + " ") == read_scan(number)
    assert read_scan("hello") is None
