"""Printing a PDF from a window: Qt's print preview and dialog, or the saved file when there is
no printer.

The PDF is always saved first (in the program's data folder, `prints/`), so a clerk with no
printer, or with a printer that fails, still has the document. To print, the pages are turned
into images with `pdftoppm` (poppler) at the printer's resolution and painted onto QPrinter;
where `pdftoppm` is missing the PDF opens in the system's viewer instead.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRect, QSizeF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox, QWidget

from counter_app.i18n import _
from counter_app.paths import user_data_dir

DPI = 300


def prints_dir() -> Path:
    folder = user_data_dir() / "prints"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_pdf(pdf: bytes, name: str) -> Path:
    """Save under `prints/`; a name already used gets the time added, nothing is overwritten."""
    safe = re.sub(r"[^\w.\-]+", "_", name) or "document.pdf"
    path = prints_dir() / safe
    if path.exists():
        path = path.with_name(f"{path.stem}_{dt.datetime.now():%Y%m%d-%H%M%S}{path.suffix}")
    path.write_bytes(pdf)
    return path


def has_printer() -> bool:
    return bool(QPrinterInfo.availablePrinters())


def rasterise(pdf_path: Path, dpi: int = 300) -> list[QImage]:
    """The PDF's pages as images, or [] when pdftoppm is not there or fails."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        try:
            subprocess.run([exe, "-png", "-r", str(dpi), str(pdf_path), str(Path(tmp) / "p")], check=True,
                           capture_output=True, timeout=120)
        except (OSError, subprocess.SubprocessError):
            return []
        return [QImage(str(p)) for p in sorted(Path(tmp).glob("p*.png"))]


def page_size_of(image: QImage, dpi: int = DPI) -> QPageSize:
    return QPageSize(QSizeF(image.width() / dpi * 25.4, image.height() / dpi * 25.4), QPageSize.Unit.Millimeter,
                     "slip")


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
            area: QRect = painter.viewport()
            size = image.size()
            size.scale(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(area.x(), area.y(), size.width(), size.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(area)
            painter.setWindow(area)
    finally:
        painter.end()


_messages: list[QMessageBox] = []  # kept alive while shown (non-blocking)


def tell(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("print_message")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    _messages.append(box)
    box.finished.connect(lambda _r, b=box: _messages.remove(b) if b in _messages else None)
    box.open()
    return box


def output_pdf(parent: QWidget | None, pdf: bytes, name: str, *, preview: bool = True) -> Path:
    """Save the PDF, then print it through the preview / print dialog when a printer exists.

    Returns where the PDF was saved. Never raises for a missing printer.
    """
    try:
        path = save_pdf(pdf, name)
    except OSError as exc:
        fallback = Path(tempfile.gettempdir()) / re.sub(r"[^\w.\-]+", "_", name)
        fallback.write_bytes(pdf)
        path = fallback
        del exc
    if not has_printer():
        tell(parent, _("没有打印机"), _("这台电脑没有安装打印机。PDF 已保存到：\n{path}", path=str(path)))
        return path
    pages = rasterise(path, DPI)
    if not pages:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        tell(parent, _("打印"), _("PDF 已保存并用系统阅读器打开，请从阅读器打印：\n{path}", path=str(path)))
        return path
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(path.stem)
    # The paper of the document (A5 sheet or 80 mm roll), margins already in the PDF.
    printer.setPageSize(page_size_of(pages[0]))
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    if preview:
        dialog = QPrintPreviewDialog(printer, parent)
        dialog.setWindowTitle(_("打印预览"))
        dialog.paintRequested.connect(lambda p: paint_pages(p, pages))
        dialog.exec()
    else:
        paint_pages(printer, pages)
    return path
