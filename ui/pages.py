"""The work areas of the main window, in navigation order.

Each entry names a module with `create_page(session) -> QWidget`; areas are filled in
their own modules so the main window stays small.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # Chinese source text, translated at display
    module: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", "今日", "ui.windows.home_page"),
    PageSpec("intake", "到店收件", "ui.windows.intake_page"),
    PageSpec("slips", "维修单", "ui.windows.slips_page"),
    PageSpec("quotes", "退换货 / 以旧换新", "ui.windows.quotes_page"),
    PageSpec("customers", "客户档案", "ui.windows.customers_page"),
    PageSpec("archive", "每周客户档案", "ui.windows.archive_page"),
    PageSpec("settings", "设置", "ui.windows.settings_page"),
)
