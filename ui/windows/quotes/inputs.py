"""The input panels of the quote page; each emits `changed` so the calculation follows typing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from counter_app.domain import clock
from counter_app.domain.money import format_money, parse_decimal, parse_money
from counter_app.domain.pricing import AsSold, NewPiece, as_sold_labels
from counter_app.i18n import _
from ui.qdates import to_date
from ui.widgets.money_edit import MoneyEdit


class OldItemBox(QGroupBox):
    """Receipt number, product code and the quote date; shows what the receipt holds."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__(_("旧饰品（销售单）"))
        self.receipt = QLineEdit()
        self.receipt.setObjectName("quote_receipt")
        self.receipt.setPlaceholderText(_("扫描或输入销售单号"))
        self.product = QLineEdit()
        self.product.setObjectName("quote_product")
        self.product.setPlaceholderText(_("货号"))
        self.on = QDateEdit(QDate(clock.today()))
        self.on.setObjectName("quote_on")
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        self.info = QLabel()
        self.info.setObjectName("quote_item_info")
        self.info.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(_("销售单号"), self.receipt)
        form.addRow(_("货号"), self.product)
        form.addRow(_("办理日期"), self.on)
        form.addRow(self.info)
        self.receipt.returnPressed.connect(self.product.setFocus)
        for w in (self.receipt, self.product):
            w.textChanged.connect(self.changed)
        self.on.dateChanged.connect(self.changed)

    def day(self) -> dt.date:
        return to_date(self.on.date())


