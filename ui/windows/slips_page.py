"""Work area: 维修单. The list on the left, the chosen slip on the right, the counter's
actions (new slip, batches, pickup) in the tool row."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSplitter, QVBoxLayout, QWidget

from counter_app.i18n import _
from counter_app.services.actions.slips import LostReport
from ui.changes import Area, concerns
from ui.session import UiSession
from ui.windows.slips.batch import BatchDialog
from ui.windows.slips.detail import SlipDetail
from ui.windows.slips.editor import SlipEditor
from ui.windows.slips.list_view import SlipList
from ui.windows.slips.lost import LostSlipDialog
from ui.windows.slips.pickup import PickupDialog


class SlipsPage(QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.setObjectName("page_slips")
        layout = QVBoxLayout(self)
        tools = QHBoxLayout()
        self.tool_buttons: dict[str, QPushButton] = {}
        for key, label in (("new", "新建维修单"), ("send", "送厂批次"), ("receive", "回店批次"), ("pickup", "取件")):
            b = QPushButton(_(label))
            b.setObjectName(f"tool_{key}")
            b.clicked.connect(lambda _c=False, k=key: self.tool(k))
            tools.addWidget(b)
            self.tool_buttons[key] = b
        tools.addStretch(1)
        layout.addLayout(tools)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.list = SlipList(session)
        self.detail = SlipDetail(session)
        split.addWidget(self.list)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([640, 620])
        layout.addWidget(split, 1)
        self.list.selected.connect(self.detail.show_slip)
        self.detail.pickup_requested.connect(lambda n: self.open_pickup(n))
        self.detail.lost_requested.connect(self.open_lost)
        session.data_changed.connect(self._refresh_detail)
        self.last_dialog: QWidget | None = None

    def _refresh_detail(self, area: str) -> None:
        if concerns(area, Area.SLIPS) and self.detail.number:
            self.detail.show_slip(self.detail.number)

    def tool(self, key: str) -> None:
        if key == "new":
            self.open_editor()
        elif key in ("send", "receive"):
            chosen = [self.detail.number] if self.detail.number else []
            dialog = BatchDialog(self.session, key, chosen, self)
            self.last_dialog = dialog
            dialog.open()
        elif key == "pickup":
            self.open_pickup(None)

    def open_editor(self, intake_id: int | None = None) -> SlipEditor:
        editor = SlipEditor(self.session, intake_id, self)
        editor.slip_saved.connect(self._saved)
        self.last_dialog = editor
        editor.open()
        return editor

    def _saved(self, number: str) -> None:
        self.list.reload()
        self.list.select(number)

    def open_pickup(self, number: str | None, via_lost: bool = False, lost: LostReport | None = None) -> PickupDialog:
        dialog = PickupDialog(self.session, number, via_lost=via_lost, lost=lost, parent=self)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def open_lost(self, number: str) -> LostSlipDialog:
        dialog = LostSlipDialog(self.session, number, self)
        dialog.accepted.connect(lambda: self.open_pickup(number, via_lost=True, lost=dialog.report))
        self.last_dialog = dialog
        dialog.open()
        return dialog


def create_page(session: UiSession) -> QWidget:
    return SlipsPage(session)
