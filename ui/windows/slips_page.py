"""Work area: 维修单. Filled in by its own window modules as the area is built."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from counter_app.i18n import _
from ui.session import UiSession


def create_page(session: UiSession) -> QWidget:
    page = QWidget()
    page.setObjectName("page_slips")
    layout = QVBoxLayout(page)
    label = QLabel(_("维修单"))
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(label)
    return page
