"""Administration: `check`, `backup`, `restore`, `audit`, `staff …`, `first-manager`, `privacy …`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from counter_app.bootstrap import open_app
from counter_app.cli.common import actor, add_json, date_arg, emit_json, open_ctx, run_as, say
from counter_app.cli.sign_in import read_secret
from counter_app.data.db import is_sqlite, resolve_url, sqlite_path
from counter_app.errors import Conflict, CounterError, DatabaseProblem, InputError, PermissionDenied
from counter_app.i18n import _
from counter_app.services import auth, backup
from counter_app.services.actions.admin import AuditFilter
from counter_app.services.auth import StaffInfo
from counter_app.services.context import Actor, role_label
from counter_app.services.counter import Counter
from counter_app.services.permissions import Action

NEW_PASSWORD_ENV = "COUNTER_APP_NEW_PASSWORD"


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", parents=parents, help=_("检查数据库是否完好"))
    add_json(p)
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("backup", parents=parents, help=_("备份数据库（程序运行时也可以）"))
    p.add_argument("--out", required=True, metavar="FILE", help=_("备份文件"))
    add_json(p)
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", parents=parents, help=_("从备份恢复数据库（先确认）"))
    p.add_argument("file", metavar="FILE", help=_("备份文件"))
    p.add_argument("--yes", action="store_true", help=_("不再询问，直接恢复"))
    p.set_defaults(handler=cmd_restore)

    p = sub.add_parser("audit", parents=parents, help=_("查看操作记录（店长）"))
    p.add_argument("--since", default=None, metavar="DATE", help=_("从这一天起（如 2026-11-01）"))
    p.add_argument("--until", default=None, metavar="DATE", help=_("到这一天为止"))
    p.add_argument("--action", default="", help=_("只看这种操作，如 create / void"))
    p.add_argument("--entity", default="", help=_("只看这类记录，如 slip / customer"))
    p.add_argument("--text", default="", help=_("摘要、编号或员工姓名中包含的文字"))
    p.add_argument("--export", default=None, metavar="FILE", help=_("导出为 CSV 或 XLSX 文件"))
    add_json(p)
    p.set_defaults(handler=cmd_audit)

    p = sub.add_parser("first-manager", parents=parents, help=_("建立第一个店长账号"))
    p.add_argument("--login", required=True, help=_("账号"))
    p.add_argument("--name", required=True, help=_("姓名"))
    p.add_argument("--store-name", default="", help=_("门店名称（新门店时）"))
    p.set_defaults(handler=cmd_first_manager)

    staff = sub.add_parser("staff", parents=parents, help=_("员工账号"))
    ssub = staff.add_subparsers(dest="staff_command", metavar="ACTION")
    p = ssub.add_parser("list", parents=parents, help=_("列出员工账号"))
    add_json(p)
    p.set_defaults(handler=cmd_staff_list)
    p = ssub.add_parser("add", parents=parents, help=_("添加员工账号（店长）"))
    p.add_argument("login", help=_("账号"))
    p.add_argument("--name", required=True, help=_("姓名"))
    p.add_argument("--role", default="clerk", help=_("角色：clerk / manager / head_office"))
    p.add_argument("--phone", default="", help=_("电话"))
    p.set_defaults(handler=cmd_staff_add)
    p = ssub.add_parser("passwd", parents=parents, help=_("修改或重设密码"))
    p.add_argument("login", help=_("账号"))
    p.set_defaults(handler=cmd_staff_passwd)
    p = ssub.add_parser("deactivate", parents=parents, help=_("停用员工账号（店长）"))
    p.add_argument("login", help=_("账号"))
    p.add_argument("--reason", required=True, help=_("原因"))
    p.set_defaults(handler=cmd_staff_deactivate)
    p = ssub.add_parser("stand-in", parents=parents, help=_("指定代理店长（店长不在时）"))
    p.add_argument("login", help=_("账号"))
    p.add_argument("--from", dest="starts", required=True, metavar="DATE", help=_("开始日期"))
    p.add_argument("--to", dest="ends", required=True, metavar="DATE", help=_("结束日期"))
    p.add_argument("--note", default="", help=_("备注"))
    p.set_defaults(handler=cmd_staff_stand_in)
    p = ssub.add_parser("console-access", parents=parents, help=_("共享数据库上是否允许命令行免登录"))
    p.add_argument("state", choices=["on", "off"])
    p.set_defaults(handler=cmd_console_access)
    staff.set_defaults(handler=lambda a: _missing_action(staff))

    priv = sub.add_parser("privacy", parents=parents, help=_("客户隐私：保存年限与匿名"))
    psub = priv.add_subparsers(dest="privacy_command", metavar="ACTION")
    p = psub.add_parser("retention", parents=parents, help=_("设置客户资料保存年限（0 = 不自动匿名）"))
    p.add_argument("years", help=_("年数"))
    p.set_defaults(handler=cmd_privacy_retention)
    p = psub.add_parser("anonymise", parents=parents, help=_("匿名处理超过保存年限没有往来的顾客"))
    p.add_argument("--years", default=None, help=_("年数（默认按设置）"))
    add_json(p)
    p.set_defaults(handler=cmd_privacy_anonymise)
    priv.set_defaults(handler=lambda a: _missing_action(priv))


def _missing_action(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


def new_secret(login: str) -> str:
    """A new password: from `COUNTER_APP_NEW_PASSWORD`, else typed twice without echo."""
    first = read_secret(_("{login} 的新密码或 PIN：", login=login), NEW_PASSWORD_ENV)
    if sys.stdin is not None and sys.stdin.isatty() and NEW_PASSWORD_ENV not in os.environ:
        again = read_secret(_("再输入一次："), NEW_PASSWORD_ENV)
        if again != first:
            raise InputError(_("两次输入的密码不一样。"), field="password")
    return first


# ---- check / backup / restore -------------------------------------------------------------

def cmd_check(args: argparse.Namespace) -> int:
    url = resolve_url(getattr(args, "db", None))
    path = sqlite_path(url) if is_sqlite(url) else None
    if path is not None:
        if not path.exists():
            raise DatabaseProblem(_("找不到数据库文件：{path}", path=path))
        problems = backup.quick_check(path)
        if problems:
            raise DatabaseProblem(_("数据库文件已损坏：{err}", err=problems[0]))
    ctx = open_app(url, migrate=False)  # a check changes nothing, not even the schema
    try:
        report = ctx.counter.backup.check()
    finally:
        ctx.close()
    if args.json:
        emit_json({"ok": report.ok, "problems": report.problems, "warnings": report.warnings,
                   "checked": report.checked})
    else:
        for w in report.warnings:
            say(_("注意：") + w)
        for p in report.problems:
            sys.stderr.write(p + "\n")
        if report.ok:
            say(_("数据库完好（{what}）。", what=", ".join(report.checked)))
        else:
            sys.stderr.write(_("发现 {n} 个问题。", n=len(report.problems)) + "\n")
    return 0 if report.ok else 1


def cmd_backup(args: argparse.Namespace) -> int:
    url = resolve_url(getattr(args, "db", None))
    out = backup.write_backup(url, Path(args.out))  # no schema upgrade: works while the program runs
    if args.json:
        emit_json({"database": url, "backup": str(out), "bytes": out.stat().st_size})
    else:
        say(_("已备份到 {path}", path=out))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    file = Path(args.file).expanduser()
    backup.check_restorable(file)
    ctx = open_ctx(args)
    try:
        who = actor(ctx, args)
        who.require(Action.RESTORE)
        if not args.yes:
            sys.stdout.write(_("将用 {file} 替换数据库 {db} 的全部内容（当前内容会另存一份）。输入 yes 确认：",
                               file=file, db=ctx.url) + " ")
            sys.stdout.flush()
            answer = sys.stdin.readline().strip().lower() if sys.stdin is not None else ""
            if answer not in ("yes", "y", "是"):
                say(_("没有恢复。"))
                return 1
        safety = ctx.counter.backup.restore(who, file)
    finally:
        ctx.close()
    say(_("已从 {file} 恢复。恢复前的数据保存在 {safety}", file=file, safety=safety))
    return 0


# ---- audit --------------------------------------------------------------------------------

def cmd_audit(args: argparse.Namespace) -> int:
    where = AuditFilter(since=date_arg(args.since, "--since"), until=date_arg(args.until, "--until"),
                        action=args.action, entity=args.entity, text=args.text, limit=None)
    if args.export:
        made = run_as(args, lambda c, who: c.audit.export(who, where, Path(args.export)))
        if args.json:
            emit_json(made.rows)
        else:
            say(_("已导出 {n} 条操作记录到 {path}", n=len(made.rows), path=args.export))
        return 0
    rows = run_as(args, lambda c, who: c.audit.search(who, where))
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            say(f"{r['at']}  #{r['id']}  {r['staff_name'] or '-'}  {r['action']}  {r['entity']} {r['entity_id']}  "
                f"{r['summary']}")
        say(_("共 {n} 条。", n=len(rows)))
    return 0


# ---- accounts -----------------------------------------------------------------------------

def cmd_first_manager(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        if not ctx.counter.auth.needs_first_manager():  # before asking for a password
            raise Conflict(_("已经有店长账号了，请用店长账号登录后再添加员工。"))
        secret = new_secret(args.login)
        who = ctx.counter.auth.create_first_manager(args.login, args.name, secret,
                                                    getattr(args, "store", "") or "", args.store_name)
    finally:
        ctx.close()
    say(_("已建立店长账号 {login}（{name}，门店 {store}）。", login=args.login.strip(), name=who.name,
          store=who.store_code))
    return 0


def cmd_staff_list(args: argparse.Namespace) -> int:
    rows = run_as(args, lambda c, who: c.staff.accounts(who))  # a wrong password is refused here too
    if args.json:
        emit_json([{"login": r.login, "name": r.name, "role": r.role.value, "store": r.store_code,
                    "active": r.active, "has_password": r.has_password, "acting_director": r.acting_director}
                   for r in rows])
        return 0
    for r in rows:
        flags = []
        if not r.active:
            flags.append(_("已停用"))
        if not r.has_password:
            flags.append(_("未设密码"))
        if r.acting_director:
            flags.append(_("代理店长"))
        say(f"{r.login:<16} {r.name:<8} {role_label(r.role):<6} {r.store_code or '-':<6} {' '.join(flags)}")
    return 0


def cmd_staff_add(args: argparse.Namespace) -> int:
    def add(c: Counter, who: Actor) -> StaffInfo:
        role = auth.parse_role(args.role)
        auth.check_login(args.login)
        secret = new_secret(args.login)  # asked only once the person and the account are good
        return c.staff.add(who, args.login, args.name, role, secret, getattr(args, "store", "") or "", args.phone)

    st = run_as(args, add)
    say(_("已添加员工账号 {login}（{name}，{role}）。", login=st.login, name=st.name, role=role_label(st.role)))
    return 0


def cmd_staff_passwd(args: argparse.Namespace) -> int:
    def change(c: Counter, who: Actor) -> None:
        old = read_secret(_("原密码："), "COUNTER_APP_PASSWORD") if c.staff.is_own_account(who, args.login) else None
        c.staff.set_password(who, args.login, new_secret(args.login), old)

    run_as(args, change)
    say(_("{login} 的密码已更改。", login=args.login))
    return 0


def cmd_staff_deactivate(args: argparse.Namespace) -> int:
    run_as(args, lambda c, who: c.staff.deactivate(who, args.login, args.reason))
    say(_("员工账号 {login} 已停用。", login=args.login))
    return 0


def cmd_staff_stand_in(args: argparse.Namespace) -> int:
    starts = date_arg(args.starts, "--from")
    ends = date_arg(args.ends, "--to")
    run_as(args, lambda c, who: c.staff.name_stand_in(who, args.login, starts, ends, args.note))
    say(_("{login} 在 {a} 至 {b} 代理店长。", login=args.login, a=starts, b=ends))
    return 0


def cmd_console_access(args: argparse.Namespace) -> int:
    if not getattr(args, "user", None) and not os.environ.get("COUNTER_APP_USER"):
        raise PermissionDenied(_("请用 --user 店长账号登录后再更改。"))
    run_as(args, lambda c, who: c.staff.set_console_access(who, args.state == "on"))
    say(_("共享数据库上命令行免登录：{v}", v=_("允许") if args.state == "on" else _("禁止")))
    return 0


# ---- privacy ------------------------------------------------------------------------------

def cmd_privacy_retention(args: argparse.Namespace) -> int:
    run_as(args, lambda c, who: c.privacy.set_retention_years(who, args.years))
    say(_("客户资料保存年限：{n} 年", n=args.years))
    return 0


def cmd_privacy_anonymise(args: argparse.Namespace) -> int:
    ids = run_as(args, lambda c, who: c.privacy.anonymise_inactive(who, args.years))
    if args.json:
        emit_json({"anonymised": len(ids), "customer_ids": ids})
    else:
        say(_("已匿名 {n} 位顾客。", n=len(ids)))
    return 0


__all__ = ["CounterError", "register"]
