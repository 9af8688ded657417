"""Every PDF the program prints embeds its fonts: it prints the same on a computer without them."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from counter_app.bootstrap import open_app
from counter_app.cli import main
from tests.factories import build_world


def _fonts(pdf: Path) -> dict[str, bool]:
    """Font name -> embedded, over every page (descendant fonts of Type0 included)."""
    found: dict[str, bool] = {}
    for page in PdfReader(str(pdf)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            for f in descendants:
                desc = f.get("/FontDescriptor")
                desc = desc.get_object() if desc is not None else {}
                embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                found[str(f.get("/BaseFont"))] = embedded
    return found


def _run(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(list(args))
    assert code == 0, args
    return out.getvalue()


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "fonts.sqlite3")
    ctx = open_app(path)
    build_world(ctx)
    ctx.close()
    return path


def test_every_printed_document_embeds_its_fonts(db: str, tmp_path: Path) -> None:
    number = _run("slip", "create", "--db", db, "--receipt", "R20261118001", "--product", "DR0001",
                  "--work", "resize").strip()
    _run("slip", "print", number, "--db", db, "--out", str(tmp_path / "slip.pdf"))
    quote = _run("quote", "trade-in", "--db", db, "--receipt", "R20261118001", "--product", "DR0001",
                 "--new-price", "15000", "--cert-issuer", "GIA", "--cert-no", "2141438171", "--save",
                 "--on", "2026-11-25")
    quote_no = next(w for w in quote.split() if "-Q2026-" in w)
    _run("quote", "print", quote_no, "--db", db, "--out", str(tmp_path / "statement.pdf"))
    _run("archive", "--db", db, "--store", "SH01", "--week", "2026-W47", "--out", str(tmp_path / "archive"))
    _run("summary", "--db", db, "--store", "SH01", "--month", "2026-11", "--out", str(tmp_path / "summary"))
    pdfs = sorted(tmp_path.rglob("*.pdf"))
    assert len(pdfs) >= 5
    for pdf in pdfs:
        fonts = _fonts(pdf)
        assert fonts, pdf.name
        assert all(fonts.values()), f"{pdf.name}: {fonts}"
