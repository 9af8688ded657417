"""Follow-up task generation (跟踪服务) from the files and the policy.

Idempotent: every task carries a `source_key` (what generated it), so running the
generation twice for a day, or for overlapping ranges, adds nothing new.
Candidates come from indexed look-ups (sale dates, collection times); birthdays compare
month and day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import extract, select
from sqlalchemy.orm import Session

from counter_app.data.models import Customer, FollowUpTask, RepairSlip, SalesReceipt, SlipStatus, SoldItem
from counter_app.domain import followup_rules as rules
from counter_app.domain.text import clean
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services import audit, policy
from counter_app.services.context import Actor
from counter_app.services.permissions import Action


def _live_customers(session: Session, ids: set[int]) -> dict[int, Customer]:
    if not ids:
        return {}
    rows = session.scalars(select(Customer).where(
        Customer.id.in_(ids), Customer.merged_into_id.is_(None), Customer.anonymized_at.is_(None),
        Customer.voided_at.is_(None)))
    return {c.id: c for c in rows}


def _facts_for_day(session: Session, store_id: int, on: dt.date, p: rules.PolicyValues) -> list[rules.CustomerFacts]:
    sale_days: set[dt.date] = set(rules.anniversary_dates(on))
    sale_days.add(on - dt.timedelta(days=p.first_service_days))
    if p.cleaning_interval_months > 0:
        for k in range(1, rules.MAX_YEARS_BACK * 12 // p.cleaning_interval_months + 1):
            sale_days.update(rules.months_before(on, k * p.cleaning_interval_months))
    receipts = session.execute(
        select(SalesReceipt.id, SalesReceipt.receipt_no, SalesReceipt.sold_on, SalesReceipt.customer_id).where(
            SalesReceipt.store_id == store_id, SalesReceipt.sold_on.in_(sorted(sale_days)),
            SalesReceipt.customer_id.is_not(None), SalesReceipt.voided_at.is_(None))
    ).all()
    collected_day = on - dt.timedelta(days=rules.AFTER_REPAIR_DAYS)
    slips = session.execute(
        select(RepairSlip.id, RepairSlip.number, RepairSlip.collected_at, RepairSlip.customer_id).where(
            RepairSlip.store_id == store_id, RepairSlip.status == SlipStatus.COLLECTED,
            RepairSlip.collected_at >= dt.datetime.combine(collected_day, dt.time(0, 0)),
            RepairSlip.collected_at < dt.datetime.combine(collected_day + dt.timedelta(days=1), dt.time(0, 0)),
            RepairSlip.customer_id.is_not(None))
    ).all()
    month_day = [(on.month, on.day)] + ([(2, 29)] if (on.month, on.day) == (2, 28) else [])
    dated: set[int] = set()
    for m, d in month_day:
        for col in (Customer.birthday, Customer.wedding_anniversary):
            dated.update(session.scalars(select(Customer.id).where(
                Customer.home_store_id == store_id, col.is_not(None),
                extract("month", col) == m, extract("day", col) == d)))
    ids = {r.customer_id for r in receipts} | {s.customer_id for s in slips} | dated
    customers = _live_customers(session, ids)
    facts: dict[int, rules.CustomerFacts] = {
        cid: rules.CustomerFacts(cid, c.consent_calls, c.birthday, c.wedding_anniversary)
        for cid, c in customers.items()
    }
    for r in receipts:
        if r.customer_id in facts:
            facts[r.customer_id].purchases.append(rules.Purchase(r.id, r.receipt_no, r.sold_on))
    for s in slips:
        if s.customer_id in facts:
            facts[s.customer_id].collected.append(rules.CollectedSlip(s.id, s.number, s.collected_at.date()))
    return list(facts.values())


@dataclass
class GenerationResult:
    created: int
    skipped: int
    days: int
    policy_version: int
    by_kind: dict[str, int] = field(default_factory=dict)


def _insert(session: Session, actor: Actor, store_id: int, specs: list[rules.TaskSpec],
            result: GenerationResult, event_name: str = "") -> None:
    if not specs:
        return
    keys = [s.source_key for s in specs]
    existing: set[str] = set()
    for i in range(0, len(keys), 500):
        existing.update(session.scalars(select(FollowUpTask.source_key).where(
            FollowUpTask.store_id == store_id, FollowUpTask.source_key.in_(keys[i:i + 500]))))
    for spec in specs:
        if spec.source_key in existing:
            result.skipped += 1
            continue
        existing.add(spec.source_key)
        session.add(FollowUpTask(
            store_id=store_id, customer_id=spec.customer_id, kind=spec.kind, due_on=spec.due_on,
            reason=spec.reason, source_key=spec.source_key, event_name=event_name, created_by_id=actor.staff_id))
        result.created += 1
        result.by_kind[spec.kind] = result.by_kind.get(spec.kind, 0) + 1


def generate(session: Session, actor: Actor, start: dt.date, end: dt.date | None = None) -> GenerationResult:
    """Create the follow-up tasks due from `start` to `end` (inclusive) for the actor's store."""
    store_id = actor.require_store()
    end = end or start
    if end < start or (end - start).days > 366:
        raise InputError(_("日期范围不对（最多一年）。"))
    version, values = policy.current(session)
    result = GenerationResult(0, 0, (end - start).days + 1, version.version)
    day = start
    while day <= end:
        specs = [t for f in _facts_for_day(session, store_id, day, values) for t in rules.tasks_for(f, day, values)]
        _insert(session, actor, store_id, specs, result)
        day += dt.timedelta(days=1)
    session.flush()
    if result.created == 0:
        return result  # nothing created, nothing to record
    audit.record(session, actor, "generate", "follow_up", f"{start}..{end}",
                 _("生成跟踪任务 {n} 条", n=result.created),
                 after={"created": result.created, "skipped": result.skipped, "by_kind": result.by_kind,
                        "policy_version": version.version, "policy": values.as_dict()})
    return result


