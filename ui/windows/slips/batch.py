"""Send slips to the factory or receive them back, as one batch with its signed list."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.i18n import _
from ui.changes import Area
from ui.printing import output_pdf, tell
from ui.session import UiSession


class BatchDialog(QDialog):
    def __init__(self, session: UiSession, direction: str, numbers: list[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.direction = session, direction
        self.result_batch: str | None = None
        self.pdf_path: Any = None
        self.warnings: list[str] = []
        self.setObjectName(f"batch_{direction}")
        sending = direction == "send"
        self.setWindowTitle(_("送厂批次") if sending else _("回店批次"))
        self.resize(720, 480)
        layout = QVBoxLayout(self)
        scan_row = QHBoxLayout()
        self.scan = QLineEdit()
        self.scan.setObjectName("batch_scan")
        self.scan.setPlaceholderText(_("扫描或输入维修单号，回车加入"))
        self.scan.returnPressed.connect(self.add_scanned)
        remove = QPushButton(_("移除所选"))
        remove.clicked.connect(self.remove_selected)
        scan_row.addWidget(self.scan, 1)
        scan_row.addWidget(remove)
        layout.addLayout(scan_row)
        cols = [_("维修单号"), _("顾客"), _("饰品"), _("收件重量")] + ([] if sending else [_("回店称重 (克)")])
        self.table = QTableWidget(0, len(cols))
        self.table.setObjectName("batch_table")
        self.table.setHorizontalHeaderLabels(cols)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((160, 80, 220, 80)):
            self.table.setColumnWidth(col, width)
        layout.addWidget(self.table, 1)
        form = QFormLayout()
        self.factory = QLineEdit()
        self.note = QLineEdit()
        form.addRow(_("工厂"), self.factory)
        form.addRow(_("备注"), self.note)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setStyleSheet("color:#c00000;")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton(_("确认并打印清单"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("batch_confirm")
        self.ok_button.clicked.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for n in numbers or []:
            self.add(n)

    def numbers(self) -> list[str]:
        return [self._number_at(r) for r in range(self.table.rowCount())]

    def _number_at(self, row: int) -> str:
        item = self.table.item(row, 0)  # every row has its slip number; `add` puts it there
        return item.text() if item is not None else ""

    def add_scanned(self) -> None:
        if self.add(self.scan.text()):
            self.scan.clear()

    def add(self, text: str) -> bool:
        ok, info = self.session.call(self, lambda c: c.slips.get(text), quiet=True)
        if not ok:
            self.message.setText(str(info))
            return False
        if info.number in self.numbers():
            self.message.setText(_("维修单 {no} 已在本批次中。", no=info.number))
            return False
        row = self.table.rowCount()
        self.table.insertRow(row)
        values = [info.number, info.customer, f"{info.product_code} {info.description}",
                  info.intake_weight_g or "—"]
        for col, value in enumerate(values):
            item = QTableWidgetItem(value)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)  # only the weight is typed
            self.table.setItem(row, col, item)
        if self.direction == "receive":
            self.table.setItem(row, 4, QTableWidgetItem(""))
        self.message.setText("")
        return True

    def remove_selected(self) -> None:
        for idx in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(idx)

    def set_weight(self, number: str, grams: str) -> None:
        for r in range(self.table.rowCount()):
            if self._number_at(r) == number:
                self.table.setItem(r, 4, QTableWidgetItem(grams))

    def confirm(self) -> None:
        numbers = self.numbers()
        if not numbers:
            self.message.setText(_("请至少输入一个维修单号。"))
            return
        actor = self.session.actor
        factory, note = self.factory.text(), self.note.text()
        if self.direction == "send":
            ok, result = self.session.call(self, lambda c: c.slips.send_batch(actor, numbers, factory=factory,
                                                                              note=note),
                                           changes=[Area.SLIPS], quiet=True)
        else:
            weights: dict[str, str | None] = {}
            for r, n in enumerate(numbers):
                cell = self.table.item(r, 4)
                weights[n] = cell.text().strip() if cell and cell.text().strip() else None
            ok, result = self.session.call(self, lambda c: c.slips.receive_batch(actor, numbers, weights,
                                                                                 factory=factory, note=note),
                                           changes=[Area.SLIPS], quiet=True)
        if not ok:
            self.message.setText(str(result))
            return
        self.result_batch, self.warnings = result.number, list(result.warnings)
        owner = self.parentWidget() or self
        self.pdf_path = output_pdf(owner, result.pdf, f"{self.result_batch}.pdf")
        if self.warnings:
            tell(owner, _("重量提醒"), "\n".join(self.warnings))
        self.accept()
