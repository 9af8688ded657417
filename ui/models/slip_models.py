"""Table models over the slip actions' view records (`SlipRow`, `TimelineEntry`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from counter_app.domain.text import mask_phone
from counter_app.i18n import _
from counter_app.services.actions.slips import SlipRow, TimelineEntry

Index = QModelIndex | QPersistentModelIndex

OVERDUE = QColor("#c00000")
VOID = QColor("#999999")


class SlipListModel(QAbstractTableModel):
    """Slip list rows: number, status, customer, phone, item, promised date, balance."""

    COLUMNS = (
        ("number", "维修单号"),
        ("status_label", "状态"),
        ("customer", "顾客"),
        ("phone", "电话"),
        ("product_code", "货号"),
        ("description", "品名"),
        ("promised_on", "承诺取件"),
        ("balance", "应收余额"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[SlipRow] = []

    def set_rows(self, rows: list[SlipRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.COLUMNS[section][1])
        return None

    def number_at(self, row: int) -> str:
        return self.rows[row].number

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        key = self.COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            value = getattr(row, key)
            if key == "phone":
                return mask_phone(value) if value else ""
            if key == "status_label":
                extra = []
                if row.overdue:
                    extra.append(_("逾期"))
                if row.unrepaired:
                    extra.append(_("未维修退回"))
                if row.lost_reported:
                    extra.append(_("已挂失"))
                if row.voided:
                    extra.append(_("已作废"))
                return f"{value}（{'、'.join(extra)}）" if extra else value
            if key == "balance":
                return f"¥{value}"
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.voided:
                return QBrush(VOID)
            if row.overdue:
                return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.ToolTipRole and row.overdue:
            return _("已过承诺取件日期，饰品仍未回店")
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None


class TimelineModel(QAbstractTableModel):
    COLUMNS = (("at", "时间"), ("staff", "经办人"), ("step", "事项"), ("note", "说明"))

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[TimelineEntry] = []

    def set_rows(self, rows: list[TimelineEntry]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.COLUMNS[section][1])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        ev = self.rows[index.row()]
        key = self.COLUMNS[index.column()][0]
        if key == "step":
            if ev.to_status:
                return f"{ev.from_label or '—'} → {ev.to_label}"
            return ev.kind_label
        if key == "note":
            data = ev.data or {}
            parts = [ev.note]
            if data.get("warning"):
                parts.append(data["warning"])
            if data.get("text"):
                parts.append(data["text"])
            if data.get("override_reason"):
                parts.append(_("店长放行：{r}", r=data["override_reason"]))
            return "  ".join(p for p in parts if p)
        return str(getattr(ev, key))
