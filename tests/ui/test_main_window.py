"""The main window opens on the counter's areas and each navigation entry shows its page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from counter_app.bootstrap import AppContext
from tests.factories import World
from ui.fonts import install_cjk_font
from ui.main_window import MainWindow
from ui.pages import PAGES
from ui.session import UiSession


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext, world: World) -> MainWindow:
    session = UiSession(ctx, world.clerk)
    w = MainWindow(session)
    qtbot.addWidget(w)
    w.show()
    return w


def test_navigation_lists_every_area_in_chinese(window: MainWindow) -> None:
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles[:3] == ["今日", "到店收件", "维修单"]
    assert len(titles) == len(PAGES)


def test_each_entry_switches_the_page(window: MainWindow, qtbot: QtBot) -> None:
    for row, spec in enumerate(PAGES):
        rect = window.nav.visualItemRect(window.nav.item(row))
        qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert window.current_key() == spec.key
        assert window.stack.currentWidget() is window.pages[spec.key]


def test_status_bar_names_store_staff_and_database(window: MainWindow) -> None:
    assert "SH01" in window.store_label.text()
    assert "王芳" in window.staff_label.text() and "店员" in window.staff_label.text()
    assert "counter.sqlite3" in window.db_label.text()


def test_shipped_cjk_font_is_registered(qapp) -> None:  # type: ignore[no-untyped-def]
    assert install_cjk_font(qapp) is not None
