"""Start the program: QApplication, the CJK font, the database, who is at the counter.

At start: SQLite's quick check (a full check after an unclean shutdown; a damaged file is
set aside and the newest valid backup offered), warnings about where the file lives, the
first manager on a new database or the sign-in, the lock screen, automatic backups (when
the data changed, at most every 30 minutes and on close) and the drafts of the last session.

At the end, however it is asked (window closed, SIGTERM / SIGINT, log-off: `ui.shutdown`), the
open forms are kept as drafts, the backup on close is made, the database is closed and its
`.running` marker removed, and the windows and the QApplication are deleted before Python's
exit. The log file (`counter_app.logs`) says when the program started and how it ended, and
`faulthandler` writes a hard crash's traceback there; what escapes a click handler is logged
with its traceback and shown (`ui.ops.install_excepthook`).

This is where the window program opens the database (`bootstrap.open_app`); from then on the
windows reach it only through the session's calls of the Counter.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from counter_app import logs
from counter_app.bootstrap import AppContext, open_app
from counter_app.errors import CounterError
from counter_app.i18n import _
from counter_app.services import integrity, startup
from counter_app.services.context import Actor
from counter_app.services.integrity import StartCheck
from ui import ops
from ui.fonts import install_cjk_font
from ui.main_window import MainWindow
from ui.qt_language import install_qt_translations
from ui.session import UiSession
from ui.shutdown import SESSION_END, EndCleanly, delete_windows, tear_down
from ui.windows.damaged_db import ask_restore
from ui.windows.drafts_prompt import offer_drafts
from ui.windows.lock_screen import LockController
from ui.windows.sign_in import FirstManagerDialog, SignInDialog

BACKUP_TICK_MS = 5 * 60_000
log = logging.getLogger("counter_app.ui")


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


def who_is_at_the_counter(ctx: AppContext, parent: QWidget | None = None) -> Actor | None:
    ok, first = ops.call(parent, lambda: ctx.counter.auth.needs_first_manager(), ctx.url)
    if not ok:
        return None
    dialog: FirstManagerDialog | SignInDialog = FirstManagerDialog(ctx, parent) if first else SignInDialog(ctx, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.actor


class Backups:
    """Automatic backups while the program runs; failures show in the status bar."""

    def __init__(self, session: UiSession, window: MainWindow) -> None:
        self.session = session
        self.window = window
        self.timer = QTimer(window)
        self.timer.timeout.connect(self.tick)
        self.timer.start(BACKUP_TICK_MS)

    def tick(self, force: bool = False) -> None:
        ok, info = self.session.call(self.window, lambda c: c.backup.auto_backup(force), quiet=True)
        if not ok:
            self.window.statusBar().showMessage(_("自动备份没有成功：{err}", err=str(info).splitlines()[0]), 60_000)
            return
        if info is not None:
            self.window.statusBar().showMessage(_("已自动备份：{path}", path=info.path.name), 10_000)


def run_gui(db_url: str | None = None) -> int:
    started = time.monotonic()
    log_path = logs.set_up()
    log.info("starting (log %s)", log_path)
    owned = QApplication.instance() is None
    app = make_qapp()
    ops.install_excepthook()
    ending = EndCleanly(app)
    code = 2
    try:
        code = _run(app, ending, db_url, started)
        return code
    finally:
        reason = ending.restore()
        tear_down(app, owned)
        log.info("closed cleanly (exit code %s%s)", code, f", {reason}" if reason else "")


def _run(app: QApplication, ending: EndCleanly, db_url: str | None, started: float) -> int:
    url = startup.database_url(db_url)
    try:
        ctx = open_database(url, ask_restore)
    except CounterError as exc:
        log.error("cannot open the database: %s", exc)
        QMessageBox.critical(None, _("无法打开数据库"), str(exc))
        return 4
    if ctx is None:
        return 4
    warnings = startup.storage_warnings(url)
    if warnings:
        QMessageBox.warning(None, _("数据库位置"), "\n\n".join(warnings))
    startup.mark_running(url)

    def close_database() -> None:
        ctx.close()
        startup.mark_closed(url)

    try:
        log.info("signing in (%d ms after start)", logs.monotonic_ms(started))
        actor = None if ending.stopping else who_is_at_the_counter(ctx)
        if actor is None or ending.stopping:
            return 0
        log.info("signed in: staff #%s at %s", actor.staff_id, actor.store_code or "-")
        session = UiSession(ctx, actor)
        ending.attach(session, close_database)
        window = MainWindow(session)
        window.lock_controller = LockController(window, session)  # type: ignore[attr-defined]
        backups = Backups(session, window)
        window.show()
        offer_drafts(window, session)
        log.info("main window shown (%d ms after start)", logs.monotonic_ms(started))
        code = 0 if ending.stopping else app.exec()
        ending.keep_drafts()  # also on aboutToQuit; nothing twice
        if ending.reason != SESSION_END:  # a log-off leaves no time for it
            backups.tick(force=True)  # the backup on close
        return int(code)
    finally:
        delete_windows(app)  # before the database: no timer of theirs can open it again
        close_database()
        log.info("database closed")
