"""The complaints list: overdue ones in red, open the editor for the selected one."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QTableView, QVBoxLayout, QWidget

from counter_app.i18n import _
from ui.changes import Area, concerns
from ui.models.customer_models import ComplaintsModel
from ui.session import UiSession
from ui.windows.customers.complaint_editor import ComplaintEditor
from ui.windows.customers.file_view import _table


class ComplaintsView(QWidget):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.overdue_only = QCheckBox(_("只看超时"))
        self.open_only = QCheckBox(_("只看未解决"))
        self.open_only.setChecked(True)
        work = QPushButton(_("处理选中的投诉"))
        work.setObjectName("complaint_work")
        work.clicked.connect(self.work_selected)
        bar = QHBoxLayout()
        bar.addWidget(self.open_only)
        bar.addWidget(self.overdue_only)
        bar.addStretch(1)
        bar.addWidget(work)
        self.model = ComplaintsModel()
        self.view = _table(QTableView())
        self.view.setObjectName("complaints")
        self.view.setModel(self.model)
        self.view.doubleClicked.connect(lambda _i: self.work_selected())
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.overdue_only.toggled.connect(self.refresh)
        self.open_only.toggled.connect(self.refresh)
        session.data_changed.connect(lambda area: self.refresh() if concerns(area, Area.COMPLAINTS) else None)
        self.refresh()

    def refresh(self) -> None:
        actor = self.session.actor
        if actor.store_id is None:
            self.model.set_rows([])
            return
        overdue, still_open = self.overdue_only.isChecked(), self.open_only.isChecked()
        ok, rows = self.session.call(
            self, lambda c: c.complaints.listing(actor, overdue_only=overdue, open_only=still_open))
        self.model.set_rows(rows if ok else [])

    def work_selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        row = self.model.row_at(rows[0].row()) if rows else None
        if row is not None:
            ComplaintEditor(self.session, complaint_id=row.id, parent=self).exec()
