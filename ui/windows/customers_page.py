"""Work area: 客户档案. Filled in by its own window modules as the area is built."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from counter_app.i18n import _
from ui.session import UiSession


def create_page(session: UiSession) -> QWidget:
    page = QWidget()
    page.setObjectName("page_customers")
    layout = QVBoxLayout(page)
    label = QLabel(_("客户档案"))
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(label)
    return page
