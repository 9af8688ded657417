"""A database written by the first release (schema 0001) opens in this program: it is backed
up beside itself, upgraded through Alembic, and everything in it is still there and usable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select, text

from counter_app.bootstrap import open_app
from counter_app.data.models import RepairSlip, SlipStatus
from counter_app.data.schema import head_revision
from counter_app.services import customer_search
from counter_app.services.integrity import full_check

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "schema-0001.sqlite3"


@pytest.fixture
def old_db(tmp_path: Path) -> Path:
    target = tmp_path / "counter.sqlite3"
    shutil.copy(FIXTURE, target)
    return target


def test_old_file_is_backed_up_then_upgraded(old_db: Path) -> None:
    ctx = open_app(str(old_db))
    try:
        assert ctx.schema is not None
        assert ctx.schema.action == "upgraded"
        assert ctx.schema.from_revision == "0001"
        assert ctx.schema.to_revision == head_revision()
        backup = ctx.schema.backup
        assert backup is not None and backup.exists() and backup.parent == old_db.parent
        import sqlite3

        with sqlite3.connect(backup) as b:
            assert b.execute("select version_num from alembic_version").fetchone() == ("0001",)
            assert b.execute("select number from repair_slips").fetchone() == ("SH01-2026-000001",)
    finally:
        ctx.close()


def test_upgraded_data_is_complete_and_usable(old_db: Path) -> None:
    ctx = open_app(str(old_db))
    try:
        with ctx.uow.read() as s:
            slip = s.scalars(select(RepairSlip)).one()
            assert slip.number == "SH01-2026-000001"
            assert slip.status is SlipStatus.SENT
            assert slip.customer_name == "张晓明"  # filled in by the upgrade
            assert slip.customer_phone == "13812345678"
            assert slip.unrepaired is False
            hits = customer_search.search(s, "zxm")
            assert [h.name for h in hits][:1] == ["张晓明"]
            assert s.execute(text("select count(*) from sold_items")).scalar() == 1
        report = full_check(ctx)
        assert report.ok, report.problems
    finally:
        ctx.close()
    again = open_app(str(old_db))
    assert again.schema is not None and again.schema.action == "current"
    again.close()
