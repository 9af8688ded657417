"""The floor for the archive PDF: the same pages written straight into reportlab's page streams.

Not used by the program. This is the writer the archive had until it moved to reportlab's
public text objects: it appends the text operators to the canvas's private content list, with
each character's subset code looked up once per document. It lays out the same lines as
`counter_app.printing.archive_pdf` (same layout code) and gives the same pages, so
`archive_bench.py` can say how far the public API is from the fastest writer reportlab allows.
It reaches into reportlab internals (`Canvas._code`, `Canvas._doc`), so a later reportlab may
break it; the bench then says the floor is not available.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import TYPE_CHECKING, Any

from reportlab import rl_config
from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from counter_app.printing.archive_pdf import (
    BLACK,
    GREY,
    MARGIN,
    PAGE_H,
    PAGE_W,
    TOP,
    cover_lines,
    paginate,
    record_lines,
    words,
)
from counter_app.printing.fonts import register_cjk_font

if TYPE_CHECKING:
    from counter_app.services.archive import WeekView


class _Writer:
    def __init__(self, c: canvas.Canvas, font_name: str) -> None:
        self.c = c
        self.face: Any = pdfmetrics.getFont(font_name)
        self.glyphs: dict[str, tuple[int, str]] = {}
        self.names: dict[int, str] = {}

    def _glyph(self, ch: str) -> tuple[int, str]:
        g = self.glyphs.get(ch)
        if g is None:
            doc = self.c._doc
            (subset, code), = self.face.splitString(ch, doc)
            if subset not in self.names:
                self.names[subset] = self.face.getSubsetInternalName(subset, doc)
            g = self.glyphs[ch] = (subset, escapePDF(code))
        return g

    def text(self, x: float, y: float, size: float, text: str) -> None:
        codes = [self.glyphs.get(ch) or self._glyph(ch) for ch in text]
        if not codes:
            return
        ops = [f"BT 1 0 0 1 {x:.2f} {y:.2f} Tm"]
        current, run = -1, list[str]()
        for subset, code in codes:
            if subset != current:
                if run:
                    ops.append(f"({''.join(run)}) Tj")
                    run = []
                ops.append(f"{self.names[subset]} {size:g} Tf")
                current = subset
            run.append(code)
        ops.append(f"({''.join(run)}) Tj ET")
        self.c._code.append(" ".join(ops))

    def fill(self, color: Color) -> None:
        self.c._code.append(f"{color.red:.3f} {color.green:.3f} {color.blue:.3f} rg")

    def rule(self, y: float) -> None:
        self.c._code.append(f"{MARGIN:.2f} {y:.2f} m {PAGE_W - MARGIN:.2f} {y:.2f} l S")


def render(view: WeekView, copy: str, exported_at: dt.datetime) -> bytes:
    font = register_cjk_font()
    labels = words()
    pages = [cover_lines(view, copy, exported_at), *paginate([record_lines(r, copy, font, labels)
                                                               for r in view.records])]
    buf = io.BytesIO()
    a85 = rl_config.useA85
    rl_config.useA85 = 0
    try:
        c = canvas.Canvas(buf, pagesize=A4, invariant=1, pageCompression=1, initialFontName=font)
        out = _Writer(c, font)
        for n, page in enumerate(pages, 1):
            if n > 1:
                c.setFont(font, 8)
                c.setFillColor(GREY)
                c.drawString(MARGIN, PAGE_H - 30, "header")
                c.drawRightString(PAGE_W - MARGIN, PAGE_H - 30, f"{view.store_name}  {view.week.key}")
            y = TOP
            c.setStrokeColor(GREY)
            c.setLineWidth(0.4)
            out.fill(BLACK)
            color = BLACK
            for ln in page:
                y -= ln.gap
                if ln.rule:
                    out.rule(y)
                y -= ln.size * 1.45
                if ln.color is not color:
                    out.fill(ln.color)
                    color = ln.color
                out.text(MARGIN + ln.indent, y + ln.size * 0.35, ln.size, ln.text)
            c.setFont(font, 8)
            c.setFillColor(GREY)
            c.drawString(MARGIN, 26, "footer")
            c.drawRightString(PAGE_W - MARGIN, 26, f"{n} / {len(pages)}")
            c.showPage()
        c.save()
    finally:
        rl_config.useA85 = a85
    return buf.getvalue()

