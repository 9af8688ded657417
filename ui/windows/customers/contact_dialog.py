"""Log a call, visit, message or letter on a customer, or the outcome of a follow-up call."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from counter_app.i18n import _
from ui.changes import Area
from ui.session import UiSession

CHANNELS = {"phone": "电话", "sms": "短信", "letter": "信函", "visit": "到店", "wechat": "微信"}
DIRECTIONS = {"in": "来电 / 来访", "out": "去电 / 寄出"}
PURPOSES = {"enquiry": "咨询", "complaint": "投诉", "follow_up": "跟踪回访", "notify": "通知取件",
            "invitation": "活动邀请", "praise": "表扬", "other": "其他"}
OUTCOMES = {"": "—", "reached": "已接通", "no_answer": "无人接听（再打）", "wrong_number": "号码错误",
            "declined": "谢绝", "booked": "预约到店", "sent": "已寄出"}


def _combo(options: dict[str, str], name: str) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    for code, label in options.items():
        box.addItem(_(label), code)
    return box


class ContactDialog(QDialog):
    def __init__(self, session: UiSession, customer_id: int | None, task_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.customer_id = customer_id
        self.task_id = task_id
        self.setWindowTitle(_("通话结果") if task_id else _("记录联系"))
        form = QFormLayout(self)
        self.channel = _combo(CHANNELS, "channel")
        self.direction = _combo(DIRECTIONS, "direction")
        self.purpose = _combo(PURPOSES, "purpose")
        self.outcome = _combo(OUTCOMES, "outcome")
        self.text = QLineEdit()
        self.text.setObjectName("contact_text")
        if task_id:
            self.direction.setCurrentIndex(self.direction.findData("out"))
            self.purpose.setCurrentIndex(self.purpose.findData("follow_up"))
            self.outcome.setCurrentIndex(self.outcome.findData("reached"))
        else:
            self.direction.setCurrentIndex(self.direction.findData("in"))
        form.addRow(_("方式"), self.channel)
        form.addRow(_("方向"), self.direction)
        form.addRow(_("事由"), self.purpose)
        form.addRow(_("结果"), self.outcome)
        form.addRow(_("内容"), self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        if (save_button := buttons.button(QDialogButtonBox.StandardButton.Save)) is not None:
            save_button.setText(_("保存"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("取消"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        actor = self.session.actor
        cid, task_id = self.customer_id, self.task_id
        channel, direction = self.channel.currentData(), self.direction.currentData()
        purpose, outcome, text = self.purpose.currentData(), self.outcome.currentData(), self.text.text()
        ok, _entry = self.session.call(
            self, lambda c: c.calls.log(actor, cid, channel=channel, direction=direction, purpose=purpose,
                                        outcome=outcome, text=text, follow_up_id=task_id),
            changes=[Area.CUSTOMERS])  # the file's timeline; the call list listens to it too
        if ok:
            self.accept()
