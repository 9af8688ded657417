"""The slip list: filter by status, search by number, customer, phone tail, product code or note."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain import slip_rules as rules
from counter_app.i18n import _
from ui.changes import Area, concerns
from ui.models.slip_models import SlipListModel
from ui.session import UiSession


class SlipList(QWidget):
    selected = Signal(str)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("slip_list")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("slip_search")
        self.search.setPlaceholderText(_("单号 / 扫码、顾客、手机尾号、货号、备注"))
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.setObjectName("status_filter")
        self.status.addItem(_("全部状态"), "")
        for code in rules.STATUSES:
            self.status.addItem(rules.status_label(code), code)
        self.overdue = QCheckBox(_("只看逾期"))
        self.overdue.setObjectName("overdue_only")
        bar.addWidget(self.search, 1)
        bar.addWidget(self.status)
        bar.addWidget(self.overdue)
        layout.addLayout(bar)
        self.model = SlipListModel()
        self.view = QTableView()
        self.view.setObjectName("slip_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.view, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.status.currentIndexChanged.connect(lambda _i: self.reload())
        self.overdue.toggled.connect(lambda _b: self.reload())
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        session.data_changed.connect(lambda area: self.reload() if concerns(area, Area.SLIPS) else None)
        self.reload()

    def reload(self) -> None:
        current = self.current_number()
        actor = self.session.actor
        text = self.search.text()
        status = self.status.currentData() or None
        overdue_only = self.overdue.isChecked()
        ok, rows = self.session.call(self, lambda c: c.slips.search(actor, status=status, text=text,
                                                                    overdue_only=overdue_only))
        if not ok:
            return
        self.model.set_rows(list(rows))
        if current:
            self.select(current)

    def current_number(self) -> str | None:
        idx = self.view.currentIndex()
        return self.model.number_at(idx.row()) if idx.isValid() else None

    def select(self, number: str) -> bool:
        for row in range(self.model.rowCount()):
            if self.model.number_at(row) == number:
                self.view.selectRow(row)
                return True
        return False

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.selected.emit(self.model.number_at(current.row()))
