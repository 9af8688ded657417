"""Table models for quotes: the money lines of a calculation, and saved quotes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from counter_app.domain.money import format_money
from counter_app.domain.pricing import OLD, Line, kind_label, show_money
from counter_app.i18n import _

if TYPE_CHECKING:
    from counter_app.services.actions.quotes import QuoteRow

Index = QModelIndex | QPersistentModelIndex


class LinesModel(QAbstractTableModel):
    """One row per money line: item, explanation, amount."""

    def __init__(self) -> None:
        super().__init__()
        self._lines: list[Line] = []

    def set_lines(self, lines: list[Line] | tuple[Line, ...]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def lines(self) -> list[Line]:
        return list(self._lines)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (_("项目"), _("说明"), _("金额"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        ln = self._lines[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            side = _("收回") if ln.side == OLD else _("新品")
            return (f"{ln.label}（{side}）", ln.explanation, show_money(ln.amount))[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and ln.amount < 0:
            return QColor("#b00020")
        return None


class QuotesModel(QAbstractTableModel):
    """Saved quotes, newest first: number, date, kind, to pay, status."""

    HEADERS = ("报价单号", "日期", "类型", "应补差价/退款", "状态")

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[QuoteRow] = []

    def set_rows(self, rows: list[QuoteRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, i: int) -> QuoteRow:
        return self._rows[i]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        r = self._rows[index.row()]
        status = {"draft": _("待确认"), "accepted": _("已确认"), "void": _("已作废")}.get(r.status, r.status)
        return (r.number, r.on.isoformat(), kind_label(r.kind), format_money(r.amount), status)[index.column()]
