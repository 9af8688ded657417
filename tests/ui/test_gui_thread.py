"""No database call runs on the GUI thread: every page is driven with the session factories
refusing to open a session there (the window calls the services through `UiSession.call`)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QTabWidget
from pytestqt.qtbot import QtBot

from counter_app.bootstrap import AppContext
from counter_app.data.models import RepairSlip, SlipStatus
from tests.factories import World
from ui.main_window import MainWindow
from ui.session import UiSession

calls_on_gui_thread: list[str] = []


def _guarded(factory: Callable[[], Any], name: str) -> Callable[[], Any]:
    def open_session() -> Any:
        if threading.current_thread() is threading.main_thread():
            import traceback

            calls_on_gui_thread.append(name + "\n" + "".join(traceback.format_stack(limit=12)))
            raise AssertionError(f"a {name} session was opened on the GUI thread")
        return factory()

    return open_session


@pytest.fixture
def guarded(ctx: AppContext, world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppContext]:
    with ctx.uow.write() as s:  # one open slip so the slip pages have a row to open
        s.add(RepairSlip(number="SH01-2026-000001", store_id=world.store_ids["SH01"],
                         customer_id=world.customer_ids["zhang"], status=SlipStatus.RECEIVED,
                         works=[{"code": "resize", "label": "改手寸", "kind": "factory_free"}]))
        s.commit()
    calls_on_gui_thread.clear()
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "critical", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    monkeypatch.setattr(ctx.uow, "_writer", _guarded(ctx.uow._writer, "write"))
    monkeypatch.setattr(ctx.uow, "_reader", _guarded(ctx.uow._reader, "read"))
    yield ctx


def _drive(qtbot: QtBot, window: MainWindow) -> None:
    for key in window.pages:
        page = window.show_page(key)
        qtbot.wait(10)
        for tabs in page.findChildren(QTabWidget):
            for i in range(tabs.count()):
                tabs.setCurrentIndex(i)
                qtbot.wait(5)
        for edit in page.findChildren(QLineEdit):
            if edit.isVisible() and edit.isEnabled() and not edit.isReadOnly() and "search" in edit.objectName():
                qtbot.keyClicks(edit, "zh")  # pinyin initials, as a clerk types them
                qtbot.keyClick(edit, Qt.Key.Key_Return)


@pytest.mark.parametrize("who", ["manager", "clerk"])
def test_every_page_reads_off_the_gui_thread(qtbot: QtBot, guarded: AppContext, world: World, who: str) -> None:
    window = MainWindow(UiSession(guarded, getattr(world, who)))
    qtbot.addWidget(window)
    window.show()
    _drive(qtbot, window)
    assert calls_on_gui_thread == [], "\n\n".join(calls_on_gui_thread[:3])


def test_opening_the_weeks_review_and_a_slip_reads_off_the_gui_thread(qtbot: QtBot, guarded: AppContext,
                                                                      world: World) -> None:
    window = MainWindow(UiSession(guarded, world.manager))
    qtbot.addWidget(window)
    window.show()
    archive = window.show_page("archive")
    review = archive.review  # type: ignore[attr-defined]
    qtbot.mouseClick(review.open_button, Qt.MouseButton.LeftButton)
    slips = window.show_page("slips")
    assert slips.list.select("SH01-2026-000001")  # type: ignore[attr-defined]
    qtbot.wait(20)
    editor = slips.open_editor()  # type: ignore[attr-defined]
    qtbot.addWidget(editor)
    editor.close()
    assert calls_on_gui_thread == [], "\n\n".join(calls_on_gui_thread[:3])
