"""Start the program: QApplication, the CJK font, the database, who is at the counter.

At start: SQLite's quick check (a full check after an unclean shutdown; a damaged file is
set aside and the newest valid backup offered), warnings about where the file lives, the
first manager on a new database or the sign-in, the lock screen, automatic backups (when
the data changed, at most every 30 minutes and on close) and the drafts of the last session.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from counter_app.bootstrap import AppContext, open_app
from counter_app.data.db import resolve_url, sqlite_path
from counter_app.data.storage_checks import location_warnings, space_problems
from counter_app.errors import CounterError
from counter_app.i18n import _
from counter_app.services import auth, backup, integrity
from counter_app.services.context import Actor
from counter_app.services.integrity import StartCheck
from ui.fonts import install_cjk_font
from ui.main_window import MainWindow
from ui.qt_language import install_qt_translations
from ui.session import UiSession
from ui.windows.damaged_db import ask_restore
from ui.windows.drafts_prompt import offer_drafts
from ui.windows.lock_screen import LockController
from ui.windows.sign_in import FirstManagerDialog, SignInDialog

BACKUP_TICK_MS = 5 * 60_000


def make_qapp() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName("counter-app")
    app.setOrganizationName("counter-app")
    install_cjk_font(app)
    install_qt_translations(app)
    return app


def open_database(url: str, restore: Callable[[StartCheck], bool]) -> AppContext | None:
    """Check the file, offer a backup if it is damaged, then open it (None: the user quit)."""
    start = integrity.check_on_start(url)
    if not start.ok:
        if start.backup is None or not restore(start):
            return None
        integrity.restore_from_backup(url, start.backup)
    return open_app(url)


def storage_warnings(url: str) -> list[str]:
    path = sqlite_path(url)
    return [] if path is None else [*location_warnings(path), *space_problems(path)]


def who_is_at_the_counter(ctx: AppContext, parent: QWidget | None = None) -> Actor | None:
    with ctx.uow.read() as s:
        first = auth.needs_first_manager(s)
    dialog: FirstManagerDialog | SignInDialog = FirstManagerDialog(ctx, parent) if first else SignInDialog(ctx, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.actor


class Backups:
    """Automatic backups while the program runs; failures show in the status bar."""

    def __init__(self, ctx: AppContext, window: MainWindow) -> None:
        self.window = window
        self.auto = backup.AutoBackup(ctx.engine)
        self.timer = QTimer(window)
        self.timer.timeout.connect(self.tick)
        self.timer.start(BACKUP_TICK_MS)

    def tick(self, force: bool = False) -> None:
        try:
            info = self.auto.maybe(force=force)
        except Exception as exc:
            self.window.statusBar().showMessage(_("自动备份没有成功：{err}", err=str(exc).splitlines()[0]), 60_000)
            return
        if info is not None:
            self.window.statusBar().showMessage(_("已自动备份：{path}", path=info.path.name), 10_000)


def run_gui(db_url: str | None = None) -> int:
    app = make_qapp()
    url = resolve_url(db_url)
    try:
        ctx = open_database(url, ask_restore)
    except CounterError as exc:
        QMessageBox.critical(None, _("无法打开数据库"), str(exc))
        return 4
    if ctx is None:
        return 4
    warnings = storage_warnings(url)
    if warnings:
        QMessageBox.warning(None, _("数据库位置"), "\n\n".join(warnings))
    db_file = sqlite_path(url)
    if db_file is not None:
        integrity.mark_running(db_file)
    try:
        actor = who_is_at_the_counter(ctx)
        if actor is None:
            return 0
        session = UiSession(ctx, actor)
        window = MainWindow(session)
        window.lock_controller = LockController(window, session)  # type: ignore[attr-defined]
        backups = Backups(ctx, window)
        window.show()
        offer_drafts(window, session)
        code = app.exec()
        backups.tick(force=True)  # the backup on close
        return int(code)
    finally:
        ctx.close()
        if db_file is not None:
            integrity.mark_closed(db_file)
