"""Sign-in dialog, the first manager, and the lock screen, driven like a clerk would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.bootstrap import AppContext
from counter_app.data.models import Role, Staff
from counter_app.services import auth, passwords
from tests.factories import World
from ui.main_window import MainWindow
from ui.session import UiSession
from ui.windows.lock_screen import LockController
from ui.windows.sign_in import FirstManagerDialog, SignInDialog

CLERK_PIN = "483920"
MANAGER_PW = "Qiang-2026!"


@pytest.fixture
def signed(ctx: AppContext, world: World) -> World:
    with ctx.uow.write() as s:
        for login, secret in (("wangfang", CLERK_PIN), ("liqiang", MANAGER_PW)):
            s.scalars(select(Staff).where(Staff.login == login)).one().password_hash = passwords.hash_password(secret)
        s.commit()
    return world


def test_sign_in_refuses_a_wrong_pin_then_accepts_the_right_one(qtbot: QtBot, ctx: AppContext,
                                                                signed: World) -> None:
    dialog = SignInDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.form.login, "wangfang")
    qtbot.keyClicks(dialog.form.secret, "111111")
    qtbot.keyClick(dialog.form.secret, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.actor is None
    assert "账号或密码不对" in dialog.form.error.text()
    assert dialog.form.secret.text() == ""  # the wrong PIN is not left in the field
    assert dialog.form.secret.echoMode() == dialog.form.secret.EchoMode.Password
    qtbot.keyClicks(dialog.form.secret, CLERK_PIN)
    qtbot.keyClick(dialog.form.secret, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.name == "王芳" and dialog.actor.store_code == "SH01"


def test_first_start_creates_the_first_manager(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = FirstManagerDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.store_code.setText("SH01")
    dialog.store_name.setText("上海南京路体验中心")
    qtbot.keyClicks(dialog.login, "liqiang")
    dialog.name.setText("李强")
    qtbot.keyClicks(dialog.secret, "first-2026")
    qtbot.keyClicks(dialog.again, "first-2027")
    dialog._create()
    assert "不一样" in dialog.error.text() and dialog.actor is None
    dialog.again.setText("first-2026")
    dialog._create()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.role == Role.MANAGER
    with ctx.uow.read() as s:
        assert not auth.needs_first_manager(s)
    assert auth.sign_in(ctx.uow, "liqiang", "first-2026").store_code == "SH01"


@pytest.fixture
def locked_window(qtbot: QtBot, ctx: AppContext, signed: World) -> tuple[MainWindow, LockController, UiSession]:
    session = UiSession(ctx, auth.sign_in(ctx.uow, "wangfang", CLERK_PIN))
    window = MainWindow(session)
    qtbot.addWidget(window)
    controller = LockController(window, session, idle_minutes=0)
    window.show()
    qtbot.waitExposed(window)
    return window, controller, session


def test_ctrl_l_locks_and_a_colleague_takes_over_the_counter(qtbot: QtBot, locked_window) -> None:  # type: ignore[no-untyped-def]
    window, controller, session = locked_window
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert controller.locked and controller.screen.isVisible()
    assert not window.centralWidget().isEnabled()
    assert "王芳" in controller.screen.title.text()
    form = controller.screen.form
    qtbot.keyClicks(form.login, "liqiang")
    qtbot.keyClicks(form.secret, "wrong-one")
    qtbot.mouseClick(controller.screen.unlock_button, Qt.MouseButton.LeftButton)
    assert controller.locked and "账号或密码不对" in form.error.text()
    form.login.setText("liqiang")
    qtbot.keyClicks(form.secret, MANAGER_PW)
    with qtbot.waitSignal(session.actor_changed, timeout=2000):
        qtbot.mouseClick(controller.screen.unlock_button, Qt.MouseButton.LeftButton)
    assert not controller.locked and not controller.screen.isVisible()
    assert window.centralWidget().isEnabled()
    assert session.actor.name == "李强" and session.actor.is_manager
    assert "李强" in window.staff_label.text()


def test_screen_locks_itself_after_the_idle_time(qtbot: QtBot, locked_window) -> None:  # type: ignore[no-untyped-def]
    window, controller, session = locked_window
    controller.set_idle_minutes(0.002)  # 120 ms
    qtbot.waitUntil(lambda: controller.locked, timeout=3000)
    form = controller.screen.form
    form.login.setText("wangfang")
    form.secret.setText(CLERK_PIN)
    assert controller.try_unlock()
    assert session.actor.name == "王芳" and not controller.locked


def test_idle_time_comes_from_the_managers_policy(qtbot: QtBot, ctx: AppContext, signed: World) -> None:
    from counter_app.services import policy

    with ctx.uow.write() as s:
        policy.set_values(s, signed.manager, {"idle_lock_minutes": 3})
        s.commit()
    session = UiSession(ctx, signed.clerk)
    window = MainWindow(session)
    qtbot.addWidget(window)
    controller = LockController(window, session)
    assert controller.idle_ms == 3 * 60_000 and controller.timer.isActive()
