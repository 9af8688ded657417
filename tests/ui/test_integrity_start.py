"""Starting on a damaged file: it is set aside, and the newest valid backup is offered by date."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from counter_app.bootstrap import AppContext
from counter_app.data.models import PolicyVersion
from counter_app.services import backup, policy
from counter_app.services.integrity import StartCheck
from tests.factories import World
from tests.integration.test_integrity import damage
from ui.app import open_database
from ui.windows.damaged_db import damaged_box

pytestmark = pytest.mark.skipif(bool(os.environ.get("COUNTER_APP_TEST_PG_URL")),
                                reason="damage to a SQLite file; not applicable to PostgreSQL")


def test_damaged_file_offers_the_newest_backup_and_continues_from_it(qtbot: QtBot, ctx: AppContext,
                                                                     world: World) -> None:
    path = Path(ctx.url.replace("sqlite:///", ""))
    for i in range(25):
        with ctx.uow.write() as s:
            policy.set_values(s, world.manager, {"return_days": 7 + i % 3}, note="z" * 500)
            s.commit()
    backup.make_backup(path, dt.datetime(2026, 11, 24, 19, 5))
    ctx.close()
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    damage(path)

    shown: list[StartCheck] = []

    def ask(result: StartCheck) -> bool:
        box = damaged_box(result)
        qtbot.addWidget(box)
        texts = [b.text() for b in box.buttons()]
        assert any("2026-11-24 19:05" in t for t in texts)
        assert box.text() == result.message and ".damaged" in result.message
        shown.append(result)
        return True

    reopened = open_database(ctx.url, ask)
    assert shown and reopened is not None
    try:
        with reopened.uow.read() as s:
            assert s.scalar(select(func.count()).select_from(PolicyVersion)) == 26
    finally:
        reopened.close()
    assert path.with_name("counter.sqlite3.damaged").exists()


def test_quitting_instead_opens_nothing(ctx: AppContext, world: World) -> None:
    path = Path(ctx.url.replace("sqlite:///", ""))
    ctx.close()
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100 + os.urandom(8000))
    assert open_database(ctx.url, lambda result: False) is None
    assert not path.exists() and path.with_name("counter.sqlite3.damaged").exists()


def test_damaged_box_without_a_backup_only_quits(qtbot: QtBot) -> None:
    box = damaged_box(StartCheck(False, "数据库文件已损坏。没有找到有效的备份。"))
    qtbot.addWidget(box)
    assert [b.objectName() for b in box.buttons()] == ["quit"]
    assert box.icon() == QMessageBox.Icon.Critical
