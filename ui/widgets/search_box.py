"""The instant customer search box: results update on every keystroke, no debounce.

A search costs about a millisecond (indexed look-ups): each keystroke is one call of the
counter, back well within the wait before the GUI runs its own loop, so typing feels direct.
Any window with a customer field can embed it and listen to `customer_chosen(id)` (Enter or
a double-click on a result).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.i18n import _
from counter_app.services.customer_search import CustomerHit, normalise
from ui.models.customer_models import HitsModel
from ui.session import UiSession

SearchFn = Callable[[str], list[CustomerHit]]


class CustomerSearchBox(QWidget):
    customer_chosen = Signal(int)

    def __init__(self, session: UiSession, parent: QWidget | None = None, limit: int = 20) -> None:
        super().__init__(parent)
        self.session = session
        self.limit = limit
        self.edit = QLineEdit()
        self.edit.setObjectName("customer_search")
        self.edit.setPlaceholderText(_("姓名 / 拼音首字母 / 手机尾号 / 单号 / 备注"))
        self.edit.setClearButtonEnabled(True)
        self.model = HitsModel()
        self.table = QTableView()
        self.table.setObjectName("customer_hits")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        # Fixed widths: sizing columns to their contents would measure every row on each keystroke.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((90, 110, 200)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.edit.textChanged.connect(self.run_search)
        self.edit.returnPressed.connect(self._choose_current)
        self.table.doubleClicked.connect(self._choose_index)
        self.table.activated.connect(self._choose_index)

    def run_search(self, text: str) -> None:
        hits: list[CustomerHit] = []
        problem = ""
        if normalise(text):  # an empty box needs no look-up
            limit = self.limit
            # quiet: a refusal goes to the status line, never a message box on each keystroke
            ok, result = self.session.call(self, lambda c: c.customers.search(text, limit), quiet=True)
            if ok:
                hits = result
            else:
                problem = str(result)
        self.model.set_rows(hits)
        if hits:
            self.table.selectRow(0)
        typed = text.strip()
        self.status.setText(problem or (_("找到 {n} 位顾客", n=len(hits)) if typed else ""))

    def refresh(self) -> None:
        self.run_search(self.edit.text())

    def _choose_index(self, index: QModelIndex) -> None:
        hit = self.model.row_at(index.row())
        if hit is not None:
            self.customer_chosen.emit(hit.id)

    def _choose_current(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else 0
        hit = self.model.row_at(row)
        if hit is not None:
            self.customer_chosen.emit(hit.id)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.model.rows:
            self.table.setFocus()
        super().keyPressEvent(event)
