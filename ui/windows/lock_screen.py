"""The lock screen: after the manager's idle time (policy `idle_lock_minutes`) or on Ctrl+L.

Whoever signs in on the lock screen takes the counter: the same person simply continues;
a colleague's sign-in makes them the acting staff member (`UiSession.set_actor`), the shift
change of a busy counter. What was on screen stays as it was underneath.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QMainWindow, QPushButton, QVBoxLayout, QWidget

from counter_app.i18n import _
from ui.session import UiSession
from ui.windows.sign_in import SignInForm

ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class LockScreen(QFrame):
    """An opaque cover over the main window with a sign-in form."""

    def __init__(self, controller: LockController, parent: QWidget) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("lock_screen")
        self.setAutoFillBackground(True)
        self.setStyleSheet("QFrame#lock_screen{background:#2b2a28;} QLabel{color:white;}")
        self.title = QLabel()
        self.title.setStyleSheet("font-size:22px;font-weight:bold;color:white;")
        hint = QLabel(_("本人或同事登录即可继续使用（换班时同事登录即接手柜台）。"))
        self.form = SignInForm(controller.session.ctx)
        self.form.setStyleSheet("QLabel{color:white;} QLabel#error{color:#ff8a80;}")
        self.form.setMaximumWidth(360)
        self.unlock_button = QPushButton(_("解锁"))
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(controller.try_unlock)
        self.form.secret.returnPressed.connect(controller.try_unlock)
        box = QVBoxLayout(self)
        box.addStretch(1)
        for w in (self.title, hint, self.form, self.unlock_button):
            box.addWidget(w, alignment=Qt.AlignmentFlag.AlignHCenter)
        box.addStretch(2)

    def prepare(self) -> None:
        actor = self.controller.session.actor
        self.title.setText(_("已锁定 · {name}", name=actor.name))
        self.form.error.clear()
        self.form.secret.clear()
        self.form.login.setText("")
        self.form.login.setFocus()


class LockController(QObject):
    """Locks `window` after the idle time and on Ctrl+L; unlocks on a good sign-in."""

    def __init__(self, window: QMainWindow, session: UiSession, idle_minutes: int | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.session = session
        self.locked = False
        self.screen = LockScreen(self, window)
        self.screen.hide()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        self.action = QAction(_("锁定"), window)
        self.action.setObjectName("lock_action")
        self.action.setShortcut(QKeySequence("Ctrl+L"))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.triggered.connect(self.lock)
        window.addAction(self.action)
        self.idle_ms = 0
        self.set_idle_minutes(self._policy_minutes() if idle_minutes is None else idle_minutes)
        window.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def _policy_minutes(self) -> float:
        """The manager's idle time from the policy; if it cannot be read, the time set so far."""
        ok, minutes = self.session.call(self.window, lambda c: c.auth.idle_lock_minutes(), quiet=True)
        return float(minutes) if ok else self.idle_ms / 60_000

    def set_idle_minutes(self, minutes: float) -> None:
        """0 means never lock by itself (Ctrl+L still works)."""
        self.idle_ms = int(minutes * 60_000)
        self._restart()

    def _restart(self) -> None:
        if self.idle_ms > 0 and not self.locked:
            self.timer.start(self.idle_ms)
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Resize and self.locked:
            self.screen.setGeometry(self.window.rect())
        elif event.type() in ACTIVITY and not self.locked:
            self._restart()
        return False

    def _set_window_enabled(self, enabled: bool) -> None:
        central = self.window.centralWidget()
        if central is not None:
            central.setEnabled(enabled)
        self.window.menuBar().setEnabled(enabled)
        for action in self.window.actions():
            if action is not self.action:
                action.setEnabled(enabled)

    def lock(self) -> None:
        if self.locked:
            return
        self.locked = True
        self.timer.stop()
        self._set_window_enabled(False)
        self.screen.setGeometry(self.window.rect())
        self.screen.prepare()
        self.screen.show()
        self.screen.raise_()
        self.screen.form.login.setFocus()

    def try_unlock(self) -> bool:
        actor = self.screen.form.try_sign_in()
        if actor is None:
            return False
        if actor != self.session.actor:
            self.session.set_actor(actor)  # a colleague takes over the counter
        self.locked = False
        self.screen.hide()
        self._set_window_enabled(True)
        self.set_idle_minutes(self._policy_minutes())
        return True
