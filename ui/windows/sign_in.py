"""Signing in at the counter: login + password/PIN; on the very first start, the first manager.

There is no session before someone signs in: these dialogs take the opened program and run
their one call each (the stores, the sign-in, the first manager) on a worker, refusals shown
under the fields.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.i18n import _
from counter_app.services import auth
from counter_app.services.context import Actor
from counter_app.services.counter import Counter
from ui import ops


class Program(Protocol):
    """What the sign-in needs of the opened program (an `AppContext` has it)."""

    @property
    def url(self) -> str: ...

    @property
    def counter(self) -> Counter: ...


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setStyleSheet("color:#b00020;")
    label.setWordWrap(True)
    return label


def _stores(ctx: Program) -> list[tuple[str, str]]:
    ok, found = ops.quiet_call(lambda: ctx.counter.auth.stores(), ctx.url)
    return list(found) if ok else []


class SignInForm(QWidget):
    """Login + PIN fields and a store choice; used by the sign-in dialog and the lock screen."""

    def __init__(self, ctx: Program, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.login = QLineEdit()
        self.login.setObjectName("login")
        self.login.setPlaceholderText(_("账号"))
        self.secret = QLineEdit()
        self.secret.setObjectName("secret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(_("密码或 PIN"))
        self.store = QComboBox()
        self.store.setObjectName("store")
        self.store.addItem(_("本人所属门店"), "")
        for code, name in _stores(ctx):
            self.store.addItem(f"{code} {name}", code)
        self.error = _error_label()
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("账号"), self.login)
        form.addRow(_("密码 / PIN"), self.secret)
        form.addRow(_("门店"), self.store)
        form.addRow(self.error)

    def try_sign_in(self) -> Actor | None:
        """The signed-in actor, or None with the reason shown (the PIN field is emptied)."""
        self.error.clear()
        login = self.login.text().strip()
        if not login:
            self.error.setText(_("请输入账号。"))
            self.login.setFocus()
            return None
        ctx, secret, store = self.ctx, self.secret.text(), self.store.currentData() or None
        ok, out = ops.quiet_call(lambda: ctx.counter.auth.sign_in(login, secret, store), ctx.url)
        actor: Actor | None = out if ok else None
        if not ok:
            self.error.setText(out)
        self.secret.clear()
        if actor is None:
            self.secret.setFocus()
        return actor


class SignInDialog(QDialog):
    def __init__(self, ctx: Program, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("登录"))
        self.setMinimumWidth(360)
        self.actor: Actor | None = None
        title = QLabel(_("珠宝售后服务柜台"))
        title.setStyleSheet("font-size:18px;font-weight:bold;")
        self.form = SignInForm(ctx)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("登录"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("退出"))
        buttons.accepted.connect(self._sign_in)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.form.login.setFocus()

    def _sign_in(self) -> None:
        actor = self.form.try_sign_in()
        if actor is not None:
            self.actor = actor
            self.accept()


class FirstManagerDialog(QDialog):
    """The first start: there is no default password, so the first manager is made here."""

    def __init__(self, ctx: Program, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.actor: Actor | None = None
        self.setWindowTitle(_("建立第一个店长账号"))
        self.setMinimumWidth(420)
        intro = QLabel(_("这是第一次启动：请建立店长账号。店长之后可以在“设置 → 员工与安全”中添加员工。"))
        intro.setWordWrap(True)
        stores = _stores(ctx)
        self.store_code = QLineEdit(stores[0][0] if stores else "")
        self.store_code.setObjectName("store_code")
        self.store_name = QLineEdit(stores[0][1] if stores else "")
        self.store_name.setObjectName("store_name")
        self.login = QLineEdit()
        self.login.setObjectName("login")
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.secret = QLineEdit()
        self.secret.setObjectName("secret")
        self.again = QLineEdit()
        self.again.setObjectName("again")
        for field in (self.secret, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = _error_label()
        form = QFormLayout()
        form.addRow(_("门店代码"), self.store_code)
        form.addRow(_("门店名称"), self.store_name)
        form.addRow(_("账号"), self.login)
        form.addRow(_("姓名"), self.name)
        form.addRow(_("密码或 PIN（至少 {n} 位）", n=auth.MIN_SECRET), self.secret)
        form.addRow(_("再输入一次"), self.again)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("建立并登录"))
        buttons.accepted.connect(self._create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _create(self) -> None:
        self.error.clear()
        if self.secret.text() != self.again.text():
            self.error.setText(_("两次输入的密码不一样。"))
            return
        ctx = self.ctx
        login, name, secret = self.login.text(), self.name.text(), self.secret.text()
        code, store_name = self.store_code.text(), self.store_name.text()
        ok, actor = ops.quiet_call(lambda: ctx.counter.auth.create_first_manager(login, name, secret, code, store_name),
                                   ctx.url)
        if not ok:
            self.error.setText(actor)
            return
        self.secret.clear()
        self.again.clear()
        self.actor = actor
        self.accept()
