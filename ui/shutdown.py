"""Ending the program cleanly, however it is asked to end.

The clerk closes the window; a service manager or `kill` sends SIGTERM; Ctrl+C in the console
sends SIGINT (Ctrl+Break: SIGBREAK on Windows); the terminal or the desktop session goes away
(SIGHUP; on Windows and X11 the log-off or shutdown asks through Qt's session manager,
`commitDataRequest`). Each way ends the same: the forms still open are saved as drafts (they
are offered again at the next start), every event loop is left (a dialog waiting for an answer
included), the database is closed and its `.running` marker removed, and Qt's windows are
deleted before the QApplication, which goes before Python's own finalisation.

Python runs a signal handler only between two Python instructions, and while Qt's event loop
waits nothing Python runs: a timer ticks every `WAKE_MS` so a signal is seen within that time.
The handler itself only notes the signal; the work is done from the event loop.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from types import FrameType
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QSessionManager
from PySide6.QtWidgets import QApplication

from ui.session import UiSession
from ui.windows.drafts_prompt import keep_open_drafts

log = logging.getLogger("counter_app.ui")

WAKE_MS = 200
SESSION_END = "session end"


def stop_signals() -> list[signal.Signals]:
    """The signals that ask the program to stop on this system."""
    names = ("SIGTERM", "SIGINT", "SIGHUP", "SIGBREAK")
    return [getattr(signal, n) for n in names if hasattr(signal, n)]


class EndCleanly(QObject):
    """Turns every way of being asked to stop into the program's own orderly close."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)  # deleted with the QApplication
        self.app = app
        self.session: UiSession | None = None
        self.close_database: Callable[[], None] | None = None
        self.reason: str | None = None  # why the program is ending, once it is
        self._drafts_kept = False
        self._previous: dict[signal.Signals, Any] = {}
        self._wake = QTimer(self)
        self._wake.timeout.connect(self._wake_up)
        self._wake.start(WAKE_MS)
        for signum in stop_signals():
            try:
                self._previous[signum] = signal.signal(signum, self._on_signal)
            except (ValueError, OSError):  # not the main thread, or not settable here
                pass
        app.commitDataRequest.connect(self.session_ending)
        app.aboutToQuit.connect(self.keep_drafts)

    @property
    def stopping(self) -> bool:
        return self.reason is not None

    def attach(self, session: UiSession, close_database: Callable[[], None]) -> None:
        """The signed-in session whose drafts are kept, and how its database is closed."""
        self.session = session
        self.close_database = close_database

    def _wake_up(self) -> None:
        """Nothing to do: running Python code lets a pending signal handler run."""

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        if self.reason is None:
            self.reason = signal.Signals(signum).name
            QTimer.singleShot(0, self.stop_now)

    def stop(self, reason: str) -> None:
        """Ask the program to end (as a signal does), from the event loop."""
        if self.reason is None:
            self.reason = reason
            QTimer.singleShot(0, self.stop_now)

    def stop_now(self) -> None:
        log.info("asked to stop (%s): keeping the open forms as drafts and closing", self.reason)
        self.keep_drafts()
        # exit(), not quit(): quit() first closes every window (a closed form counts as abandoned)
        # and does nothing while only a dialog's loop runs; exit() leaves every running loop.
        QCoreApplication.exit(0)

    def session_ending(self, manager: QSessionManager | None = None) -> None:
        """Log-off or shutdown: the system may end the process soon after this returns, so the
        drafts are saved and the database closed here, then the program ends."""
        log.info("the desktop session is ending")
        if self.reason is None:
            self.reason = SESSION_END
        self.keep_drafts()
        if self.close_database is not None:
            self.close_database()
        QTimer.singleShot(0, self.stop_now)

    def keep_drafts(self) -> None:
        if self._drafts_kept or self.session is None:
            return
        self._drafts_kept = True
        try:
            saved = keep_open_drafts(self.session)
        except Exception:
            log.exception("saving the open forms as drafts failed")
            return
        if saved:
            log.info("kept %d open form(s) as drafts", saved)

    def restore(self) -> str | None:
        """Give the signals back to Python's handlers (the program is past its event loop);
        returns why the program ended when it was asked to."""
        self._wake.stop()
        for signum, previous in self._previous.items():
            try:
                signal.signal(signum, previous)
            except (ValueError, OSError, TypeError):
                pass
        self._previous.clear()
        return self.reason


def delete_windows(app: QApplication) -> None:
    """Delete Qt's windows (their timers and views with them) while Python, the database and the
    QApplication still stand."""
    for widget in QApplication.topLevelWidgets():
        if widget.parent() is None:  # a dialog goes with the window it belongs to
            widget.hide()  # not close(): a closing form would count as abandoned
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def tear_down(app: QApplication, owned: bool) -> None:
    """The windows, then (when this program made it) the QApplication itself: nothing of Qt is
    left for Python's own exit to destroy."""
    delete_windows(app)
    if owned and hasattr(app, "shutdown"):  # PySide6 6.5 and later
        app.shutdown()
