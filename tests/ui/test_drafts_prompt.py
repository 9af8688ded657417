"""Drafts: a form's text saved in the background is offered back at the next start."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from counter_app.bootstrap import AppContext
from counter_app.services import drafts
from tests.factories import World
from ui.session import UiSession
from ui.windows import drafts_prompt
from ui.windows.drafts_prompt import DraftKeeper, offer_drafts


def test_draft_saved_while_typing_is_offered_and_reopened(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    session = UiSession(ctx, world.clerk)
    note = QLineEdit()
    qtbot.addWidget(note)
    keeper = DraftKeeper(session, "slip", lambda: {"note": note.text()} if note.text() else None, interval_ms=50)
    note.setText("戒指爪头松动，顾客要求加固")
    qtbot.waitUntil(lambda: keeper.draft_id is not None, timeout=3000)
    keeper.timer.stop()  # the program "crashes" here

    reopened: list[dict[str, Any]] = []
    drafts_prompt.register_opener("slip", lambda window, data: reopened.append(data))
    window = QWidget()
    qtbot.addWidget(window)
    later = UiSession(ctx, world.clerk)  # the next start, same clerk
    dialog = offer_drafts(window, later)
    assert dialog is not None and dialog.list.count() == 1
    assert "维修单" in dialog.list.item(0).text()
    dialog.restore_selected()
    assert reopened == [{"note": "戒指爪头松动，顾客要求加固"}]
    with ctx.uow.read() as s:
        assert drafts.pending(s, world.clerk) == []
    assert offer_drafts(window, UiSession(ctx, world.manager)) is None  # drafts are personal
