"""Settings: one tab per concern (policy values, slips and printing, staff and security …)."""

from __future__ import annotations

import importlib
import importlib.util

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from counter_app.i18n import _
from ui.session import UiSession

# (module, title); each module has `create_tab(session) -> QWidget`.
TABS: tuple[tuple[str, str], ...] = (
    ("ui.windows.settings.policy_tab", "政策参数"),
    ("ui.windows.settings.prices_tab", "当日金价"),
    ("ui.windows.settings.slip_tab", "维修单与打印"),
    ("ui.windows.settings.staff_tab", "员工与安全"),
    ("ui.windows.settings.audit_tab", "操作记录"),
)


def create_page(session: UiSession) -> QWidget:
    page = QWidget()
    page.setObjectName("page_settings")
    tabs = QTabWidget()
    tabs.setObjectName("settings_tabs")
    for module, title in TABS:
        if importlib.util.find_spec(module) is None:
            continue  # an area not built yet
        tabs.addTab(importlib.import_module(module).create_tab(session), _(title))
    layout = QVBoxLayout(page)
    layout.addWidget(tabs)
    return page
