"""Test set-up: Qt offscreen before anything loads Qt, a private data folder, fresh databases."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["COUNTER_APP_HOME"] = tempfile.mkdtemp(prefix="counter-app-home-")
os.environ.pop("COUNTER_APP_DB", None)
os.environ.pop("COUNTER_APP_LANG", None)
os.environ.pop("COUNTER_APP_USER", None)
os.environ.pop("COUNTER_APP_STORE", None)
# Every test, and every command a test starts, runs on the same known day, whatever the
# computer's clock says (the suite is also run with the system clock moved to prove it).
os.environ["COUNTER_APP_NOW"] = "2026-11-25T10:00:00"

import pytest

from counter_app.bootstrap import AppContext, open_app
from counter_app.domain import clock
from counter_app.services.context import Actor
from tests.factories import World, build_world

TEST_START = dt.datetime.fromisoformat(os.environ["COUNTER_APP_NOW"])


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def pinned_clock() -> Iterator[clock.PinnedClock]:
    """The clock starts at the same instant in every test and ticks from there."""
    with clock.pinned(TEST_START) as pinned:
        yield pinned


def db_url_for(tmp_path: Path) -> str:
    """SQLite file by default; `COUNTER_APP_TEST_PG_URL` runs the suite on PostgreSQL."""
    pg = os.environ.get("COUNTER_APP_TEST_PG_URL")
    if pg:
        from tests.pg import fresh_pg_database

        return fresh_pg_database(pg)
    return str(tmp_path / "counter.sqlite3")


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    app = open_app(db_url_for(tmp_path))
    yield app
    app.close()


@pytest.fixture
def world(ctx: AppContext) -> World:
    """A small fixed chain: 2 stores, staff, customers, receipts with certified items."""
    return build_world(ctx)


@pytest.fixture
def clerk(world: World) -> Actor:
    return world.clerk


@pytest.fixture
def manager(world: World) -> Actor:
    return world.manager
