"""Condition at intake: damage checklist, notes, weight, and defects the customer did not mention."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
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
    QWidget,
)

from counter_app.domain.records import DAMAGE_WORDS
from counter_app.domain.verification import parse_weight
from counter_app.errors import InputError
from counter_app.i18n import _
from ui.windows.intake.common import error_label, show_error


def decision_labels() -> list[tuple[str, str]]:
    return [("", _("请选择")), ("repair", _("维修")), ("refuse", _("不修（顾客拒绝）"))]


class ConditionPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("货品状况"), parent)
        self.damage: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for i, (code, word) in enumerate(DAMAGE_WORDS):
            box = QCheckBox(_(word))
            box.setObjectName(f"damage_{code}")
            self.damage[code] = box
            grid.addWidget(box, i // 4, i % 4)
        self.notes = QLineEdit()
        self.notes.setObjectName("condition_notes")
        self.notes.setPlaceholderText(_("损坏部位、其他情况"))
        self.weight = QLineEdit()
        self.weight.setObjectName("intake_weight")
        self.weight.setPlaceholderText(_("克"))
        self.weight.setMaximumWidth(120)
        self.weight_error = error_label()
        self.weight_error.setObjectName("intake_weight_error")
        self.weight.textEdited.connect(lambda _t: self.weight_value(report=True))

        self.defects = QTableWidget(0, 2)
        self.defects.setObjectName("unmentioned_defects")
        self.defects.setHorizontalHeaderLabels([_("顾客未提及的问题"), _("顾客的决定")])
        self.defects.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.defects.verticalHeader().hide()
        self.defects.setMaximumHeight(110)
        self.add_defect_button = QPushButton(_("添加未提及问题"))
        self.add_defect_button.clicked.connect(lambda: self.add_defect())
        self.remove_defect_button = QPushButton(_("删除所选"))
        self.remove_defect_button.clicked.connect(self._remove_selected)
        self.defects_error = error_label()
        self.defects_error.setObjectName("defects_error")

        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        notes_row = QHBoxLayout()
        notes_row.addWidget(QLabel(_("说明")))
        notes_row.addWidget(self.notes, 1)
        notes_row.addWidget(QLabel(_("收件重量")))
        notes_row.addWidget(self.weight)
        layout.addLayout(notes_row)
        layout.addWidget(self.weight_error)
        layout.addWidget(self.defects)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_defect_button)
        buttons.addWidget(self.remove_defect_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.defects_error)

    # --- values -------------------------------------------------------------------------
    def condition(self) -> dict[str, Any]:
        return {"damage": [code for code, box in self.damage.items() if box.isChecked()],
                "notes": self.notes.text().strip()}

    def weight_value(self, report: bool = False) -> Any:
        """The intake weight as Decimal (None if empty); raises InputError when bad."""
        try:
            value = parse_weight(self.weight.text(), "intake_weight")
        except InputError as exc:
            if report:
                show_error(self.weight_error, str(exc))
                return None
            raise
        if report:
            show_error(self.weight_error, "")
        return value

    def add_defect(self, defect: str = "", decision: str = "") -> int:
        row = self.defects.rowCount()
        self.defects.insertRow(row)
        defect_item = QTableWidgetItem(defect)
        self.defects.setItem(row, 0, defect_item)
        combo = QComboBox()
        for code, label in decision_labels():
            combo.addItem(label, code)
        combo.setCurrentIndex(max(0, combo.findData(decision)))
        self.defects.setCellWidget(row, 1, combo)
        if not defect:
            self.defects.setCurrentCell(row, 0)
            self.defects.editItem(defect_item)
        return row

    def _remove_selected(self) -> None:
        row = self.defects.currentRow()
        if row >= 0:
            self.defects.removeRow(row)

    def unmentioned_defects(self) -> list[dict[str, str]]:
        """Rows with a defect; raises InputError when a decision is missing."""
        out = []
        for row in range(self.defects.rowCount()):
            item = self.defects.item(row, 0)
            text = item.text().strip() if item else ""
            combo = self.defects.cellWidget(row, 1)
            decision = combo.currentData() if isinstance(combo, QComboBox) else ""
            if not text:
                continue
            if not decision:
                raise InputError(_("请选择顾客对“{defect}”的决定：维修或不修。", defect=text), field="defects")
            out.append({"defect": text, "decision": decision})
        return out

    def show_defects_error(self, text: str) -> None:
        show_error(self.defects_error, text)

    def clear(self) -> None:
        for box in self.damage.values():
            box.setChecked(False)
        self.notes.clear()
        self.weight.clear()
        self.defects.setRowCount(0)
        show_error(self.weight_error, "")
        show_error(self.defects_error, "")
