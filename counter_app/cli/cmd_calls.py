"""`calls`: today's calls, follow-up generation, the contact log, event invitations, the stand-in."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from counter_app.cli.cmd_customer import number_arg, usage
from counter_app.cli.common import add_json, add_on, date_arg, emit_json, run_as, say
from counter_app.domain import clock
from counter_app.domain.text import clean
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services import calls, followups


def _time(value: str | None) -> dt.time | None:
    if not value:
        return None
    try:
        return dt.time.fromisoformat(clean(value))
    except ValueError:
        raise InputError(_("时间不对：--at '{value}'（如 10:00）", value=value), field="--at") from None


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("calls", parents=parents, help=_("跟踪电话与联系记录"))
    cs = p.add_subparsers(dest="calls_command", metavar="ACTION")

    s = cs.add_parser("today", parents=parents, help=_("今天要打的电话（按顺序和时段）"))
    add_on(s)
    s.add_argument("--at", default=None, help=_("现在的时间（如 11:00），已过的时段不再排"))
    s.add_argument("--no-generate", action="store_true", help=_("不先生成当天的任务"))
    add_json(s)
    s.set_defaults(handler=cmd_calls_today)

    s = cs.add_parser("generate", parents=parents, help=_("生成跟踪任务"))
    s.add_argument("--from", dest="start", default=None)
    s.add_argument("--to", dest="end", default=None)
    add_json(s)
    s.set_defaults(handler=cmd_calls_generate)

    s = cs.add_parser("log", parents=parents, help=_("记录一次来电、去电、到店或信函"))
    s.add_argument("customer_id", nargs="?")
    s.add_argument("--task", default=None, help=_("跟踪任务编号"))
    s.add_argument("--channel", default="phone", choices=calls.CHANNELS)
    s.add_argument("--direction", default="out", choices=calls.DIRECTIONS)
    s.add_argument("--purpose", default="enquiry", choices=calls.PURPOSES)
    s.add_argument("--outcome", default="", choices=calls.OUTCOMES)
    s.add_argument("--text", default="")
    add_json(s)
    s.set_defaults(handler=cmd_calls_log)

    s = cs.add_parser("event", parents=parents, help=_("活动邀请：提前两周挑选顾客（店长）"))
    s.add_argument("name")
    s.add_argument("--on", required=True, help=_("活动日期"))
    s.add_argument("--years", type=int, default=2)
    s.add_argument("--category", default="")
    s.add_argument("--any-product", action="store_true", help=_("不限钻石"))
    add_json(s)
    s.set_defaults(handler=cmd_calls_event)

    s = cs.add_parser("stand-in", parents=parents, help=_("指定代理人（店长）"))
    s.add_argument("login")
    s.add_argument("--from", dest="start", required=True)
    s.add_argument("--to", dest="end", required=True)
    s.add_argument("--note", default="")
    s.set_defaults(handler=cmd_calls_stand_in)
    p.set_defaults(handler=lambda a: usage(p))


def cmd_calls_today(args: argparse.Namespace) -> int:
    on = date_arg(args.on) or clock.today()
    at = _time(args.at)
    day = run_as(args, lambda c, who: c.calls.today(who, on, at, generate=not args.no_generate))
    if args.json:
        emit_json({"date": day.on.isoformat(), "calls": [r.as_json() for r in day.calls]})
    elif not day.calls:
        say(_("{on} 没有要打的电话。", on=day.on))
    else:
        for r in day.calls:
            say(f"{r.window_text:<12} {r.slot:<5} #{r.task_id:<6} {r.kind_text}  {r.name}  {r.phone_masked}  "
                f"{r.reason}")
    return 0


def cmd_calls_generate(args: argparse.Namespace) -> int:
    start = date_arg(args.start, "--from") or clock.today()
    end = date_arg(args.end, "--to") or start
    r = run_as(args, lambda c, who: c.calls.generate(who, start, end))
    if args.json:
        emit_json({"created": r.created, "skipped": r.skipped, "by_kind": r.by_kind,
                   "policy_version": r.policy_version})
    else:
        say(_("生成跟踪任务 {n} 条（已有 {k} 条不重复生成）。", n=r.created, k=r.skipped))
    return 0


def cmd_calls_log(args: argparse.Namespace) -> int:
    task_id = number_arg(args.task, "--task") if args.task else None
    cid = number_arg(args.customer_id, "customer_id") if args.customer_id else None
    eid = run_as(args, lambda c, who: c.calls.log(
        who, cid, channel=args.channel, direction=args.direction, purpose=args.purpose, outcome=args.outcome,
        text=args.text, follow_up_id=task_id))
    emit_json({"id": eid}) if args.json else say(_("已记录联系 {id}。", id=eid))
    return 0


def cmd_calls_event(args: argparse.Namespace) -> int:
    on = date_arg(args.on)
    rule = followups.EventRule(years=args.years, diamond=not args.any_product, category=args.category)
    r = run_as(args, lambda c, who: c.calls.plan_event(who, args.name, on, rule))
    if args.json:
        emit_json({"created": r.created, "skipped": r.skipped})
    else:
        say(_("活动邀请任务 {n} 条。", n=r.created))
    return 0


def cmd_calls_stand_in(args: argparse.Namespace) -> int:
    start, end = date_arg(args.start, "--from"), date_arg(args.end, "--to")
    run_as(args, lambda c, who: c.calls.name_stand_in(who, args.login, start, end, args.note))
    say(_("已指定代理人 {login}：{a} 至 {b}", login=args.login, a=start, b=end))
    return 0
