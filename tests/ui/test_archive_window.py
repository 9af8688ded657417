"""The manager opens last week, sees the records and what is missing, signs off, exports both copies."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from counter_app.bootstrap import AppContext
from counter_app.data.models import ArchiveWeek, Customer, RepairSlip, SlipStatus
from tests.factories import World
from ui.session import UiSession
from ui.windows.archive_page import ArchivePage


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext, world: World) -> ArchivePage:
    with ctx.uow.write() as s:
        zeng = s.get(Customer, world.customer_ids["zeng"])
        assert zeng is not None
        zeng.phone = ""
        s.add(RepairSlip(number="SH01-2026-000001", store_id=world.store_ids["SH01"],
                         customer_id=world.customer_ids["zhang"], status=SlipStatus.RECEIVED,
                         works=[{"code": "resize", "label": "改手寸", "kind": "factory_free"}],
                         created_at=dt.datetime(2026, 11, 19, 14, 0)))
        s.commit()
    p = ArchivePage(UiSession(ctx, world.manager))
    qtbot.addWidget(p)
    p.resize(1200, 760)
    p.show()
    return p


def cells(page: ArchivePage) -> list[list[str]]:
    t = page.review.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_open_week_review_sign_off_and_export(qtbot: QtBot, page: ArchivePage, ctx: AppContext,
                                              tmp_path: Path) -> None:
    review = page.review
    assert review.selected_week().key == "2026-W47"  # last week is offered first
    qtbot.mouseClick(review.open_button, qtbot_button())
    rows = cells(page)
    assert [r[1] for r in rows] == ["曾丽华", "张晓明"]
    assert rows[0][0] == "（未编号）"
    assert "无电话" in rows[0][6] and "维修单未结 SH01-2026-000001" in rows[1][6]
    assert "无电话 1" in review.missing.text() and "维修单未结 1" in review.missing.text()
    review.table.selectRow(1)
    assert "改手寸" in review.detail.toPlainText()
    page.grab().save("/tmp/archive_review.png")

    review.confirm = lambda text: "2 条记录" in text
    assert review.sign_button.isEnabled()
    qtbot.mouseClick(review.sign_button, qtbot_button())
    qtbot.waitUntil(lambda: "已签核" in review.status.text(), timeout=20000)
    assert not review.sign_button.isEnabled()
    assert [r[0] for r in cells(page)] == ["SH01-A2026-0001", "SH01-A2026-0002"]
    assert len(review.last_export) == 4 and all(p.exists() for p in review.last_export)
    with ctx.uow.read() as s:
        week = s.query(ArchiveWeek).one()
        assert week.status == "signed" and len(week.files) == 4

    out = tmp_path / "out"
    review.choose_folder = lambda: str(out)
    qtbot.mouseClick(review.export_button, qtbot_button())
    qtbot.waitUntil(lambda: "已导出" in review.files.text(), timeout=20000)
    assert sorted(p.name for p in out.iterdir()) == [
        "SH01-2026-W47-hq.pdf", "SH01-2026-W47-hq.xlsx", "SH01-2026-W47-store.pdf", "SH01-2026-W47-store.xlsx"]
    page.grab().save("/tmp/archive_signed.png")


def test_summary_tab_shows_figures_and_charts(qtbot: QtBot, page: ArchivePage) -> None:
    panel = page.summary
    panel.kind.setCurrentIndex(0)
    panel.value.setText("2026-11")
    qtbot.mouseClick(panel.show_button, qtbot_button())
    table = {panel.table.item(r, 0).text(): panel.table.item(r, 1).text() for r in range(panel.table.rowCount())}
    assert table["服务顾客"] == "2" and table["新开维修单"] == "1"
    assert panel.line.labels[:2] == ["W44", "W45"] and sum(panel.line.series[0]) == 2
    page.tabs.setCurrentWidget(panel)
    page.grab().save("/tmp/archive_summary.png")


def test_clerk_sees_a_notice_only(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    p = ArchivePage(UiSession(ctx, world.clerk))
    qtbot.addWidget(p)
    p.show()
    assert p.notice.isVisible() and not p.tabs.isVisible()


def qtbot_button():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton
