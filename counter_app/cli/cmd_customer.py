"""`customer`, `calls` and `complaint`: customer files, the call list and complaints."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from counter_app.cli.common import actor, add_json, add_on, date_arg, emit_json, open_ctx, say
from counter_app.domain.dates import now, today
from counter_app.domain.text import clean
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services import calls, complaints, customer_search, customers, followups, org

FIELD_OPTIONS = (
    ("--name", "name", "姓名"),
    ("--phone", "phone", "手机号"),
    ("--phone2", "phone2", "第二个电话"),
    ("--address", "address", "地址"),
    ("--birthday", "birthday", "生日（如 1990-05-01）"),
    ("--wedding-anniversary", "wedding_anniversary", "结婚纪念日"),
    ("--preferences", "preferences", "喜好"),
    ("--notes", "notes", "备注"),
    ("--consent-calls", "consent_calls", "同意接听回访电话（yes / no）"),
    ("--consent-letters", "consent_letters", "同意接收信函（yes / no）"),
    ("--consent-channel", "consent_channel", "同意方式：counter / phone / paper / wechat / sms"),
)


def _int(value: str, name: str) -> int:
    text = clean(value)
    if not text.isdigit():
        raise InputError(_("编号应为数字：{name} '{value}'", name=name, value=value), field=name)
    return int(text)


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


def _time(value: str | None) -> dt.time | None:
    if not value:
        return None
    try:
        return dt.time.fromisoformat(clean(value))
    except ValueError:
        raise InputError(_("时间不对：--at '{value}'（如 10:00）", value=value), field="--at") from None


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    _register_customer(sub, parents)
    _register_calls(sub, parents)
    _register_complaint(sub, parents)


# --- customer -------------------------------------------------------------------------------


def _register_customer(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("customer", parents=parents, help=_("客户档案：查找、查看、新建、修改、合并"))
    cs = p.add_subparsers(dest="customer_command", metavar="ACTION")

    s = cs.add_parser("search", parents=parents, help=_("查找顾客：姓名、拼音首字母、手机尾号、单号、备注"))
    s.add_argument("text")
    s.add_argument("--limit", type=int, default=20)
    add_json(s)
    s.set_defaults(handler=cmd_search)

    s = cs.add_parser("show", parents=parents, help=_("查看客户档案和全部记录"))
    s.add_argument("id")
    add_json(s)
    s.set_defaults(handler=cmd_show)

    s = cs.add_parser("reveal", parents=parents, help=_("显示完整电话号码（会记录）"))
    s.add_argument("id")
    add_json(s)
    s.set_defaults(handler=cmd_reveal)

    for name, helptext, handler in (("add", _("新建客户档案"), cmd_add), ("edit", _("修改客户档案"), cmd_edit)):
        s = cs.add_parser(name, parents=parents, help=helptext)
        if name == "edit":
            s.add_argument("id")
        for opt, dest, label in FIELD_OPTIONS:
            s.add_argument(opt, dest=dest, default=None, help=_(label))
        add_json(s)
        s.set_defaults(handler=handler)

    s = cs.add_parser("duplicates", parents=parents, help=_("可能重复的档案"))
    s.add_argument("id", nargs="?")
    add_json(s)
    s.set_defaults(handler=cmd_duplicates)

    s = cs.add_parser("merge", parents=parents, help=_("合并两个档案（店长）"))
    s.add_argument("keep", help=_("保留的档案编号"))
    s.add_argument("merge", help=_("并入的档案编号"))
    s.add_argument("--reason", required=True)
    add_json(s)
    s.set_defaults(handler=cmd_merge)
    p.set_defaults(handler=lambda a: _usage(p))


def _usage(p: argparse.ArgumentParser) -> int:
    p.print_help()
    return 2


def cmd_search(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        with ctx.uow.read() as s:
            hits = customer_search.search(s, args.text, limit=max(1, min(args.limit, 200)))
        if args.json:
            emit_json([h.as_json() for h in hits])
        elif not hits:
            say(_("没有找到顾客：{typed}", typed=clean(args.text)))
        else:
            for h in hits:
                say(f"{h.id:>7}  {h.name}  {h.phone_masked}  {h.reason_text}: {h.detail}")
    finally:
        ctx.close()
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        with ctx.uow.read() as s:
            f = customers.open_file(s, _int(args.id, "id"))
        if args.json:
            emit_json(f.as_json())
            return 0
        say(_("客户档案 {id}：{name}  {phone}", id=f.id, name=f.name, phone=f.phone_masked))
        if f.id != int(clean(args.id)):
            say(_("（档案 {old} 已合并到此档案）", old=clean(args.id)))
        say(_("地址：{v}", v=f.address or "-"))
        say(_("生日：{b}  结婚纪念日：{w}", b=f.birthday or "-", w=f.wedding_anniversary or "-"))
        say(_("同意回访电话：{c}  同意信函：{l}", c=_("是") if f.consent_calls else _("否"),
              l=_("是") if f.consent_letters else _("否")))
        if f.three_strikes:
            say(_("注意：事不过三，已有 {n} 次责任不明的售后事件，请店长处理。", n=f.unclear_cases))
        say(_("记录："))
        for r in f.timeline:
            say(f"  {r.at:%Y-%m-%d %H:%M}  {r.title}  {r.detail}")
    finally:
        ctx.close()
    return 0


def cmd_reveal(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        who = actor(ctx, args)
        with ctx.uow.write() as s:
            phone = customers.reveal_phone(s, who, _int(args.id, "id"))
            s.commit()
        emit_json({"id": int(clean(args.id)), "phone": phone}) if args.json else say(phone)
    finally:
        ctx.close()
    return 0


def _fields(args: argparse.Namespace) -> dict[str, Any]:
    return {dest: getattr(args, dest) for _opt, dest, _label in FIELD_OPTIONS if getattr(args, dest) is not None}


def cmd_add(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        who = actor(ctx, args)
        with ctx.uow.write() as s:
            c = customers.create(s, who, **_fields(args))
            dups = customers.duplicates_of(s, c.id)
            s.commit()
            cid, name = c.id, c.name
        if args.json:
            emit_json({"id": cid, "name": name, "duplicates": [d.as_json() for d in dups]})
        else:
            say(_("已建档：{id} {name}", id=cid, name=name))
            for d in dups:
                say(_("  可能重复：{id} {name} {phone}（{why}）", id=d.other_id, name=d.other_name,
                      phone=d.other_phone_masked, why=", ".join(d.reasons)))
    finally:
        ctx.close()
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        who = actor(ctx, args)
        changes = _fields(args)
        if not changes:
            raise InputError(_("没有要修改的内容。"))
        with ctx.uow.write() as s:
            c = customers.edit(s, who, _int(args.id, "id"), **changes)
            s.commit()
            cid, name = c.id, c.name
        emit_json({"id": cid, "name": name}) if args.json else say(_("已修改：{id} {name}", id=cid, name=name))
    finally:
        ctx.close()
    return 0


def cmd_duplicates(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        who = actor(ctx, args)
        with ctx.uow.read() as s:
            if args.id:
                pairs = customers.duplicates_of(s, _int(args.id, "id"))
            else:
                pairs = customers.duplicate_candidates(s, who.store_id)
        if args.json:
            emit_json([p.as_json() for p in pairs])
        elif not pairs:
            say(_("没有可能重复的档案。"))
        for p in pairs if not args.json else []:
            say(f"{p.customer_id} {p.name} {p.phone_masked}  ~  {p.other_id} {p.other_name} "
                f"{p.other_phone_masked}  ({', '.join(p.reasons)})")
    finally:
        ctx.close()
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        who = actor(ctx, args)
        with ctx.uow.write() as s:
            result = customers.merge(s, who, _int(args.keep, "keep"), _int(args.merge, "merge"), args.reason)
            s.commit()
        if args.json:
            emit_json(result.as_json())
        else:
            moved = sum(len(v) for v in result.moved.values())
            say(_("档案 {a} 已合并到 {b}，转移记录 {n} 条。", a=result.merged_id, b=result.kept_id, n=moved))
    finally:
        ctx.close()
    return 0


# --- calls ----------------------------------------------------------------------------------


def _register_calls(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
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
    p.set_defaults(handler=lambda a: _usage(p))


def cmd_calls_today(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        who = actor(ctx, args)
        on = date_arg(args.on) or today()
        store_id = who.require_store()
        if not args.no_generate:
            with ctx.uow.write() as s:
                followups.generate(s, who, on)
                s.commit()
        with ctx.uow.read() as s:
            rows = calls.today(s, store_id, on, _time(args.at))
        if args.json:
            emit_json({"date": on.isoformat(), "calls": [r.as_json() for r in rows]})
        elif not rows:
            say(_("{on} 没有要打的电话。", on=on))
        else:
            for r in rows:
                say(f"{r.window_text:<12} {r.slot:<5} #{r.task_id:<6} {r.kind_text}  {r.name}  {r.phone_masked}  "
                    f"{r.reason}")
    finally:
        ctx.close()
    return 0


def cmd_calls_generate(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        who = actor(ctx, args)
        start = date_arg(args.start, "--from") or today()
        end = date_arg(args.end, "--to") or start
        with ctx.uow.write() as s:
            r = followups.generate(s, who, start, end)
            s.commit()
        if args.json:
            emit_json({"created": r.created, "skipped": r.skipped, "by_kind": r.by_kind,
                       "policy_version": r.policy_version})
        else:
            say(_("生成跟踪任务 {n} 条（已有 {k} 条不重复生成）。", n=r.created, k=r.skipped))
    finally:
        ctx.close()
    return 0


def cmd_calls_log(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        who = actor(ctx, args)
        task_id = _int(args.task, "--task") if args.task else None
        cid = _int(args.customer_id, "customer_id") if args.customer_id else None
        if cid is None and task_id is None:
            raise InputError(_("请给出顾客编号或跟踪任务编号。"))
        with ctx.uow.write() as s:
            entry = calls.log(s, who, cid, channel=args.channel, direction=args.direction, purpose=args.purpose,
                              outcome=args.outcome, text=args.text, follow_up_id=task_id)
            s.commit()
            eid = entry.id
        emit_json({"id": eid}) if args.json else say(_("已记录联系 {id}。", id=eid))
    finally:
        ctx.close()
    return 0


def cmd_calls_event(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        who = actor(ctx, args)
        on = date_arg(args.on)
        rule = followups.EventRule(years=args.years, diamond=not args.any_product, category=args.category)
        with ctx.uow.write() as s:
            r = followups.plan_event(s, who, args.name, on, rule)
            s.commit()
        if args.json:
            emit_json({"created": r.created, "skipped": r.skipped})
        else:
            say(_("活动邀请任务 {n} 条。", n=r.created))
    finally:
        ctx.close()
    return 0


def cmd_calls_stand_in(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        who = actor(ctx, args)
        start, end = date_arg(args.start, "--from"), date_arg(args.end, "--to")
        with ctx.uow.write() as s:
            staff = org.staff_by_login(s, args.login)
            calls.name_stand_in(s, who, staff.id, start, end, args.note)
            s.commit()
        say(_("已指定代理人 {login}：{a} 至 {b}", login=args.login, a=start, b=end))
    finally:
        ctx.close()
    return 0


# --- complaint ------------------------------------------------------------------------------


def _register_complaint(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
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
    p.set_defaults(handler=lambda a: _usage(p))


def _complaint_line(r: complaints.ComplaintRow) -> str:
    mark = "!" if r.clock.overdue else " "
    state = _("已解决") if r.resolved_at else (r.level_text or _("处理中"))
    return f"{mark} {r.number}  {r.received_at:%Y-%m-%d %H:%M}  {r.customer_name or '-'}  {r.owner}  {state}  {r.what}"


def cmd_complaint_list(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        who = actor(ctx, args)
        at = _datetime(args.at, "--at") or now()
        with ctx.uow.read() as s:
            rows = complaints.list_complaints(s, who.require_store(), at, overdue_only=args.overdue,
                                              open_only=args.open)
        if args.json:
            emit_json([r.as_json() for r in rows])
        elif not rows:
            say(_("没有投诉。"))
        else:
            for r in rows:
                say(_complaint_line(r))
    finally:
        ctx.close()
    return 0


def cmd_complaint_show(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        with ctx.uow.read() as s:
            r = complaints.show(s, args.id)
        if args.json:
            emit_json(r.as_json())
        else:
            say(_complaint_line(r))
            say(_("处理时限：{a}；最迟：{b}", a=f"{r.clock.handle_by:%Y-%m-%d %H:%M}",
                  b=f"{r.clock.latest_by:%Y-%m-%d %H:%M}"))
            for st in r.steps:
                say(f"  {st.get('at')}  {_(complaints.STEPS.get(st.get('step', ''), st.get('step', '')))}  "
                    f"{st.get('by')}  {st.get('text')}")
    finally:
        ctx.close()
    return 0


def cmd_complaint_add(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        who = actor(ctx, args)
        cid = _int(args.customer_id, "customer_id") if args.customer_id else None
        with ctx.uow.write() as s:
            c = complaints.record(s, who, cid, args.what, place=args.place, people=args.people,
                                  received_at=_datetime(args.received_at, "--received-at"), channel=args.channel,
                                  kind="praise" if args.praise else "complaint", coupon=args.coupon)
            s.commit()
            number, cid_out = c.number, c.id
        emit_json({"id": cid_out, "number": number}) if args.json else say(_("已记录 {no}。", no=number))
    finally:
        ctx.close()
    return 0


def cmd_complaint_step(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        who = actor(ctx, args)
        with ctx.uow.write() as s:
            c = complaints.add_step(s, who, args.id, args.step, args.text,
                                    promised_by=_datetime(args.promised_by, "--promised-by"),
                                    compensation=args.text if args.step == "compensation" else "",
                                    cause=args.cause, responsibility_unclear=True if args.unclear else None)
            s.commit()
            number, routed = c.number, c.routed_to
        if args.json:
            emit_json({"number": number, "routed_to": routed})
        else:
            say(_("已记录 {no}：{step}", no=number, step=_(complaints.STEPS[args.step])))
            if args.step == "cause":
                say(_("原因转交：{to}", to=_(complaints.ROUTES.get(routed, routed))))
    finally:
        ctx.close()
    return 0


def cmd_complaint_resolve(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        who = actor(ctx, args)
        with ctx.uow.write() as s:
            c = complaints.resolve(s, who, args.id, args.text, responsibility_unclear=True if args.unclear else None)
            s.commit()
            number = c.number
        emit_json({"number": number, "resolved": True}) if args.json else say(_("{no} 已解决。", no=number))
    finally:
        ctx.close()
    return 0


def cmd_complaint_reassign(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        who = actor(ctx, args)
        with ctx.uow.write() as s:
            staff = org.staff_by_login(s, args.login)
            c = complaints.reassign(s, who, args.id, staff.id, args.reason)
            s.commit()
            say(_("{no} 已转交给 {name}。", no=c.number, name=staff.name))
    finally:
        ctx.close()
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
    ctx = open_ctx(args)
    try:
        who = actor(ctx, args)
        with ctx.uow.write() as s:
            week = complaints.working_hours(s)
            if args.days or args.start or args.end:
                try:
                    days = _days(args.days) if args.days else list(week.days)
                except ValueError:
                    raise InputError(_("星期不对：{value}（如 1-5）", value=args.days), field="--days") from None
                week = complaints.set_working_hours(s, who, days, args.start or week.start.strftime("%H:%M"),
                                                    args.end or week.end.strftime("%H:%M"))
                s.commit()
        data = week.as_dict()
        if args.json:
            emit_json({**data, "days": [d + 1 for d in data["days"]]})
        else:
            say(_("投诉计时营业时间：星期 {days}，{start}–{end}", days=",".join(str(d + 1) for d in week.days),
                  start=data["start"], end=data["end"]))
    finally:
        ctx.close()
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
