"""Work area: 到店收件. Filled in by its own window modules as the area is built."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from counter_app.i18n import _
from ui.session import UiSession


def create_page(session: UiSession) -> QWidget:
    page = QWidget()
    page.setObjectName("page_intake")
    layout = QVBoxLayout(page)
    label = QLabel(_("到店收件"))
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(label)
    return page
