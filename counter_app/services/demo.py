"""Demo data (演示数据): a small chain with two years of sales and a counter's day of work.

Repeatable: the same seed, number of customers and `today` give the same rows (a
`random.Random(seed)` drives every choice; every date and time derives from `today`).
Written in one transaction, and only into an empty database, so demo rows never mix with a
shop's real data.

The chain itself (stores, staff, customers, certificates, receipts, items) goes in as bulk
rows: it is what a shop brings with it, not work done at the counter. Everything done at the
counter is done the way the counter does it: the demo plans each step (an intake and its
slip, a factory quote and the customer's answer, a batch to the factory and back, a notice, a
pickup, a cancellation, a day's metal prices, a call, a follow-up list, a complaint and its
steps), then runs the steps in the order of their time through the services, as the store's
own clerk or manager, with the program's clock stopped at the step's time.
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar, cast

from sqlalchemy import Table, exists, func, insert, select
from sqlalchemy.orm import Session

from counter_app.data.models import (
    Certificate,
    Complaint,
    ContactLog,
    Customer,
    FollowUpTask,
    Intake,
    MetalPrice,
    RepairSlip,
    Role,
    SalesReceipt,
    SlipStatus,
    SoldItem,
    Staff,
    Store,
)
from counter_app.data.uow import UnitOfWork
from counter_app.domain import clock
from counter_app.domain.dates import today as local_today
from counter_app.domain.money import fen
from counter_app.domain.names import name_keys
from counter_app.domain.records import REFUSE, Condition, Defect, defects_to_json
from counter_app.domain.verification import Observed
from counter_app.errors import Conflict, InputError
from counter_app.i18n import _
from counter_app.services import (
    audit,
    calls,
    complaints,
    followups,
    metal_prices,
    policy,
    slip_batches,
    slip_notify,
    slip_pickup,
    slip_status,
    slips,
)
from counter_app.services import intake as intake_service
from counter_app.services.context import Actor
from counter_app.services.passwords import hash_password

DEMO_PIN = "1234"
DEFAULT_SEED = 2026
DEFAULT_CUSTOMERS = 500
MAX_CUSTOMERS = 100_000
HISTORY_DAYS = 730
FOLLOW_UP_DAYS = 14  # the days before today whose call lists were made and worked
FACTORY = "深圳水贝合作加工厂"
T = TypeVar("T")

STORES = (
    ("SH01", "上海南京路体验中心", "上海", "上海市黄浦区南京东路 300 号恒基名人购物中心 1 层", "021-63228866"),
    ("BJ01", "北京王府井体验中心", "北京", "北京市东城区王府井大街 138 号新东安广场 1 层", "010-65128866"),
    ("GZ01", "广州天河体验中心", "广州", "广州市天河区天河路 208 号天河城 1 层", "020-38838866"),
)
DISTRICTS = {
    "上海": (("黄浦区", ("南京西路", "淮海中路", "西藏中路")), ("徐汇区", ("漕溪北路", "肇嘉浜路", "天钥桥路")),
           ("静安区", ("延安中路", "北京西路", "常德路")), ("浦东新区", ("世纪大道", "张杨路", "锦绣路")),
           ("长宁区", ("愚园路", "仙霞路")), ("闵行区", ("七莘路", "虹梅路"))),
    "北京": (("东城区", ("东四北大街", "安定门内大街")), ("西城区", ("西单北大街", "阜成门内大街")),
           ("朝阳区", ("建国路", "朝阳北路", "望京街")), ("海淀区", ("中关村大街", "学院路", "万泉河路")),
           ("丰台区", ("丰台北路", "南三环西路"))),
    "广州": (("天河区", ("天河北路", "体育东路", "珠江新城华夏路")), ("越秀区", ("环市东路", "中山五路")),
           ("海珠区", ("江南大道中", "新港西路")), ("番禺区", ("市桥大北路", "迎宾路")),
           ("白云区", ("机场路", "白云大道北"))),
}
# Common surnames, weighted; 曾 单 解 are polyphonic (zeng/ceng, shan/dan, xie/jie).
SURNAMES = ("王" * 8 + "李" * 8 + "张" * 7 + "刘" * 6 + "陈" * 6 + "杨" * 4 + "黄" * 4 + "赵" * 4 + "吴" * 3
            + "周" * 3 + "徐" * 3 + "孙" * 2 + "马" * 2 + "朱" * 2 + "胡" * 2 + "郭" * 2 + "何" * 2 + "林" * 2
            + "罗高郑梁谢宋唐许韩冯邓曹彭肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹"
            + "孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤" + "曾" * 3 + "单" * 2 + "解" * 2)
GIVEN_F = "丽娜静敏婷雪梅琳芳燕霞洁颖慧欣怡佳玲晶萍红艳倩璐悦雯琪瑶月岚秀莉蓉娟"
GIVEN_M = "伟强磊军洋勇杰涛明超斌鹏辉峰浩凯宇鑫晨亮俊刚波健平东华建国志文博"
MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "153",
                   "155", "156", "157", "158", "159", "180", "181", "182", "183", "185", "186", "187", "188", "189")

# (category, code prefix, description, metal, fineness, weight range g, diamond, priced by weight)
ITEMS = (
    ("戒指", "DR", "18K金钻石戒指", "18K", "750", (2.2, 4.5), True, False),
    ("戒指", "DR", "铂金钻石戒指", "platinum", "950", (3.0, 5.5), True, False),
    ("戒指", "PR", "铂金对戒", "platinum", "950", (4.0, 8.0), False, False),
    ("戒指", "GR", "足金戒指", "gold", "999", (3.0, 8.0), False, True),
    ("项链", "GN", "足金项链", "gold", "999", (6.0, 30.0), False, True),
    ("项链", "KN", "18K金项链", "18K", "750", (2.0, 6.0), False, False),
    ("吊坠", "DP", "18K金钻石吊坠", "18K", "750", (1.0, 3.0), True, False),
    ("吊坠", "GP", "足金吊坠", "gold", "999", (2.0, 8.0), False, True),
    ("耳饰", "DE", "18K金钻石耳钉", "18K", "750", (1.0, 2.5), True, False),
    ("耳饰", "GE", "足金耳环", "gold", "999", (2.0, 6.0), False, True),
    ("手链", "GB", "足金手链", "gold", "999", (5.0, 20.0), False, True),
    ("手镯", "GK", "足金手镯", "gold", "999", (20.0, 60.0), False, True),
    ("手链", "KB", "18K金手链", "18K", "750", (2.5, 7.0), False, False),
)
ITEM_WEIGHTS = (14, 6, 5, 6, 10, 5, 9, 5, 6, 4, 6, 4, 4)
CARATS = ("0.10", "0.12", "0.15", "0.18", "0.20", "0.23", "0.25", "0.30", "0.31", "0.35", "0.40", "0.45",
          "0.50", "0.52", "0.60", "0.70", "0.80", "0.90", "1.00", "1.01", "1.20", "1.50")
CARAT_WEIGHTS = (6, 5, 8, 6, 9, 6, 8, 10, 4, 5, 5, 3, 6, 3, 3, 2, 2, 1, 2, 1, 1, 1)
COLORS = (("D", 1.35), ("E", 1.25), ("F", 1.15), ("G", 1.0), ("H", 0.92), ("I", 0.85), ("J", 0.78))
CLARITIES = (("IF", 1.4), ("VVS1", 1.25), ("VVS2", 1.15), ("VS1", 1.05), ("VS2", 1.0), ("SI1", 0.88))
CUTS = ("EX", "EX", "EX", "VG", "VG", "G")
ISSUERS = ("NGTC", "NGTC", "NGTC", "NGTC", "NGTC", "GIA", "GIA", "GIA", "IGI", "IGI")
STAMPS = {"750": "Au750", "999": "足金999", "950": "Pt950"}

# The day's metal prices (当日金价): (metal, fineness, sell today, spread to buy-back)
METAL_BOARD = (("gold", "999", 620, 60), ("gold", "9999", 626, 60), ("k_gold", "750", 482, 72),
               ("platinum", "950", 282, 58), ("platinum", "990", 296, 58))

WORK_LABELS = {"clean": "清洗", "reshape": "整形", "prong-check": "牢固度检查", "refurbish": "翻新",
               "solder": "焊接", "resize": "改手寸", "size-up": "以小换大", "redesign": "改款重做",
               "damage": "人为损坏维修"}
WORK_KINDS = {"clean": "in_store", "reshape": "in_store", "prong-check": "in_store", "refurbish": "factory_free",
              "solder": "factory_free", "resize": "factory_free", "size-up": "factory_paid",
              "redesign": "factory_paid", "damage": "damage"}
FACTORY_WORK = (("refurbish",), ("solder",), ("resize",), ("refurbish", "solder"), ("size-up",), ("redesign",),
                ("damage",), ("resize", "refurbish"))
# The damage seen on a demo piece: the intake's code and the clerk's words.
DAMAGE_WORDS = (("broken_solder", "链扣开焊"), ("bent", "戒圈变形"), ("scratches", "表面刮伤"),
                ("loose_stone", "爪头松动"), ("broken_chain", "链身断裂"), ("other", "吊坠扣环磨损"),
                ("bent", "镶口变形"))
ENQUIRIES = ("询问钻戒清洗保养的时间", "询问以旧换新的规则和需要带的证件", "询问改手寸的费用和工期",
             "询问维修进度", "询问今日金价", "询问证书补办", "询问定制款的工期", "询问会员积分换礼")
COMPLAINTS_OPEN = ("项链取件后发现链扣仍有松动", "对维修工期不满意：超过承诺日期仍未回店",
                   "对今日金价回收价格有疑问", "排队等候时间过长")
COMPLAINTS_DONE = (("戒指佩戴一个月后钻石松动", "quality", "免费加固镶口并赠送清洗保养"),
                   ("包装盒有破损", "packaging", "更换新包装盒"),
                   ("店员介绍以旧换新规则不清楚", "sales", "店长致歉并重新说明规则"),
                   ("足金手链颜色发暗", "quality", "免费翻新"))
PRAISE = "感谢店员耐心讲解保养知识，清洗后戒指焕然一新"
# What a follow-up call that reached the customer was about.
CALL_WORDS = {"anniversary": "购买周年回访，邀请到店免费清洗保养", "first_service": "首次服务回访，讲解佩戴和保养",
              "after_repair": "维修取件后回访，顾客满意", "cleaning": "提醒到店免费清洗保养",
              "birthday": "生日问候，告知生日礼遇", "wedding_anniversary": "结婚纪念日问候"}


@dataclass
class DemoResult:
    created: bool
    seed: int
    customers: int = 0
    stores: int = 0
    staff: int = 0
    receipts: int = 0
    items: int = 0
    certificates: int = 0
    metal_prices: int = 0
    intakes: int = 0
    slips: dict[str, int] = field(default_factory=dict)  # status -> count
    contacts: int = 0
    follow_ups: int = 0
    follow_ups_due_today: int = 0
    complaints: int = 0
    logins: list[dict[str, str]] = field(default_factory=list)  # login, name, role, store
    pin: str = DEMO_PIN
    today: dt.date | None = None
    seconds: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "created": self.created, "seed": self.seed, "today": self.today.isoformat() if self.today else None,
            "customers": self.customers, "stores": self.stores, "staff": self.staff, "receipts": self.receipts,
            "items": self.items, "certificates": self.certificates, "metal_prices": self.metal_prices,
            "intakes": self.intakes, "slips": self.slips, "contacts": self.contacts,
            "follow_ups": self.follow_ups, "follow_ups_due_today": self.follow_ups_due_today,
            "complaints": self.complaints, "logins": self.logins, "pin": self.pin if self.created else None,
            "seconds": round(self.seconds, 3),
        }


def database_has_data(session: Session) -> bool:
    """True once the chain is set up: any store, customer or sales receipt."""
    return bool(session.scalar(select(
        exists().where(SalesReceipt.id.isnot(None)) | exists().where(Customer.id.isnot(None))
        | exists().where(Store.id.isnot(None))
    )))


def database_has_sales(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(SalesReceipt.id.isnot(None)))))


def fill_demo(
    uow: UnitOfWork,
    actor: Actor | None,
    *,
    customers: int = DEFAULT_CUSTOMERS,
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
    if_empty: bool = False,
) -> DemoResult:
    """Fill an empty database with the demo chain; with `if_empty`, quietly skip a used one."""
    if not 1 <= customers <= MAX_CUSTOMERS:
        raise InputError(_("顾客人数应在 1 到 {max} 之间：{n}", max=MAX_CUSTOMERS, n=customers), field="customers")
    started = time.perf_counter()
    day = today or local_today()
    with uow.write() as s:
        if database_has_data(s):
            if if_empty:
                return DemoResult(created=False, seed=seed, today=day)
            raise Conflict(_("数据库里已有门店、顾客或销售单：演示数据只写入空数据库。"))
        policy.current(s)  # the handbook's defaults are version 1
        builder = _Builder(s, actor, random.Random(seed), day)
        result = builder.build(customers, seed)
        audit.record(s, actor, "create", "demo", seed, _("写入演示数据：顾客 {n} 位，种子 {seed}", n=customers,
                                                         seed=seed), after=result.as_json())
        s.commit()
    result.seconds = time.perf_counter() - started
    return result


def table_of(model: Any) -> Table:
    return cast(Table, model.__table__)


def chunks(values: list[T], size: int = 500) -> Iterator[list[T]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _weighted(rng: random.Random, options: Iterable[T], weights: Iterable[float]) -> T:
    return rng.choices(list(options), weights=list(weights), k=1)[0]


@dataclass
class _Person:
    id: int
    name: str
    phone: str
    store: str
    birthday: dt.date | None
    anniversary: dt.date | None
    calls: bool


@dataclass
class _Sale:
    id: int
    no: str
    store: str
    customer: _Person
    sold_on: dt.date
    items: list[dict[str, Any]] = field(default_factory=list)


class _Builder:
    def __init__(self, session: Session, actor: Actor | None, rng: random.Random, today: dt.date) -> None:
        self.s = session
        self.actor = actor
        self.rng = rng
        self.today = today
        self.stores: dict[str, Store] = {}
        self.managers: dict[str, Staff] = {}
        self.clerks: dict[str, list[Staff]] = {}
        self.head_office: Staff | None = None
        self.people: list[_Person] = []
        self.sales: list[_Sale] = []
        self.result = DemoResult(created=True, seed=0, today=today)
        self.phones: set[str] = set()
        self.cert_numbers: set[str] = set()
        self.actors: dict[int, Actor] = {}  # staff id -> the clerk or manager at work
        self.queue: list[_Step] = []  # the counter's steps, by time
        self.seq = 0
        # The demo is written as the store opens: no step of today after this.
        self.cutoff = dt.datetime.combine(today, dt.time(8, 59))

    # --- helpers ----------------------------------------------------------------------------
    def at(self, day: dt.date, hour: int | None = None, minute: int | None = None) -> dt.datetime:
        """A time of the working day; on `today` before 09:00, so nothing lies in the future when
        the demo is written as the store opens."""
        h = self.rng.randint(10, 20) if hour is None else hour
        m = self.rng.randrange(0, 60) if minute is None else minute
        if day >= self.today:
            h = min(h, 8)
        return dt.datetime.combine(day, dt.time(h, m))

    def days_ago(self, n: int) -> dt.date:
        return self.today - dt.timedelta(days=n)

    def clerk(self, store: str) -> Staff:
        return self.rng.choice(self.clerks[store])

    def actor_of(self, staff: Staff) -> Actor:
        """The person at work, as the services see them after sign-in."""
        actor = self.actors.get(staff.id)
        if actor is None:
            code = next((c for c, st in self.stores.items() if st.id == staff.store_id), "")
            actor = Actor(staff.id, staff.name, staff.role, staff.store_id, code)
            self.actors[staff.id] = actor
        return actor

    def person_name(self) -> str:
        given = GIVEN_F if self.rng.random() < 0.6 else GIVEN_M
        n = 1 if self.rng.random() < 0.3 else 2
        return self.rng.choice(SURNAMES) + "".join(self.rng.choice(given) for _ in range(n))

    # --- the chain --------------------------------------------------------------------------
    def build(self, n_customers: int, seed: int) -> DemoResult:
        self.result.seed = seed
        self.make_stores_and_staff()
        self.make_customers(n_customers)
        self.make_sales()
        self.plan_metal_prices()
        self.plan_slips()
        self.plan_calls_and_follow_ups()
        self.plan_complaints()
        self.run_steps()
        self.count()
        return self.result

    def make_stores_and_staff(self) -> None:
        opened = self.at(self.days_ago(HISTORY_DAYS + 30), 9, 0)
        pin_hash = hash_password(DEMO_PIN)  # slow on purpose: hash once, every demo account shares it
        logins: set[str] = set()
        by = self.actor.staff_id if self.actor else None

        def account(name: str, role: Role, store: Store | None, prefix: str) -> Staff:
            base = f"{prefix}-{login_pinyin(name)}"
            login, k = base, 2
            while login in logins:
                login, k = f"{base}{k}", k + 1
            logins.add(login)
            staff = Staff(login=login, name=name, role=role, store_id=store.id if store else None,
                          password_hash=pin_hash, phone=self.mobile(), created_at=opened, created_by_id=by)
            self.s.add(staff)
            return staff

        for code, name, city, address, phone in STORES:
            store = Store(code=code, name=name, city=city, address=address, phone=phone, created_at=opened,
                          created_by_id=by)
            self.s.add(store)
            self.s.flush()
            self.stores[code] = store
            self.managers[code] = account(self.person_name(), Role.MANAGER, store, code.lower())
            self.clerks[code] = [account(self.person_name(), Role.CLERK, store, code.lower())
                                 for _ in range(self.rng.choice((2, 3)))]
        self.head_office = account(self.person_name(), Role.HEAD_OFFICE, None, "hq")
        self.s.flush()
        staff = [*(m for m in self.managers.values()), *(c for cs in self.clerks.values() for c in cs),
                 self.head_office]
        labels = {Role.MANAGER: "店长", Role.CLERK: "店员", Role.HEAD_OFFICE: "总部客服"}
        self.result.logins = [
            {"login": st.login, "name": st.name, "role": labels[st.role],
             "store": next((c for c, x in self.stores.items() if x.id == st.store_id), "")}
            for st in sorted(staff, key=lambda x: (x.store_id or 999, x.role != Role.MANAGER, x.id))
        ]
        self.result.stores = len(self.stores)
        self.result.staff = len(staff)

    def mobile(self) -> str:
        while True:
            phone = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def address(self, city: str) -> str:
        district, roads = self.rng.choice(DISTRICTS[city])
        road = self.rng.choice(roads)
        if self.rng.random() < 0.6:
            return (f"{city}市{district}{road} {self.rng.randint(1, 999)} 弄 {self.rng.randint(1, 40)} 号 "
                    f"{self.rng.randint(1, 30)}{self.rng.randint(1, 4):02d} 室")
        return f"{city}市{district}{road} {self.rng.randint(1, 600)} 号"

    def make_customers(self, n: int) -> None:
        rows: list[dict[str, Any]] = []
        codes = list(self.stores)
        for _i in range(n):
            code = _weighted(self.rng, codes, (45, 30, 25))
            store = self.stores[code]
            name = self.person_name()
            phone = self.mobile()
            full, initials = name_keys(name)
            birthday = (dt.date(self.rng.randint(1962, 2002), self.rng.randint(1, 12), self.rng.randint(1, 28))
                        if self.rng.random() < 0.45 else None)
            wedding = (dt.date(self.rng.randint(1990, 2025), self.rng.randint(1, 12), self.rng.randint(1, 28))
                       if self.rng.random() < 0.25 else None)
            calls = self.rng.random() < 0.75
            letters = calls and self.rng.random() < 0.55
            since = self.at(self.days_ago(self.rng.randint(0, HISTORY_DAYS)))
            rows.append({
                "name": name, "name_pinyin": full, "name_initials": initials, "phone": phone,
                "phone_reversed": phone[::-1], "address": self.address(store.city), "birthday": birthday,
                "wedding_anniversary": wedding, "home_store_id": store.id, "consent_calls": calls,
                "consent_letters": letters, "consent_at": since if calls else None,
                "consent_channel": self.rng.choice(("counter", "counter", "wechat", "phone")) if calls else "",
                "preferences": self.rng.choice(("", "", "喜欢简约款", "偏爱足金", "关注钻石新款", "喜欢铂金")),
                "created_at": since, "created_by_id": self.clerk(code).id,
            })
            self.people.append(_Person(0, name, phone, code, birthday, wedding, calls))
        # Some birthdays fall on today so the day's follow-up list is not empty.
        for i in range(0, len(rows), max(1, len(rows) // 6)):
            b = dt.date(self.rng.randint(1965, 2000), self.today.month, min(self.today.day, 28))
            rows[i]["birthday"] = b
            self.people[i].birthday = b
        table = table_of(Customer)
        ids: dict[str, int] = {}
        for batch in chunks(rows):
            for cid, phone in self.s.execute(insert(table).returning(table.c.id, table.c.phone), batch):
                ids[phone] = cid
        for p in self.people:
            p.id = ids[p.phone]
        from counter_app.data.models import customers as customer_model

        rebuild = getattr(customer_model, "rebuild_missing_keys", None)
        if rebuild is not None:  # the customer search keys, written in one go
            rebuild(self.s.connection())
        self.result.customers = n

    # --- sales ----------------------------------------------------------------------------------
    def make_sales(self) -> None:
        plan: list[tuple[_Person, dt.date, str]] = []
        for p in self.people:
            n = _weighted(self.rng, (1, 2, 3), (60, 30, 10))
            for _i in range(n):
                store = p.store if self.rng.random() < 0.9 else self.rng.choice(list(self.stores))
                plan.append((p, self.days_ago(self.rng.randint(0, HISTORY_DAYS)), store))
        # Recent sales so returns and exchanges (7 / 30 days) can be tried, and sales exactly
        # one year, two years and 30 days ago so today's anniversary and first-service calls exist.
        k = max(3, len(self.people) // 40)
        for days in [*(self.rng.randint(0, 6) for _i in range(k)), *(self.rng.randint(7, 29) for _i in range(k)),
                     *([30] * 3), *([365] * 3), *([HISTORY_DAYS] * 2)]:
            p = self.rng.choice(self.people)
            plan.append((p, self.days_ago(days), p.store))
        plan.sort(key=lambda x: (x[1], x[2], x[0].id))

        seq: dict[tuple[str, dt.date], int] = {}
        counters: dict[str, int] = {}
        receipt_rows: list[dict[str, Any]] = []
        for p, day, store in plan:
            seq[(store, day)] = seq.get((store, day), 0) + 1
            no = f"{store}{day:%Y%m%d}{seq[(store, day)]:03d}"
            sale = _Sale(0, no, store, p, day)
            for _i in range(_weighted(self.rng, (1, 2, 3), (65, 25, 10))):
                sale.items.append(self.item(day, counters))
            self.sales.append(sale)
            receipt_rows.append({
                "receipt_no": no, "store_id": self.stores[store].id, "customer_id": p.id, "sold_on": day,
                "invoice_no": f"{self.rng.randrange(10**7, 10**8)}" if self.rng.random() < 0.7 else "",
                "source": "demo", "created_at": self.at(day), "created_by_id": self.clerk(store).id,
            })
        table = table_of(SalesReceipt)
        ids: dict[str, int] = {}
        for batch in chunks(receipt_rows):
            for rid, no in self.s.execute(insert(table).returning(table.c.id, table.c.receipt_no), batch):
                ids[no] = rid
        cert_rows = [it["certificate"] for sale in self.sales for it in sale.items if it.get("certificate")]
        ctable = table_of(Certificate)
        cert_ids: dict[str, int] = {}
        for batch in chunks(cert_rows):
            for cid, number in self.s.execute(insert(ctable).returning(ctable.c.id, ctable.c.number), batch):
                cert_ids[number] = cid
        item_rows: list[dict[str, Any]] = []
        for sale, row in zip(self.sales, receipt_rows, strict=True):
            sale.id = ids[sale.no]
            for line, it in enumerate(sale.items, start=1):
                cert = it.get("certificate")
                item_rows.append({
                    "receipt_id": sale.id, "line_no": line, "product_code": it["product_code"],
                    "description": it["description"], "category": it["category"], "metal": it["metal"],
                    "fineness": it["fineness"], "weight_g": it["weight_g"], "price": it["price"],
                    "fixed_price": it["fixed_price"], "custom_made": it["custom_made"],
                    "engraving": it["engraving"], "certificate_id": cert_ids[cert["number"]] if cert else None,
                    "created_at": row["created_at"], "created_by_id": row["created_by_id"],
                })
        itable = table_of(SoldItem)
        item_ids: dict[str, int] = {}
        for batch in chunks(item_rows):
            for iid, code in self.s.execute(insert(itable).returning(itable.c.id, itable.c.product_code), batch):
                item_ids[code] = iid
        for sale in self.sales:
            for it in sale.items:
                it["id"] = item_ids[it["product_code"]]
        self.result.receipts = len(receipt_rows)
        self.result.items = len(item_rows)
        self.result.certificates = len(cert_rows)

    def gold_price(self, day: dt.date) -> Decimal:
        """Gold 999 selling price per gram on a past day: ~¥480 two years ago, ~¥620 today."""
        age = (self.today - day).days
        return Decimal(620 - age * 140 // HISTORY_DAYS)

    def item(self, day: dt.date, counters: dict[str, int]) -> dict[str, Any]:
        rng = self.rng
        category, prefix, description, metal, fineness, (lo, hi), diamond, by_weight = _weighted(
            rng, ITEMS, ITEM_WEIGHTS)
        counters[prefix] = counters.get(prefix, 0) + 1
        code = f"{prefix}{day:%y}{counters[prefix]:05d}"
        weight = Decimal(str(round(rng.uniform(lo, hi), 2))).quantize(Decimal("0.001"))
        custom = diamond and category == "戒指" and rng.random() < 0.06
        it: dict[str, Any] = {
            "product_code": code, "category": category, "metal": metal, "fineness": fineness,
            "weight_g": weight, "custom_made": custom, "fixed_price": not by_weight,
            "description": ("定制" if custom else "") + description,
            "engraving": f"EZB {STAMPS[fineness]}",
        }
        if by_weight:
            labour = Decimal(rng.choice((8, 10, 12, 15, 20, 25)))
            it["price"] = fen(weight * (self.gold_price(day) + labour)).quantize(Decimal("1"))
        elif diamond:
            carat = Decimal(_weighted(rng, CARATS, CARAT_WEIGHTS))
            color, cf = rng.choice(COLORS)
            clarity, qf = rng.choice(CLARITIES)
            cut = rng.choice(CUTS)
            issuer = rng.choice(ISSUERS)
            number = self.cert_number(issuer, day)
            stone = 52000 * float(carat) ** 1.65 * cf * qf
            mount = float(weight) * (260 if metal == "platinum" else 210) + 1200
            it["price"] = Decimal(int((stone + mount) / 100) * 100 + 99)
            it["engraving"] = f"{issuer} {number}"
            it["certificate"] = {"issuer": issuer, "number": number, "carat": carat.quantize(Decimal("0.001")),
                                 "color": color, "clarity": clarity, "cut": cut,
                                 "created_at": self.at(day, 9, 0), "created_by_id": None}
        else:
            per_g = 300 if metal == "platinum" else 430
            design = rng.choice((600, 800, 1000, 1200, 1500, 2000))
            it["price"] = Decimal(int((float(weight) * per_g + design) / 10) * 10 + 9)
        return it

    def cert_number(self, issuer: str, day: dt.date) -> str:
        while True:
            if issuer == "GIA":
                number = str(self.rng.randrange(1_100_000_000, 7_999_999_999))
            elif issuer == "IGI":
                number = ("LG" if self.rng.random() < 0.3 else "") + str(self.rng.randrange(10**8, 10**9))
            else:
                number = f"N{day:%Y%m}{self.rng.randrange(10**5):05d}"
            if number not in self.cert_numbers:
                self.cert_numbers.add(number)
                return number

    # --- the day's metal prices ---------------------------------------------------------------------
    def plan_metal_prices(self) -> None:
        """Head office enters the board every morning of the last 30 days, and today."""
        assert self.head_office is not None
        office = self.actor_of(self.head_office)
        drift = [0.0]
        for _i in range(30):
            drift.append(drift[-1] + self.rng.uniform(-4.0, 4.0))
        drift.reverse()  # drift[0] is 30 days ago, drift[30] today (0)
        for back in range(30, -1, -1):
            day = self.days_ago(back)
            move = drift[30 - back]
            for metal, fineness, sell, spread in METAL_BOARD:
                scale = 1.0 if metal != "platinum" else 0.45
                sell_g = Decimal(str(round(sell + move * scale, 0)))
                self.later(self.at(day, 9, 15), partial(metal_prices.set_price, self.s, office, metal, fineness,
                                                        fen(sell_g - spread), fen(sell_g), on=day))

    # --- repair slips ------------------------------------------------------------------------------
    def plan_slips(self) -> None:
        """Per store: slips in every status, numbered as they are written (gapless, by date)."""
        runs: list[_SlipRun] = []
        for code in self.stores:
            sales = [s for s in self.sales if s.store == code and s.sold_on < self.days_ago(20)]
            if not sales:
                sales = [s for s in self.sales if s.store == code] or self.sales
            statuses = (["received"] * 2 + ["sent"] * 3 + ["back"] * 2 + ["notified"] * 2 + ["collected"] * 5
                        + ["cancelled"] + ["maintenance"] * 3)
            for status in statuses:
                runs.append(self.slip_run(code, sales, status))
        # The courier takes a store's slips of the day to the factory in one batch, and brings
        # back in one batch what the factory returns that day.
        self.plan_batches(runs, "sent")
        self.plan_batches(runs, "back")
        for run in runs:
            self.plan_slip_steps(run)

    def slip_run(self, code: str, sales: list[_Sale], status: str) -> _SlipRun:
        """A slip's plan: its steps in time, then a piece bought before it came in."""
        rng = self.rng
        clerk = self.clerk(code)
        if status == "maintenance":
            works: tuple[str, ...] = rng.choice((("clean",), ("clean", "prong-check"), ("reshape",), ("clean",)))
            events: list[tuple[dt.datetime, str | None, str]] = [(self.at(self.days_ago(rng.randint(0, 90))), None,
                                                                   "received")]
        else:
            works = rng.choice(FACTORY_WORK)
            events = self.slip_events(status)
        came_in = events[0][0].date()
        bought = ([s for s in sales if s.sold_on < came_in]
                  or [s for s in self.sales if s.sold_on < came_in])  # a tiny chain: bought in another store
        sale = rng.choice(bought)
        run = _SlipRun(code, sale, rng.choice(sale.items), works, "collected" if status == "maintenance" else status,
                       events, clerk)
        if status != "maintenance":
            run.damage_code, run.damage = rng.choice(DAMAGE_WORDS)
            run.shipping = Decimal(rng.choice(("20.00", "30.00")))
            if any(WORK_KINDS[w] in ("factory_paid", "damage") for w in run.works):
                run.quote = Decimal(rng.choice(("180.00", "260.00", "380.00", "520.00", "860.00")))
        run.declined = rng.random() < 0.2
        run.guarantee_slip = rng.random() < 0.7
        run.by_sms = rng.random() < 0.3
        return run

    def slip_events(self, status: str) -> list[tuple[dt.datetime, str | None, str]]:
        rng = self.rng
        path = {"received": ["received"], "sent": ["received", "sent"], "back": ["received", "sent", "back"],
                "notified": ["received", "sent", "back", "notified"],
                "collected": ["received", "sent", "back", "notified", "collected"],
                "cancelled": ["received", "cancelled"]}[status]
        gaps = {"sent": rng.randint(1, 3), "back": rng.randint(7, 16), "notified": 0, "collected": rng.randint(1, 9),
                "cancelled": rng.randint(1, 4)}
        total = sum(gaps[s] for s in path[1:])
        extra = rng.randint(0, 2) if status in ("received", "sent") else rng.randint(0, 60)
        day = self.days_ago(total + extra)
        events: list[tuple[dt.datetime, str | None, str]] = [(self.at(day), None, "received")]
        prev = "received"
        for st in path[1:]:
            day = day + dt.timedelta(days=gaps[st])
            when = self.at(day)
            if when <= events[-1][0]:
                when = events[-1][0] + dt.timedelta(minutes=20)  # the same morning, before 09:30 today
            events.append((when, prev, st))
            prev = st
        return events

    def plan_batches(self, runs: list[_SlipRun], status: str) -> None:
        """One batch per store and day: the slips moved that day move together, at the first one's time."""
        groups: dict[tuple[str, dt.date], list[tuple[_SlipRun, int]]] = {}
        for run in runs:
            for i, (when, _frm, to) in enumerate(run.events):
                if to == status:
                    groups.setdefault((run.store, when.date()), []).append((run, i))
        for (code, _day), members in sorted(groups.items()):
            at = min(run.events[i][0] for run, i in members)
            for run, i in members:
                _when, frm, to = run.events[i]
                run.events[i] = (at, frm, to)
            batch = [run for run, _i in members]
            step = self.send_batch if status == "sent" else self.receive_batch
            self.later(at, partial(step, self.clerk(code), batch))

    def plan_slip_steps(self, run: _SlipRun) -> None:
        received = run.events[0][0]
        self.later(received, partial(self.take_in, run))
        if run.quote is not None:
            after = run.events[1][0] if len(run.events) > 1 else None
            if after is None:  # still in store: the factory's price may have come in, the customer not yet asked
                if received + dt.timedelta(days=1) <= self.cutoff:
                    self.later(received + dt.timedelta(days=1), partial(self.factory_quote, run))
            else:
                span = after - received
                quoted = _minute(received + min(span / 3, dt.timedelta(days=1)))
                self.later(quoted, partial(self.factory_quote, run))
                self.later(_minute(quoted + min(span / 3, dt.timedelta(hours=2))),
                           partial(self.customer_answer, run, run.status != "cancelled"))
        for when, _frm, to in run.events[1:]:
            if to == "notified":
                self.later(when, partial(self.notify, run))
            elif to == "collected":
                self.later(when, partial(self.hand_over, run))
            elif to == "cancelled":
                self.later(when, partial(self.cancel, run))

    # The steps: each one what a clerk does at the counter, through the service that does it.
    def take_in(self, run: _SlipRun) -> None:
        actor = self.actor_of(run.clerk)
        item, sale = run.item, run.sale
        cert = item.get("certificate")
        weight = item["weight_g"]
        # The clerk weighs the piece and reads the engraving, and the certificate when it comes with one.
        observed = Observed(engraving=item["engraving"] or None, weight_g=weight)
        if cert:
            observed = replace(observed, cert_issuer=cert["issuer"], cert_no=cert["number"], carat=cert["carat"],
                               color=cert["color"], clarity=cert["clarity"], cut=cert["cut"])
        condition = Condition((run.damage_code,) if run.damage_code else (), run.damage)
        defects = [Defect("表面轻微刮伤", REFUSE)] if run.declined else []
        intake = intake_service.save_intake(
            self.s, actor, receipt_no=sale.no, product_code=item["product_code"], observed=observed,
            condition=condition.to_json(), unmentioned_defects=defects_to_json(defects),
            brought={"receipt": True, "certificate": bool(cert), "guarantee_slip": run.guarantee_slip},
            weight_g=weight, outcome="slip",
        )
        draft = slips.SlipDraft(works=list(run.works), note=_demo_note(run.works), damaged_parts=run.damage,
                                shipping_fee=run.shipping if run.shipping else None)
        run.number = slips.create(self.s, actor, intake.id, draft).number

    def factory_quote(self, run: _SlipRun) -> None:
        assert run.quote is not None
        slips.record_quote(self.s, self.actor_of(run.clerk), run.number, run.quote, note="工厂来电报价")

    def customer_answer(self, run: _SlipRun, accepted: bool) -> None:
        slips.decide_quote(self.s, self.actor_of(run.clerk), run.number, accepted,
                           "顾客电话确认同意报价" if accepted else "顾客不接受报价")

    def send_batch(self, clerk: Staff, batch: list[_SlipRun]) -> None:
        slip_batches.send(self.s, self.actor_of(clerk), [r.number for r in batch], factory=FACTORY)

    def receive_batch(self, clerk: Staff, batch: list[_SlipRun]) -> None:
        slip_batches.receive(self.s, self.actor_of(clerk), [(r.number, r.item["weight_g"]) for r in batch],
                             factory=FACTORY)

    def notify(self, run: _SlipRun) -> None:
        if run.by_sms:
            slip_notify.notify(self.s, self.actor_of(run.clerk), run.number, "sms", outcome="sent")
        else:
            slip_notify.notify(self.s, self.actor_of(run.clerk), run.number, "phone", outcome="reached",
                               note="已电话通知顾客取件")

    def hand_over(self, run: _SlipRun) -> None:
        slip = slips.get(self.s, run.number)
        balance = max(slips.fees(slip).balance, Decimal("0.00"))
        slip_pickup.pickup(self.s, self.actor_of(run.clerk), run.number, weight_g=run.item["weight_g"],
                           pay=balance, signature_note="顾客凭单签收取件")

    def cancel(self, run: _SlipRun) -> None:
        why = "顾客取消维修，原件交还" if run.quote is None else "顾客不接受报价，取消维修，原件交还"
        slip_status.change_status(self.s, self.actor_of(run.clerk), run.number, "cancelled", why)

    # --- calls and follow-ups --------------------------------------------------------------------
    def plan_calls_and_follow_ups(self) -> None:
        rng = self.rng
        # Enquiries over the last two months.
        for _i in range(max(6, len(self.people) // 10)):
            p = rng.choice(self.people)
            when = self.at(self.days_ago(rng.randint(0, 60)))
            clerk = self.actor_of(self.clerk(p.store))
            self.later(when, partial(calls.log, self.s, clerk, p.id,
                                     channel=rng.choice(("phone", "phone", "wechat", "visit")), direction="in",
                                     purpose="enquiry", outcome="reached", text=rng.choice(ENQUIRIES)))
        # Each morning the manager makes the day's call list and works it; today's is made, not yet worked.
        for manager in self.managers.values():
            for back in range(FOLLOW_UP_DAYS, 0, -1):
                day = self.days_ago(back)
                self.later(self.at(day, 8, 0), partial(self.make_call_list, manager, day))
                self.later(self.at(day, 8, 5), partial(self.work_call_list, manager, day))
            self.later(self.at(self.today, 8, 0), partial(self.make_call_list, manager, self.today))
        # Invitations sent by letter for an event.
        for p in rng.sample(self.people, k=min(len(self.people), max(3, len(self.people) // 25))):
            if not p.calls:
                continue
            when = self.at(self.days_ago(rng.randint(3, 20)), 16, 0)
            director = self.actor_of(self.managers[p.store])
            self.later(when, partial(calls.log, self.s, director, p.id, channel="letter", direction="out",
                                     purpose="invitation", outcome="sent", text="寄出新品品鉴会邀请函"))

    def make_call_list(self, manager: Staff, day: dt.date) -> None:
        followups.generate(self.s, self.actor_of(manager), day)

    def work_call_list(self, manager: Staff, day: dt.date) -> None:
        """Ring the list in its call windows; a call not answered comes back on the next day's list."""
        assert manager.store_id is not None
        for row in calls.today(self.s, manager.store_id, day):
            if not row.slot:
                continue  # beyond the day's windows
            outcome = _weighted(self.rng, ("reached", "no_answer", "booked"), (65, 25, 10))
            text = {"reached": CALL_WORDS.get(row.kind, "回访顾客"), "no_answer": "无人接听，改日再拨",
                    "booked": "顾客预约到店清洗保养"}[outcome]
            hour, minute = (int(x) for x in row.slot.split(":"))
            self.later(self.at(day, hour, minute),
                       partial(calls.log, self.s, self.actor_of(manager), None, channel="phone", direction="out",
                               purpose="follow_up", outcome=outcome, text=text, follow_up_id=row.task_id))

    # --- complaints -------------------------------------------------------------------------------
    def plan_complaints(self) -> None:
        rng = self.rng
        plans: list[tuple[str, dt.datetime, str, _Person, str, Any]] = []
        codes = list(self.stores)
        for code in codes:
            people = [p for p in self.people if p.store == code] or self.people
            for text in rng.sample(COMPLAINTS_OPEN, k=2):
                plans.append((code, self.at(self.today), "open", rng.choice(people), text,
                              None))
            for done in rng.sample(COMPLAINTS_DONE, k=2):
                plans.append((code, self.at(self.days_ago(rng.randint(15, 120))), "resolved", rng.choice(people),
                              done[0], done))
        first = [p for p in self.people if p.store == codes[0]] or self.people
        plans.append((codes[0], self.at(self.days_ago(9)), "overdue", rng.choice(first),
                      "维修后戒指尺寸仍不合适，多次来电未得到答复", None))
        plans.append((codes[1 % len(codes)], self.at(self.days_ago(4)), "praise", rng.choice(self.people), PRAISE,
                      None))
        plans.sort(key=lambda x: (x[0], x[1]))
        for code, received, state, person, text, done in plans:
            owner = self.actor_of(self.clerk(code))
            place = "门店柜台" if rng.random() < 0.6 else "电话"
            ack = received + dt.timedelta(minutes=rng.randint(2, 20))
            case = _Case()
            self.later(received, partial(self.take_complaint, case, owner, person, text, place, state == "praise"))
            if state == "praise":
                self.later(ack, partial(self.complaint_step, case, owner, "note", "感谢顾客的表扬，赠送 5 元优惠券"))
                continue
            self.later(ack, partial(self.complaint_step, case, owner, "reply_promised",
                                    "已受理，向顾客致歉并复述问题，承诺 6 小时内答复",
                                    promised_by=ack + dt.timedelta(hours=6)))
            if state == "resolved":
                resolved = ack + dt.timedelta(hours=rng.randint(1, 5))
                self.later(resolved - dt.timedelta(hours=1),
                           partial(self.complaint_step, case, owner, "cause", "查明原因", cause=done[1]))
                self.later(resolved - dt.timedelta(minutes=10),
                           partial(self.complaint_step, case, owner, "compensation", done[2]))
                self.later(resolved, partial(self.close_complaint, case, owner, done[2]))
            elif state == "overdue":
                self.later(ack + dt.timedelta(days=2),
                           partial(self.complaint_step, case, owner, "follow_up", "已联系工厂，等待复查结果"))

    def take_complaint(self, case: _Case, owner: Actor, person: _Person, text: str, place: str,
                       praise: bool) -> None:
        c = complaints.record(self.s, owner, person.id, text, place=place, people=f"{person.name}；{owner.name}",
                              channel="phone" if place == "电话" else "visit",
                              kind="praise" if praise else "complaint", coupon="5.00" if praise else None)
        case.id = c.id

    def complaint_step(self, case: _Case, owner: Actor, step: str, text: str, *,
                       promised_by: dt.datetime | None = None, cause: str = "") -> None:
        complaints.add_step(self.s, owner, case.id, step, text, promised_by=promised_by, cause=cause)

    def close_complaint(self, case: _Case, owner: Actor, text: str) -> None:
        complaints.resolve(self.s, owner, case.id, text)

    # --- the run ------------------------------------------------------------------------------------
    def later(self, at: dt.datetime, run: Callable[[], object]) -> None:
        """Plan a step; steps at the same time run in the order they were planned."""
        self.seq += 1
        heapq.heappush(self.queue, _Step(at, self.seq, run))

    def run_steps(self) -> None:
        """Every planned step in the order of its time, with the program's clock stopped at that time.

        A stopped clock, not a ticking one: each row a step writes carries the step's time to the
        second however long the step takes, so the same seed gives the same rows.
        """
        stopped = _StoppedClock(self.cutoff)
        previous = clock.set_clock(stopped)
        try:
            while self.queue:
                step = heapq.heappop(self.queue)
                stopped.start = step.at
                step.run()
                self.s.flush()
        finally:
            clock.set_clock(previous)

    def count(self) -> None:
        s = self.s
        self.result.metal_prices = _count(s, select(func.count()).select_from(MetalPrice))
        self.result.intakes = _count(s, select(func.count()).select_from(Intake))
        by_status = dict(s.execute(select(RepairSlip.status, func.count()).group_by(RepairSlip.status)).all())
        self.result.slips = {st.value: int(by_status[st]) for st in SlipStatus if st in by_status}
        self.result.contacts = _count(s, select(func.count()).select_from(ContactLog))
        self.result.follow_ups = _count(s, select(func.count()).select_from(FollowUpTask))
        self.result.follow_ups_due_today = _count(s, select(func.count()).select_from(FollowUpTask)
                                                  .where(FollowUpTask.due_on == self.today))
        self.result.complaints = _count(s, select(func.count()).select_from(Complaint))


@dataclass
class _SlipRun:
    """One repair slip of the demo: what the clerk is told and sees, and the steps it goes through."""

    store: str
    sale: _Sale
    item: dict[str, Any]
    works: tuple[str, ...]
    status: str
    events: list[tuple[dt.datetime, str | None, str]]  # (when, from, to), planned
    clerk: Staff
    damage_code: str = ""
    damage: str = ""
    shipping: Decimal = Decimal("0.00")
    quote: Decimal | None = None  # paid work: what the factory asks
    declined: bool = False  # a defect the customer did not mention, and declined to have repaired
    guarantee_slip: bool = False
    by_sms: bool = False
    number: str = ""  # once written


@dataclass
class _Case:
    id: int = 0  # the complaint, once recorded


@dataclass(order=True)
class _Step:
    at: dt.datetime
    seq: int
    run: Callable[[], object] = field(compare=False)


class _StoppedClock(clock.PinnedClock):
    """Pinned to `start` and not ticking: moved on by hand, step by step."""

    def now(self) -> dt.datetime:
        return self.start


def _minute(at: dt.datetime) -> dt.datetime:
    return at.replace(second=0, microsecond=0)


def _count(session: Session, query: Any) -> int:
    return int(session.scalar(query) or 0)


SURNAME_READINGS = {"曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "朴": "piao", "查": "zha"}


def login_pinyin(name: str) -> str:
    """Pinyin for a login: a surname read as a surname (曾 zeng, 单 shan, 解 xie)."""
    surname = SURNAME_READINGS.get(name[:1])
    rest = name[1:] if surname else name
    return (surname or "") + "".join(name_keys(ch)[0].split()[0] for ch in rest)


def _demo_note(works: tuple[str, ...]) -> str:
    return "、".join(WORK_LABELS[w] for w in works)
