"""Start the program: QApplication, the CJK font, the database, who is at the counter."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from counter_app.bootstrap import open_app
from counter_app.errors import CounterError
from counter_app.i18n import _
from ui.fonts import install_cjk_font
from ui.main_window import MainWindow
from ui.session import UiSession
from ui.windows.staff_picker import StaffPicker


def make_qapp() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("counter-app")
    app.setOrganizationName("counter-app")
    install_cjk_font(app)
    return app


def run_gui(db_url: str | None = None) -> int:
    app = make_qapp()
    try:
        ctx = open_app(db_url)
    except CounterError as exc:
        QMessageBox.critical(None, _("无法打开数据库"), str(exc))
        return 4
    picker = StaffPicker(ctx)
    if picker.exec() != QDialog.DialogCode.Accepted:
        return 0
    session = UiSession(ctx, picker.chosen_actor())
    window = MainWindow(session)
    window.show()
    code = app.exec()
    ctx.close()
    return int(code)
