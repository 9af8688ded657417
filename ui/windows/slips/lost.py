"""Lost slip (维修单遗失): identity check and head office's approval, then the pickup.

The report is saved as soon as it is confirmed, so the paper slip, if it turns up, is refused at
the counter from that moment; the pickup that follows carries the same report (see
`SlipActions.pickup`, which the command line's lost-slip pickup calls too).
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QWidget

from counter_app.i18n import _
from counter_app.services import slip_pickup
from counter_app.services.actions.slips import LostReport
from ui.changes import Area
from ui.session import UiSession


class LostSlipDialog(QDialog):
    def __init__(self, session: UiSession, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.number = session, number
        self.report: LostReport | None = None  # as recorded, once confirmed
        self.setObjectName("lost_dialog")
        self.setWindowTitle(_("维修单遗失 {no}", no=number))
        form = QFormLayout(self)
        form.addRow(QLabel(_("核对顾客身份，并由总部客服部批准后，原维修单作废，凭身份取件。")))
        self.id_type = QComboBox()
        for code, label in slip_pickup.ID_TYPES.items():
            self.id_type.addItem(_(label), code)
        self.id_last4 = QLineEdit()
        self.id_last4.setObjectName("id_last4")
        self.id_last4.setMaxLength(4)
        self.phone = QLineEdit()
        self.phone.setObjectName("lost_phone")
        self.approved_by = QLineEdit()
        self.approved_by.setObjectName("approved_by")
        self.approval_ref = QLineEdit()
        self.approval_ref.setObjectName("approval_ref")
        self.note = QLineEdit()
        form.addRow(_("证件类型"), self.id_type)
        form.addRow(_("证件号后四位"), self.id_last4)
        form.addRow(_("顾客手机号"), self.phone)
        form.addRow(_("总部批准人"), self.approved_by)
        form.addRow(_("批准编号"), self.approval_ref)
        form.addRow(_("备注"), self.note)
        self.message = QLabel()
        self.message.setStyleSheet("color:#c00000;")
        self.message.setWordWrap(True)
        form.addRow(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.addButton(_("记录挂失"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("lost_confirm")
        ok.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        actor, number = self.session.actor, self.number
        report = LostReport(id_type=self.id_type.currentData(), id_last4=self.id_last4.text(), phone=self.phone.text(),
                            approved_by=self.approved_by.text(), approval_ref=self.approval_ref.text(),
                            note=self.note.text())
        ok, result = self.session.call(self, lambda c: c.slips.report_lost(actor, number, report),
                                       changes=[Area.SLIPS], quiet=True)
        if not ok:
            self.message.setText(str(result))
            return
        self.report = report
        self.accept()
