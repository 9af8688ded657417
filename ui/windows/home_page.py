"""Work area: 今日. What needs the person at the counter today, most urgent first.

A manager sees the store's list (complaints near or past a limit, overdue slips, quotes waiting
for the customer, uncollected items, today's calls, last week's archive); a clerk sees their own
open work. A click opens the area that deals with the item.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain import clock
from counter_app.i18n import _
from counter_app.services import attention
from ui.session import UiSession

COLORS = {attention.RED: "#b00020", attention.AMBER: "#9a6700", attention.INFO: "#333333"}
ROLE_PAGE = Qt.ItemDataRole.UserRole
ROLE_REF = Qt.ItemDataRole.UserRole + 1


class HomePage(QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.setObjectName("page_home")
        self.items: list[attention.AttentionItem] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-size:20px;font-weight:bold;")
        self.summary = QLabel()
        self.refresh_button = QPushButton(_("刷新"))
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.summary)
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.list = QListWidget()
        self.list.setObjectName("attention_list")
        self.list.setStyleSheet("QListWidget{font-size:14px;} QListWidget::item{padding:8px;}")
        self.list.itemActivated.connect(self.open_item)
        self.list.itemClicked.connect(self.open_item)
        layout.addWidget(self.list, 1)
        self.empty = QLabel(_("今天没有待办事项。"))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.empty)
        session.data_changed.connect(lambda _area: self.refresh())
        session.actor_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        actor = self.session.actor
        at = clock.now()
        heading = _("今日待办（店长）") if actor.is_manager else _("我的待办")
        self.title.setText(f"{heading}  {at.date().isoformat()}")
        ok, items = self.session.call(self, lambda c: c.home.todo(actor, at))
        self.items = items if ok else []
        self.list.clear()
        for it in self.items:
            row = QListWidgetItem(f"{it.title}\n    {it.detail}")
            row.setData(ROLE_PAGE, it.page)
            row.setData(ROLE_REF, it.ref)
            row.setForeground(QBrush(QColor(COLORS[it.severity])))
            row.setToolTip(_("点击打开"))
            self.list.addItem(row)
        red = sum(1 for i in self.items if i.severity == attention.RED)
        self.summary.setText(_("共 {n} 项，其中紧急 {r} 项", n=len(self.items), r=red))
        self.empty.setVisible(not self.items)
        self.list.setVisible(bool(self.items))

    def open_item(self, row: QListWidgetItem) -> None:
        key = row.data(ROLE_PAGE)
        window = self.window()
        show = getattr(window, "show_page", None)
        if key and callable(show):
            page = show(key)
            focus = getattr(page, "focus_ref", None)
            if callable(focus):
                focus(row.data(ROLE_REF))


def create_page(session: UiSession) -> QWidget:
    return HomePage(session)
