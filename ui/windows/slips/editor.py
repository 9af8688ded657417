"""The slip editor: written from a checked intake (or from a receipt and product code)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain import clock
from counter_app.domain import slip_rules as rules
from counter_app.domain.records import Defect
from counter_app.i18n import _
from counter_app.services.slips import SlipDraft
from ui.changes import Area
from ui.session import UiSession
from ui.windows.drafts_prompt import DraftKeeper, register_opener
from ui.windows.slips.common import print_slip

DECISIONS = (("refuse", "顾客拒绝维修"), ("repair", "同意一并维修"))


class SlipEditor(QDialog):
    slip_saved = Signal(str)

    def __init__(self, session: UiSession, intake_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.intake_id = intake_id
        self.saved_number: str | None = None
        self.printed_path: Any = None
        self.setObjectName("slip_editor")
        self.setWindowTitle(_("开维修单"))
        self.resize(760, 720)
        layout = QVBoxLayout(self)

        self.item_label = QLabel()
        self.item_label.setWordWrap(True)
        self.receipt_edit = QLineEdit()
        self.receipt_edit.setObjectName("receipt")
        self.product_edit = QLineEdit()
        self.product_edit.setObjectName("product")
        source = QGroupBox(_("饰品"))
        form = QFormLayout(source)
        if intake_id is None:
            form.addRow(_("销售单号"), self.receipt_edit)
            form.addRow(_("货号"), self.product_edit)
        form.addRow(self.item_label)
        layout.addWidget(source)

        works = QGroupBox(_("维修项目"))
        grid = QGridLayout(works)
        self.work_boxes: dict[str, QCheckBox] = {}
        for col, kind in enumerate((rules.IN_STORE, rules.FACTORY_FREE, rules.FACTORY_PAID)):
            grid.addWidget(QLabel(_(rules.KIND_LABELS[kind])), 0, col)
        columns = {rules.IN_STORE: 0, rules.FACTORY_FREE: 1, rules.FACTORY_PAID: 2, rules.DAMAGE: 2}
        rows = {0: 1, 1: 1, 2: 1}
        for w in rules.WORKS:
            box = QCheckBox(_(w.label))
            box.setObjectName(f"work_{w.code}")
            col = columns[w.kind]
            grid.addWidget(box, rows[col], col)
            rows[col] += 1
            self.work_boxes[w.code] = box
        layout.addWidget(works)

        details = QGroupBox(_("重量、费用与日期"))
        f2 = QFormLayout(details)
        self.weight_edit = QLineEdit()
        self.weight_edit.setObjectName("weight")
        self.weight_edit.setPlaceholderText(_("克，如 3.25"))
        self.shipping_edit = QLineEdit()
        self.shipping_edit.setObjectName("shipping_fee")
        self.repair_edit = QLineEdit()
        self.repair_edit.setObjectName("repair_fee")
        self.repair_edit.setPlaceholderText(_("人为损坏按工厂报价表；收费返厂可待工厂报价"))
        self.quote_box = QCheckBox(_("顾客已同意此维修费"))
        self.deposit_edit = QLineEdit()
        self.deposit_edit.setObjectName("deposit")
        self.promised_edit = QDateEdit()
        self.promised_edit.setObjectName("promised")
        self.promised_edit.setCalendarPopup(True)
        self.promised_edit.setDisplayFormat("yyyy-MM-dd")
        f2.addRow(_("收件重量 (克)"), self.weight_edit)
        f2.addRow(_("邮寄费"), self.shipping_edit)
        repair_row = QHBoxLayout()
        repair_row.addWidget(self.repair_edit)
        repair_row.addWidget(self.quote_box)
        f2.addRow(_("维修费"), repair_row)
        f2.addRow(_("订金"), self.deposit_edit)
        f2.addRow(_("承诺取件日期"), self.promised_edit)
        layout.addWidget(details)

        notes = QGroupBox(_("状况与备注"))
        f3 = QFormLayout(notes)
        self.damaged_edit = QLineEdit()
        self.damaged_edit.setObjectName("damaged")
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("note")
        self.note_edit.setPlaceholderText(_("两联都会打印"))
        self.internal_edit = QLineEdit()
        self.internal_edit.setObjectName("internal_note")
        self.internal_edit.setPlaceholderText(_("只打印在存根联，顾客看不到"))
        f3.addRow(_("损坏部位"), self.damaged_edit)
        f3.addRow(_("备注"), self.note_edit)
        f3.addRow(_("内部备注"), self.internal_edit)
        self.defects = QTableWidget(0, 2)
        self.defects.setObjectName("defects")
        self.defects.setHorizontalHeaderLabels([_("顾客未提及的缺陷"), _("顾客决定")])
        self.defects.horizontalHeader().setStretchLastSection(True)
        self.defects.setColumnWidth(0, 380)
        self.defects.setMaximumHeight(120)
        add = QPushButton(_("添加缺陷"))
        add.clicked.connect(lambda: self.add_defect("", "refuse"))
        f3.addRow(_("未提及缺陷"), self.defects)
        f3.addRow("", add)
        layout.addWidget(notes)

        self.error_label = QLabel()
        self.error_label.setObjectName("error")
        self.error_label.setStyleSheet("color:#c00000;")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(_("保存"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_print_button = buttons.addButton(_("保存并打印"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_print_button.setObjectName("save_and_print")
        self.save_button.setObjectName("save")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.save_button.clicked.connect(lambda: self.save(print_after=False))
        self.save_print_button.clicked.connect(lambda: self.save(print_after=True))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._load()
        self.keeper = DraftKeeper(session, "slip", self.draft_data, self)
        self.rejected.connect(self.keeper.done)  # cancelled on purpose
        self.finished.connect(lambda _r: self.keeper.timer.stop())

    # --- filling in -------------------------------------------------------------------------

    def _load(self) -> None:
        intake_id = self.intake_id
        ok, start = self.session.call(self, lambda c: c.slips.editor_start(intake_id))
        days = start.promise_days if ok else 15
        self.promised_edit.setDate(QDate(clock.today() + dt.timedelta(days=days)))
        if not ok or start.item is None:
            self.item_label.setText(_("输入销售单号和货号；保存时核对销售记录。"))
            return
        item = start.item
        self.item_label.setText(_("{code} {desc}（销售单 {r}）  {metal} {fine}", code=item.get("product_code", ""),
                                  desc=item.get("description", ""), r=item.get("receipt_no", ""),
                                  metal=item.get("metal", ""), fine=item.get("fineness", "")))
        if start.weight:
            self.weight_edit.setText(start.weight)
        self.damaged_edit.setText(start.damage)
        for d in start.defects:
            self.add_defect(d.defect, d.decision)

    def add_defect(self, text: str, decision: str) -> None:
        row = self.defects.rowCount()
        self.defects.insertRow(row)
        self.defects.setItem(row, 0, QTableWidgetItem(text))
        combo = QComboBox()
        for code, label in DECISIONS:
            combo.addItem(_(label), code)
        combo.setCurrentIndex(0 if decision == "refuse" else 1)
        self.defects.setCellWidget(row, 1, combo)

    def chosen_works(self) -> list[str]:
        return [code for code, box in self.work_boxes.items() if box.isChecked()]

    def draft(self) -> SlipDraft:
        defects = []
        for row in range(self.defects.rowCount()):
            item = self.defects.item(row, 0)
            text = item.text().strip() if item else ""
            combo = self.defects.cellWidget(row, 1)
            if text:
                defects.append(Defect(text, combo.currentData() if isinstance(combo, QComboBox) else "refuse"))
        qd = self.promised_edit.date()
        return SlipDraft(
            works=self.chosen_works(), note=self.note_edit.text(), internal_note=self.internal_edit.text(),
            damaged_parts=self.damaged_edit.text(), defects=defects,
            shipping_fee=self.shipping_edit.text() or None, repair_fee=self.repair_edit.text() or None,
            deposit=self.deposit_edit.text() or None, promised_on=dt.date(qd.year(), qd.month(), qd.day()),
            weight_g=self.weight_edit.text() or None, quote_accepted=self.quote_box.isChecked(),
        )

    # --- saving -----------------------------------------------------------------------------------

    def save(self, print_after: bool = False) -> str | None:
        if not self.chosen_works():
            self.error_label.setText(_("请至少选择一个维修项目。"))
            return None
        draft = self.draft()
        actor = self.session.actor
        intake_id, receipt, product = self.intake_id, self.receipt_edit.text(), self.product_edit.text()
        ok, slip = self.session.call(self, lambda c: c.slips.create(actor, draft, intake_id=intake_id, receipt=receipt,
                                                                    product=product),
                                     changes=[Area.SLIPS], quiet=True)
        if not ok:
            self.keeper.save_now()  # the database refused: keep what was typed
            self.error_label.setText(str(slip))
            return None
        number: str = slip.number
        self.keeper.done()
        self.saved_number = number
        self.slip_saved.emit(number)
        if print_after:
            self.printed_path = print_slip(self.parentWidget() or self, self.session, number)
        self.accept()
        return number


    # --- drafts -----------------------------------------------------------------------------------

    def draft_data(self) -> dict[str, Any] | None:
        """What the clerk typed, as plain texts; None when there is nothing or it is saved."""
        if self.saved_number is not None:
            return None
        texts = {"receipt": self.receipt_edit.text(), "product": self.product_edit.text(),
                 "weight": self.weight_edit.text(), "shipping_fee": self.shipping_edit.text(),
                 "repair_fee": self.repair_edit.text(), "deposit": self.deposit_edit.text(),
                 "damaged": self.damaged_edit.text(), "note": self.note_edit.text(),
                 "internal_note": self.internal_edit.text()}
        works = self.chosen_works()
        if not works and not any(v.strip() for v in texts.values()):
            return None
        defects = []
        for row in range(self.defects.rowCount()):
            item, combo = self.defects.item(row, 0), self.defects.cellWidget(row, 1)
            if item is not None and item.text().strip():
                defects.append([item.text(), combo.currentData() if isinstance(combo, QComboBox) else "refuse"])
        return {"intake_id": self.intake_id, "works": works, **texts, "quote_accepted": self.quote_box.isChecked(),
                "promised": self.promised_edit.date().toString("yyyy-MM-dd"), "defects": defects}

    def restore_draft(self, data: dict[str, Any]) -> None:
        """Fill the editor back from a draft (over what the intake filled in)."""
        for code, box in self.work_boxes.items():
            box.setChecked(code in (data.get("works") or []))
        for key, edit in (("receipt", self.receipt_edit), ("product", self.product_edit),
                          ("weight", self.weight_edit), ("shipping_fee", self.shipping_edit),
                          ("repair_fee", self.repair_edit), ("deposit", self.deposit_edit),
                          ("damaged", self.damaged_edit), ("note", self.note_edit),
                          ("internal_note", self.internal_edit)):
            edit.setText(data.get(key, ""))
        self.quote_box.setChecked(bool(data.get("quote_accepted")))
        promised = QDate.fromString(data.get("promised", ""), "yyyy-MM-dd")
        if promised.isValid():
            self.promised_edit.setDate(promised)
        if "defects" in data:
            self.defects.setRowCount(0)
            for text, decision in data["defects"]:
                self.add_defect(text, decision)


def open_draft(window: QWidget, data: dict[str, Any]) -> None:
    """Reopen the slip editor (from the slips area when there is one) and fill it back."""
    page = window.show_page("slips") if hasattr(window, "show_page") else None
    open_editor = getattr(page, "open_editor", None)
    if open_editor is not None:
        open_editor(data.get("intake_id")).restore_draft(data)


register_opener("slip", open_draft)


def open_slip_editor(session: UiSession, intake_id: int | None, parent: QWidget | None = None) -> SlipEditor:
    """Open the editor for an intake (the intake page's `slip_requested(int)` lands here)."""
    editor = SlipEditor(session, intake_id, parent)
    editor.open()
    return editor
