"""What the checked intake leads to: save, repair slip, quote, or maintenance done on the spot."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.records import MAINTENANCE_WORKS
from counter_app.i18n import _
from ui.windows.intake.common import error_label, show_error


class HeadOfficePanel(QGroupBox):
    """For a piece not in the shared records: head office's confirmation lets the clerk go on (repair only)."""

    confirmed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("总部确认（销售记录中没有此货品时）"), parent)
        self.who = QLineEdit()
        self.who.setObjectName("head_office_who")
        self.who.setPlaceholderText(_("确认人"))
        self.reference = QLineEdit()
        self.reference.setObjectName("head_office_reference")
        self.reference.setPlaceholderText(_("确认编号 / 电话记录"))
        self.go_button = QPushButton(_("按总部确认继续（仅维修）"))
        self.error = error_label()
        row = QHBoxLayout()
        row.addWidget(self.who)
        row.addWidget(self.reference)
        row.addWidget(self.go_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.go_button.clicked.connect(self._go)
        self.reference.returnPressed.connect(self._go)

    def _go(self) -> None:
        if not self.who.text().strip() or not self.reference.text().strip():
            show_error(self.error, _("总部确认须填写确认人和确认编号。"))
            return
        show_error(self.error, "")
        self.confirmed.emit()

    def confirmation(self) -> dict[str, str]:
        return {"who": self.who.text().strip(), "reference": self.reference.text().strip()}

    def clear(self) -> None:
        self.who.clear()
        self.reference.clear()
        show_error(self.error, "")


class ActionsPanel(QGroupBox):
    save_clicked = Signal()
    slip_clicked = Signal()
    trade_in_clicked = Signal()
    return_clicked = Signal()
    maintenance_clicked = Signal()
    new_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("下一步"), parent)
        self.notes = QLineEdit()
        self.notes.setObjectName("intake_notes")
        self.notes.setPlaceholderText(_("收件备注"))
        self.save_button = QPushButton(_("保存收件 (Ctrl+S)"))
        self.save_button.setObjectName("save_intake")
        self.save_button.setShortcut(QKeySequence("Ctrl+S"))
        self.slip_button = QPushButton(_("开维修单"))
        self.slip_button.setObjectName("create_slip")
        self.trade_in_button = QPushButton(_("以旧换新报价"))
        self.trade_in_button.setObjectName("start_trade_in")
        self.return_button = QPushButton(_("退换货报价"))
        self.return_button.setObjectName("start_return")
        self.works: dict[str, QCheckBox] = {}
        for code, label in MAINTENANCE_WORKS:
            box = QCheckBox(_(label))
            box.setObjectName(f"work_{code}")
            self.works[code] = box
        self.maintenance_button = QPushButton(_("店内免费保养已完成"))
        self.maintenance_button.setObjectName("maintenance_done")
        self.new_button = QPushButton(_("新收件 (Ctrl+N)"))
        self.new_button.setShortcut(QKeySequence("Ctrl+N"))
        self.status = QLabel()
        self.status.setObjectName("intake_status")
        self.status.setWordWrap(True)
        self.error = error_label()
        self.error.setObjectName("actions_error")

        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.notes, 2)
        for b in (self.save_button, self.slip_button, self.trade_in_button, self.return_button):
            row.addWidget(b, 1)
        layout.addLayout(row)
        works = QHBoxLayout()
        works.addWidget(QLabel(_("店内保养：")))
        for box in self.works.values():
            works.addWidget(box)
        works.addWidget(self.maintenance_button)
        works.addWidget(self.status, 1)
        works.addWidget(self.new_button)
        layout.addLayout(works)
        layout.addWidget(self.error)

        self.save_button.clicked.connect(self.save_clicked)
        self.slip_button.clicked.connect(self.slip_clicked)
        self.trade_in_button.clicked.connect(self.trade_in_clicked)
        self.return_button.clicked.connect(self.return_clicked)
        self.maintenance_button.clicked.connect(self.maintenance_clicked)
        self.new_button.clicked.connect(self.new_clicked)

    def chosen_works(self) -> list[str]:
        return [code for code, box in self.works.items() if box.isChecked()]

    def set_error(self, text: str) -> None:
        show_error(self.error, text)

    def clear(self) -> None:
        self.notes.clear()
        for box in self.works.values():
            box.setChecked(False)
        self.status.clear()
        self.set_error("")
