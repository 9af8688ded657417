"""`complaint`: complaints and praise — list, show, record, steps, resolve, reassign, hours, FAQ."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from counter_app.cli.cmd_customer import number_arg, usage
from counter_app.cli.common import add_json, emit_json, run, run_as, say
from counter_app.domain import clock
from counter_app.domain.complaint_clock import WorkingHours
from counter_app.domain.text import clean
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services import calls, complaints


def _datetime(value: str | None, name: str) -> dt.datetime | None:
    if not value:
        return None
    text = clean(value).replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise InputError(_("时间不对：{name} '{value}'（如 2026-11-25 14:30）", name=name, value=value), field=name)


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("complaint", parents=parents, help=_("顾客投诉与表扬"))
    cs = p.add_subparsers(dest="complaint_command", metavar="ACTION")

    s = cs.add_parser("list", parents=parents, help=_("投诉列表"))
    s.add_argument("--overdue", action="store_true", help=_("只列超时的"))
    s.add_argument("--open", action="store_true", help=_("只列未解决的"))
    s.add_argument("--at", default=None, help=_("按此时间计算时限（默认现在）"))
    add_json(s)
    s.set_defaults(handler=cmd_complaint_list)

    s = cs.add_parser("show", parents=parents, help=_("查看投诉"))
    s.add_argument("id")
    add_json(s)
    s.set_defaults(handler=cmd_complaint_show)

    s = cs.add_parser("add", parents=parents, help=_("记录投诉或表扬"))
    s.add_argument("customer_id", nargs="?")
    s.add_argument("--what", required=True)
    s.add_argument("--place", default="")
    s.add_argument("--people", default="")
    s.add_argument("--received-at", default=None)
    s.add_argument("--channel", default="visit", choices=calls.CHANNELS)
    s.add_argument("--praise", action="store_true", help=_("表扬"))
    s.add_argument("--coupon", default=None, help=_("赠送的代金券金额"))
    add_json(s)
    s.set_defaults(handler=cmd_complaint_add)

    s = cs.add_parser("step", parents=parents, help=_("记录处理步骤"))
    s.add_argument("id")
    s.add_argument("step", choices=[k for k in complaints.STEPS if k not in ("acknowledge", "reassigned", "resolved")])
    s.add_argument("--text", default="")
    s.add_argument("--promised-by", default=None)
    s.add_argument("--cause", default="", choices=["", *complaints.CAUSES])
    s.add_argument("--unclear", action="store_true", help=_("责任不明"))
    add_json(s)
    s.set_defaults(handler=cmd_complaint_step)

    s = cs.add_parser("resolve", parents=parents, help=_("投诉已解决"))
    s.add_argument("id")
    s.add_argument("--text", required=True)
    s.add_argument("--unclear", action="store_true", help=_("责任不明"))
    add_json(s)
    s.set_defaults(handler=cmd_complaint_resolve)

    s = cs.add_parser("reassign", parents=parents, help=_("转交投诉（店长）"))
    s.add_argument("id")
    s.add_argument("login")
    s.add_argument("--reason", required=True)
    s.set_defaults(handler=cmd_complaint_reassign)

    s = cs.add_parser("hours", parents=parents, help=_("投诉计时的营业时间（店长）"))
    s.add_argument("--days", default=None, help=_("营业的星期，如 1-5 或 1-7（1 = 周一）"))
    s.add_argument("--start", default=None)
    s.add_argument("--end", default=None)
    add_json(s)
    s.set_defaults(handler=cmd_complaint_hours)

    s = cs.add_parser("faq", parents=parents, help=_("常见投诉案例：不要说什么、应该怎么说"))
    add_json(s)
    s.set_defaults(handler=cmd_complaint_faq)
    p.set_defaults(handler=lambda a: usage(p))


def _complaint_line(r: complaints.ComplaintRow) -> str:
    mark = "!" if r.clock.overdue else " "
    state = _("已解决") if r.resolved_at else (r.level_text or _("处理中"))
    return f"{mark} {r.number}  {r.received_at:%Y-%m-%d %H:%M}  {r.customer_name or '-'}  {r.owner}  {state}  {r.what}"


def cmd_complaint_list(args: argparse.Namespace) -> int:
    at = _datetime(args.at, "--at") or clock.now()
    rows = run_as(args, lambda c, who: c.complaints.listing(who, at, overdue_only=args.overdue, open_only=args.open))
    if args.json:
        emit_json([r.as_json() for r in rows])
    elif not rows:
        say(_("没有投诉。"))
    else:
        for r in rows:
            say(_complaint_line(r))
    return 0


def cmd_complaint_show(args: argparse.Namespace) -> int:
    r = run(args, lambda c: c.complaints.show(args.id))
    if args.json:
        emit_json(r.as_json())
        return 0
    say(_complaint_line(r))
    say(_("处理时限：{a}；最迟：{b}", a=f"{r.clock.handle_by:%Y-%m-%d %H:%M}",
          b=f"{r.clock.latest_by:%Y-%m-%d %H:%M}"))
    for st in r.steps:
        say(f"  {st.get('at')}  {_(complaints.STEPS.get(st.get('step', ''), st.get('step', '')))}  "
            f"{st.get('by')}  {st.get('text')}")
    return 0


def cmd_complaint_add(args: argparse.Namespace) -> int:
    cid = number_arg(args.customer_id, "customer_id") if args.customer_id else None
    received_at = _datetime(args.received_at, "--received-at")
    kind = "praise" if args.praise else "complaint"
    made = run_as(args, lambda c, who: c.complaints.record(
        who, cid, args.what, place=args.place, people=args.people, received_at=received_at, channel=args.channel,
        kind=kind, coupon=args.coupon))
    emit_json({"id": made.id, "number": made.number}) if args.json else say(_("已记录 {no}。", no=made.number))
    return 0


def cmd_complaint_step(args: argparse.Namespace) -> int:
    promised_by = _datetime(args.promised_by, "--promised-by")
    unclear = True if args.unclear else None
    r = run_as(args, lambda c, who: c.complaints.add_step(
        who, args.id, args.step, args.text, promised_by=promised_by,
        compensation=args.text if args.step == "compensation" else "", cause=args.cause,
        responsibility_unclear=unclear))
    if args.json:
        emit_json({"number": r.number, "routed_to": r.routed_to})
    else:
        say(_("已记录 {no}：{step}", no=r.number, step=_(complaints.STEPS[args.step])))
        if args.step == "cause":
            say(_("原因转交：{to}", to=_(complaints.ROUTES.get(r.routed_to, r.routed_to))))
    return 0


def cmd_complaint_resolve(args: argparse.Namespace) -> int:
    unclear = True if args.unclear else None
    r = run_as(args, lambda c, who: c.complaints.resolve(who, args.id, args.text, responsibility_unclear=unclear))
    emit_json({"number": r.number, "resolved": True}) if args.json else say(_("{no} 已解决。", no=r.number))
    return 0


def cmd_complaint_reassign(args: argparse.Namespace) -> int:
    r = run_as(args, lambda c, who: c.complaints.reassign(who, args.id, args.login, args.reason))
    say(_("{no} 已转交给 {name}。", no=r.number, name=r.owner))
    return 0


def _days(text: str) -> list[int]:
    out: set[int] = set()
    for part in clean(text).replace("，", ",").split(","):
        if "-" in part:
            a, b = part.split("-", 1)
            out.update(range(int(a), int(b) + 1))
        elif part:
            out.add(int(part))
    if not out or min(out) < 1 or max(out) > 7:
        raise ValueError(text)
    return sorted(d - 1 for d in out)


def cmd_complaint_hours(args: argparse.Namespace) -> int:
    week: WorkingHours
    if args.days or args.start or args.end:
        try:
            days = _days(args.days) if args.days else None
        except ValueError:
            raise InputError(_("星期不对：{value}（如 1-5）", value=args.days), field="--days") from None
        week = run_as(args, lambda c, who: c.complaints.set_working_hours(who, days, args.start, args.end))
    else:
        week = run_as(args, lambda c, _who: c.complaints.working_hours())
    data = week.as_dict()
    if args.json:
        emit_json({**data, "days": [d + 1 for d in data["days"]]})
    else:
        say(_("投诉计时营业时间：星期 {days}，{start}–{end}", days=",".join(str(d + 1) for d in week.days),
              start=data["start"], end=data["end"]))
    return 0


def cmd_complaint_faq(args: argparse.Namespace) -> int:
    if args.json:
        emit_json(complaints.FAQ)
        return 0
    for item in complaints.FAQ:  # the handbook's words, translated through the catalogue
        say(_(item["case"]))
        for words, why in item["avoid"]:
            say(_("  不要说：{words}（{why}）", words=_(words), why=_(why)))
        say(_("  应该：{say}", say=_(item["say"])))
    return 0
