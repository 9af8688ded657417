"""The main window: navigation on the left, the work area on the right, a status bar."""

from __future__ import annotations

import importlib

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from counter_app.i18n import _
from counter_app.services.context import role_label
from ui.pages import PAGES
from ui.session import UiSession


class MainWindow(QMainWindow):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.setWindowTitle(_("珠宝售后服务柜台"))
        self.resize(1280, 800)

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(190)
        self.nav.setStyleSheet(
            "QListWidget{font-size:15px;border:none;background:#f4f1ea;}"
            "QListWidget::item{padding:12px 14px;}"
            "QListWidget::item:selected{background:#b8860b;color:white;}"
        )
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        for index, spec in enumerate(PAGES):
            page = importlib.import_module(spec.module).create_page(session)
            self.pages[spec.key] = page
            self.stack.addWidget(page)
            item = QListWidgetItem(_(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.nav.addItem(item)
            shortcut = QAction(self)
            shortcut.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            shortcut.triggered.connect(lambda _checked=False, i=index: self.nav.setCurrentRow(i))
            self.addAction(shortcut)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self._wire_pages()
        self.nav.setCurrentRow(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.store_label = QLabel()
        self.staff_label = QLabel()
        self.db_label = QLabel()
        bar = self.statusBar()
        for w in (self.store_label, self.staff_label):
            bar.addWidget(w)
        bar.addPermanentWidget(self.db_label)
        session.actor_changed.connect(self.refresh_status)
        self.refresh_status()

    def _wire_pages(self) -> None:
        """Hand-offs between areas: an intake that needs a repair slip opens the slip editor."""
        request = getattr(self.pages.get("intake"), "slip_requested", None)
        opener = getattr(self.pages.get("slips"), "open_editor", None)
        if request is not None and opener is not None:
            request.connect(opener)

    def show_page(self, key: str) -> QWidget:
        keys = [p.key for p in PAGES]
        self.nav.setCurrentRow(keys.index(key))
        return self.pages[key]

    def current_key(self) -> str:
        return PAGES[self.stack.currentIndex()].key

    def refresh_status(self) -> None:
        a = self.session.actor
        self.store_label.setText(_("门店：{store}", store=a.store_code or "—"))
        self.staff_label.setText(_("员工：{name}（{role}）", name=a.name, role=role_label(a.role)))
        self.db_label.setText(_("数据库：{url}", url=self.session.ctx.url.replace("sqlite:///", "")))
