"""Work area: 退换货. Filled in by its own window modules as the area is built."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from counter_app.i18n import _
from ui.session import UiSession


def create_page(session: UiSession) -> QWidget:
    page = QWidget()
    page.setObjectName("page_quotes")
    layout = QVBoxLayout(page)
    label = QLabel(_("退换货"))
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(label)
    return page
