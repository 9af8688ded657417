"""Printing a PDF from a window: Qt's print preview and dialog, or the saved file when there is
no printer.

The PDF is always saved first (in the program's data folder, `prints/`), so a clerk with no
printer, or with a printer that fails, still has the document. To print, the pages are turned
into images by PDFium (pypdfium2, which ships its own library: nothing to install on the
counter PC) at the printer's resolution and painted onto QPrinter. Only a PDF that PDFium
cannot read opens in the system's viewer instead.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from PySide6.QtCore import QMarginsF, QRect, QSizeF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox, QWidget

from counter_app.domain import clock
from counter_app.i18n import _
from counter_app.paths import user_data_dir

DPI = 300  # for page images made ahead of a printer (tests, the benchmark)
MAX_DPI = 600  # a 1200 dpi printer gets 600 dpi pages: an A5 page is then 70 MB, not 280 MB
MIN_DPI = 150


def prints_dir() -> Path:
    folder = user_data_dir() / "prints"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_pdf(pdf: bytes, name: str) -> Path:
    """Save under `prints/`; a name already used gets the time added, nothing is overwritten."""
    safe = re.sub(r"[^\w.\-]+", "_", name) or "document.pdf"
    path = prints_dir() / safe
    if path.exists():
        path = path.with_name(f"{path.stem}_{clock.now():%Y%m%d-%H%M%S}{path.suffix}")
    path.write_bytes(pdf)
    return path


def has_printer() -> bool:
    return bool(QPrinterInfo.availablePrinters())


def printer_dpi(printer: QPrinter) -> int:
    """The resolution pages are rendered at for `printer`: its own, within MIN_DPI–MAX_DPI."""
    return max(MIN_DPI, min(printer.resolution(), MAX_DPI))


def render_page(page: pdfium.PdfPage, dpi: int = DPI) -> QImage:
    """One page as an RGB image, `dpi` pixels per inch, on white (straight from PDFium's buffer)."""
    bitmap = page.render(scale=dpi / 72, force_bitmap_format=pdfium_raw.FPDFBitmap_BGRx, rev_byteorder=True,
                         fill_color=(255, 255, 255, 255), optimize_mode="print")
    try:
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888)
        return image.copy()  # own the pixels: the bitmap's buffer goes with it
    finally:
        bitmap.close()


def _open(pdf_path: Path) -> pdfium.PdfDocument | None:
    try:
        return pdfium.PdfDocument(pdf_path)
    except (OSError, pdfium.PdfiumError):
        return None


def rasterise(pdf_path: Path, dpi: int = DPI) -> list[QImage]:
    """The PDF's pages as images, or [] when the file cannot be read as a PDF."""
    document = _open(pdf_path)
    if document is None:
        return []
    pages: list[QImage] = []
    try:
        for i in range(len(document)):
            page = document[i]
            try:
                pages.append(render_page(page, dpi))
            finally:
                page.close()
    except pdfium.PdfiumError:
        return []
    finally:
        document.close()
    return pages


def pdf_page_sizes(pdf_path: Path) -> list[QPageSize]:
    """The paper of each page as the PDF gives it (A5 sheet, 80 mm roll); [] when unreadable."""
    document = _open(pdf_path)
    if document is None:
        return []
    sizes: list[QPageSize] = []
    try:
        for i in range(len(document)):
            page = document[i]
            try:
                width, height = page.get_size()
            finally:
                page.close()
            sizes.append(QPageSize(QSizeF(width, height), QPageSize.Unit.Point, "slip"))
    except pdfium.PdfiumError:
        return []
    finally:
        document.close()
    return sizes


def page_size_of(image: QImage, dpi: int = DPI) -> QPageSize:
    return QPageSize(QSizeF(image.width() / dpi * 25.4, image.height() / dpi * 25.4), QPageSize.Unit.Millimeter,
                     "slip")


def _draw(painter: QPainter, image: QImage) -> None:
    """The page image scaled onto the printer page, keeping its proportions."""
    area: QRect = painter.viewport()
    size = image.size()
    size.scale(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
    painter.setViewport(area.x(), area.y(), size.width(), size.height())
    painter.setWindow(image.rect())
    painter.drawImage(0, 0, image)
    painter.setViewport(area)
    painter.setWindow(area)


def paint_pages(printer: QPrinter, pages: list[QImage], dpi: int = DPI) -> None:
    """Each page image scaled onto a printer page; a roll page gets its own length."""
    if pages:
        printer.setPageSize(page_size_of(pages[0], dpi))
    painter = QPainter()
    if not painter.begin(printer):
        return
    try:
        for i, image in enumerate(pages):
            if i:
                printer.setPageSize(page_size_of(image, dpi))
                printer.newPage()
            _draw(painter, image)
    finally:
        painter.end()


def paint_pdf(printer: QPrinter, pdf_path: Path) -> int:
    """Print the PDF on `printer`: each page rendered at the printer's resolution and painted on
    paper of the page's own size, one page in memory at a time. Returns the pages painted."""
    document = _open(pdf_path)
    if document is None:
        return 0
    dpi = printer_dpi(printer)
    painted = 0
    painter = QPainter()
    try:
        for i in range(len(document)):
            page = document[i]
            try:
                width, height = page.get_size()
                image = render_page(page, dpi)
            finally:
                page.close()
            size = QPageSize(QSizeF(width, height), QPageSize.Unit.Point, "slip")
            if i == 0:
                printer.setPageSize(size)
                if not painter.begin(printer):
                    return 0
            else:
                printer.setPageSize(size)
                printer.newPage()
            _draw(painter, image)
            painted += 1
    except pdfium.PdfiumError:
        return painted
    finally:
        if painter.isActive():
            painter.end()
        document.close()
    return painted


_messages: list[QMessageBox] = []  # kept alive while shown (non-blocking)


def tell(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("print_message")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    _messages.append(box)
    box.finished.connect(lambda _r, b=box: _messages.remove(b) if b in _messages else None)
    box.open()
    return box


def output_pdf(parent: QWidget | None, pdf: bytes, name: str, *, preview: bool = True,
               printer: QPrinter | None = None) -> Path:
    """Save the PDF, then print it through the preview / print dialog when a printer exists.

    `printer` is the system's default printer unless given. Returns where the PDF was saved.
    Never raises for a missing printer.
    """
    try:
        path = save_pdf(pdf, name)
    except OSError as exc:
        fallback = Path(tempfile.gettempdir()) / re.sub(r"[^\w.\-]+", "_", name)
        fallback.write_bytes(pdf)
        path = fallback
        del exc
    if printer is None and not has_printer():
        tell(parent, _("没有打印机"), _("这台电脑没有安装打印机。PDF 已保存到：\n{path}", path=str(path)))
        return path
    sizes = pdf_page_sizes(path)
    if not sizes:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        tell(parent, _("打印"), _("PDF 已保存并用系统阅读器打开，请从阅读器打印：\n{path}", path=str(path)))
        return path
    if printer is None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(path.stem)
    # The paper of the document (A5 sheet or 80 mm roll), margins already in the PDF.
    printer.setPageSize(sizes[0])
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    if preview:
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setObjectName("print_preview")
        dialog.setWindowTitle(_("打印预览"))
        dialog.paintRequested.connect(lambda p: paint_pdf(p, path))
        dialog.exec()
    else:
        paint_pdf(printer, path)
    return path
