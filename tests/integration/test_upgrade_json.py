"""Migration 0003 rewrites the JSON values the first wave stored in other spellings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlalchemy as sa

from counter_app.bootstrap import AppContext, open_app
from counter_app.data.models import Intake, RepairSlip, SlipStatus
from counter_app.domain.records import Condition, defects_from_json
from counter_app.domain.verification import Observed
from counter_app.services import archive_collect
from tests.conftest import db_url_for
from tests.factories import World, build_world


def test_old_spellings_are_rewritten_on_upgrade(tmp_path: Path) -> None:
    url = db_url_for(tmp_path)
    ctx: AppContext = open_app(url)
    world: World = build_world(ctx)
    with ctx.uow.write() as s:
        old = Intake(store_id=world.store_ids["SH01"], customer_id=world.customer_ids["zhang"],
                     receipt_no="R20261118001", product_code="DR0001",
                     observed={"weight_g": "3.250", "certificate_issuer": "GIA", "certificate_no": "2141438171",
                               "engraving": ""},
                     verification={}, condition={"damaged_parts": ["链扣开焊"], "notes": ""},
                     unmentioned_defects=[{"defect": "表面轻微刮伤", "decision": "顾客暂不处理"}],
                     brought={}, outcome="maintenance")
        done = Intake(store_id=world.store_ids["SH01"], customer_id=world.customer_ids["zhang"],
                      receipt_no="R20261118001", product_code="DR0001", observed={}, verification={},
                      condition={"damage": [], "notes": "",
                                 "maintenance": {"works": ["cleaning"], "note": "", "at": "2026-11-20T10:00:00",
                                                 "by": None}},
                      unmentioned_defects=[], brought={}, outcome="maintenance")
        s.add_all([old, done])
        s.flush()
        slip = RepairSlip(number="SH01-2026-000001", store_id=world.store_ids["SH01"], intake_id=old.id,
                          customer_id=world.customer_ids["zhang"], status=SlipStatus.RECEIVED,
                          item={"product_code": "DR0001", "observed": {"certificate_issuer": "GIA"}},
                          unmentioned_defects=[{"defect": "表面轻微刮伤", "decision": "顾客暂不处理"},
                                               {"defect": "爪头松动", "decision": "同意一并维修"}])
        s.add(slip)
        s.commit()
        ids = old.id, done.id, slip.id
    with ctx.engine.begin() as conn:
        conn.execute(sa.text("update alembic_version set version_num = '0002'"))
    ctx.close()

    ctx = open_app(url)
    try:
        assert ctx.schema is not None and ctx.schema.from_revision == "0002"
        with ctx.uow.read() as s:
            intake = s.get(Intake, ids[0])
            assert intake is not None
            assert Observed.from_dict(intake.observed) == Observed(cert_issuer="GIA", cert_no="2141438171",
                                                                   weight_g=Observed.from_dict(
                                                                       {"weight_g": "3.250"}).weight_g)
            cond = Condition.from_json(intake.condition)
            assert cond.damage == ("broken_solder",) and cond.notes == "链扣开焊"
            assert [(d.defect, d.decision) for d in defects_from_json(intake.unmentioned_defects)] == [
                ("表面轻微刮伤", "refuse")]
            slip_row = s.get(RepairSlip, ids[2])
            assert slip_row is not None
            assert [d.decision for d in defects_from_json(slip_row.unmentioned_defects)] == ["refuse", "repair"]
            assert slip_row.item["observed"] == {"cert_issuer": "GIA"}
            maintained = s.get(Intake, ids[1])
            assert maintained is not None
            assert Condition.from_json(maintained.condition).maintenance.works == ("cleaning",)  # type: ignore[union-attr]
            # the weekly archive lists the maintenance done, in words
            week = (dt.datetime(2020, 1, 1), dt.datetime(2100, 1, 1))
            acts = archive_collect.gather(s, world.store_ids["SH01"], *week)
            assert [a.maintenance for a in acts if a.kind == "intake" and a.maintenance] == [["清洗"]]
    finally:
        ctx.close()
