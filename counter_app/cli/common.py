"""What every command shares: options, opening the database, the actor, output."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from counter_app.bootstrap import AppContext, open_app
from counter_app.domain.dates import parse_date
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services.context import Actor
from counter_app.services.counter import Counter

Handler = Callable[[argparse.Namespace], int]
T = TypeVar("T")


def common_options() -> argparse.ArgumentParser:
    """Options accepted before or after any command (`--db` on every command)."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--db", default=argparse.SUPPRESS, help=_("数据库：SQLite 文件路径或 PostgreSQL URL"))
    p.add_argument("--store", default=argparse.SUPPRESS, help=_("门店代码，如 SH01"))
    p.add_argument("--user", default=argparse.SUPPRESS, help=_("以此员工账号操作"))
    p.add_argument("--lang", default=argparse.SUPPRESS, choices=["zh", "en"], help=_("界面语言"))
    return p


def add_json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help=_("以 JSON 输出"))


def add_on(p: argparse.ArgumentParser) -> None:
    p.add_argument("--on", default=None, help=_("日期，默认今天（如 2026-11-03）"))


def date_arg(value: str | None, name: str = "--on") -> Any:
    if value is None:
        return None
    try:
        d = parse_date(value)
    except ValueError:
        raise InputError(_("日期不对：{name} '{value}'", name=name, value=value), field=name) from None
    return d


def open_ctx(args: argparse.Namespace) -> AppContext:
    return open_app(getattr(args, "db", None))


# Resolving the actor is replaceable so sign-in (passwords) plugs in at one place.
ActorResolver = Callable[[AppContext, argparse.Namespace], Actor]


def _default_resolver(ctx: AppContext, args: argparse.Namespace) -> Actor:
    """`--user` with its password (see `cli/sign_in.py`), else the built-in console account."""
    from counter_app.cli.sign_in import resolve_actor

    return resolve_actor(ctx, args)


actor_resolver: ActorResolver = _default_resolver


def actor(ctx: AppContext, args: argparse.Namespace) -> Actor:
    return actor_resolver(ctx, args)


def run(args: argparse.Namespace, call: Callable[[Counter], T]) -> T:
    """One command, one service call: open the program, `call(counter)`, close everything."""
    ctx = open_ctx(args)
    try:
        return call(ctx.counter)
    finally:
        ctx.close()


def run_as(args: argparse.Namespace, call: Callable[[Counter, Actor], T]) -> T:
    """Like `run`, for an action someone takes: the person is resolved first (`--user` / console)."""
    ctx = open_ctx(args)
    try:
        return call(ctx.counter, actor(ctx, args))
    finally:
        ctx.close()


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
