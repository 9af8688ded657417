"""Settings tab: the policy values (return days, trade-in ratio, metal deductions …).

A manager's change is a new version (`services.policy.set_values`); earlier versions stay,
and every saved quote keeps the version it used.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from counter_app.data.models import PolicyVersion, Staff
from counter_app.domain.policy import policy_labels
from counter_app.i18n import _
from counter_app.services import policy
from counter_app.services.permissions import Action
from ui.ops import call
from ui.session import UiSession

KEY_ROLE = Qt.ItemDataRole.UserRole


class PolicyTab(QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.version_label = QLabel()
        self.version_label.setObjectName("policy_version")
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("policy_values")
        self.table.setHorizontalHeaderLabels([_("参数"), _("值")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.note = QLineEdit()
        self.note.setObjectName("policy_note")
        self.note.setPlaceholderText(_("修改说明（如：总部通知 2026-12 起执行）"))
        self.save_button = QPushButton(_("保存为新版本"))
        self.save_button.setObjectName("policy_save")
        self.message = QLabel()
        self.message.setObjectName("policy_message")
        self.history = QTableWidget(0, 4)
        self.history.setObjectName("policy_history")
        self.history.setHorizontalHeaderLabels([_("版本"), _("时间"), _("修改人"), _("说明")])
        self.history.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().hide()
        self.history.setMaximumHeight(160)

        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.version_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(_("历史版本")))
        layout.addWidget(self.history)
        self.save_button.clicked.connect(self.save)
        session.actor_changed.connect(self.load)
        session.data_changed.connect(lambda area: area in ("policy", "*") and self.load())
        self.load()

    def load(self) -> None:
        with self.session.uow.write() as s:
            row, values = policy.current(s)
            s.commit()
            version, created = row.version, row.created_at
            versions = list(s.scalars(select(PolicyVersion).order_by(PolicyVersion.version.desc()).limit(50)))
            names = {sid: name for sid, name in s.execute(select(Staff.id, Staff.name))}
            hist = [(v.version, v.created_at, names.get(v.created_by_id or -1, ""), v.note) for v in versions]
        manager = self.session.actor.may(Action.CHANGE_POLICY)
        self._values = values.as_dict()
        self.version_label.setText(_("当前政策版本 {v}（{at}）", v=version,
                                     at=created.strftime("%Y-%m-%d %H:%M") if created else ""))
        labels = policy_labels()
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for key, value in self._values.items():
            r = self.table.rowCount()
            self.table.insertRow(r)
            name = QTableWidgetItem(labels.get(key, key))
            name.setFlags(Qt.ItemFlag.ItemIsEnabled)
            name.setData(KEY_ROLE, key)
            name.setToolTip(key)
            self.table.setItem(r, 0, name)
            if isinstance(value, bool):
                cell = QTableWidgetItem(_("是") if value else _("否"))
                cell.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
                flags = Qt.ItemFlag.ItemIsEnabled | (Qt.ItemFlag.ItemIsUserCheckable if manager else Qt.ItemFlag(0))
            else:
                cell = QTableWidgetItem(str(value))
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | (
                    Qt.ItemFlag.ItemIsEditable if manager else Qt.ItemFlag(0))
            cell.setFlags(flags)
            self.table.setItem(r, 1, cell)
        self.table.blockSignals(False)
        self.history.setRowCount(0)
        for v, at, who, note in hist:
            r = self.history.rowCount()
            self.history.insertRow(r)
            for c, text in enumerate((str(v), at.strftime("%Y-%m-%d %H:%M") if at else "", who, note or "")):
                self.history.setItem(r, c, QTableWidgetItem(text))
        for c in range(3):
            self.history.resizeColumnToContents(c)
        self.save_button.setEnabled(manager)
        self.note.setEnabled(manager)
        if not manager:
            self.message.setText(_("只有店长（体验中心主任）或其代理人可以修改政策参数。"))

    def changes(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for r in range(self.table.rowCount()):
            key = self.table.item(r, 0).data(KEY_ROLE)
            cell = self.table.item(r, 1)
            old = self._values[key]
            if isinstance(old, bool):
                new: object = cell.checkState() == Qt.CheckState.Checked
            else:
                new = cell.text().strip()
            if str(new) != str(old):
                out[key] = new
        return out

    def set_value(self, key: str, text: str) -> None:
        """Type a value into the row of `key` (what a manager does by hand)."""
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(KEY_ROLE) == key:
                self.table.item(r, 1).setText(text)
                return
        raise KeyError(key)

    def save(self) -> int | None:
        changes = self.changes()
        if not changes:
            self.message.setText(_("没有修改。"))
            return None

        def run() -> int:
            with self.session.uow.write() as s:
                row = policy.set_values(s, self.session.actor, changes, self.note.text().strip())
                s.commit()
                return row.version

        ok, version = call(self, run, self.session.ctx.url)
        if not ok:
            return None
        self.note.clear()
        self.session.data_changed.emit("policy")
        self.message.setText(_("已保存为政策版本 {v}。", v=version))
        return int(version)


def create_tab(session: UiSession) -> QWidget:
    return PolicyTab(session)
