"""The audit tab: a manager browses, filters and exports; a clerk is told no."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.bootstrap import AppContext
from counter_app.data.models import AuditEntry
from counter_app.services import audit, policy
from tests.factories import World
from ui.session import UiSession
from ui.windows.settings.audit_tab import AuditTab


def test_manager_filters_and_exports_the_audit_trail(qtbot: QtBot, ctx: AppContext, world: World,
                                                     tmp_path: Path) -> None:
    with ctx.uow.write() as s:
        policy.set_values(s, world.manager, {"return_days": 8}, note="总部通知")
        audit.record(s, world.clerk, "create", "customer", "9", "=HYPERLINK(\"http://x\",\"y\") 新顾客")
        s.commit()
    tab = AuditTab(UiSession(ctx, world.manager))
    qtbot.addWidget(tab)
    tab.show()
    assert tab.table.rowCount() == 2
    assert tab.table.item(0, 1).text() == "王芳" and tab.table.item(1, 2).text() == "update"
    qtbot.keyClicks(tab.text, "HYPERLINK")
    qtbot.mouseClick(tab.search_button, Qt.MouseButton.LeftButton)
    assert tab.table.rowCount() == 1 and tab.table.item(0, 4).text() == "9"
    out = tmp_path / "audit.xlsx"
    assert tab.export_to(out)
    ws = load_workbook(out).active
    assert ws["G2"].value.startswith("'=HYPERLINK")
    with ctx.uow.read() as s:
        assert s.scalars(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)).one() == "export"
    qtbot.mouseClick(tab.verify_button, Qt.MouseButton.LeftButton)
    assert "完好" in tab.message.text()


def test_clerk_is_told_only_managers_browse(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    tab = AuditTab(UiSession(ctx, world.clerk))
    qtbot.addWidget(tab)
    assert tab.table.rowCount() == 0 and "只有店长" in tab.message.text()
