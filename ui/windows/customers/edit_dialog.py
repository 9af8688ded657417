"""New customer / edit details. The service checks everything; a refusal keeps the dialog open."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from counter_app.i18n import _
from counter_app.services.customers import CustomerDetails
from ui.changes import Area
from ui.session import UiSession

CHANNELS = (("", "—"), ("counter", "柜台"), ("phone", "电话"), ("paper", "书面"), ("wechat", "微信"), ("sms", "短信"))


class CustomerEditDialog(QDialog):
    def __init__(self, session: UiSession, customer_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.customer_id = customer_id
        self.setWindowTitle(_("修改客户档案") if customer_id else _("新建客户档案"))
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        for key, label in (("name", "姓名"), ("phone", "手机号"), ("phone2", "第二个电话"), ("address", "地址"),
                           ("birthday", "生日"), ("wedding_anniversary", "结婚纪念日"), ("preferences", "喜好")):
            edit = QLineEdit()
            edit.setObjectName(f"edit_{key}")
            self.fields[key] = edit
            form.addRow(_(label), edit)
        self.fields["birthday"].setPlaceholderText("1990-05-01")
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        form.addRow(_("备注"), self.notes)
        self.consent_calls = QCheckBox(_("同意接听回访电话"))
        self.consent_letters = QCheckBox(_("同意接收信函"))
        self.channel = QComboBox()
        for code, label in CHANNELS:
            self.channel.addItem(_(label), code)
        form.addRow(self.consent_calls)
        form.addRow(self.consent_letters)
        form.addRow(_("同意方式"), self.channel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        if (save_button := buttons.button(QDialogButtonBox.StandardButton.Save)) is not None:
            save_button.setText(_("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.saved_id: int | None = None
        if customer_id:
            self._load(customer_id)

    def _load(self, customer_id: int) -> None:
        ok, details = self.session.call(self, lambda c: c.customers.details(customer_id))
        if ok:
            self._fill(details)

    def _fill(self, c: CustomerDetails) -> None:
        for key, edit in self.fields.items():
            if key in ("phone", "phone2"):
                continue
            value = getattr(c, key)
            edit.setText("" if value is None else str(value))
        # the phone is not shown in full here either: typing a new one replaces it
        self.fields["phone"].setText("")
        self.fields["phone"].setPlaceholderText(_("不改请留空（现为 {masked}）", masked=c.phone_masked or "—"))
        self.fields["phone2"].setText("")
        self.fields["phone2"].setPlaceholderText(_("不改请留空（现为 {masked}）", masked=c.phone2_masked or "—"))
        self.notes.setPlainText(c.notes)
        self.consent_calls.setChecked(c.consent_calls)
        self.consent_letters.setChecked(c.consent_letters)
        self.channel.setCurrentIndex(max(0, self.channel.findData(c.consent_channel)))

    def values(self) -> dict[str, Any]:
        data: dict[str, Any] = {k: e.text() for k, e in self.fields.items()}
        if self.customer_id:
            for key in ("phone", "phone2"):
                if not data[key].strip():
                    data.pop(key)
        data["notes"] = self.notes.toPlainText()
        data["consent_calls"] = self.consent_calls.isChecked()
        data["consent_letters"] = self.consent_letters.isChecked()
        data["consent_channel"] = self.channel.currentData() or ""
        return data

    def save(self) -> None:
        data = self.values()
        actor = self.session.actor
        cid = self.customer_id
        ok, saved = self.session.call(
            self, lambda c: c.customers.edit(actor, cid, data) if cid else c.customers.create(actor, data),
            changes=[Area.CUSTOMERS])
        if ok:
            self.saved_id = saved.id
            self.accept()
