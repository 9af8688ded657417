"""Today's calls: in the handbook's order and windows; log each outcome with one click."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from counter_app.domain import clock
from counter_app.i18n import _
from counter_app.services.calls import CallRow
from ui.changes import Area, concerns
from ui.models.customer_models import CallsModel
from ui.qdates import to_date
from ui.session import UiSession
from ui.windows.customers.contact_dialog import ContactDialog
from ui.windows.customers.file_view import _table

QUICK = (("reached", "已接通"), ("no_answer", "无人接听"), ("wrong_number", "号码错误"), ("declined", "谢绝"),
         ("booked", "预约到店"))


class TodayCallsView(QWidget):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.day = QDateEdit(QDate(clock.today()))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        gen = QPushButton(_("生成任务"))
        gen.setObjectName("calls_generate")
        gen.clicked.connect(self.generate)
        self.note = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel(_("日期")))
        top.addWidget(self.day)
        top.addWidget(gen)
        top.addWidget(self.note, 1)
        self.model = CallsModel()
        self.view = _table(QTableView())
        self.view.setObjectName("calls")
        self.view.setModel(self.model)
        self.view.doubleClicked.connect(lambda _i: self.detailed())
        outcomes = QHBoxLayout()
        self.outcome_buttons: dict[str, QPushButton] = {}
        for code, label in QUICK:
            b = QPushButton(_(label))
            b.setObjectName(f"outcome_{code}")
            b.clicked.connect(lambda _c=False, code=code: self.quick(code))
            self.outcome_buttons[code] = b
            outcomes.addWidget(b)
        more = QPushButton(_("详细记录…"))
        more.clicked.connect(self.detailed)
        outcomes.addWidget(more)
        outcomes.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(outcomes)
        self.day.dateChanged.connect(lambda _d: self.refresh())
        session.data_changed.connect(lambda area: self.refresh() if concerns(area, Area.CUSTOMERS, Area.CALLS) else None)
        self.refresh()

    def on_date(self) -> dt.date:
        return to_date(self.day.date())

    def refresh(self) -> None:
        actor = self.session.actor
        if actor.store_id is None:
            self.model.set_rows([])
            return
        on = self.on_date()
        at = clock.now().time() if on == clock.today() else None
        ok, day = self.session.call(self, lambda c: c.calls.today(actor, on, at))
        rows = day.calls if ok else []
        self.model.set_rows(rows)
        may = ok and day.may_log
        self.note.setText(_("共 {n} 个电话", n=len(rows)) + ("" if may else _("（只有店长或代理人可以记录结果）")))
        for b in self.outcome_buttons.values():
            b.setEnabled(bool(rows))

    def generate(self) -> None:
        actor = self.session.actor
        on = self.on_date()
        # the list reloads on the notice
        self.session.call(self, lambda c: c.calls.generate(actor, on), changes=[Area.CALLS])

    def _selected(self) -> CallRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def quick(self, outcome: str) -> None:
        row = self._selected()
        if row is None:
            return
        actor = self.session.actor
        cid, task_id = row.customer_id, row.task_id
        self.session.call(self, lambda c: c.calls.log(actor, cid, outcome=outcome, follow_up_id=task_id),
                          changes=[Area.CALLS])

    def detailed(self) -> None:
        row = self._selected()
        if row is not None:
            ContactDialog(self.session, row.customer_id, row.task_id, self).exec()  # the list reloads on the notice
