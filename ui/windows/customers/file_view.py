"""One customer's file: details, the masked phone with a logged reveal, timeline and edit history."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.i18n import _
from counter_app.services.customers import CustomerFile
from counter_app.services.permissions import Action
from ui.changes import Area, concerns
from ui.models.customer_models import TimelineModel
from ui.session import UiSession
from ui.windows.customers.complaint_editor import ComplaintEditor
from ui.windows.customers.contact_dialog import ContactDialog
from ui.windows.customers.edit_dialog import CustomerEditDialog
from ui.windows.customers.merge_dialog import MergeDialog

CHANNEL_TEXT = {"counter": "柜台", "phone": "电话", "paper": "书面", "wechat": "微信", "sms": "短信"}


def _table(view: QTableView) -> QTableView:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


class CustomerFileView(QWidget):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.customer_id: int | None = None
        self.file: CustomerFile | None = None

        self.title = QLabel(_("请在左边查找并打开一位顾客。"))
        self.title.setObjectName("file_title")
        self.title.setStyleSheet("font-size:18px;font-weight:bold;")
        self.phone = QLabel()
        self.phone.setObjectName("file_phone")
        self.reveal_button = QPushButton(_("显示完整号码"))
        self.reveal_button.setObjectName("reveal_phone")
        self.reveal_button.clicked.connect(self.reveal)
        self.flag = QLabel()
        self.flag.setStyleSheet("color:#c0392b;font-weight:bold;")
        self.flag.setWordWrap(True)

        self.details = QFormLayout()
        self.labels: dict[str, QLabel] = {}
        for key, label in (("address", "地址"), ("phone2", "第二个电话"), ("birthday", "生日"),
                           ("wedding", "结婚纪念日"), ("preferences", "喜好"), ("notes", "备注"),
                           ("consent", "同意联系")):
            value = QLabel()
            value.setWordWrap(True)
            self.labels[key] = value
            self.details.addRow(_(label), value)

        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, text, slot in (("edit", "修改", self.edit), ("contact", "记录联系", self.contact),
                                ("complaint", "记录投诉 / 表扬", self.complaint), ("merge", "合并重复档案", self.merge)):
            b = QPushButton(_(text))
            b.setObjectName(f"file_{key}")
            b.clicked.connect(slot)
            self.buttons[key] = b
            bar.addWidget(b)
        bar.addStretch(1)

        self.timeline = TimelineModel()
        self.timeline_view = _table(QTableView())
        self.timeline_view.setObjectName("timeline")
        self.timeline_view.setModel(self.timeline)
        self.history = QTableWidget(0, 4)
        self.history.setObjectName("history")
        self.history.setHorizontalHeaderLabels([_("时间"), _("员工"), _("事项"), _("修改内容")])
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.verticalHeader().setVisible(False)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.timeline_view, _("全部记录"))
        self.tabs.addTab(self.history, _("修改历史"))

        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addWidget(self.phone)
        head.addWidget(self.reveal_button)
        head.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.flag)
        layout.addLayout(self.details)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        self._enable(False)
        session.data_changed.connect(self._changed)

    def _enable(self, on: bool) -> None:
        self.reveal_button.setEnabled(on)
        for b in self.buttons.values():
            b.setEnabled(on)
        self.buttons["merge"].setVisible(self.session.actor.may(Action.MERGE_CUSTOMERS))

    def _changed(self, area: str) -> None:
        if concerns(area, Area.CUSTOMERS, Area.COMPLAINTS) and self.customer_id is not None:
            self.open(self.customer_id)

    def open(self, customer_id: int) -> None:
        ok, result = self.session.call(self, lambda c: c.customers.open_file(customer_id))
        if not ok:
            return
        f: CustomerFile = result
        self.file = f
        self.customer_id = f.id
        self.title.setText(f"{f.name}（{f.id}）")
        self.phone.setText(f.phone_masked)
        self.labels["address"].setText(f.address or "—")
        self.labels["phone2"].setText(f.phone2_masked or "—")
        self.labels["birthday"].setText(str(f.birthday or "—"))
        self.labels["wedding"].setText(str(f.wedding_anniversary or "—"))
        self.labels["preferences"].setText(f.preferences or "—")
        self.labels["notes"].setText(f.notes or "—")
        consent = []
        if f.consent_calls:
            consent.append(_("电话"))
        if f.consent_letters:
            consent.append(_("信函"))
        when = f" {f.consent_at:%Y-%m-%d %H:%M} {_(CHANNEL_TEXT.get(f.consent_channel, f.consent_channel))}" \
            if f.consent_at else ""
        self.labels["consent"].setText(("、".join(consent) + when) if consent else _("未同意"))
        self.flag.setText(
            _("事不过三：已有 {n} 次责任不明的售后事件，请店长处理。", n=f.unclear_cases) if f.three_strikes else "")
        self.flag.setVisible(f.three_strikes)
        self.timeline.set_rows(f.timeline)
        self.history.setRowCount(len(f.history))
        for i, h in enumerate(f.history):
            changes = "; ".join(f"{k}: {(h.before or {}).get(k, '')} → {v}" for k, v in (h.after or {}).items()
                                if h.action == "update")
            for col, text in enumerate((h.at.strftime("%Y-%m-%d %H:%M"), h.staff, h.summary, changes)):
                self.history.setItem(i, col, QTableWidgetItem(text))
        self._enable(True)

    def reveal(self) -> None:
        if self.customer_id is None:
            return
        cid = self.customer_id
        actor = self.session.actor
        ok, phone = self.session.call(self, lambda c: c.customers.reveal_phone(actor, cid))
        if ok:
            self.phone.setText(str(phone))

    def edit(self) -> None:
        if self.customer_id is not None:
            CustomerEditDialog(self.session, self.customer_id, self).exec()

    def contact(self) -> None:
        if self.customer_id is not None:
            ContactDialog(self.session, self.customer_id, parent=self).exec()

    def complaint(self) -> None:
        if self.customer_id is not None:
            ComplaintEditor(self.session, customer_id=self.customer_id, parent=self).exec()

    def merge(self) -> None:
        if self.customer_id is not None:
            MergeDialog(self.session, self.customer_id, self).exec()
