"""Today's calls: in the handbook's order and windows; log each outcome with one click."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from counter_app.domain import clock
from counter_app.i18n import _
from counter_app.services import calls, followups
from ui.models.customer_models import CallsModel
from ui.ops import call
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
        session.data_changed.connect(lambda area: self.refresh() if area in ("customers", "calls", "*") else None)
        self.refresh()

    def on_date(self) -> dt.date:
        return self.day.date().toPython()

    def refresh(self) -> None:
        store = self.session.actor.store_id
        if store is None:
            self.model.set_rows([])
            return
        on = self.on_date()
        at = clock.now().time() if on == clock.today() else None
        with self.session.uow.read() as s:
            rows = calls.today(s, store, on, at)
            may = calls.may_work_list(s, self.session.actor, on)
        self.model.set_rows(rows)
        self.note.setText(_("共 {n} 个电话", n=len(rows)) + ("" if may else _("（只有店长或代理人可以记录结果）")))
        for b in self.outcome_buttons.values():
            b.setEnabled(bool(rows))

    def generate(self) -> None:
        actor = self.session.actor
        on = self.on_date()

        def work() -> followups.GenerationResult:
            with self.session.uow.write() as s:
                result = followups.generate(s, actor, on)
                s.commit()
                return result

        ok, result = call(self, work, self.session.ctx.url)
        if ok:
            self.refresh()

    def _selected(self) -> calls.CallRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def quick(self, outcome: str) -> None:
        row = self._selected()
        if row is None:
            return
        actor = self.session.actor

        def work() -> None:
            with self.session.uow.write() as s:
                calls.log(s, actor, row.customer_id, outcome=outcome, follow_up_id=row.task_id)
                s.commit()

        ok, _result = call(self, work, self.session.ctx.url)
        if ok:
            self.session.data_changed.emit("calls")

    def detailed(self) -> None:
        row = self._selected()
        if row is not None and ContactDialog(self.session, row.customer_id, row.task_id, self).exec():
            self.refresh()
