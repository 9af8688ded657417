"""The customer area driven like a clerk: type in the search box, open the file, work the lists."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.data.models import AuditEntry, ContactLog
from counter_app.domain import clock
from counter_app.services import complaints, followups
from tests.factories import TODAY, World
from ui.session import UiSession
from ui.widgets.search_box import CustomerSearchBox
from ui.windows.customers_page import CustomersPage


@pytest.fixture
def page(qtbot: QtBot, world: World) -> CustomersPage:
    p = CustomersPage(UiSession(world.ctx, world.manager))
    qtbot.addWidget(p)
    p.show()
    return p


def cell(model, row: int, col: int) -> str:  # type: ignore[no-untyped-def]
    return str(model.data(model.index(row, col)))


def test_typing_shows_result_rows_at_once(qtbot: QtBot, world: World) -> None:
    box = CustomerSearchBox(UiSession(world.ctx, world.clerk))
    qtbot.addWidget(box)
    qtbot.keyClicks(box.edit, "zx")
    assert box.model.rowCount() == 1 and cell(box.model, 0, 0) == "张晓明"
    assert cell(box.model, 0, 1) == "138****5678"
    box.edit.clear()
    box.edit.insert("５６７８")  # full-width digits arrive through the input method, not as key codes
    assert cell(box.model, 0, 0) == "张晓明" and "手机尾号" in cell(box.model, 0, 2)
    with qtbot.waitSignal(box.customer_chosen) as chosen:
        qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert chosen.args == [world.customer_ids["zhang"]]


def test_open_file_shows_timeline_and_logged_reveal(qtbot: QtBot, page: CustomersPage, world: World) -> None:
    qtbot.keyClicks(page.search.edit, "cenglihua")
    qtbot.keyClick(page.search.edit, Qt.Key.Key_Return)
    f = page.file
    assert f.title.text().startswith("曾丽华")
    titles = [cell(f.timeline, r, 1) for r in range(f.timeline.rowCount())]
    assert titles == ["购买 R20261117002", "购买 R20261026003"]
    assert f.phone.text() == "139****4321"
    qtbot.mouseClick(f.reveal_button, Qt.MouseButton.LeftButton)
    assert f.phone.text() == "13987654321"
    with world.ctx.uow.read() as s:
        assert s.scalars(select(AuditEntry.staff_name).where(AuditEntry.action == "reveal_phone")).all() == ["李强"]


def test_todays_calls_and_one_click_outcome(qtbot: QtBot, page: CustomersPage, world: World) -> None:
    with world.ctx.uow.write() as s:
        followups.generate(s, world.manager, TODAY)
        s.commit()
    view = page.calls
    view.day.setDate(TODAY)
    view.refresh()  # the tasks were made behind the window's back
    assert view.model.rowCount() == 1 and cell(view.model, 0, 3) == "曾丽华"
    assert cell(view.model, 0, 2) == "第一次服务"
    view.view.selectRow(0)
    qtbot.mouseClick(view.outcome_buttons["no_answer"], Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 1 and cell(view.model, 0, 6) == "1"  # stays on the list to retry
    view.view.selectRow(0)
    qtbot.mouseClick(view.outcome_buttons["booked"], Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == 0
    with world.ctx.uow.read() as s:
        assert [g.outcome for g in s.scalars(select(ContactLog).order_by(ContactLog.id))] == ["no_answer", "booked"]


def test_overdue_complaints_in_red(qtbot: QtBot, page: CustomersPage, world: World) -> None:
    with world.ctx.uow.write() as s:
        complaints.record(s, world.clerk, world.customer_ids["zeng"], "项链掉色",
                          received_at=clock.now() - dt.timedelta(days=8))
        complaints.record(s, world.clerk, world.customer_ids["zhang"], "刚刚", received_at=clock.now())
        s.commit()
    view = page.complaints
    view.refresh()
    assert view.model.rowCount() == 2
    colours = {cell(view.model, r, 2): view.model.data(view.model.index(r, 0), Qt.ItemDataRole.ForegroundRole)
               for r in range(2)}
    assert colours["张晓明"] is None
    assert colours["曾丽华"].color().name() == "#c0392b"
    assert "店长须答复" in cell(view.model, [cell(view.model, r, 2) for r in range(2)].index("曾丽华"), 4)
    view.overdue_only.setChecked(True)
    assert view.model.rowCount() == 1


def test_new_customer_dialog_files_and_search_finds_it(qtbot: QtBot, world: World) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.windows.customers.edit_dialog import CustomerEditDialog

    session = UiSession(world.ctx, world.clerk)
    dialog = CustomerEditDialog(session)
    qtbot.addWidget(dialog)
    dialog.fields["name"].insert("单田芳")  # Chinese arrives through the input method
    qtbot.keyClicks(dialog.fields["phone"], "13700009999")
    dialog.consent_calls.setChecked(True)
    box = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.saved_id is not None
    search = CustomerSearchBox(session)
    qtbot.addWidget(search)
    qtbot.keyClicks(search.edit, "dantian")
    assert cell(search.model, 0, 0) == "单田芳" and cell(search.model, 0, 1) == "137****9999"
