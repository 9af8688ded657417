"""Head office's monthly figures on fixed data; the PDF and XLSX say the same."""

from __future__ import annotations

import datetime as dt
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from counter_app.bootstrap import AppContext
from counter_app.data.models import (
    Complaint,
    ContactLog,
    FollowUpTask,
    Quote,
    RepairSlip,
    SlipEvent,
    SlipStatus,
)
from counter_app.domain.archive_weeks import parse_period
from counter_app.errors import InputError
from counter_app.services import summaries
from tests.factories import World

AS_OF = dt.datetime(2026, 12, 1, 9, 0)
D = dt.datetime


def fill(ctx: AppContext, world: World) -> None:
    sh = world.store_ids["SH01"]
    clerk, boss = world.staff_ids["clerk"], world.staff_ids["manager"]
    zhang, zeng, li = (world.customer_ids[k] for k in ("zhang", "zeng", "li"))
    with ctx.uow.write() as s:
        def slip(no: str, kind: str, created: dt.datetime, status: SlipStatus, collected: dt.datetime | None = None,
                 **kw: object) -> None:
            row = RepairSlip(number=no, store_id=sh, customer_id=zhang, status=status, created_at=created,
                             created_by_id=clerk, works=[{"code": "x", "label": "x", "kind": kind}], **kw)
            s.add(row)
            s.flush()
            if collected:
                s.add(SlipEvent(slip_id=row.id, at=collected, staff_id=clerk, kind="status", to_status="collected"))

        slip("SH01-2026-000001", "factory_free", D(2026, 11, 2, 10), SlipStatus.COLLECTED, D(2026, 11, 12, 10))
        slip("SH01-2026-000002", "in_store", D(2026, 11, 5, 10), SlipStatus.COLLECTED, D(2026, 11, 5, 12))
        slip("SH01-2026-000003", "factory_paid", D(2026, 11, 10, 10), SlipStatus.SENT,
             promised_on=dt.date(2026, 11, 20))
        slip("SH01-2026-000004", "factory_free", D(2026, 10, 10, 10), SlipStatus.RECEIVED)  # October: not counted

        def complaint(no: str, received: dt.datetime, **kw: object) -> None:
            s.add(Complaint(number=no, store_id=sh, customer_id=zeng, received_at=received, owner_id=clerk,
                            what="x", **kw))

        complaint("SH01-C2026-0001", D(2026, 11, 3, 10), resolved_at=D(2026, 11, 3, 14))
        complaint("SH01-C2026-0002", D(2026, 11, 4, 10), resolved_at=D(2026, 11, 6, 10))
        complaint("SH01-C2026-0003", D(2026, 11, 10, 10), escalated_at=D(2026, 11, 26, 10))
        complaint("SH01-C2026-0004", D(2026, 11, 11, 10), kind="praise")

        for due, status in ((1, "done"), (9, "done"), (20, "open"), (21, "cancelled")):
            s.add(FollowUpTask(store_id=sh, customer_id=zeng, kind="cleaning", due_on=dt.date(2026, 11, due),
                               status=status))
        for day, direction, who in ((2, "out", boss), (3, "out", boss), (19, "in", li)):
            s.add(ContactLog(store_id=sh, customer_id=who if direction == "in" else zeng, at=D(2026, 11, day, 10),
                             channel="phone", direction=direction, purpose="enquiry" if direction == "in" else "follow_up",
                             staff_id=boss))

        def quote(no: str, kind: str, status: str, credit: str, new: str, pay: str) -> None:
            s.add(Quote(number=no, store_id=sh, kind=kind, customer_id=zeng, on_date=dt.date(2026, 11, 17),
                        status=status, credit=Decimal(credit), new_total=Decimal(new), to_pay=Decimal(pay),
                        created_by_id=clerk))

        quote("SH01-Q2026-000001", "trade_in", "accepted", "12800.00", "15000.00", "2200.00")
        quote("SH01-Q2026-000002", "trade_in", "accepted", "6000.10", "7000.00", "999.90")
        quote("SH01-Q2026-000003", "exchange", "draft", "100.00", "200.00", "100.00")
        quote("SH01-Q2026-000004", "return", "void", "500.00", "0.00", "0.00")
        s.commit()


