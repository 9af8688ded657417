"""Small dialogs of the slip detail: notify the customer, record the factory quote."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.i18n import _
from counter_app.services import slip_notify, slips
from ui.session import UiSession
from ui.windows.slips.common import read, write


class NotifyDialog(QDialog):
    """The text of the status's template, editable; copy it for an SMS; log the contact."""

    def __init__(self, session: UiSession, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.number = session, number
        self.setObjectName("notify_dialog")
        self.setWindowTitle(_("通知顾客 {no}", no=number))
        self.resize(520, 320)
        form = QFormLayout(self)
        self.channel = QComboBox()
        for code, label in slip_notify.CHANNELS.items():
            self.channel.addItem(_(label), code)
        self.outcome = QComboBox()
        for code, label in slip_notify.OUTCOMES.items():
            self.outcome.addItem(_(label), code)
        self.text = QPlainTextEdit()
        self.text.setObjectName("notify_text")
        ok, text = read(self, session, lambda s: slip_notify.message_text(s, slips.get(s, number)))
        self.text.setPlainText(text if ok else "")
        copy = QPushButton(_("复制短信文字"))
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text.toPlainText()))
        form.addRow(_("方式"), self.channel)
        form.addRow(_("结果"), self.outcome)
        form.addRow(_("文字"), self.text)
        form.addRow("", copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        ok, _log = write(self, self.session, lambda s: slip_notify.notify(
            s, self.session.actor, self.number, self.channel.currentData(), text=self.text.toPlainText(),
            outcome=self.outcome.currentData()))
        if ok:
            self.accept()


class QuoteDialog(QDialog):
    """The factory's quote for paid work and the customer's answer."""

    def __init__(self, session: UiSession, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.number = session, number
        self.setObjectName("quote_dialog")
        self.setWindowTitle(_("工厂报价 {no}", no=number))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.amount = QLineEdit()
        self.cost = QLineEdit()
        self.cost.setPlaceholderText(_("改款按成本价：与报价相同"))
        self.note = QLineEdit()
        self.pending = QRadioButton(_("只录报价，待顾客答复"))
        self.accept_radio = QRadioButton(_("顾客同意"))
        self.refuse_radio = QRadioButton(_("顾客拒绝（未维修退回）"))
        self.pending.setChecked(True)
        form.addRow(_("报价"), self.amount)
        form.addRow(_("工厂成本"), self.cost)
        form.addRow(_("备注"), self.note)
        layout.addLayout(form)
        for r in (self.pending, self.accept_radio, self.refuse_radio):
            layout.addWidget(r)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        actor = self.session.actor

        def job(s):  # type: ignore[no-untyped-def]
            if self.amount.text().strip():
                slips.record_quote(s, actor, self.number, self.amount.text(), self.cost.text() or None,
                                   self.note.text())
            if not self.pending.isChecked():
                slips.decide_quote(s, actor, self.number, self.accept_radio.isChecked(), self.note.text())

        ok, _r = write(self, self.session, job)
        if ok:
            self.accept()
