"""Who is at the counter: pick a store and a staff member at start."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from counter_app.bootstrap import AppContext
from counter_app.i18n import _
from counter_app.services import org
from counter_app.services.context import Actor, role_label


class StaffPicker(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("选择员工"))
        self.store_box = QComboBox()
        self.staff_box = QComboBox()
        form = QFormLayout(self)
        form.addRow(QLabel(_("请选择门店和员工")))
        form.addRow(_("门店"), self.store_box)
        form.addRow(_("员工"), self.staff_box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        from sqlalchemy import select

        from counter_app.data.models import Store

        with ctx.uow.read() as s:
            for st in s.scalars(select(Store).where(Store.voided_at.is_(None)).order_by(Store.id)):
                self.store_box.addItem(f"{st.code} {st.name}", st.id)
        self.store_box.currentIndexChanged.connect(self._load_staff)
        self._load_staff()

    def _load_staff(self) -> None:
        self.staff_box.clear()
        store_id = self.store_box.currentData()
        with self.ctx.uow.read() as s:
            for staff in org.list_staff(s, store_id):
                self.staff_box.addItem(f"{staff.name}（{role_label(staff.role)}）", staff.id)

    def chosen_actor(self) -> Actor:
        from counter_app.data.models import Staff, Store

        with self.ctx.uow.read() as s:
            staff_id = self.staff_box.currentData()
            staff = s.get(Staff, staff_id) if staff_id is not None else org.console_staff(s)
            store = s.get(Store, self.store_box.currentData()) if self.store_box.currentData() else None
            assert staff is not None
            return org.actor_for(s, staff, store)
