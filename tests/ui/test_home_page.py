"""The start page lists what needs the manager and opens the area on a click."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counter_app.bootstrap import AppContext
from counter_app.data.models import RepairSlip, SlipStatus
from tests.factories import World
from ui.main_window import MainWindow
from ui.session import UiSession


def test_manager_start_page_lists_items_and_opens_their_area(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    session = UiSession(ctx, world.manager)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    home = window.pages["home"]
    texts = [home.list.item(i).text() for i in range(home.list.count())]
    assert any("上周客户档案" in t and "未签核" in t for t in texts)

    with ctx.uow.write() as s:
        s.add(RepairSlip(number="SH01-2026-000009", store_id=world.store_ids["SH01"],
                         customer_id=world.customer_ids["zhang"], status=SlipStatus.SENT,
                         promised_on=dt.date(2020, 1, 1), created_at=dt.datetime(2019, 12, 1)))
        s.commit()
    session.data_changed.emit("slips")
    texts = [home.list.item(i).text() for i in range(home.list.count())]
    assert "SH01-2026-000009" in texts[0] and "超期" in texts[0]
    assert home.list.item(0).foreground().color().name() == "#b00020"

    archive_row = next(i for i in range(home.list.count()) if "客户档案" in home.list.item(i).text())
    rect = home.list.visualItemRect(home.list.item(archive_row))
    qtbot.mouseClick(home.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_key() == "archive"
    home.grab().save("/tmp/home_page.png")


def test_clerk_sees_their_own_work(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    with ctx.uow.write() as s:
        s.add(RepairSlip(number="SH01-2026-000010", store_id=world.store_ids["SH01"],
                         customer_id=world.customer_ids["zeng"], status=SlipStatus.RECEIVED,
                         created_by_id=world.staff_ids["clerk"], created_at=dt.datetime(2026, 11, 20, 10)))
        s.commit()
    session = UiSession(ctx, world.clerk)
    from ui.windows.home_page import create_page

    page = create_page(session)
    qtbot.addWidget(page)
    texts = [page.list.item(i).text() for i in range(page.list.count())]  # type: ignore[attr-defined]
    assert any("SH01-2026-000010" in t for t in texts)
    assert not any("客户档案" in t for t in texts)
    assert "我的待办" in page.title.text()  # type: ignore[attr-defined]
