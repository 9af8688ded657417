"""Merge a duplicate into the open file (manager only; never automatic)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.i18n import _
from ui.changes import Area
from ui.session import UiSession

REASONS = {"same_phone": "同一电话", "similar_name": "姓名相近", "same_address": "同一地址"}


class MergeDialog(QDialog):
    def __init__(self, session: UiSession, keep_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.keep_id = keep_id
        self.setWindowTitle(_("合并重复档案"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("选择要并入本档案的档案（同一电话的家人请不要合并）：")))
        self.list = QListWidget()
        self.list.setObjectName("duplicates")
        actor = session.actor
        ok, found = session.call(self, lambda c: c.customers.duplicates(actor, keep_id))
        pairs = found if ok else []
        for p in pairs:
            why = "、".join(_(REASONS.get(r, r)) for r in p.reasons)
            item = QListWidgetItem(f"{p.other_id}  {p.other_name}  {p.other_phone_masked}  （{why}）")
            item.setData(Qt.ItemDataRole.UserRole, p.other_id)
            self.list.addItem(item)
        if not pairs:
            layout.addWidget(QLabel(_("没有可能重复的档案。")))
        layout.addWidget(self.list)
        self.reason = QLineEdit()
        self.reason.setObjectName("merge_reason")
        self.reason.setPlaceholderText(_("合并理由（必填）"))
        layout.addWidget(self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("合并"))
        if (save_button := buttons.button(QDialogButtonBox.StandardButton.Save)) is not None:
            save_button.setText(_("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self.merge)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def merge(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        other = int(item.data(Qt.ItemDataRole.UserRole))
        actor = self.session.actor
        reason = self.reason.text()
        keep = self.keep_id
        ok, _result = self.session.call(self, lambda c: c.customers.merge(actor, keep, other, reason),
                                        changes=[Area.CUSTOMERS])
        if ok:
            self.accept()
