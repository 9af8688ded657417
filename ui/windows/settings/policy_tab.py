"""Settings tab: the policy values (return days, trade-in ratio, metal deductions …).

A manager's change is a new version, with the reason it was made (`counter.policy.change`,
as `counter-app policy set`); earlier versions stay, and every saved quote keeps the version
it used.
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

from counter_app.domain.policy import policy_labels
from counter_app.i18n import _
from counter_app.services.permissions import Action
from ui.changes import Area, concerns
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
        session.data_changed.connect(self._changed)
        self.load()

    def _changed(self, area: str) -> None:
        if concerns(area, Area.POLICY):
            self.load()

    def load(self) -> None:
        ok, found = self.session.call(self, lambda c: (c.policy.show(), c.policy.history()))
        if not ok:
            return
        current, hist = found
        manager = self.session.actor.may(Action.CHANGE_POLICY)
        self._values = current.values.as_dict()
        created = current.created_at
        self.version_label.setText(_("当前政策版本 {v}（{at}）", v=current.version,
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
        for v in hist:
            r = self.history.rowCount()
            self.history.insertRow(r)
            at = v.created_at.strftime("%Y-%m-%d %H:%M") if v.created_at else ""
            for c, text in enumerate((str(v.version), at, v.created_by, v.note)):
                self.history.setItem(r, c, QTableWidgetItem(text))
        for c in range(3):
            self.history.resizeColumnToContents(c)
        self.save_button.setEnabled(manager)
        self.note.setEnabled(manager)
        if not manager:
            self.message.setText(_("只有店长（体验中心主任）或其代理人可以修改政策参数。"))

    def _cells(self, r: int) -> tuple[QTableWidgetItem, QTableWidgetItem]:
        key_cell, value_cell = self.table.item(r, 0), self.table.item(r, 1)
        assert key_cell is not None and value_cell is not None  # every row is filled when it is made
        return key_cell, value_cell

    def changes(self) -> dict[str, object]:
        out: dict[str, object] = {}
        for r in range(self.table.rowCount()):
            key_cell, cell = self._cells(r)
            key = key_cell.data(KEY_ROLE)
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
            key_cell, cell = self._cells(r)
            if key_cell.data(KEY_ROLE) == key:
                cell.setText(text)
                return
        raise KeyError(key)

    def save(self) -> int | None:
        changes = self.changes()
        if not changes:
            self.message.setText(_("没有修改。"))
            return None

        actor, reason = self.session.actor, self.note.text()
        ok, view = self.session.call(self, lambda c: c.policy.change(actor, changes, reason), changes=[Area.POLICY])
        if not ok:
            return None
        self.note.clear()
        self.message.setText(_("已保存为政策版本 {v}。", v=view.version))
        return int(view.version)


def create_tab(session: UiSession) -> QWidget:
    return PolicyTab(session)
