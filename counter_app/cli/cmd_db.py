"""`init`: create or upgrade the database."""

from __future__ import annotations

import argparse
from typing import Any

from counter_app.cli.common import add_json, emit_json, open_ctx, say
from counter_app.i18n import _


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", parents=parents, help=_("建立或升级数据库"))
    add_json(p)
    p.set_defaults(handler=cmd_init)


def cmd_init(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        result = ctx.schema
        assert result is not None
        if args.json:
            emit_json({"database": ctx.url, "action": result.action, "revision": result.to_revision,
                       "backup": str(result.backup) if result.backup else None})
        else:
            words = {"created": _("已建立"), "upgraded": _("已升级"), "current": _("已是最新")}
            say(_("数据库{action}：{url}（版本 {rev}）", action=words[result.action], url=ctx.url,
                  rev=result.to_revision))
            if result.backup:
                say(_("升级前的备份：{path}", path=result.backup))
    finally:
        ctx.close()
    return 0
