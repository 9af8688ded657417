"""Printing from the windows needs no program outside the installed package: PDFium (pypdfium2)
turns the slip into pages at the printer's resolution, which Qt's printer paints."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QMarginsF, QTimer
from PySide6.QtGui import QImage, QPageLayout
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counter_app.bootstrap import AppContext
from counter_app.services import slip_print, slips
from tests.factories import World
from ui import printing

A5_MM = (148, 210)


@pytest.fixture
def slip_pdf(ctx: AppContext, world: World, tmp_path: Path) -> Path:
    """A real two-page A5 slip (customer copy and store copy) as the program prints it."""
    with ctx.uow.write() as s:
        intake = slips.intake_from_receipt(s, world.clerk, "R20261118001", "DR0001", "3.25")
        number = slips.create(s, world.clerk, intake.id, slips.SlipDraft(works=["resize", "clean"])).number
        pdf, _reprint = slip_print.print_slip(s, world.clerk, number, "a5")
        s.commit()
    path = tmp_path / "slip.pdf"
    path.write_bytes(pdf)
    return path


@pytest.fixture
def no_poppler(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No pdftoppm anywhere on PATH, as on a counter PC or inside the bundle."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    assert shutil.which("pdftoppm") is None


def dark_share(image: QImage) -> float:
    """The share of pixels darker than mid-grey (text, lines, codes)."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    data, step, width = bytes(grey.constBits()), grey.bytesPerLine(), grey.width()
    light = bytes(range(128, 256))
    dark = sum(len(data[y * step:y * step + width].translate(None, light)) for y in range(grey.height()))
    return dark / (width * grey.height())


def printed_pages_mm(path: Path) -> list[tuple[int, int]]:
    return [(round(float(p.mediabox.width) / 72 * 25.4), round(float(p.mediabox.height) / 72 * 25.4))
            for p in PdfReader(str(path)).pages]


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    return printer


@pytest.mark.parametrize("dpi", [150, 300])
def test_slip_pages_are_a5_at_the_dpi_and_carry_print(qapp: QApplication, slip_pdf: Path, no_poppler: None,
                                                       dpi: int) -> None:
    pages = printing.rasterise(slip_pdf, dpi)
    assert len(pages) == 2
    width, height = (round(mm / 25.4 * dpi) for mm in A5_MM)
    for page in pages:
        assert abs(page.width() - width) <= 1 and abs(page.height() - height) <= 1
        assert 0.005 < dark_share(page) < 0.5  # text and codes on a white sheet
        assert page.pixelColor(2, 2).name() == "#ffffff"  # the margin is white, not transparent black


def test_unreadable_file_gives_no_pages(qapp: QApplication, tmp_path: Path) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    assert printing.rasterise(broken) == []
    assert printing.pdf_page_sizes(broken) == []
    assert printing.rasterise(tmp_path / "missing.pdf") == []


def test_printer_resolution_is_kept_within_bounds(qapp: QApplication, tmp_path: Path) -> None:
    printer = pdf_printer(tmp_path / "x.pdf")
    printer.setResolution(1200)
    assert printing.printer_dpi(printer) == printing.MAX_DPI
    printer.setResolution(300)
    assert printing.printer_dpi(printer) == 300
    printer.setResolution(72)
    assert printing.printer_dpi(printer) == printing.MIN_DPI


def test_printing_to_a_pdf_printer_works_without_pdftoppm(qapp: QApplication, slip_pdf: Path, no_poppler: None,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "printed.pdf"
    printer = pdf_printer(out)
    saved = printing.output_pdf(None, slip_pdf.read_bytes(), "SH01-slip.pdf", preview=False, printer=printer)
    assert saved.read_bytes() == slip_pdf.read_bytes()
    assert printed_pages_mm(out) == [A5_MM, A5_MM]
    assert not any(box.objectName() == "print_message" and str(saved) in box.text() for box in printing._messages)


def test_pages_are_rendered_at_the_printer_resolution(qapp: QApplication, slip_pdf: Path,
                                                      monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    rendered: list[tuple[int, int]] = []
    real = printing.render_page

    def spy(page: object, dpi: int = printing.DPI) -> QImage:
        image = real(page, dpi)  # type: ignore[arg-type]
        rendered.append((dpi, image.width()))
        return image

    monkeypatch.setattr(printing, "render_page", spy)
    printer = pdf_printer(tmp_path / "printed.pdf")
    printer.setResolution(200)
    assert printing.paint_pdf(printer, slip_pdf) == 2
    assert len(rendered) == 2
    assert all(dpi == 200 and abs(width - round(148 / 25.4 * 200)) <= 1 for dpi, width in rendered)


def test_print_preview_paints_the_slip(qtbot: QtBot, slip_pdf: Path, no_poppler: None, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    painted: list[int] = []
    real = printing.paint_pdf

    def spy(printer: QPrinter, path: Path) -> int:
        n = real(printer, path)
        painted.append(n)
        return n

    def close_preview() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QPrintPreviewDialog) and w.isVisible():
                w.reject()
                return
        QTimer.singleShot(50, close_preview)

    monkeypatch.setattr(printing, "paint_pdf", spy)
    QTimer.singleShot(50, close_preview)
    printing.output_pdf(None, slip_pdf.read_bytes(), "preview.pdf", preview=True,
                        printer=pdf_printer(tmp_path / "preview-out.pdf"))
    assert painted and painted[0] == 2  # the preview shows both copies
