"""`customer`: customer files — search, show, reveal the phone, add, edit, duplicates, merge."""

from __future__ import annotations

import argparse
from typing import Any

from counter_app.cli.common import add_json, emit_json, run, run_as, say
from counter_app.domain.text import clean
from counter_app.errors import InputError
from counter_app.i18n import _

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


def number_arg(value: str, name: str) -> int:
    """A record number typed on the command line (customer, task …)."""
    text = clean(value)
    if not text.isdigit():
        raise InputError(_("编号应为数字：{name} '{value}'", name=name, value=value), field=name)
    return int(text)


def usage(p: argparse.ArgumentParser) -> int:
    p.print_help()
    return 2


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
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
    p.set_defaults(handler=lambda a: usage(p))


def cmd_search(args: argparse.Namespace) -> int:
    limit = max(1, min(args.limit, 200))
    hits = run(args, lambda c: c.customers.search(args.text, limit))
    if args.json:
        emit_json([h.as_json() for h in hits])
    elif not hits:
        say(_("没有找到顾客：{typed}", typed=clean(args.text)))
    else:
        for h in hits:
            say(f"{h.id:>7}  {h.name}  {h.phone_masked}  {h.reason_text}: {h.detail}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    cid = number_arg(args.id, "id")
    f = run(args, lambda c: c.customers.open_file(cid))
    if args.json:
        emit_json(f.as_json())
        return 0
    say(_("客户档案 {id}：{name}  {phone}", id=f.id, name=f.name, phone=f.phone_masked))
    if f.id != cid:
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
    return 0


def cmd_reveal(args: argparse.Namespace) -> int:
    cid = number_arg(args.id, "id")
    phone = run_as(args, lambda c, who: c.customers.reveal_phone(who, cid))
    emit_json({"id": cid, "phone": phone}) if args.json else say(phone)
    return 0


def _fields(args: argparse.Namespace) -> dict[str, Any]:
    return {dest: getattr(args, dest) for _opt, dest, _label in FIELD_OPTIONS if getattr(args, dest) is not None}


def cmd_add(args: argparse.Namespace) -> int:
    fields = _fields(args)
    saved = run_as(args, lambda c, who: c.customers.create(who, fields))
    if args.json:
        emit_json({"id": saved.id, "name": saved.name, "duplicates": [d.as_json() for d in saved.duplicates]})
    else:
        say(_("已建档：{id} {name}", id=saved.id, name=saved.name))
        for d in saved.duplicates:
            say(_("  可能重复：{id} {name} {phone}（{why}）", id=d.other_id, name=d.other_name,
                  phone=d.other_phone_masked, why=", ".join(d.reasons)))
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    cid = number_arg(args.id, "id")
    changes = _fields(args)
    saved = run_as(args, lambda c, who: c.customers.edit(who, cid, changes))
    if args.json:
        emit_json({"id": saved.id, "name": saved.name})
    else:
        say(_("已修改：{id} {name}", id=saved.id, name=saved.name))
    return 0


def cmd_duplicates(args: argparse.Namespace) -> int:
    cid = number_arg(args.id, "id") if args.id else None
    pairs = run_as(args, lambda c, who: c.customers.duplicates(who, cid))
    if args.json:
        emit_json([p.as_json() for p in pairs])
        return 0
    if not pairs:
        say(_("没有可能重复的档案。"))
    for p in pairs:
        say(f"{p.customer_id} {p.name} {p.phone_masked}  ~  {p.other_id} {p.other_name} "
            f"{p.other_phone_masked}  ({', '.join(p.reasons)})")
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    keep, gone = number_arg(args.keep, "keep"), number_arg(args.merge, "merge")
    result = run_as(args, lambda c, who: c.customers.merge(who, keep, gone, args.reason))
    if args.json:
        emit_json(result.as_json())
    else:
        moved = sum(len(v) for v in result.moved.values())
        say(_("档案 {a} 已合并到 {b}，转移记录 {n} 条。", a=result.merged_id, b=result.kept_id, n=moved))
    return 0