def test_monthly_figures(ctx: AppContext, world: World, manager) -> None:
    fill(ctx, world)
    with ctx.uow.read() as s:
        m = summaries.build(s, manager, "SH01", parse_period(month="2026-11"), as_of=AS_OF)
    assert m.customers_served == 3  # 张晓明 and 曾丽华 bought / were served, 李娜 called
    assert m.slips_opened == 3
    assert m.slips_by_type == {"factory_free": 1, "factory_paid": 1, "in_store": 1}
    assert m.slips_by_status == {"collected": 2, "sent": 1}
    assert m.collected == 2
    assert m.turnaround_avg_days == Decimal("5.0") and m.turnaround_worst_days == Decimal("10.0")
    assert m.turnaround_worst_slip == "SH01-2026-000001"
    assert m.slips_overdue == 1
    assert (m.calls_due, m.calls_done, m.calls_out, m.calls_in) == (3, 2, 2, 1)
    c = m.complaints
    assert (c["received"], c["resolved"], c["escalated"], c["open"]) == (3, 2, 1, 1)
    assert (c["within_handle"], c["within_max"], c["within_reply_days"]) == (1, 2, 2)
    assert c["past_escalate_days"] == 1
    assert c["avg_hours"] == Decimal("14.0") and c["worst_hours"] == Decimal("24.0")
    assert m.trades["trade_in"] == {"quotes": 2, "accepted": 2, "credit": Decimal("18800.10"),
                                    "new_total": Decimal("22000.00"), "to_pay": Decimal("3199.90")}
    assert m.trades["exchange"]["quotes"] == 1 and m.trades["exchange"]["accepted"] == 0
    assert m.trades["return"]["quotes"] == 0
    staff = {f.name: f for f in m.staff}
    assert staff["王芳"].slips_opened == 3 and staff["王芳"].pickups == 2
    assert staff["王芳"].complaints_owned == 3 and staff["王芳"].complaints_resolved == 2
    assert staff["李强"].calls_made == 2
    assert [p.label for p in m.series] == ["W44", "W45", "W46", "W47", "W48", "W49"]
    assert sum(p.slips for p in m.series) == 3 and sum(p.complaints for p in m.series) == 3


def test_quarter_and_year_series(ctx: AppContext, world: World, manager) -> None:
    fill(ctx, world)
    with ctx.uow.read() as s:
        q = summaries.build(s, manager, "SH01", parse_period(quarter="2026-Q4"), as_of=AS_OF)
        y = summaries.build(s, manager, "SH01", parse_period(year="2026"), as_of=AS_OF)
    assert [p.label for p in q.series] == ["2026-10", "2026-11", "2026-12"]
    assert [p.slips for p in q.series] == [1, 3, 0]
    assert len(y.series) == 12 and y.slips_opened == 4


def test_periods_are_checked() -> None:
    assert parse_period(month="2026-11").last == dt.date(2026, 11, 30)
    assert parse_period(quarter="2026-q4").first == dt.date(2026, 10, 1)
    assert parse_period(year="2026").end == dt.date(2027, 1, 1)
    for kw in ({"month": "2026-13"}, {"quarter": "2026-Q5"}, {"year": "26"}, {}):
        with pytest.raises(InputError):
            parse_period(**kw)


def test_exported_pdf_and_xlsx_show_the_figures(ctx: AppContext, world: World, manager, tmp_path: Path) -> None:
    fill(ctx, world)
    result = summaries.export(ctx.uow, manager, "SH01", parse_period(month="2026-11"), tmp_path, exported_at=AS_OF)
    assert [p.name for p in result.paths] == ["SH01-summary-2026-11.pdf", "SH01-summary-2026-11.xlsx"]
    text = subprocess.run(["pdftotext", "-layout", str(result.paths[0]), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "售后服务月度汇总 2026-11" in text and "上海南京路体验中心" in text
    assert "10.0 天（SH01-2026-000001）" in text
    assert "¥18800.10" in text and "以旧换新" in text
    assert "第 1 页 / 共" in text or "第1页/共" in text.replace(" ", "")
    wb = load_workbook(result.paths[1])
    figures = {r[0].value: r[1].value for r in wb.worksheets[0].iter_rows(min_row=2)}
    assert figures["服务顾客"] == "3" and figures["超期未回店维修单"] == "1"
    trades = {r[0].value: [c.value for c in r[1:]] for r in wb["退换货"].iter_rows(min_row=2)}
    assert trades["以旧换新"][:3] == [2, 2, 18800.1]
    assert wb["退换货"].freeze_panes == "A2"
