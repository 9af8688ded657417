"""counter.intake, counter.quotes and counter.prices: each action one transaction, records out."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from counter_app.bootstrap import AppContext
from counter_app.data.models import Intake, Quote
from counter_app.domain.pricing import NewPiece
from counter_app.domain.verification import Observed
from counter_app.errors import InputError, PermissionDenied
from counter_app.services import quotes
from counter_app.services.actions.intake import IntakeDraft
from tests.factories import TODAY, World

GIA = Observed(cert_issuer="GIA", cert_no="2141438171")


def draft(**kw: object) -> IntakeDraft:
    base: dict[str, object] = dict(receipt_no="R20261118001", product_code="DR0001", observed=GIA, on=TODAY)
    base.update(kw)
    return IntakeDraft(**base)  # type: ignore[arg-type]


def test_look_up_says_what_is_missing_instead_of_refusing(ctx: AppContext, world: World) -> None:
    found = ctx.counter.intake.look_up(world.clerk, "r20261118001", "DR0001")
    assert found.found and found.record is not None and found.record.product_code == "DR0001"
    assert found.policy_version == 1
    missing = ctx.counter.intake.look_up(world.clerk, "GZ0099", "XX1")
    assert not missing.found and "没有销售单 GZ0099" in missing.missing and missing.policy_version == 1
    with pytest.raises(InputError):
        ctx.counter.intake.look_up(world.clerk, "", "DR0001")


def test_maintenance_of_an_unsaved_intake_stores_and_closes_it_at_once(ctx: AppContext, world: World) -> None:
    done = ctx.counter.intake.close_with_maintenance(world.clerk, ["cleaning"], "当面清洗", draft=draft())
    assert done.outcome == "maintenance"
    with ctx.uow.read() as s:
        row = s.scalars(select(Intake)).one()
        assert row.id == done.id and row.condition["maintenance"]["works"] == ["cleaning"]
    with pytest.raises(InputError):  # no such work: nothing stored, not even the intake
        ctx.counter.intake.close_with_maintenance(world.clerk, ["抛光"], draft=draft())
    with ctx.uow.read() as s:
        assert len(s.scalars(select(Intake)).all()) == 1


def test_saved_intake_then_where_it_went(ctx: AppContext, world: World) -> None:
    saved = ctx.counter.intake.save(world.clerk, draft(), "slip")
    assert saved.outcome == "slip" and saved.created_at is not None
    assert ctx.counter.intake.set_outcome(world.clerk, saved.id, "quote").outcome == "quote"


def test_quote_from_an_intake_marks_it_and_prints_once_written(ctx: AppContext, world: World,
                                                              tmp_path: Path) -> None:
    saved = ctx.counter.intake.save(world.clerk, draft())
    req = ctx.counter.quotes.intake_request(world.clerk, saved.id)
    req.on, req.new_pieces = TODAY, [NewPiece(Decimal("14080"))]
    priced = ctx.counter.quotes.price(world.clerk, req)
    assert priced.result.allowed and quotes.reprice(priced, req) is not None
    view = ctx.counter.quotes.save(world.clerk, req)
    assert view.intake_id == saved.id and view.status == "draft" and view.as_json()["number"] == view.number
    with ctx.uow.read() as s:
        assert s.get(Intake, saved.id).outcome == "quote"
    with pytest.raises(InputError, match="不能写入文件"):
        ctx.counter.quotes.print_statement(world.clerk, view.number, tmp_path)  # a folder, not a file
    assert ctx.counter.quotes.show(view.number).print_count == 0  # the failed print is not counted
    printed = ctx.counter.quotes.print_statement(world.clerk, view.number, tmp_path / "s.pdf")
    assert printed.print_count == 1 and (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")
    assert [r.number for r in ctx.counter.quotes.recent(world.clerk)] == [view.number]
    assert ctx.counter.quotes.accept(world.clerk, view.number).status == "accepted"
    with ctx.uow.read() as s:
        assert s.scalars(select(Quote)).one().status == "accepted"


def test_price_board_set_and_show(ctx: AppContext, world: World) -> None:
    with pytest.raises(PermissionDenied):
        ctx.counter.prices.set(world.clerk, "gold", "999", "560", "620", on=TODAY)
    ctx.counter.prices.set(world.manager, "gold", "999", "560", "620", on=TODAY)
    correction = ctx.counter.prices.set(world.manager, "gold", "999", "561", "620", on=TODAY)
    board = ctx.counter.prices.show(TODAY)
    assert [r.price.buy_per_g for r in board.history] == [Decimal("561.00"), Decimal("560.00")]
    assert [r.price.price_id for r in board.in_force] == [correction.price_id]
    assert set(board.as_json()) == {"on", "prices", "history"}
    assert ctx.counter.prices.days() == [TODAY]
