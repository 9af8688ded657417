"""The staff tab: managers add accounts; clerks only look; a failed save keeps what was typed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counter_app.bootstrap import AppContext, open_app
from counter_app.services import auth
from tests.factories import World
from ui.session import UiSession
from ui.windows.settings.staff_tab import StaffTab


def make_tab(qtbot: QtBot, ctx: AppContext, actor) -> StaffTab:  # type: ignore[no-untyped-def]
    tab = StaffTab(UiSession(ctx, actor))
    qtbot.addWidget(tab)
    tab.show()
    return tab


def logins(tab: StaffTab) -> list[str]:
    return [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())]


def test_manager_adds_a_clerk_who_can_then_sign_in(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    tab = make_tab(qtbot, ctx, world.manager)
    assert "wangfang" in logins(tab) and "console" not in logins(tab)
    qtbot.keyClicks(tab.login_edit, "zhoujie")
    tab.name_edit.setText("周杰")
    qtbot.keyClicks(tab.secret_edit, "zj-2026-pin")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert "zhoujie" in logins(tab), tab.message.text()
    assert tab.login_edit.text() == "" and tab.secret_edit.text() == ""
    assert auth.sign_in(ctx.uow, "zhoujie", "zj-2026-pin").name == "周杰"


def test_bad_input_is_explained_and_the_fields_keep_their_text(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    tab = make_tab(qtbot, ctx, world.manager)
    qtbot.keyClicks(tab.login_edit, "zhoujie")
    tab.name_edit.setText("周杰")
    qtbot.keyClicks(tab.secret_edit, "12")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert "至少" in tab.message.text()
    assert tab.login_edit.text() == "zhoujie" and tab.name_edit.text() == "周杰"
    assert "zhoujie" not in logins(tab)


def test_clerk_sees_the_accounts_but_cannot_add(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    tab = make_tab(qtbot, ctx, world.clerk)
    assert not tab.add_button.isEnabled() and "只有店长" in tab.notice.text()
    tab.login_edit.setText("sneaky")
    tab.name_edit.setText("偷偷")
    tab.secret_edit.setText("sneaky-123")
    tab.add_staff()  # even if the button were reachable, the service refuses
    assert "只有店长" in tab.message.text() and "sneaky" not in logins(tab)


@pytest.mark.skipif(bool(os.environ.get("COUNTER_APP_TEST_PG_URL")), reason="a read-only SQLite file")
def test_read_only_database_gives_a_clear_message_and_keeps_the_typed_text(qtbot: QtBot, ctx: AppContext,
                                                                          world: World) -> None:
    path = Path(ctx.url.replace("sqlite:///", ""))
    ro = open_app(f"sqlite:///file:{path}?mode=ro&uri=true", migrate=False)
    try:
        tab = make_tab(qtbot, ro, world.manager)
        qtbot.keyClicks(tab.login_edit, "zhoujie")
        tab.name_edit.setText("周杰")
        qtbot.keyClicks(tab.secret_edit, "zj-2026-pin")
        qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
        assert "只读" in tab.message.text()
        assert tab.login_edit.text() == "zhoujie" and tab.name_edit.text() == "周杰"
        assert tab.secret_edit.text() == "zj-2026-pin"
    finally:
        ro.close()
