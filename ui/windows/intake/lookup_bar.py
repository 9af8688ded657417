"""Find the sale: scan or type receipt and product code, or pick from a customer's purchases.

A barcode scanner types the code and presses Enter: Enter in the receipt field moves on
to the product code, Enter there looks the item up.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from counter_app.i18n import _
from ui.session import UiSession
from ui.windows.intake.common import error_label, show_error


class LookupBar(QWidget):
    lookup_requested = Signal(str, str)  # receipt no, product code

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.receipt_edit = QLineEdit()
        self.receipt_edit.setObjectName("receipt")
        self.receipt_edit.setPlaceholderText(_("扫描或输入销售单号"))
        self.product_edit = QLineEdit()
        self.product_edit.setObjectName("product")
        self.product_edit.setPlaceholderText(_("扫描或输入货号"))
        self.find_button = QPushButton(_("查找 (Enter)"))
        self.error = error_label()
        self.error.setObjectName("lookup_error")

        self.customer_edit = QLineEdit()
        self.customer_edit.setObjectName("customer_search")
        self.customer_edit.setPlaceholderText(_("或输入顾客手机号 / 姓名 / 拼音首字母，按 Enter"))
        self.results = QListWidget()
        self.results.setObjectName("customer_items")
        self.results.setMaximumHeight(110)
        self.results.hide()

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel(_("销售单号")), 0, 0)
        grid.addWidget(self.receipt_edit, 0, 1)
        grid.addWidget(QLabel(_("货号")), 0, 2)
        grid.addWidget(self.product_edit, 0, 3)
        grid.addWidget(self.find_button, 0, 4)
        grid.addWidget(QLabel(_("顾客")), 1, 0)
        grid.addWidget(self.customer_edit, 1, 1, 1, 4)
        grid.addWidget(self.results, 2, 1, 1, 4)
        grid.addWidget(self.error, 3, 1, 1, 4)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 2)

        self.receipt_edit.returnPressed.connect(self._receipt_entered)
        self.product_edit.returnPressed.connect(self._request)
        self.find_button.clicked.connect(self._request)
        self.customer_edit.returnPressed.connect(self.search_customer)
        self.results.itemActivated.connect(self._pick)

    def _receipt_entered(self) -> None:
        if self.receipt_edit.text().strip():
            self.product_edit.setFocus()
            self.product_edit.selectAll()

    def _request(self) -> None:
        receipt, product = self.receipt_edit.text().strip(), self.product_edit.text().strip()
        if not receipt:
            self.set_error(_("请填写销售单号。"))
            self.receipt_edit.setFocus()
            return
        if not product:
            self.set_error(_("请填写货号。"))
            self.product_edit.setFocus()
            return
        self.set_error("")
        self.lookup_requested.emit(receipt, product)

    def set_error(self, text: str) -> None:
        show_error(self.error, text)

    def search_customer(self) -> None:
        text = self.customer_edit.text().strip()
        self.results.clear()
        if not text:
            self.results.hide()
            return
        actor = self.session.actor
        ok, items = self.session.call(self, lambda c: c.intake.customer_items(actor, text), quiet=True)
        if not ok:
            self.set_error(str(items))
            self.results.hide()
            return
        if not items:
            self.set_error(_("没有找到顾客“{q}”的购买记录。", q=text))
            self.results.hide()
            return
        self.set_error("")
        for it in items:
            line = _("{name} {phone} ｜ {receipt} {product} {desc} ｜ {sold} {store}", name=it.customer_name,
                     phone=it.phone_masked, receipt=it.receipt_no, product=it.product_code, desc=it.description,
                     sold=it.sold_on.isoformat(), store=it.store_code)
            row = QListWidgetItem(line)
            row.setData(Qt.ItemDataRole.UserRole, (it.receipt_no, it.product_code))
            self.results.addItem(row)
        self.results.show()
        self.results.setCurrentRow(0)
        self.results.setFocus()

    def _pick(self, row: QListWidgetItem) -> None:
        receipt, product = row.data(Qt.ItemDataRole.UserRole)
        self.receipt_edit.setText(receipt)
        self.product_edit.setText(product)
        self.results.hide()
        self._request()

    def clear(self) -> None:
        self.receipt_edit.clear()
        self.product_edit.clear()
        self.customer_edit.clear()
        self.results.clear()
        self.results.hide()
        self.set_error("")
        self.receipt_edit.setFocus()
