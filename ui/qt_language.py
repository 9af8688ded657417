"""Qt's own texts (standard dialog buttons, context menus) in the clerk's language.

Qt ships `qtbase_zh_CN.qm` with PySide6 (in the wheel's `Qt/translations`, collected into
the bundle too). Without it the standard buttons of a Chinese program say "Cancel".
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QTranslator
from PySide6.QtWidgets import QApplication

from counter_app.i18n import language

QT_CATALOGUES = {"zh": "qtbase_zh_CN"}
_installed: list[QTranslator] = []  # keeps the translators alive as long as the application


def install_qt_translations(app: QApplication, lang: str | None = None) -> bool:
    """Load Qt's catalogue for the program's language; False when there is none to load."""
    lang = lang or language()
    name = QT_CATALOGUES.get(lang)
    if name is None:
        return False
    if any(t.objectName() == name for t in _installed):
        return True
    translator = QTranslator(app)
    translator.setObjectName(name)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(name, folder):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
