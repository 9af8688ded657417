"""Pickup (取件签收): scan the slip, confirm the customer, weigh, take the balance, sign."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.text import mask_phone
from counter_app.i18n import _
from counter_app.services.actions.slips import LostReport, SlipView
from counter_app.services.permissions import Action
from ui.changes import Area
from ui.printing import tell
from ui.session import UiSession
from ui.widgets.signature_pad import SignaturePad


class PickupDialog(QDialog):
    def __init__(self, session: UiSession, number: str | None = None, *, via_lost: bool = False,
                 lost: LostReport | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        # the lost-slip path: the report just recorded, or (empty) the one on file
        self.lost = lost if lost is not None else LostReport() if via_lost else None
        self.via_lost = self.lost is not None
        self.info: SlipView | None = None
        self.result_warnings: list[str] = []
        self.setObjectName("pickup_dialog")
        self.setWindowTitle(_("遗失取件（已核对身份）") if self.via_lost else _("凭维修单取件"))
        self.resize(640, 640)
        layout = QVBoxLayout(self)
        scan_row = QHBoxLayout()
        self.scan = QLineEdit()
        self.scan.setObjectName("pickup_scan")
        self.scan.setPlaceholderText(_("扫描维修单上的条码或二维码"))
        self.scan.returnPressed.connect(self.look_up)
        find = QPushButton(_("查找"))
        find.clicked.connect(self.look_up)
        scan_row.addWidget(self.scan, 1)
        scan_row.addWidget(find)
        layout.addLayout(scan_row)

        self.summary = QLabel(_("请先扫描维修单。"))
        self.summary.setObjectName("pickup_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        box = QGroupBox(_("交件"))
        form = QFormLayout(box)
        self.confirm_customer = QCheckBox(_("已核对取件人即维修单上的顾客"))
        self.confirm_customer.setObjectName("confirm_customer")
        self.weight = QLineEdit()
        self.weight.setObjectName("pickup_weight")
        self.weight.setPlaceholderText(_("当面称重（克）"))
        self.pay = QLineEdit()
        self.pay.setObjectName("pickup_pay")
        self.override = QLineEdit()
        self.override.setObjectName("override_reason")
        self.override.setPlaceholderText(_("仅店长：未结清放行的原因"))
        self.override.setEnabled(session.actor.may(Action.RELEASE_UNPAID_PICKUP))
        form.addRow(self.confirm_customer)
        form.addRow(_("称重"), self.weight)
        form.addRow(_("本次收款"), self.pay)
        form.addRow(_("店长放行"), self.override)
        layout.addWidget(box)

        sign_box = QGroupBox(_("顾客签收"))
        sign_layout = QVBoxLayout(sign_box)
        self.pad = SignaturePad()
        clear = QPushButton(_("重签"))
        clear.clicked.connect(self.pad.clear)
        sign_layout.addWidget(self.pad, 1)
        sign_layout.addWidget(clear)
        layout.addWidget(sign_box, 1)

        self.message = QLabel()
        self.message.setObjectName("pickup_message")
        self.message.setStyleSheet("color:#c00000;")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton(_("确认交件"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("pickup_confirm")
        self.ok_button.clicked.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if number:
            self.scan.setText(number)
            self.look_up()

    def look_up(self) -> None:
        text = self.scan.text()
        actor = self.session.actor
        via_lost = self.via_lost
        ok, info = self.session.call(self, lambda c: c.slips.pickup_preview(actor, text, via_lost=via_lost),
                                     quiet=True)
        if not ok:
            self.info = None
            self.summary.setText(str(info))
            return
        self.info = info
        self.summary.setText(_(
            "维修单 {no}（{s}）\n顾客：{c}  电话：{p}\n饰品：{code} {d}\n项目：{w}\n收件重量：{wi} 克  回店重量：{wr} 克\n"
            "应收余额：¥{b}",
            no=info.number, s=info.status_label, c=info.customer, p=mask_phone(info.phone),
            code=info.product_code, d=info.description, w="、".join(w["label"] for w in info.works),
            wi=info.intake_weight_g or "—", wr=info.return_weight_g or "—", b=info.balance))
        if Decimal(info.balance) > 0 and not self.pay.text():
            self.pay.setText(info.balance)

    def confirm(self) -> None:
        if self.info is None:
            self.message.setText(_("请先扫描维修单。"))
            return
        if not self.confirm_customer.isChecked():
            self.message.setText(_("请先核对取件人就是维修单上的顾客。"))
            return
        if self.pad.is_empty():
            self.message.setText(_("请顾客在签名板上签名。"))
            return
        actor = self.session.actor
        number = self.info.number if self.via_lost else self.scan.text()
        png = self.pad.png_bytes()
        weight, pay = self.weight.text() or None, self.pay.text() or None
        override, lost = self.override.text(), self.lost
        ok, result = self.session.call(self, lambda c: c.slips.pickup(
            actor, number, weight=weight, pay=pay, override_reason=override, signature_png=png, lost=lost),
            changes=[Area.SLIPS], quiet=True)
        if not ok:
            self.message.setText(str(result))
            return
        self.result_warnings = list(result.warnings)
        if self.result_warnings:
            tell(self.parentWidget() or self, _("重量提醒"), "\n".join(self.result_warnings))
        self.accept()
