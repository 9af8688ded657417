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
from counter_app.services import slip_notify
from ui.changes import Area
from ui.session import UiSession


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
        ok, text = session.call(self, lambda c: c.slips.notice_text(number))
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
        actor, number = self.session.actor, self.number
        channel, outcome, text = self.channel.currentData(), self.outcome.currentData(), self.text.toPlainText()
        ok, _notice = self.session.call(self, lambda c: c.slips.notify(actor, number, channel, text=text,
                                                                       outcome=outcome), changes=[Area.SLIPS])
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
        actor, number = self.session.actor, self.number
        amount = self.amount.text() if self.amount.text().strip() else None
        cost = self.cost.text() or None
        note = self.note.text()
        accepted = None if self.pending.isChecked() else self.accept_radio.isChecked()
        if amount is None and accepted is None:
            self.accept()  # nothing typed, nothing answered: nothing to record
            return
        ok, _slip = self.session.call(self, lambda c: c.slips.quote(actor, number, amount=amount, factory_cost=cost,
                                                                    accepted=accepted, note=note),
                                      changes=[Area.SLIPS])
        if ok:
            self.accept()
