"""Settings tab: the day's metal price board (当日金价), with who entered what and when."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain import clock
from counter_app.domain.money import format_money
from counter_app.domain.pricing import metal_label
from counter_app.i18n import _
from counter_app.services.permissions import Action
from ui.changes import Area, concerns
from ui.qdates import to_date
from ui.session import UiSession
from ui.widgets.money_edit import MoneyEdit
from ui.windows.quotes.inputs import FINENESS_CHOICES, METAL_CHOICES


class PricesTab(QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.day = QDateEdit(QDate(clock.today()))
        self.day.setObjectName("prices_day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.metal = QComboBox()
        self.metal.setObjectName("prices_metal")
        for key, label in METAL_CHOICES:
            self.metal.addItem(_(label), key)
        self.fineness = QComboBox()
        self.fineness.setObjectName("prices_fineness")
        self.buy = MoneyEdit(placeholder=_("回收价/克"))
        self.buy.setObjectName("prices_buy")
        self.sell = MoneyEdit(placeholder=_("销售价/克"))
        self.sell.setObjectName("prices_sell")
        self.enter = QPushButton(_("录入"))
        self.enter.setObjectName("prices_enter")
        self.message = QLabel()
        self.message.setObjectName("prices_message")
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("prices_table")
        self.table.setHorizontalHeaderLabels([_("金属成色"), _("回收价/克"), _("销售价/克"), _("录入人"),
                                              _("录入时间"), _("状态")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()

        row = QHBoxLayout()
        row.addWidget(QLabel(_("日期")))
        row.addWidget(self.day)
        for w in (self.metal, self.fineness, self.buy, self.sell, self.enter):
            row.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(QLabel(_("当日金价及更正记录（每种成色最新一条有效）")))
        layout.addWidget(self.table, 1)
        self.metal.currentIndexChanged.connect(self._fill_fineness)
        self._fill_fineness()
        self.day.dateChanged.connect(self.load)
        self.enter.clicked.connect(self.submit)
        self.sell.returnPressed.connect(self.submit)
        session.actor_changed.connect(self.load)
        session.data_changed.connect(lambda area: self.load() if concerns(area, Area.PRICES) else None)
        self.load()

    def _fill_fineness(self) -> None:
        self.fineness.clear()
        for f in FINENESS_CHOICES[self.metal.currentData()]:
            self.fineness.addItem(f"PT{f}" if self.metal.currentData() == "platinum" else f, f)

    def load(self) -> None:
        manager = self.session.actor.may(Action.SET_METAL_PRICES)
        for w in (self.metal, self.fineness, self.buy, self.sell, self.enter):
            w.setEnabled(manager)
        if not manager:
            self.message.setText(_("只有店长（体验中心主任）或其代理人可以录入当日金价。"))
        day = to_date(self.day.date())
        ok, board = self.session.call(self, lambda c: c.prices.show(day))
        if not ok:
            return
        self.table.setRowCount(0)
        for entry in board.history:
            r = self.table.rowCount()
            self.table.insertRow(r)
            p = entry.price
            texts = (metal_label(p.metal, p.fineness), format_money(p.buy_per_g), format_money(p.sell_per_g),
                     entry.entered_by, entry.entered_at.strftime("%Y-%m-%d %H:%M"),
                     _("有效") if entry.in_force else _("已被更正"))
            for c, text in enumerate(texts):
                self.table.setItem(r, c, QTableWidgetItem(text))
        for c in range(1, 6):
            self.table.resizeColumnToContents(c)

    def submit(self) -> bool:
        day = to_date(self.day.date())
        metal, fineness = self.metal.currentData(), self.fineness.currentData()
        buy, sell = self.buy.text(), self.sell.text()
        actor = self.session.actor
        ok, _r = self.session.call(self, lambda c: c.prices.set(actor, metal, fineness, buy, sell, on=day),
                                   changes=[Area.PRICES])
        if not ok:
            return False
        self.message.setText(_("已录入 {on} {name}", on=day.isoformat(), name=metal_label(metal, fineness)))
        self.buy.clear()
        self.sell.clear()
        return True


def create_tab(session: UiSession) -> QWidget:
    return PricesTab(session)