@dataclass(frozen=True)
class EventRule:
    """Who an event suits: bought (a diamond / a category) within the last `years` years."""

    years: int = 2
    diamond: bool = True
    category: str = ""
    min_amount: str = ""


def plan_event(session: Session, actor: Actor, name: str, event_on: dt.date, rule: EventRule) -> GenerationResult:
    """Pick the customers an event suits and give each a call two weeks before it."""
    actor.require(Action.PLAN_INVITATIONS)
    store_id = actor.require_store()
    name = clean(name)
    if not name:
        raise InputError(_("请填写活动名称。"), field="name")
    version, values = policy.current(session)
    since = dt.date(event_on.year - rule.years, event_on.month, min(event_on.day, 28))
    q = (select(SalesReceipt.customer_id).join(SoldItem, SoldItem.receipt_id == SalesReceipt.id)
         .where(SalesReceipt.store_id == store_id, SalesReceipt.sold_on >= since, SalesReceipt.sold_on <= event_on,
                SalesReceipt.customer_id.is_not(None), SalesReceipt.voided_at.is_(None)))
    if rule.diamond:
        q = q.where((SoldItem.certificate_id.is_not(None)) | (SoldItem.description.contains("钻")))
    if rule.category:
        q = q.where(SoldItem.category == clean(rule.category))
    ids = {i for i in session.scalars(q.distinct()) if i is not None}
    customers = _live_customers(session, ids)
    due = event_on - dt.timedelta(days=rules.EVENT_LEAD_DAYS)
    specs = [
        rules.TaskSpec(cid, "event", due, f"event:{name}:{event_on.isoformat()}:{cid}", f"活动邀请：{name}（{event_on}）")
        for cid, c in sorted(customers.items()) if c.consent_calls
    ]
    result = GenerationResult(0, 0, 1, version.version)
    _insert(session, actor, store_id, specs, result, event_name=name)
    session.flush()
    audit.record(session, actor, "generate", "follow_up", f"event:{name}",
                 _("活动邀请 {name}：{n} 位顾客", name=name, n=result.created),
                 after={"rule": rule.__dict__, "event_on": event_on, "created": result.created,
                        "no_consent": len(customers) - len(specs)})
    return result
