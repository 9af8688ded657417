"""Slip and archive numbers never repeat and leave no gaps, also after a failed save."""

from __future__ import annotations

import threading

import pytest

from counter_app.bootstrap import AppContext, open_app
from counter_app.data.numbering import peek, slip_number


def test_numbers_are_sequential(ctx: AppContext) -> None:
    with ctx.uow.write() as s:
        got = [slip_number(s, "SH01", 2026) for _ in range(3)]
        s.commit()
    assert got == ["SH01-2026-000001", "SH01-2026-000002", "SH01-2026-000003"]


def test_failed_save_gives_its_number_back(ctx: AppContext) -> None:
    with pytest.raises(RuntimeError), ctx.uow.write() as s:
        slip_number(s, "SH01", 2026)
        raise RuntimeError("crash before commit")
    with ctx.uow.write() as s:
        assert slip_number(s, "SH01", 2026) == "SH01-2026-000001"
        s.commit()


def test_series_are_per_store_and_year(ctx: AppContext) -> None:
    with ctx.uow.write() as s:
        assert slip_number(s, "SH01", 2026).endswith("000001")
        assert slip_number(s, "BJ01", 2026).endswith("000001")
        assert slip_number(s, "SH01", 2027).endswith("000001")
        s.commit()


def test_concurrent_counters_get_distinct_gapless_numbers(ctx: AppContext) -> None:
    url = ctx.url
    results: list[str] = []
    lock = threading.Lock()

    def counter() -> None:
        app = open_app(url)
        for _ in range(25):
            with app.uow.write() as s:
                n = slip_number(s, "SH01", 2026)
                s.commit()
            with lock:
                results.append(n)
        app.close()

    threads = [threading.Thread(target=counter) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [f"SH01-2026-{i:06d}" for i in range(1, 101)]
    with ctx.uow.read() as s:
        assert peek(s, "slip:SH01:2026") == 100
