"""`demo [--customers N] [--seed S] [--if-empty]`: fill an empty database with demo data."""

from __future__ import annotations

import argparse
import unicodedata
from typing import Any

from counter_app.cli.common import add_json, date_arg, emit_json, run, say
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services import demo


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "demo", parents=parents, help=_("写入演示数据（3 家门店、员工、顾客、销售、维修单、来电、投诉）"),
        description=_("向空数据库写入可重复的中文演示数据。同样的种子和人数得到同样的数据。"),
    )
    p.add_argument("--customers", type=int, default=demo.DEFAULT_CUSTOMERS, metavar="N",
                   help=_("顾客人数（默认 {n}）", n=demo.DEFAULT_CUSTOMERS))
    p.add_argument("--seed", type=int, default=demo.DEFAULT_SEED, metavar="S",
                   help=_("随机种子（默认 {n}）", n=demo.DEFAULT_SEED))
    p.add_argument("--if-empty", action="store_true", help=_("数据库里已有数据时什么都不做"))
    p.add_argument("--today", default=None, help=argparse.SUPPRESS)  # fixed "today" for repeatable runs
    add_json(p)
    p.set_defaults(handler=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    today = date_arg(args.today, "--today")
    if args.customers < 1:
        raise InputError(_("顾客人数应在 1 到 {max} 之间：{n}", max=demo.MAX_CUSTOMERS, n=args.customers),
                         field="customers")
    result = run(args, lambda c: c.demo.fill(customers=args.customers, seed=args.seed, today=today,
                                             if_empty=args.if_empty))
    if args.json:
        emit_json(result.as_json())
        return 0
    if not result.created:
        say(_("数据库里已有数据，未写入演示数据。"))
        return 0
    say(_("已写入演示数据（种子 {seed}，今天 {today}）：", seed=result.seed, today=result.today))
    say(_("  门店 {stores} 家，员工 {staff} 人，顾客 {customers} 位", stores=result.stores, staff=result.staff,
          customers=result.customers))
    say(_("  销售单 {receipts} 张，货品 {items} 件，证书 {certs} 份", receipts=result.receipts, items=result.items,
          certs=result.certificates))
    statuses = _("、").join(f"{_(STATUS_WORDS[k])} {result.slips[k]}" for k in STATUS_WORDS if k in result.slips)
    say(_("  维修单：{statuses}", statuses=statuses))
    say(_("  来电与联系记录 {contacts} 条，跟踪任务 {tasks} 个（今天到期 {due} 个），投诉与表扬 {complaints} 件",
          contacts=result.contacts, tasks=result.follow_ups, due=result.follow_ups_due_today,
          complaints=result.complaints))
    say(_("  当日金价：近 31 天 {n} 条", n=result.metal_prices))
    say(_("用时 {seconds:.1f} 秒。", seconds=result.seconds))
    say("")
    say(_("演示账号（PIN 均为 {pin}）：", pin=result.pin))
    for row in result.logins:
        say(f"  {pad(row['login'], 20)}{pad(row['name'], 8)}{pad(_(row['role']), 10)}{row['store']}")
    return 0


STATUS_WORDS = {"received": "已收件", "sent": "已送厂", "back": "已回店", "notified": "已通知",
                "collected": "已取件", "cancelled": "已取消"}


def pad(text: str, width: int) -> str:
    """Left-align in a terminal where a Chinese character takes two columns."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(1, width - used)
