"""Work area: 客户档案. Search on the left; the file, today's calls and complaints on the right."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from counter_app.i18n import _
from ui.changes import Area, concerns
from ui.session import UiSession
from ui.widgets.search_box import CustomerSearchBox
from ui.windows.customers.calls_view import TodayCallsView
from ui.windows.customers.complaints_view import ComplaintsView
from ui.windows.customers.edit_dialog import CustomerEditDialog
from ui.windows.customers.file_view import CustomerFileView


class CustomersPage(QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.setObjectName("page_customers")
        self.session = session
        self.search = CustomerSearchBox(session)
        new = QPushButton(_("新建档案"))
        new.setObjectName("customer_new")
        new.clicked.connect(self.new_customer)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search, 1)
        left_layout.addWidget(new)
        self.file = CustomerFileView(session)
        self.calls = TodayCallsView(session)
        self.complaints = ComplaintsView(session)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.file, _("客户档案"))
        self.tabs.addTab(self.calls, _("今日电话"))
        self.tabs.addTab(self.complaints, _("投诉"))
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 2)
        split.setSizes([420, 860])
        layout = QHBoxLayout(self)
        layout.addWidget(split)
        self.search.customer_chosen.connect(self.open_customer)
        session.data_changed.connect(lambda area: self.search.refresh() if concerns(area, Area.CUSTOMERS) else None)

    def open_customer(self, customer_id: int) -> None:
        self.file.open(customer_id)
        self.tabs.setCurrentWidget(self.file)

    def new_customer(self) -> None:
        dialog = CustomerEditDialog(self.session, None, self)
        dialog.fields["name"].setText(self.search.edit.text().strip() if not self.search.model.rows else "")
        if dialog.exec() and dialog.saved_id:
            self.open_customer(dialog.saved_id)


def create_page(session: UiSession) -> QWidget:
    return CustomersPage(session)
