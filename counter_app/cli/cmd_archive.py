"""`archive`, `archive sign`, `archive review` and `summary`: the director's weekly files and head office's figures.

    counter-app archive --store SH01 --week 2026-W47 --out DIR [--copy hq|store|both] [--json]
    counter-app archive sign --store SH01 --week 2026-W47 [--json]
    counter-app archive review --store SH01 --week 2026-W47 [--json]
    counter-app summary --store SH01 --month 2026-11|--quarter 2026-Q4|--year 2026 --out DIR [--json]

A week with no customer prints one line on stderr, writes no file and exits 1.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from counter_app.cli.common import add_json, emit_json, run_as, say
from counter_app.documents import archive_labels as L
from counter_app.domain.archive_weeks import IsoWeek, parse_period, parse_week
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services.archive import ExportResult, WeekView

ACTIONS = ("sign", "review")


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "archive", parents=parents,
        help=_("每周客户档案：导出总部联和门店联（PDF 与 XLSX），或签核"),
        description=_("导出某店某周的客户档案（archive --week 2026-W47 --out 目录），"
                      "签核（archive sign --week 2026-W47）或查看缺项（archive review --week 2026-W47）。"
                      "该周没有客户时不生成文件，退出码 1。"),
    )
    p.add_argument("action", nargs="?", choices=ACTIONS, default=None, help=_("sign 签核；review 查看记录和缺项"))
    p.add_argument("--week", required=True, help=_("ISO 周次，如 2026-W47"))
    p.add_argument("--out", default=None, help=_("导出文件的目录"))
    p.add_argument("--copy", choices=("hq", "store", "both"), default="both", help=_("导出哪一联（默认两联）"))
    add_json(p)
    p.set_defaults(handler=run_archive)

    s = sub.add_parser(
        "summary", parents=parents,
        help=_("总部汇总：月度、季度、年度售后工作（PDF 图表与 XLSX 表格）"),
    )
    s.add_argument("--month", default=None, help=_("月份，如 2026-11"))
    s.add_argument("--quarter", default=None, help=_("季度，如 2026-Q4"))
    s.add_argument("--year", default=None, help=_("年份，如 2026"))
    s.add_argument("--out", required=True, help=_("导出文件的目录"))
    add_json(s)
    s.set_defaults(handler=run_summary)


def _store_code(args: argparse.Namespace) -> str:
    code = getattr(args, "store", None)
    if not code:
        raise InputError(_("请用 --store 指定门店代码，如 SH01。"), field="store")
    return str(code)


def run_archive(args: argparse.Namespace) -> int:
    store = _store_code(args)
    week = parse_week(args.week)
    if args.action == "sign":
        result = run_as(args, lambda c, who: c.archive.sign(who, week, store=store))
        if args.json:
            emit_json(_export_json(result, week, "signed"))
        else:
            say(_("{store} {week} 已签核：{n} 条记录，文件已存档：", store=result.view.store_code,
                  week=week.key, n=len(result.view.records)))
            for path in result.paths:
                say(str(path))
        return 0
    if args.action == "review":
        view = run_as(args, lambda c, who: c.archive.review(who, week, store=store))
        return _review(view, week, args.json)
    if not args.out:
        raise InputError(_("请用 --out 指定导出目录。"), field="out")
    copies = ("hq", "store") if args.copy == "both" else (args.copy,)
    result = run_as(args, lambda c, who: c.archive.export(who, week, Path(args.out), copies, store=store))
    if args.json:
        emit_json(_export_json(result, week, result.view.status))
    else:
        for path in result.paths:
            say(str(path))
    return 0


def _export_json(result: ExportResult, week: IsoWeek, status: str) -> dict[str, Any]:
    return {"store": result.view.store_code, "week": week.key, "status": status,
            "records": len(result.view.records), "paths": [str(p) for p in result.paths],
            "sha256": result.sha256, "content_sha256": result.view.content_sha256}


def _review(view: WeekView, week: IsoWeek, as_json: bool) -> int:
    if as_json:
        emit_json({"store": view.store_code, "week": week.key, "status": view.status, "totals": view.totals,
                   "records": [{"number": r.number, "customer_id": r.customer_id, "name": r.content.get("name"),
                                "addendum_for": r.addendum_for, "void": r.void,
                                "missing": [L.missing_text(m) for m in r.missing]} for r in view.records]})
        return 0
    status = {"none": _("未导出"), "open": _("未签核"), "signed": _("已签核")}[view.status]
    say(_("{store} {week}（{first} 至 {last}）：{n} 条记录，{status}", store=view.store_code, week=week.key,
          first=week.monday.isoformat(), last=week.sunday.isoformat(), n=len(view.records), status=status))
    for r in view.records:
        missing = "、".join(L.missing_text(m) for m in r.missing)
        say("  ".join(p for p in (r.number or _("（未编号）"), r.content.get("name", ""),
                                  f"[{_('补录')} {r.addendum_for}]" if r.addendum_for else "",
                                  _("缺项：{m}", m=missing) if missing else "") if p))
    return 0


def run_summary(args: argparse.Namespace) -> int:
    store = _store_code(args)
    period = parse_period(args.month, args.quarter, args.year)
    result = run_as(args, lambda c, who: c.summaries.export(who, period, Path(args.out), store=store))
    if args.json:
        emit_json({"store": result.summary.store_code, "period": period.key,
                   "paths": [str(p) for p in result.paths], "figures": result.summary.as_dict()})
    else:
        for path in result.paths:
            say(str(path))
    return 0