class AsSoldBox(QGroupBox):
    """The four "as sold" conditions, and the quality inspection report."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__(_("商品保持原样（四个要求）"))
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        for i, (key, label) in enumerate(as_sold_labels().items()):
            box = QCheckBox(label)
            box.setObjectName(f"as_sold_{key}")
            box.toggled.connect(self.changed)
            self.boxes[key] = box
            grid.addWidget(box, i // 4, i % 4)
        self.all_button = QPushButton(_("全部齐全"))
        self.all_button.setObjectName("as_sold_all")
        self.all_button.clicked.connect(self.tick_all)
        self.quality = QCheckBox(_("有质量检测报告"))
        self.quality.setObjectName("quality_report")
        self.quality.toggled.connect(self.changed)
        grid.addWidget(self.all_button, 2, 0)
        grid.addWidget(self.quality, 2, 1, 1, 2)

    def tick_all(self) -> None:
        for box in self.boxes.values():
            box.blockSignals(True)
            box.setChecked(True)
            box.blockSignals(False)
        self.changed.emit()

    def value(self) -> AsSold:
        return AsSold.from_dict({k: b.isChecked() for k, b in self.boxes.items()})

    def set_value(self, value: AsSold) -> None:
        for k, ticked in value.as_dict().items():
            self.boxes[k].setChecked(ticked)


VERIFY_FIELDS = (
    ("cert_issuer", "证书机构"), ("cert_no", "证书号"), ("engraving", "字印"), ("weight_g", "重量 (克)"),
    ("carat", "克拉"), ("color", "颜色"), ("clarity", "净度"), ("cut", "切工"),
)
RETEST_FIELDS = (("diamond_code", "复检钻石编码"), ("color", "复检颜色"), ("clarity", "复检净度"))


class VerifyBox(QGroupBox):
    """What is on the counter, checked by the intake rules before a trade-in."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__(_("实物核对（以旧换新须证书相符，大钻须复检）"))
        self.fields: dict[str, QLineEdit] = {}
        self.retest: dict[str, QLineEdit] = {}
        grid = QGridLayout(self)
        for i, (key, label) in enumerate(VERIFY_FIELDS):
            edit = QLineEdit()
            edit.setObjectName(f"observed_{key}")
            edit.textChanged.connect(self.changed)
            self.fields[key] = edit
            grid.addWidget(QLabel(_(label)), i // 2, (i % 2) * 2)
            grid.addWidget(edit, i // 2, (i % 2) * 2 + 1)
        row = len(VERIFY_FIELDS) // 2
        for i, (key, label) in enumerate(RETEST_FIELDS):
            edit = QLineEdit()
            edit.setObjectName(f"retest_{key}")
            edit.textChanged.connect(self.changed)
            self.retest[key] = edit
            grid.addWidget(QLabel(_(label)), row + i // 2, (i % 2) * 2)
            grid.addWidget(edit, row + i // 2, (i % 2) * 2 + 1)

    def observed(self) -> dict[str, str | None]:
        return {k: (e.text().strip() or None) for k, e in self.fields.items()}

    def retest_value(self) -> dict[str, str] | None:
        values = {k: e.text().strip() for k, e in self.retest.items()}
        return values if any(values.values()) else None

    def set_values(self, observed: dict[str, object], retest: dict[str, str] | None) -> None:
        for k, e in self.fields.items():
            v = observed.get(k)
            e.setText("" if v is None else str(v))
        for k, e in self.retest.items():
            e.setText((retest or {}).get(k, ""))


class PiecesBox(QGroupBox):
    """The new piece(s) the customer takes: product code, name and price."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__(_("新品"))
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("new_pieces")
        self.table.setHorizontalHeaderLabels([_("货号"), _("品名"), _("价格")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(110)
        self.code = QLineEdit()
        self.code.setObjectName("new_code")
        self.code.setPlaceholderText(_("新品货号"))
        self.name = QLineEdit()
        self.name.setObjectName("new_name")
        self.name.setPlaceholderText(_("品名（可不填）"))
        self.price = MoneyEdit()
        self.price.setObjectName("new_price")
        self.add_button = QPushButton(_("添加新品"))
        self.add_button.setObjectName("add_piece")
        self.remove_button = QPushButton(_("删除选中"))
        self.remove_button.setObjectName("remove_piece")
        self.error = QLabel()
        self.error.setStyleSheet("color:#b00020;")
        row = QHBoxLayout()
        for w in (self.code, self.name, self.price, self.add_button, self.remove_button):
            row.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error)
        layout.addWidget(self.table)
        self.add_button.clicked.connect(self.add_from_fields)
        self.price.returnPressed.connect(self.add_from_fields)
        self.code.returnPressed.connect(self.price.setFocus)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())

    def add_from_fields(self) -> bool:
        try:
            price = self.price.value()
        except ValueError:
            self.error.setText(_("价格不是金额：'{v}'", v=self.price.text()))
            return False
        if price is None or price <= 0:
            self.error.setText(_("请填写新品价格（大于 0）。"))
            return False
        self.error.clear()
        self.add_piece(self.code.text().strip(), self.name.text().strip(), price)
        self.code.clear()
        self.name.clear()
        self.price.clear()
        self.code.setFocus()
        return True

    def add_piece(self, code: str, name: str, price: Decimal) -> None:
        self.table.blockSignals(True)
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(code))
        self.table.setItem(r, 1, QTableWidgetItem(name))
        self.table.setItem(r, 2, QTableWidgetItem(format_money(price)))
        self.table.blockSignals(False)
        self.changed.emit()

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for r in rows:
            self.table.removeRow(r)
        if rows:
            self.changed.emit()

    def clear_pieces(self) -> None:
        self.table.setRowCount(0)
        self.changed.emit()

    def pieces(self) -> list[NewPiece]:
        """The pieces in the table; a price cell that is not an amount raises ValueError."""
        out = []
        for r in range(self.table.rowCount()):
            cell = self.table.item(r, 2)
            price = parse_money(cell.text() if cell else "")
            if price is None:
                raise ValueError(_("第 {n} 件新品没有价格。", n=r + 1))
            code = self.table.item(r, 0)
            name = self.table.item(r, 1)
            out.append(NewPiece(price, code.text().strip() if code else "", name.text().strip() if name else ""))
        return out


METAL_CHOICES = (("gold", "黄金"), ("platinum", "铂金"), ("k_gold", "K金"))
FINENESS_CHOICES = {"gold": ("999", "9999", "990"), "platinum": ("950", "990", "999", "900"),
                    "k_gold": ("750", "585", "375")}


class MetalBox(QGroupBox):
    """Gold and platinum by weight: the old metal weighed now, the new piece's weight and labour."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__(_("按克重（当日金价）"))
        self.metal = QComboBox()
        self.metal.setObjectName("metal")
        for key, label in METAL_CHOICES:
            self.metal.addItem(_(label), key)
        self.fineness = QComboBox()
        self.fineness.setObjectName("fineness")
        self.weight = QLineEdit()
        self.weight.setObjectName("metal_weight")
        self.weight.setPlaceholderText(_("克"))
        self.new_weight = QLineEdit()
        self.new_weight.setObjectName("metal_new_weight")
        self.new_weight.setPlaceholderText(_("克（不换新品可不填）"))
        self.labour = MoneyEdit()
        self.labour.setObjectName("labour_per_piece")
        self.labour_per_g = MoneyEdit()
        self.labour_per_g.setObjectName("labour_per_g")
        self.prices = QLabel()
        self.prices.setObjectName("metal_prices_label")
        form = QFormLayout(self)
        row = QHBoxLayout()
        row.addWidget(self.metal)
        row.addWidget(self.fineness)
        form.addRow(_("金属成色"), row)
        form.addRow(_("旧料重量"), self.weight)
        form.addRow(_("新品重量"), self.new_weight)
        form.addRow(_("工费（按件）"), self.labour)
        form.addRow(_("工费（元/克）"), self.labour_per_g)
        form.addRow(self.prices)
        self.metal.currentIndexChanged.connect(self._fill_fineness)
        self._fill_fineness()
        self.fineness.currentIndexChanged.connect(lambda _i: self.changed.emit())
        for w in (self.weight, self.new_weight, self.labour, self.labour_per_g):
            w.textChanged.connect(self.changed)

    def _fill_fineness(self) -> None:
        self.fineness.blockSignals(True)
        self.fineness.clear()
        for f in FINENESS_CHOICES[self.metal.currentData()]:
            self.fineness.addItem(f"PT{f}" if self.metal.currentData() == "platinum" else f, f)
        self.fineness.blockSignals(False)
        self.changed.emit()

    def set_metal(self, metal: str, fineness: str) -> None:
        i = self.metal.findData(metal)
        if i >= 0:
            self.metal.setCurrentIndex(i)
        j = self.fineness.findData(fineness)
        if j >= 0:
            self.fineness.setCurrentIndex(j)

    @staticmethod
    def grams(edit: QLineEdit) -> Decimal | None:
        """Grams typed so far; ValueError when it is not a number."""
        return parse_decimal(edit.text())
