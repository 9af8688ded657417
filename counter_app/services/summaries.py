"""Head office's monthly, quarterly and yearly figures for a store and its staff (售后服务考核).

Read from the same rows as the weekly archive. Turnaround is intake (slip created) to
collected; complaint times count in the store's working hours like the complaint clocks.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.data.models import (
    Complaint,
    ContactLog,
    FollowUpTask,
    Quote,
    RepairSlip,
    SlipEvent,
    Staff,
    Store,
)
from counter_app.data.uow import UnitOfWork
from counter_app.documents.summary import SeriesPoint, StaffFigures, Summary
from counter_app.domain import complaint_clock as clock
from counter_app.domain.archive_weeks import Period, add_months, week_of
from counter_app.domain.dates import now
from counter_app.domain.money import ZERO, fen
from counter_app.i18n import _
from counter_app.services import archive_collect, audit, policy
from counter_app.services.archive import _store
from counter_app.services.archive_collect import OPEN_SLIP
from counter_app.services.context import Actor
from counter_app.services.permissions import Action

TRADE_KINDS = ("return", "exchange", "trade_in", "metal")
ONE_PLACE = Decimal("0.1")


def _days(delta: dt.timedelta) -> Decimal:
    return (Decimal(int(delta.total_seconds())) / Decimal(86400)).quantize(ONE_PLACE)


def _buckets(period: Period) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """Weeks of a month, months of a quarter or year, as (label, start, end)."""
    out: list[tuple[str, dt.datetime, dt.datetime]] = []
    if period.kind == "month":
        day = period.first
        while day < period.end:
            wk = week_of(day)
            end = min(wk.sunday + dt.timedelta(days=1), period.end)
            out.append((f"W{wk.week:02d}", dt.datetime.combine(day, dt.time()), dt.datetime.combine(end, dt.time())))
            day = end
        return out
    day = period.first
    while day < period.end:
        nxt = add_months(day, 1)
        out.append((f"{day.month}月" if period.kind == "year" else f"{day.year}-{day.month:02d}",
                    dt.datetime.combine(day, dt.time()), dt.datetime.combine(nxt, dt.time())))
        day = nxt
    return out


def _working_week(session: Session) -> clock.WorkingHours:
    try:
        from counter_app.services import complaints as complaint_service

        return complaint_service.working_hours(session)
    except (ImportError, AttributeError):
        return clock.WorkingHours()


def build(session: Session, actor: Actor | None, store: str | int, period: Period,
          as_of: dt.datetime | None = None) -> Summary:
    st: Store = _store(session, actor, store)
    pv_row, pv = policy.current(session)
    start, end = period.start_dt, period.end_dt
    cut = min(as_of or now(), end)  # "overdue" and "open" are judged at the period's end, or now
    out = Summary(st.code, st.name, period, policy_version=pv_row.version)
    staff = {s.id: s.name for s in session.scalars(select(Staff))}
    per: dict[int, StaffFigures] = {}

    def fig(staff_id: int | None) -> StaffFigures | None:
        if not staff_id or staff_id not in staff or staff[staff_id] == "命令行":
            return None
        if staff_id not in per:
            per[staff_id] = StaffFigures(staff_id, staff[staff_id])
        return per[staff_id]

    acts = archive_collect.gather(session, st.id, start, end)
    out.customers_served = len({a.customer_id for a in acts})
    served_by: dict[int, set[int]] = defaultdict(set)
    for a in acts:
        if a.staff_id:
            served_by[a.staff_id].add(a.customer_id)
    for sid, custs in served_by.items():
        f = fig(sid)
        if f:
            f.customers = len(custs)

    slips = list(session.scalars(select(RepairSlip).where(
        RepairSlip.store_id == st.id, RepairSlip.voided_at.is_(None),
        RepairSlip.created_at >= start, RepairSlip.created_at < end)))
    out.slips_opened = len(slips)
    by_type: Counter[str] = Counter()
    for s in slips:
        kinds = sorted({str(w.get("kind") or "") for w in (s.works or []) if isinstance(w, dict)} - {""})
        by_type["+".join(kinds) or "other"] += 1
        f = fig(s.created_by_id)
        if f:
            f.slips_opened += 1
    out.slips_by_type = dict(sorted(by_type.items()))
    out.slips_by_status = dict(sorted(Counter(s.status.value for s in slips).items()))

    collected = session.execute(select(SlipEvent, RepairSlip.created_at, RepairSlip.number)
                                .join(RepairSlip, SlipEvent.slip_id == RepairSlip.id)
                                .where(RepairSlip.store_id == st.id, RepairSlip.voided_at.is_(None),
                                       SlipEvent.to_status == "collected", SlipEvent.at >= start,
                                       SlipEvent.at < end)).all()
    spans: list[tuple[dt.timedelta, str]] = []
    for ev, created, number in collected:
        spans.append((ev.at - created, number))
        f = fig(ev.staff_id)
        if f:
            f.pickups += 1
    out.collected = len(spans)
    if spans:
        total = sum((d for d, _n in spans), dt.timedelta())
        out.turnaround_avg_days = _days(total / len(spans))
        worst = max(spans, key=lambda x: (x[0], x[1]))
        out.turnaround_worst_days, out.turnaround_worst_slip = _days(worst[0]), worst[1]

    open_slips = session.scalars(select(RepairSlip).where(
        RepairSlip.store_id == st.id, RepairSlip.voided_at.is_(None), RepairSlip.created_at < end,
        RepairSlip.status.in_([s.value for s in OPEN_SLIP[:2]])))
    out.slips_overdue = sum(1 for s in open_slips if s.promised_on is not None and s.promised_on < cut.date())

    tasks = list(session.scalars(select(FollowUpTask).where(
        FollowUpTask.store_id == st.id, FollowUpTask.voided_at.is_(None), FollowUpTask.status != "cancelled",
        FollowUpTask.due_on >= period.first, FollowUpTask.due_on < period.end)))
    out.calls_due = len(tasks)
    out.calls_done = sum(1 for t in tasks if t.status == "done")
    contacts = session.scalars(select(ContactLog).where(
        ContactLog.store_id == st.id, ContactLog.voided_at.is_(None), ContactLog.at >= start, ContactLog.at < end))
    for c in contacts:
        if c.direction == "out":
            out.calls_out += 1
            f = fig(c.staff_id)
            if f:
                f.calls_made += 1
        else:
            out.calls_in += 1

    out.complaints = _complaints(session, st.id, start, end, cut, pv, fig)

    quotes = session.scalars(select(Quote).where(
        Quote.store_id == st.id, Quote.voided_at.is_(None), Quote.on_date >= period.first,
        Quote.on_date < period.end))
    trades: dict[str, dict[str, Any]] = {
        k: {"quotes": 0, "accepted": 0, "credit": ZERO, "new_total": ZERO, "to_pay": ZERO} for k in TRADE_KINDS}
    for q in quotes:
        if q.status == "void":
            continue
        row = trades.setdefault(q.kind, {"quotes": 0, "accepted": 0, "credit": ZERO, "new_total": ZERO,
                                         "to_pay": ZERO})
        row["quotes"] += 1
        f = fig(q.created_by_id)
        if f:
            f.quotes += 1
        if q.status == "accepted":
            row["accepted"] += 1
            for key in ("credit", "new_total", "to_pay"):
                row[key] = fen(row[key] + (getattr(q, key) or ZERO))
    out.trades = trades

    for label, lo, hi in _buckets(period):
        point = SeriesPoint(label)
        point.customers = len({x.customer_id for x in acts if lo <= x.at < hi})
        point.slips = sum(1 for s in slips if lo <= s.created_at < hi)
        point.complaints = sum(1 for x in acts if x.kind == "complaint" and x.sub != "praise" and lo <= x.at < hi)
        out.series.append(point)
    out.staff = sorted(per.values(), key=lambda f: (f.name, f.staff_id))
    return out


def _complaints(session: Session, store_id: int, start: dt.datetime, end: dt.datetime, cut: dt.datetime,
                pv: Any, fig: Any) -> dict[str, Any]:
    week = _working_week(session)
    rows = list(session.scalars(select(Complaint).where(
        Complaint.store_id == store_id, Complaint.voided_at.is_(None), Complaint.kind != "praise",
        Complaint.received_at >= start, Complaint.received_at < end)))
    res: dict[str, Any] = {
        "received": len(rows), "resolved": 0, "escalated": 0, "manager_replied": 0, "open": 0,
        "acknowledged": 0, "within_handle": 0, "within_max": 0, "within_reply_days": 0,
        "within_escalate_days": 0, "past_escalate_days": 0,
        "avg_hours": None, "worst_hours": None,
        "limits": {"handle_hours": pv.complaint_handle_hours, "max_hours": pv.complaint_max_hours,
                   "reply_days": pv.complaint_manager_reply_days, "escalate_days": pv.complaint_escalate_days},
    }
    hours: list[float] = []
    for c in rows:
        f = fig(c.owner_id)
        if f:
            f.complaints_owned += 1
        if c.acknowledged_at is not None:
            res["acknowledged"] += 1
        if c.escalated_at is not None:
            res["escalated"] += 1
        if c.manager_replied_at is not None:
            res["manager_replied"] += 1
        done = c.resolved_at if c.resolved_at is not None and c.resolved_at <= cut else None
        if done is None:
            res["open"] += 1
            if cut - c.received_at > dt.timedelta(days=pv.complaint_escalate_days):
                res["past_escalate_days"] += 1
            continue
        res["resolved"] += 1
        if f:
            f.complaints_resolved += 1
        h = clock.working_hours_between(c.received_at, done, week)
        hours.append(h)
        if h <= pv.complaint_handle_hours:
            res["within_handle"] += 1
        if h <= pv.complaint_max_hours:
            res["within_max"] += 1
        span = done - c.received_at
        if span <= dt.timedelta(days=pv.complaint_manager_reply_days):
            res["within_reply_days"] += 1
        if span <= dt.timedelta(days=pv.complaint_escalate_days):
            res["within_escalate_days"] += 1
        else:
            res["past_escalate_days"] += 1
    if hours:
        res["avg_hours"] = Decimal(str(sum(hours) / len(hours))).quantize(ONE_PLACE)
        res["worst_hours"] = Decimal(str(max(hours))).quantize(ONE_PLACE)
    return res


@dataclass
class SummaryExport:
    summary: Summary
    paths: list[Path]


def export(uow: UnitOfWork, actor: Actor, store: str | int, period: Period, out_dir: Path | str,
           exported_at: dt.datetime | None = None) -> SummaryExport:
    """Write the summary PDF (tables and charts) and XLSX (tables) into `out_dir`."""
    actor.require(Action.HEAD_OFFICE_SUMMARY)
    from counter_app.printing import summary_pdf
    from counter_app.services import xlsx_export

    stamp = exported_at or now()
    with uow.read() as s:
        summary = build(s, actor, store, period, as_of=stamp)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    base = f"{summary.store_code}-summary-{period.key}"
    files = [(folder / f"{base}.pdf", summary_pdf.render(summary, stamp)),
             (folder / f"{base}.xlsx", xlsx_export.summary_workbook(summary, stamp))]
    for path, data in files:
        temp = path.with_name(path.name + ".part")
        temp.write_bytes(data)
        temp.replace(path)
    with uow.write() as s:
        audit.record(s, actor, "export", "summary", f"{summary.store_code} {period.key}",
                     _("导出总部汇总 {period}", period=period.key), after={"files": [p.name for p, _d in files]})
        s.commit()
    return SummaryExport(summary, [p for p, _d in files])
