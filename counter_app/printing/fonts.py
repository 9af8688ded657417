"""The CJK font embedded in every PDF: WenQuanYi Micro Hei (TrueType outlines, subset-embedded)."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from counter_app.paths import cjk_font_path

CJK = "WenQuanYiMicroHei"
_registered = False


def register_cjk_font() -> str:
    """Register once and return the font name to use in reportlab styles and canvases."""
    global _registered
    if not _registered:
        pdfmetrics.registerFont(TTFont(CJK, str(cjk_font_path()), subfontIndex=0))
        _registered = True
    return CJK
