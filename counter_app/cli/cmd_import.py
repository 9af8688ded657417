"""`import-sales FILE [--store CODE] [--json]`: sales receipts from a store's POS export."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from counter_app.bootstrap import AppContext
from counter_app.cli import common
from counter_app.cli.common import add_json, emit_json, open_ctx, say
from counter_app.errors import NotFound
from counter_app.i18n import _
from counter_app.services.context import Actor
from counter_app.services.sales_import import ImportResult


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "import-sales", parents=parents,
        help=_("导入收银系统导出的销售单（CSV 或 XLSX）"),
        description=_("导入收银系统导出的销售单（CSV：UTF-8 / GBK；或 XLSX）。有任何一行出错就什么都不写入。"),
    )
    p.add_argument("file", metavar="FILE", help=_("CSV 或 XLSX 文件"))
    add_json(p)
    p.set_defaults(handler=cmd_import_sales)


def _actor(ctx: AppContext, args: argparse.Namespace) -> Actor:
    """The acting staff member; a --store not yet on record is created by the import itself."""
    try:
        return common.actor(ctx, args)
    except NotFound:
        if not getattr(args, "store", None):
            raise
        plain = argparse.Namespace(**{k: v for k, v in vars(args).items() if k != "store"})
        return common.actor(ctx, plain)


def print_summary(result: ImportResult) -> None:
    for err in result.errors:
        say(err.text())
    if result.errors:
        say(_("共 {n} 处错误，什么都没有写入。", n=len(result.errors)))
        return
    say(_("已导入 {imported} 行（新建销售单 {receipts} 张），跳过 {skipped} 行（数据库里已有，内容相同）。",
          imported=result.imported, receipts=result.receipts_created, skipped=result.skipped))
    if result.customers_created or result.customers_matched:
        say(_("顾客：按手机号找到 {matched} 位，新建 {created} 位。",
              matched=result.customers_matched, created=result.customers_created))
    if result.certificates_created or result.certificates_reused:
        say(_("证书：新建 {created} 份，沿用已有 {reused} 份。",
              created=result.certificates_created, reused=result.certificates_reused))
    if result.stores_created:
        say(_("新建门店：{codes}（名称暂为代码，请在设置里补全）。", codes=_("、").join(result.stores_created)))
    if result.ignored_columns:
        say(_("未识别的列（已忽略）：{cols}", cols=_("、").join(result.ignored_columns)))
    for warning in result.warnings:
        say(_("注意：") + warning)
    say(_("共 {rows} 行，用时 {seconds:.1f} 秒。", rows=result.rows_total, seconds=result.seconds))


def cmd_import_sales(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    try:
        actor = _actor(ctx, args)
        result = ctx.counter.sales_import.import_sales(actor, args.file, store_code=getattr(args, "store", None))
    finally:
        ctx.close()
    if args.json:
        emit_json(result.as_json())
    else:
        print_summary(result)
    if result.errors:
        sys.stderr.write(_("错误：") + _("导入失败：{n} 处错误（第一处：{first}），什么都没有写入。",
                                         n=len(result.errors), first=result.errors[0].text()) + "\n")
        return 1
    return 0
