"""Settings tab "员工与安全": staff accounts, the director's stand-in, backups, privacy retention.

Everything here is refused by the services to anyone but a manager (or the named stand-in
for clerk accounts); the tab only says so up front. Errors show in the tab, and what was
typed stays in the fields (e.g. on a read-only or full disk) so it can be saved later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain import clock
from counter_app.domain.vocabulary import Role
from counter_app.i18n import _
from counter_app.services.actions.admin import BackupStatus
from counter_app.services.context import role_label
from counter_app.services.counter import Counter
from counter_app.services.permissions import Action
from ui.changes import Area
from ui.session import UiSession

ROLES = (Role.CLERK, Role.MANAGER, Role.HEAD_OFFICE)


class StaffTab(QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.backups = BackupStatus(shared=True)
        self.notice = QLabel()
        self.notice.setObjectName("staff_notice")
        self.notice.setWordWrap(True)
        self.message = QLabel()
        self.message.setObjectName("staff_message")
        self.message.setWordWrap(True)

        self.table = QTableWidget(0, 6)
        self.table.setObjectName("staff_table")
        self.table.setHorizontalHeaderLabels([_("账号"), _("姓名"), _("角色"), _("门店"), _("状态"), _("密码")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()

        self.login_edit = QLineEdit()
        self.login_edit.setObjectName("new_login")
        self.login_edit.setPlaceholderText(_("账号（英文字母或数字）"))
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("new_name")
        self.name_edit.setPlaceholderText(_("姓名"))
        self.role_box = QComboBox()
        self.role_box.setObjectName("new_role")
        for role in ROLES:
            self.role_box.addItem(role_label(role), role.value)
        self.secret_edit = QLineEdit()
        self.secret_edit.setObjectName("new_secret")
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret_edit.setPlaceholderText(_("初始密码或 PIN"))
        self.add_button = QPushButton(_("添加员工"))
        self.add_button.setObjectName("add_staff")
        self.add_button.clicked.connect(self.add_staff)
        add_row = QHBoxLayout()
        for w in (self.login_edit, self.name_edit, self.role_box, self.secret_edit, self.add_button):
            add_row.addWidget(w)

        self.reset_button = QPushButton(_("重设密码…"))
        self.reset_button.setObjectName("reset_password")
        self.reset_button.clicked.connect(self.reset_password)
        self.deactivate_button = QPushButton(_("停用账号…"))
        self.deactivate_button.setObjectName("deactivate")
        self.deactivate_button.clicked.connect(self.deactivate)
        self.stand_in_button = QPushButton(_("指定代理店长…"))
        self.stand_in_button.setObjectName("stand_in")
        self.stand_in_button.clicked.connect(self.stand_in)
        row_buttons = QHBoxLayout()
        for w in (self.reset_button, self.deactivate_button, self.stand_in_button):
            row_buttons.addWidget(w)
        row_buttons.addStretch(1)

        staff_box = QGroupBox(_("员工账号"))
        sb = QVBoxLayout(staff_box)
        sb.addWidget(self.table)
        sb.addLayout(row_buttons)
        sb.addLayout(add_row)

        # Backups and privacy
        self.backup_label = QLabel()
        self.backup_label.setObjectName("backup_label")
        self.backup_label.setWordWrap(True)
        self.backup_button = QPushButton(_("立即备份…"))
        self.backup_button.setObjectName("backup_now")
        self.backup_button.clicked.connect(self.backup_now)
        self.retention = QSpinBox()
        self.retention.setObjectName("retention_years")
        self.retention.setRange(0, 100)
        self.retention.setSuffix(_(" 年"))
        self.retention.setSpecialValueText(_("不自动匿名"))
        self.retention_button = QPushButton(_("保存年限"))
        self.retention_button.setObjectName("save_retention")
        self.retention_button.clicked.connect(self.save_retention)
        self.anonymise_button = QPushButton(_("立即匿名处理"))
        self.anonymise_button.setObjectName("anonymise")
        self.anonymise_button.clicked.connect(self.anonymise)
        safety = QGroupBox(_("备份与隐私"))
        form = QFormLayout(safety)
        brow = QHBoxLayout()
        brow.addWidget(self.backup_label, 1)
        brow.addWidget(self.backup_button)
        form.addRow(_("备份"), brow)
        rrow = QHBoxLayout()
        for control in (self.retention, self.retention_button, self.anonymise_button):
            rrow.addWidget(control)
        rrow.addStretch(1)
        form.addRow(_("客户资料保存年限"), rrow)

        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(staff_box, 1)
        layout.addWidget(safety)
        layout.addWidget(self.message)
        session.actor_changed.connect(self.reload)
        self.reload()

    # ---- helpers --------------------------------------------------------------------------

    def _run(self, fn: Callable[[Counter], Any], done: str) -> tuple[bool, Any]:
        """One save; the outcome (or the reason it was refused) shows under the tab."""
        ok, out = self.session.call(self, fn, changes=[Area.STAFF], quiet=True)
        if not ok:
            self._say(out, error=True)
            return False, None
        self._say(done)
        return True, out

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color:#b00020;" if error else "color:#1b5e20;")
        self.message.setText(text)

    def selected_login(self) -> str | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return item.text() if item else None

    def reload(self) -> None:
        actor = self.session.actor
        self.notice.setText(
            _("您可以管理员工账号。") if actor.may(Action.MANAGE_STAFF)
            else _("只有店长（或代理店长）可以管理员工账号；这里只能查看。")
        )
        ok, found = self.session.call(
            self, lambda c: (c.staff.accounts(actor), c.privacy.retention_years(), c.backup.status()), quiet=True)
        if not ok:
            self._say(found, error=True)
            return
        rows, years, self.backups = found
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            state = _("在职") if r.active else _("已停用")
            if r.acting_director:
                state += _("（代理店长）")
            values = [r.login, r.name, role_label(r.role), r.store_code or "—", state,
                      _("已设") if r.has_password else _("未设")]
            for j, v in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(v))
        self.retention.setValue(years)
        b = self.backups
        if b.shared:
            self.backup_label.setText(_("共享的 PostgreSQL 数据库由服务器备份（pg_dump）。"))
            self.backup_button.setEnabled(False)
        else:
            self.backup_label.setText(
                _("最近一次自动备份：{when}（共 {n} 份，在 {dir}）", when=b.newest.strftime("%Y-%m-%d %H:%M"),
                  n=b.count, dir=b.folder) if b.newest
                else _("还没有自动备份（有改动时每 30 分钟及关闭程序时自动备份）。")
            )
        for w in (self.add_button, self.reset_button, self.deactivate_button, self.stand_in_button,
                  self.retention_button, self.anonymise_button):
            w.setEnabled(actor.may(Action.MANAGE_STAFF))

    # ---- actions --------------------------------------------------------------------------

    def add_staff(self) -> None:
        login, name, secret = self.login_edit.text(), self.name_edit.text(), self.secret_edit.text()
        actor, role = self.session.actor, Role(self.role_box.currentData())
        ok, _added = self._run(lambda c: c.staff.add(actor, login, name, role, secret),
                               _("已添加员工账号 {login}。", login=login.strip()))
        if ok:
            for w in (self.login_edit, self.name_edit, self.secret_edit):
                w.clear()
            self.reload()

    def reset_password(self) -> None:
        login = self.selected_login()
        if not login:
            self._say(_("请先在表中选择一个员工。"), error=True)
            return
        secret, ok = QInputDialog.getText(self, _("重设密码"), _("{login} 的新密码或 PIN：", login=login),
                                          QLineEdit.EchoMode.Password)
        if ok:
            actor = self.session.actor
            self._run(lambda c: c.staff.set_password(actor, login, secret),
                      _("{login} 的密码已更改。", login=login))

    def deactivate(self) -> None:
        login = self.selected_login()
        if not login:
            self._say(_("请先在表中选择一个员工。"), error=True)
            return
        reason, ok = QInputDialog.getText(self, _("停用账号"), _("停用 {login} 的原因：", login=login))
        actor = self.session.actor
        if ok and self._run(lambda c: c.staff.deactivate(actor, login, reason),
                            _("员工账号 {login} 已停用。", login=login))[0]:
            self.reload()

    def stand_in(self) -> None:
        login = self.selected_login()
        if not login:
            self._say(_("请先在表中选择一个员工。"), error=True)
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(_("指定代理店长"))
        start, end = QDateEdit(QDate(clock.today())), QDateEdit(QDate(clock.today()).addDays(7))
        for w in (start, end):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
        note = QLineEdit()
        form = QFormLayout(dialog)
        form.addRow(_("代理人"), QLabel(login))
        form.addRow(_("开始"), start)
        form.addRow(_("结束"), end)
        form.addRow(_("备注"), note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        a: dt.date = start.date().toPython()  # type: ignore[assignment]
        b: dt.date = end.date().toPython()  # type: ignore[assignment]
        actor, why = self.session.actor, note.text()
        if self._run(lambda c: c.staff.name_stand_in(actor, login, a, b, why),
                     _("{login} 在 {a} 至 {b} 代理店长。", login=login, a=a, b=b))[0]:
            self.reload()

    def backup_now(self) -> None:
        db = self.backups.database
        if db is None:
            return
        target, _filter = QFileDialog.getSaveFileName(
            self, _("备份到"), str(Path.home() / f"{db.stem}-{clock.now():%Y%m%d-%H%M}.sqlite3"),
            _("SQLite 数据库 (*.sqlite3 *.db)"))
        if not target:
            return
        ok, made = self.session.call(self, lambda c: c.backup.write_backup(Path(target)), quiet=True)
        if not ok:
            self._say(made, error=True)
            return
        self._say(_("已备份到 {path}", path=made.path))

    def save_retention(self) -> None:
        actor, years = self.session.actor, self.retention.value()
        self._run(lambda c: c.privacy.set_retention_years(actor, years), _("客户资料保存年限：{n} 年", n=years))

    def anonymise(self) -> None:
        if QMessageBox.question(self, _("匿名处理"), _("把超过保存年限没有往来的顾客资料匿名化？此操作不能撤销。")) \
                != QMessageBox.StandardButton.Yes:
            return
        actor = self.session.actor
        ok, done = self._run(lambda c: c.privacy.anonymise_inactive(actor), _("已匿名处理。"))
        if ok and done:
            self._say(_("已匿名 {n} 位顾客。", n=len(done)))


def create_tab(session: UiSession) -> QWidget:
    return StaffTab(session)
