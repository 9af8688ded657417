"""From the window, a clerk cannot void a slip or change the price board, even past the disabled buttons."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from counter_app.bootstrap import AppContext
from counter_app.data.models import MetalPrice, RepairSlip
from tests.factories import World
from tests.integration.test_auth_roles import open_slip
from ui.session import UiSession
from ui.windows.settings.prices_tab import PricesTab
from ui.windows.slips.detail import SlipDetail


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text))
    return shown


def test_clerk_cannot_void_a_slip_in_the_window(qtbot: QtBot, ctx: AppContext, world: World,
                                               warnings: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    number = open_slip(ctx, world.clerk)
    detail = SlipDetail(UiSession(ctx, world.clerk))
    qtbot.addWidget(detail)
    detail.show_slip(number)
    assert not detail.buttons["void"].isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("写错了", True))
    detail.act("void")  # past the disabled button: the service still refuses
    assert any("只有店长" in w for w in warnings)
    with ctx.uow.read() as s:
        assert s.scalars(select(RepairSlip.voided_at).where(RepairSlip.number == number)).one() is None
    manager_view = SlipDetail(UiSession(ctx, world.manager))
    qtbot.addWidget(manager_view)
    manager_view.show_slip(number)
    assert manager_view.buttons["void"].isEnabled()


def test_clerk_cannot_change_the_price_board_in_the_window(qtbot: QtBot, ctx: AppContext, world: World,
                                                          warnings: list[str]) -> None:
    tab = PricesTab(UiSession(ctx, world.clerk))
    qtbot.addWidget(tab)
    assert not tab.enter.isEnabled() and not tab.buy.isEnabled()
    assert "只有店长" in tab.message.text()
    tab.buy.setText("520")
    tab.sell.setText("610")
    assert tab.submit() is False
    assert any("只有店长" in w for w in warnings)
    with ctx.uow.read() as s:
        assert s.scalar(select(func.count()).select_from(MetalPrice)) == 0
