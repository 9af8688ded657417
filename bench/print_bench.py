"""Turning a printed repair slip into printer pages: PDFium (what the program uses) vs pdftoppm.

    .venv/bin/python bench/print_bench.py [--size a5] [--dpi 300] [--runs 20] [--customers 50]

Builds a demo database (seed 7) in a temporary folder, prints one of its open repair slips
the way the program does (`slip_print.print_slip`: customer copy and store copy, two pages),
then times, per run, the whole way from the PDF file to the page images that are painted
onto QPrinter: `ui.printing.rasterise` (pypdfium2, in-process), and the former way,
`pdftoppm -png` into a temporary folder and loading the PNGs into QImage, when pdftoppm is
installed. Prints wall-clock and CPU seconds (p50 and worst) and the size of each page.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QGuiApplication, QImage
from sqlalchemy import select

from counter_app.bootstrap import open_app
from counter_app.data.models import RepairSlip
from counter_app.services import demo, slip_print
from ui import printing


def slip_pdf(folder: Path, size: str, customers: int) -> Path:
    ctx = open_app(str(folder / "bench.sqlite3"))
    try:
        demo.fill_demo(ctx.uow, None, customers=customers, seed=7)
        actor = ctx.console_actor()
        with ctx.uow.write() as s:
            number = s.scalars(select(RepairSlip.number).order_by(RepairSlip.id)).first()
            if number is None:
                raise SystemExit("the demo data has no repair slip")
            pdf, _reprint = slip_print.print_slip(s, actor, number, size)
            s.commit()
    finally:
        ctx.close()
    path = folder / "slip.pdf"
    path.write_bytes(pdf)
    return path


def with_pdftoppm(exe: str) -> Callable[[Path, int], list[QImage]]:
    def rasterise(pdf: Path, dpi: int) -> list[QImage]:
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([exe, "-png", "-r", str(dpi), str(pdf), str(Path(tmp) / "p")], check=True,
                           capture_output=True, timeout=120)
            return [QImage(str(p)) for p in sorted(Path(tmp).glob("p*.png"))]
    return rasterise


def timed(name: str, fn: Callable[[Path, int], list[QImage]], pdf: Path, dpi: int, runs: int) -> None:
    fn(pdf, dpi)  # warm-up: libraries loaded, font cache filled
    walls: list[float] = []
    cpus: list[float] = []
    pages: list[QImage] = []
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        c0 += sum(os.times()[2:4])  # children's CPU (pdftoppm)
        pages = fn(pdf, dpi)
        c1 = time.process_time() + sum(os.times()[2:4])
        walls.append(time.perf_counter() - w0)
        cpus.append(c1 - c0)
    sizes = ", ".join(f"{p.width()}×{p.height()}" for p in pages)
    print(f"| {name:<26} | {statistics.median(walls) * 1000:8.1f} ms | {max(walls) * 1000:8.1f} ms "
          f"| {statistics.median(cpus) * 1000:8.1f} ms | {len(pages)} pages, {sizes} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=["a5", "80mm"], default="a5")
    parser.add_argument("--dpi", type=int, default=printing.DPI)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--customers", type=int, default=50)
    args = parser.parse_args()
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="print-bench-") as tmp:
        os.environ.setdefault("COUNTER_APP_HOME", tmp)
        pdf = slip_pdf(Path(tmp), args.size, args.customers)
        print(f"slip {args.size}, {pdf.stat().st_size:,} bytes, {args.dpi} dpi, {args.runs} runs")
        print("| way                        | wall p50    | wall max    | CPU p50     | pages |")
        print("|----------------------------|-------------|-------------|-------------|-------|")
        timed("pypdfium2 (rasterise)", printing.rasterise, pdf, args.dpi, args.runs)
        exe = shutil.which("pdftoppm")
        if exe:
            timed("pdftoppm -png + QImage", with_pdftoppm(exe), pdf, args.dpi, args.runs)
        else:
            print("| pdftoppm                   | not installed |")
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
