"""The intake services on a real database: look-up, other stores, saving with who and when."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from counter_app.bootstrap import AppContext
from counter_app.data.models import AuditEntry, Intake
from counter_app.domain import clock
from counter_app.domain.verification import Observed, Retest
from counter_app.errors import Conflict, InputError, NotFound
from counter_app.services import intake
from counter_app.services import policy as policy_service
from tests.factories import TODAY, World

GIA_SEEN = Observed(cert_issuer="GIA", cert_no="2141438171", engraving="GIA2141438171", weight_g=Decimal("3.25"))


def test_verify_finds_the_sale_typed_any_way(ctx: AppContext, world: World) -> None:
    with ctx.uow.read() as s:
        r = intake.verify(s, world.clerk, " ｒ２０２６１１１８００１ ", "dr 0001", GIA_SEEN, on=TODAY)
    assert r.receipt_no == "R20261118001" and r.product_code == "DR0001"
    assert r.verdict == "incomplete"  # carat, colour … on record but not looked at
    assert r.eligibility["return"].ok and r.eligibility["trade_in"].ok
    assert r.price == Decimal("12800.00") and not r.other_store


def test_unknown_receipt_and_product_not_on_receipt(ctx: AppContext, world: World) -> None:
    with ctx.uow.read() as s:
        with pytest.raises(NotFound, match="没有销售单 R0000"):
            intake.verify(s, world.clerk, "R0000", "DR0001", Observed(), on=TODAY)
        with pytest.raises(NotFound) as err:
            intake.verify(s, world.clerk, "R20261118001", "DR0002", Observed(), on=TODAY)
    assert "DR0001" in str(err.value) and "GN0001" in str(err.value)


def test_future_date_is_refused(ctx: AppContext, world: World) -> None:
    import datetime as dt

    with ctx.uow.read() as s, pytest.raises(InputError, match="将来"):
        intake.verify(s, world.clerk, "R20261118001", "DR0001", Observed(), on=clock.today() + dt.timedelta(1))


def test_day_8_receipt_refuses_return(ctx: AppContext, world: World) -> None:
    with ctx.uow.read() as s:
        r = intake.verify(s, world.clerk, "R20261117002", "DR0002", Observed(), on=TODAY)
    assert not r.eligibility["return"].ok
    assert r.eligibility["return"].reason == "已过 7 天无条件退换期（销售日 2026-11-17，今天是第 8 天）"


def test_item_of_another_store_is_found_and_marked(ctx: AppContext, world: World) -> None:
    with ctx.uow.read() as s:
        r = intake.verify(s, world.clerk, "R20250101004", "DR0003", Observed(), on=TODAY)
    assert r.other_store and r.store_code == "BJ01"
    assert r.eligibility["repair"].ok and r.eligibility["repair"].reason == "其他门店售出，可维修，顾客付邮费"
    # the large IGI stone (1.01 ct) cannot be traded in without a re-test
    assert r.large_stone and not r.eligibility["trade_in"].ok


def test_large_stone_trade_in_after_retest(ctx: AppContext, world: World) -> None:
    seen = Observed(cert_issuer="NGTC", cert_no="N2026110301", engraving="NGTC N2026110301")
    with ctx.uow.read() as s:
        before = intake.verify(s, world.clerk, "R20261117002", "DR0002", seen, on=TODAY)
        after = intake.verify(s, world.clerk, "R20261117002", "DR0002", seen, on=TODAY,
                              retest=Retest("N2026110301", "F", "VVS2"))
    assert not before.eligibility["trade_in"].ok and "复检" in before.eligibility["trade_in"].reason
    assert after.eligibility["trade_in"].ok


def test_tolerance_follows_a_new_policy_version(ctx: AppContext, world: World) -> None:
    seen = Observed(weight_g=Decimal("3.30"))
    with ctx.uow.write() as s:
        assert intake.verify(s, world.clerk, "R20261118001", "DR0001", seen, on=TODAY).check(
            "weight_g").status == "mismatch"
        policy_service.set_values(s, world.manager, {"weight_tolerance_g": "0.05"})
        r = intake.verify(s, world.clerk, "R20261118001", "DR0001", seen, on=TODAY)
        s.commit()
    assert r.check("weight_g").status == "match" and r.policy_version == 2


def _save(ctx: AppContext, world: World, **kw):  # type: ignore[no-untyped-def]
    args = dict(receipt_no="R20261118001", product_code="DR0001", observed=GIA_SEEN,
                condition={"damage": ["scratches"], "notes": "戒圈内侧轻微刮伤"},
                unmentioned_defects=[{"defect": "松石", "decision": "refuse"}],
                brought={"receipt": True, "certificate": True}, weight_g="3.25", on=TODAY)
    args.update(kw)
    with ctx.uow.write() as s:
        row = intake.save_intake(s, world.clerk, **args)
        s.commit()
        return row.id


def test_save_intake_stores_everything_with_who_and_when(ctx: AppContext, world: World) -> None:
    intake_id = _save(ctx, world, notes="顾客要求清洗")
    with ctx.uow.read() as s:
        row = s.get(Intake, intake_id)
        assert row is not None
        assert row.created_by_id == world.clerk.staff_id and row.created_at is not None
        assert row.store_id == world.store_ids["SH01"] and row.sold_item_id is not None
        assert row.customer_id == world.customer_ids["zhang"]
        assert row.weight_g == Decimal("3.250")
        assert row.verification["verdict"] == "incomplete"
        assert row.verification["eligibility"]["trade_in"]["ok"] is True
        assert row.policy_version_id is not None and row.verification["policy"]["return_days"] == 7
        assert row.condition["damage"] == ["scratches"]
        assert row.unmentioned_defects == [{"defect": "松石", "decision": "refuse"}]
        assert row.brought["certificate"] is True and row.brought["gifts"] is False
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "intake")).all()
        assert [a.entity_id for a in audit] == [str(intake_id)] and audit[0].staff_id == world.clerk.staff_id


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"weight_g": "abc"}, "intake_weight"),
        ({"weight_g": "0"}, "intake_weight"),
        ({"weight_g": "2500"}, "intake_weight"),
        ({"unmentioned_defects": [{"defect": "开焊", "decision": ""}]}, "defects"),
        ({"condition": {"damage": ["melted"]}}, "condition"),
    ],
)
def test_bad_input_saves_nothing(ctx: AppContext, world: World, kw: dict, field: str) -> None:
    with pytest.raises(InputError) as err:
        _save(ctx, world, **kw)
    assert err.value.field == field
    with ctx.uow.read() as s:
        assert s.scalars(select(Intake)).all() == []


def test_unknown_item_saved_with_head_office_confirmation_for_repair_only(ctx: AppContext, world: World) -> None:
    with pytest.raises(NotFound):
        _save(ctx, world, receipt_no="GZ-0099", product_code="XX1", observed=Observed())
    with pytest.raises(InputError):
        _save(ctx, world, receipt_no="GZ-0099", product_code="XX1", observed=Observed(),
              head_office_confirmation={"who": "刘洋", "reference": ""})
    intake_id = _save(ctx, world, receipt_no="GZ-0099", product_code="XX1", observed=Observed(),
                      head_office_confirmation={"who": "总部刘洋", "reference": "HO-88"})
    with ctx.uow.read() as s:
        row = s.get(Intake, intake_id)
        assert row is not None and row.sold_item_id is None and row.other_store
        assert row.head_office_confirmation["reference"] == "HO-88"
        elig = row.verification["eligibility"]
        assert elig["repair"]["ok"] and not elig["trade_in"]["ok"] and "HO-88" in elig["repair"]["reason"]


def test_in_store_maintenance_closes_at_once(ctx: AppContext, world: World) -> None:
    intake_id = _save(ctx, world)
    with ctx.uow.write() as s:
        with pytest.raises(InputError):
            intake.close_with_maintenance(s, world.clerk, intake_id, ["polishing"], "")
        intake.close_with_maintenance(s, world.clerk, intake_id, ["清洗", "prong_check"], "当面清洗")
        s.commit()
    with ctx.uow.read() as s:
        row = s.get(Intake, intake_id)
        assert row is not None and row.outcome == "maintenance"
        assert row.condition["maintenance"]["works"] == ["cleaning", "prong_check"]
        assert row.updated_by_id == world.clerk.staff_id
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "maintenance")).one().entity_id == str(
            intake_id)
    with ctx.uow.write() as s, pytest.raises(Conflict):
        intake.close_with_maintenance(s, world.clerk, intake_id, ["cleaning"], "")


def test_customer_items_by_phone_tail_and_name(ctx: AppContext, world: World) -> None:
    with ctx.uow.read() as s:
        by_tail = intake.customer_items(s, "5678")
        by_name = intake.customer_items(s, "曾丽华")
        by_initials = intake.customer_items(s, "zlh")
    assert {i.product_code for i in by_tail} == {"DR0001", "GN0001"}
    assert {i.receipt_no for i in by_name} == {"R20261117002", "R20261026003"}
    assert {i.receipt_no for i in by_initials} == {"R20261117002", "R20261026003"}
    assert by_tail[0].phone_masked == "138****5678"
