"""Retention anonymises customers with no contact for N years, keeping rows and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from counter_app.bootstrap import AppContext
from counter_app.cli import main
from counter_app.data.models import AuditEntry, Customer, SalesReceipt
from counter_app.errors import InputError, PermissionDenied
from counter_app.services import privacy
from counter_app.services.context import Actor
from tests.factories import TODAY, World


def _age_customer(ctx: AppContext, name: str, years: int) -> int:
    """Make everything about one customer `years` old."""
    old = dt.datetime.combine(TODAY, dt.time(10)) - dt.timedelta(days=365 * years + 5)
    with ctx.uow.write() as s:
        cid = s.scalars(select(Customer.id).where(Customer.name == name)).one()
        s.execute(update(Customer).where(Customer.id == cid).values(created_at=old, updated_at=None))
        s.execute(update(SalesReceipt).where(SalesReceipt.customer_id == cid).values(sold_on=old.date()))
        s.commit()
        return cid


def test_inactive_customers_are_anonymised_and_others_kept(ctx: AppContext, world: World, manager: Actor) -> None:
    old_id = _age_customer(ctx, "李娜", 6)
    with ctx.uow.write() as s:
        privacy.set_retention_years(s, manager, 5)
        done = privacy.anonymise_inactive(s, manager, on=TODAY)
        s.commit()
    assert done == [old_id]
    with ctx.uow.read() as s:
        li = s.get(Customer, old_id)
        assert li is not None and li.anonymized_at is not None
        assert li.name == "已匿名顾客" and li.phone == "" and li.address == ""
        assert s.scalars(select(SalesReceipt).where(SalesReceipt.customer_id == old_id)).first() is not None
        zhang = s.scalars(select(Customer).where(Customer.phone == "13812345678")).one()
        assert zhang.anonymized_at is None
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "anonymise")).one()
        assert entry.entity_id == str(old_id) and "13600001111" not in repr((entry.summary, entry.after))


def test_retention_is_a_managers_setting(ctx: AppContext, world: World, clerk: Actor, manager: Actor) -> None:
    with ctx.uow.write() as s:
        with pytest.raises(PermissionDenied):
            privacy.set_retention_years(s, clerk, 3)
        with pytest.raises(PermissionDenied):
            privacy.anonymise_inactive(s, clerk, 3)
        with pytest.raises(InputError):
            privacy.set_retention_years(s, manager, "三")
        assert privacy.anonymise_inactive(s, manager) == []  # 0 = off by default


def test_consent_is_off_by_default_and_recorded_with_time_and_channel(ctx: AppContext, world: World,
                                                                      clerk: Actor) -> None:
    cid = world.customer_ids["zhang"]
    with ctx.uow.write() as s:
        c = s.get(Customer, cid)
        assert c is not None and not privacy.may_call(c) and not privacy.may_write(c)
        privacy.set_consent(s, clerk, cid, calls=True, letters=False, channel="phone")
        s.commit()
    with ctx.uow.read() as s:
        c = s.get(Customer, cid)
        assert c is not None and privacy.may_call(c) and not privacy.may_write(c)
        assert c.consent_channel == "phone" and c.consent_at is not None


def test_cli_privacy_commands(ctx: AppContext, world: World, capsys: pytest.CaptureFixture[str]) -> None:
    _age_customer(ctx, "李娜", 30)
    assert main(["privacy", "retention", "20", "--db", ctx.url]) == 0
    assert main(["privacy", "anonymise", "--json", "--db", ctx.url]) == 0
    out = capsys.readouterr().out
    assert '"anonymised": 1' in out
