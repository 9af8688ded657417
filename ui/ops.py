"""One way to run a service call from a window.

Short calls run on the GUI thread (a look-up that takes a millisecond needs no thread).
Long work (archives, imports, backups) goes through `run_in_background`: it runs on a
worker thread, shows progress, can be cancelled, routes errors to one message box, then
tells the views to refresh.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget
from sqlalchemy.exc import DatabaseError

from counter_app.bootstrap import describe_operational_error
from counter_app.errors import CounterError, InputError
from counter_app.i18n import _

Progress = Callable[[int, int, str], None]


class Cancelled(Exception):
    pass


def error_text(exc: BaseException, db_url: str = "") -> str:
    if isinstance(exc, CounterError):
        return str(exc)
    if isinstance(exc, DatabaseError):
        return describe_operational_error(exc, db_url)
    return _("内部错误：{err}", err=f"{type(exc).__name__}: {exc}")


def show_error(parent: QWidget | None, exc: BaseException, db_url: str = "") -> None:
    title = _("输入有误") if isinstance(exc, InputError) else _("无法完成")
    QMessageBox.warning(parent, title, error_text(exc, db_url))


def call(parent: QWidget | None, fn: Callable[[], Any], db_url: str = "") -> tuple[bool, Any]:
    """Run a quick service call; on a refusal show the message and return (False, exc)."""
    try:
        return True, fn()
    except (CounterError, DatabaseError) as exc:
        show_error(parent, exc, db_url)
        return False, exc


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
