"""One way to run a service call from a window.

Every call runs on a worker thread: `call(parent, fn)` hands `fn` to the pool and, while it
runs, the GUI thread keeps painting in a local event loop with the clerk's clicks and keys
held back (a double click cannot save twice); after a short delay the cursor shows that the
program is busy. The result comes back to the caller as if the call were direct, so a window
reads top to bottom. A refusal (`CounterError`) is shown in the clerk's words; anything else
is logged with its traceback and shown as an internal error. Long work with progress and a
cancel button (archives, imports, backups) goes through `run_in_background`.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Any, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QObject,
    QRunnable,
    Qt,
    QThread,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from counter_app.errors import CounterError, InputError
from counter_app.i18n import _

Progress = Callable[[int, int, str], None]
T = TypeVar("T")
log = logging.getLogger("counter_app.ui")

QUICK_SECONDS = 0.05  # a call done by then needs no event loop
BUSY_AFTER_MS = 300  # then the cursor says the program is working
_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="counter-db")
_USER_INPUT = {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick,
               QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.Wheel, QEvent.Type.Shortcut,
               QEvent.Type.ShortcutOverride}


class Cancelled(Exception):
    pass


def error_text(exc: BaseException, db_url: str = "") -> str:
    """The clerk's words for a failure: a refusal as the services said it, anything else as internal.

    The services turn the database's own errors (locked, read-only, full) into `DatabaseProblem`.
    """
    if isinstance(exc, CounterError):
        return str(exc)
    return _("内部错误：{err}", err=f"{type(exc).__name__}: {exc}")


def is_refusal(exc: BaseException) -> bool:
    """A refusal the clerk can act on (bad input, a rule, a locked or full database), not a bug."""
    return isinstance(exc, CounterError)


def show_error(parent: QWidget | None, exc: BaseException, db_url: str = "") -> None:
    if not is_refusal(exc):
        log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    title = _("输入有误") if isinstance(exc, InputError) else _("无法完成")
    QMessageBox.warning(parent, title, error_text(exc, db_url))


class _HoldInput(QObject):
    """While a call runs, the clerk's clicks and keys wait (they are dropped, not queued)."""

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
        return event.type() in _USER_INPUT


def _on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


def run(fn: Callable[[], T]) -> T:
    """`fn()` on a worker thread, its result or its exception here; the window keeps painting."""
    if not _on_gui_thread():
        return fn()
    future: Future[T] = _pool.submit(fn)
    try:
        return future.result(timeout=QUICK_SECONDS)
    except TimeoutError:
        pass
    app = QCoreApplication.instance()
    assert app is not None
    loop = QEventLoop()
    hold = _HoldInput()
    app.installEventFilter(hold)
    busy = {"cursor": False}

    def show_busy() -> None:
        if not future.done():
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            busy["cursor"] = True

    QTimer.singleShot(BUSY_AFTER_MS, show_busy)
    poll = QTimer()
    poll.setInterval(5)
    def check() -> None:
        if future.done():
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    try:
        if not future.done():
            loop.exec()  # user input reaches the filter above, which drops it
    finally:
        poll.stop()
        app.removeEventFilter(hold)
        if busy["cursor"]:
            QGuiApplication.restoreOverrideCursor()
    return future.result()


def call(parent: QWidget | None, fn: Callable[[], Any], db_url: str = "") -> tuple[bool, Any]:
    """Run a service call off the GUI thread; on a refusal show the message and return (False, exc)."""
    try:
        return True, run(fn)
    except Exception as exc:
        show_error(parent, exc, db_url)
        return False, exc


def quiet_call(fn: Callable[[], Any], db_url: str = "") -> tuple[bool, Any]:
    """Like `call`, but the refusal comes back as text for a label in a dialog."""
    try:
        return True, run(fn)
    except Exception as exc:
        if not is_refusal(exc):
            log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
        return False, error_text(exc, db_url)


def install_excepthook() -> None:
    """What escapes a click handler is logged with its traceback and shown, never lost on stderr."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        log.error("uncaught error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        if _on_gui_thread():
            try:
                QMessageBox.critical(None, _("无法完成"), error_text(exc))
            except Exception:  # a hook must never raise
                sys.__excepthook__(kind, exc, tb)

    sys.excepthook = hook


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Progress, threading.Event], Any], cancel: threading.Event) -> None:
        super().__init__()
        self.fn = fn
        self.cancel = cancel
        self.signals = _Signals()

    def run(self) -> None:
        def report(done: int, total: int, text: str) -> None:
            if self.cancel.is_set():
                raise Cancelled()
            self.signals.progress.emit(done, total, text)

        try:
            result = self.fn(report, self.cancel)
        except BaseException as exc:
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


def run_in_background(
    parent: QWidget,
    title: str,
    fn: Callable[[Progress, threading.Event], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[BaseException], None] | None = None,
) -> threading.Event:
    """Run `fn(progress, cancel_event)` on a worker thread with a progress dialog."""
    cancel = threading.Event()
    dialog = QProgressDialog(title, _("取消"), 0, 0, parent)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.canceled.connect(cancel.set)
    job = _Job(fn, cancel)

    def progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(done)
        if text:
            dialog.setLabelText(text)

    def finished(result: Any) -> None:
        dialog.reset()
        dialog.deleteLater()
        on_done(result)

    def failed(exc: BaseException) -> None:
        dialog.reset()
        dialog.deleteLater()
        if isinstance(exc, Cancelled):
            return
        if on_failed is not None:
            on_failed(exc)
        else:
            show_error(parent, exc)

    job.signals.progress.connect(progress)
    job.signals.done.connect(finished)
    job.signals.failed.connect(failed)
    parent._running_job = job  # type: ignore[attr-defined]  # keep the signals alive
    QThreadPool.globalInstance().start(job)
    return cancel
