"""A small, fixed chain of stores, staff, customers and sales for tests.

Dates are fixed relative to `TODAY` so rules like "7 days" are tested on known days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from counter_app.bootstrap import AppContext
from counter_app.data.models import (
    Certificate,
    Customer,
    Role,
    SalesReceipt,
    SoldItem,
    Staff,
    Store,
)
from counter_app.domain.dates import now
from counter_app.domain.names import name_keys
from counter_app.services.context import Actor

TODAY = dt.date(2026, 11, 25)


@dataclass
class World:
    ctx: AppContext
    store_ids: dict[str, int] = field(default_factory=dict)
    staff_ids: dict[str, int] = field(default_factory=dict)
    customer_ids: dict[str, int] = field(default_factory=dict)
    clerk: Actor = None  # type: ignore[assignment]
    manager: Actor = None  # type: ignore[assignment]
    head_office: Actor = None  # type: ignore[assignment]
    clerk_other_store: Actor = None  # type: ignore[assignment]


def _customer(name: str, phone: str, store_id: int, address: str = "") -> Customer:
    full, initials = name_keys(name)
    return Customer(
        name=name,
        name_pinyin=full,
        name_initials=initials,
        phone=phone,
        phone_reversed=phone[::-1],
        address=address,
        home_store_id=store_id,
    )


def build_world(ctx: AppContext) -> World:
    w = World(ctx=ctx)
    with ctx.uow.write() as s:
        sh = Store(code="SH01", name="上海南京路体验中心", city="上海", address="上海市黄浦区南京东路 100 号",
                   phone="021-63210001")
        bj = Store(code="BJ01", name="北京王府井体验中心", city="北京", address="北京市东城区王府井大街 88 号",
                   phone="010-65120002")
        s.add_all([sh, bj])
        s.flush()
        staff = {
            "clerk": Staff(login="wangfang", name="王芳", role=Role.CLERK, store_id=sh.id, created_at=now()),
            "manager": Staff(login="liqiang", name="李强", role=Role.MANAGER, store_id=sh.id, created_at=now()),
            "head_office": Staff(login="zhaomin", name="赵敏", role=Role.HEAD_OFFICE, store_id=None,
                                 created_at=now()),
            "clerk_bj": Staff(login="chenjing", name="陈静", role=Role.CLERK, store_id=bj.id, created_at=now()),
        }
        s.add_all(staff.values())
        s.flush()
        customers = {
            "zhang": _customer("张晓明", "13812345678", sh.id, "上海市徐汇区漕溪北路 1 号"),
            "zeng": _customer("曾丽华", "13987654321", sh.id, "上海市静安区"),
            "li": _customer("李娜", "13600001111", bj.id, "北京市朝阳区"),
        }
        s.add_all(customers.values())
        s.flush()

        gia = Certificate(issuer="GIA", number="2141438171", carat=Decimal("0.300"), color="G",
                          clarity="VS1", cut="EX")
        ngtc = Certificate(issuer="NGTC", number="N2026110301", carat=Decimal("0.520"), color="F",
                           clarity="VVS2", cut="VG")
        igi = Certificate(issuer="IGI", number="LG600123456", carat=Decimal("1.010"), color="E",
                          clarity="VS2", cut="EX")
        s.add_all([gia, ngtc, igi])
        s.flush()

        def receipt(no: str, store: Store, cust: Customer, days_ago: int, items: list[SoldItem]) -> None:
            r = SalesReceipt(receipt_no=no, store_id=store.id, customer_id=cust.id,
                             sold_on=TODAY - dt.timedelta(days=days_ago), invoice_no=f"INV{no}", source="tests")
            for i, it in enumerate(items, 1):
                it.line_no = i
                r.items.append(it)
            s.add(r)

        receipt("R20261118001", sh, customers["zhang"], 7, [
            SoldItem(product_code="DR0001", description="18K金钻石戒指", category="戒指", metal="18K",
                     fineness="750", weight_g=Decimal("3.250"), price=Decimal("12800.00"),
                     engraving="GIA2141438171", certificate_id=gia.id),
            SoldItem(product_code="GN0001", description="足金项链", category="项链", metal="gold",
                     fineness="999", weight_g=Decimal("10.000"), price=Decimal("6200.00"), fixed_price=False),
        ])
        receipt("R20261117002", sh, customers["zeng"], 8, [
            SoldItem(product_code="DR0002", description="铂金钻石戒指", category="戒指", metal="platinum",
                     fineness="950", weight_g=Decimal("4.100"), price=Decimal("25600.00"),
                     engraving="NGTC N2026110301", certificate_id=ngtc.id),
        ])
        receipt("R20261026003", sh, customers["zeng"], 30, [
            SoldItem(product_code="CM0001", description="定制钻石吊坠", category="吊坠", metal="18K",
                     fineness="750", weight_g=Decimal("2.000"), price=Decimal("9999.00"), custom_made=True),
        ])
        receipt("R20250101004", bj, customers["li"], 693, [
            SoldItem(product_code="DR0003", description="18K金钻石对戒", category="戒指", metal="18K",
                     fineness="750", weight_g=Decimal("5.500"), price=Decimal("48000.00"),
                     engraving="IGI LG600123456", certificate_id=igi.id),
        ])
        s.commit()
        w.store_ids = {"SH01": sh.id, "BJ01": bj.id}
        w.staff_ids = {k: v.id for k, v in staff.items()}
        w.customer_ids = {k: v.id for k, v in customers.items()}
        w.clerk = Actor(staff["clerk"].id, "王芳", Role.CLERK, sh.id, "SH01")
        w.manager = Actor(staff["manager"].id, "李强", Role.MANAGER, sh.id, "SH01")
        w.head_office = Actor(staff["head_office"].id, "赵敏", Role.HEAD_OFFICE, sh.id, "SH01")
        w.clerk_other_store = Actor(staff["clerk_bj"].id, "陈静", Role.CLERK, bj.id, "BJ01")
    return w
