"""Register the shipped CJK font so Chinese never renders as boxes (or Japanese glyphs)."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from counter_app.paths import cjk_font_path

_family: str | None = None


def install_cjk_font(app: QApplication) -> str | None:
    global _family
    if _family is None:
        font_id = QFontDatabase.addApplicationFont(str(cjk_font_path()))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _family = families[0] if families else None
    if _family:
        font = QFont(_family)
        font.setPointSize(11)
        app.setFont(font)
    return _family
