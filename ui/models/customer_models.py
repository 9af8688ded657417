"""Table models over customer-area service results (search hits, timeline, calls, complaints)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from counter_app.i18n import _
from counter_app.services.calls import CallRow
from counter_app.services.complaints import ComplaintRow
from counter_app.services.customer_search import CustomerHit
from counter_app.services.customers import TimelineRow

T = TypeVar("T")
Index = QModelIndex | QPersistentModelIndex
RED = QBrush(QColor("#c0392b"))


class RowsModel(QAbstractTableModel, Generic[T]):
    """Read-only rows; each column is (header, value getter)."""

    columns: Sequence[tuple[str, Callable[[Any], str]]] = ()

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[T] = []

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> T | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.columns[section][0])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Qt asks for many roles per cell on every paint: answer the unused ones first.
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[index.column()][1](self.rows[index.row()])
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(self.rows[index.row()])
        return None

    def foreground(self, item: T) -> QBrush | None:
        return None


class HitsModel(RowsModel[CustomerHit]):
    columns = (
        ("姓名", lambda h: h.name),
        ("电话", lambda h: h.phone_masked),
        ("匹配", lambda h: f"{h.reason_text}: {h.detail}"),
        ("地址", lambda h: h.address),
    )


class TimelineModel(RowsModel[TimelineRow]):
    columns = (
        ("时间", lambda r: r.at.strftime("%Y-%m-%d" if r.at.time() == dt.time(0, 0) else "%Y-%m-%d %H:%M")),
        ("事项", lambda r: r.title),
        ("内容", lambda r: r.detail),
    )


class CallsModel(RowsModel[CallRow]):
    columns = (
        ("时段", lambda r: r.window_text),
        ("时间", lambda r: r.slot),
        ("类别", lambda r: r.kind_text),
        ("顾客", lambda r: r.name),
        ("电话", lambda r: r.phone_masked),
        ("事由", lambda r: r.reason),
        ("次数", lambda r: str(r.attempts)),
    )


class ComplaintsModel(RowsModel[ComplaintRow]):
    columns = (
        ("编号", lambda r: r.number),
        ("收到", lambda r: r.received_at.strftime("%Y-%m-%d %H:%M")),
        ("顾客", lambda r: r.customer_name),
        ("负责人", lambda r: r.owner),
        ("状态", lambda r: _("已解决") if r.resolved_at else (r.level_text or _("处理中"))),
        ("内容", lambda r: r.what),
    )

    def foreground(self, item: ComplaintRow) -> QBrush | None:
        return RED if item.clock.overdue else None
