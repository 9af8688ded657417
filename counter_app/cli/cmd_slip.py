"""`counter-app slip …`: repair slips from the command line, over the same services as the windows."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from counter_app.cli.common import add_json, date_arg, emit_json, run, run_as, say
from counter_app.domain.slip_rules import parse_status
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services import slip_notify, slip_pickup, slips
from counter_app.services.actions.slips import LostReport


def _warn(text: str) -> None:
    sys.stderr.write(_("注意：") + text + "\n")


def _write_pdf(path: str, data: bytes) -> Path:
    out = Path(path).expanduser()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as exc:
        raise InputError(_("不能写入文件 {path}：{err}", path=str(out), err=exc.strerror or exc), field="out") from None
    return out


# --- handlers ---------------------------------------------------------------------------------


def _create(args: argparse.Namespace) -> int:
    if args.intake is None and (not args.receipt or not args.product):
        raise InputError(_("请给出 --receipt 和 --product（或 --intake 收件编号）。"), field="receipt")
    defects = [slips.parse_defect(d) for d in args.defect or []]
    draft = slips.SlipDraft(
        works=args.work or [], note=args.note or "", internal_note=args.internal_note or "",
        damaged_parts=args.damaged or "", defects=defects, shipping_fee=args.shipping_fee,
        repair_fee=args.repair_fee, deposit=args.deposit, promised_on=date_arg(args.promised, "--promised"),
        weight_g=args.weight, quote_accepted=args.accept_quote,
    )
    slip = run_as(args, lambda c, who: c.slips.create(who, draft, intake_id=args.intake, receipt=args.receipt or "",
                                                      product=args.product or ""))
    if args.json:
        emit_json({"number": slip.number, "status": slip.status, "promised_on": slip.promised_on,
                   "balance": slip.balance})
    else:
        say(slip.number)
    return 0


def _status(args: argparse.Namespace) -> int:
    slip = run_as(args, lambda c, who: c.slips.change_status(who, args.number, args.to, args.note or ""))
    if args.json:
        emit_json({"number": slip.number, "status": slip.status})
    else:
        say(_("{no}：{s}", no=slip.number, s=slip.status_label))
    return 0


def _print(args: argparse.Namespace) -> int:
    out = Path(args.out).expanduser()
    # the file is written before the print is logged: a failed write logs no print
    printed = run_as(args, lambda c, who: c.slips.print(who, args.number, args.size,
                                                        keep=lambda pdf: _write_pdf(args.out, pdf)))
    reprint = printed.reprint
    say(_("已保存 {path}", path=str(out)) + (("  " + _("补打第 {n} 次", n=reprint)) if reprint else ""))
    return 0


def _pickup(args: argparse.Namespace) -> int:
    lost_opts = (args.lost_id_type, args.lost_id_last4, args.approved_by, args.approval_ref)
    lost = LostReport(id_type=args.lost_id_type or "", id_last4=args.lost_id_last4 or "", phone=args.lost_phone or "",
                      approved_by=args.approved_by or "", approval_ref=args.approval_ref or "") if any(lost_opts) else None
    signature = Path(args.signature_png).read_bytes() if args.signature_png else None
    try:
        result = run_as(args, lambda c, who: c.slips.pickup(
            who, args.number, weight=args.weight, pay=args.pay, override_reason=args.override_reason or "",
            signature_png=signature, signature_note="" if signature else _(slip_pickup.CLI_NO_SIGNATURE), lost=lost))
    except InputError as exc:
        if exc.field != "lost":
            raise
        raise InputError(_("遗失取件须同时给出 --lost-id-type、--lost-id-last4、--approved-by 和 "
                           "--approval-ref。"), field="lost") from None
    for w in result.warnings:
        _warn(w)
    slip = result.slip
    if args.json:
        emit_json({"number": slip.number, "status": slip.status, "paid_now": f"{result.paid_now:.2f}",
                   "balance": slip.balance, "overridden": result.overridden, "warnings": list(result.warnings)})
    else:
        say(_("{no}：已取件", no=slip.number))
    return 0


def _list(args: argparse.Namespace) -> int:
    rows = run_as(args, lambda c, who: c.slips.search(who, status=args.status, text=args.search or "",
                                                      overdue_only=args.overdue, include_void=args.include_void))
    if args.json:
        emit_json([r.as_json() for r in rows])
        return 0
    for r in rows:
        flag = "  " + _("逾期") if r.overdue else ""
        say(f"{r.number}  {r.status_label}  {r.customer}  {r.product_code}  {r.promised_on or '—'}{flag}")
    if not rows:
        say(_("没有符合条件的维修单。"))
    return 0


def _show(args: argparse.Namespace) -> int:
    details = run(args, lambda c: c.slips.show(args.number))
    if args.json:
        emit_json(details.as_json())
        return 0
    info = details.slip
    say(f"{info.number}  {info.status_label}")
    say(_("顾客：{c}  {p}", c=info.customer, p=info.phone))
    say(_("饰品：{code} {d}", code=info.product_code, d=info.description))
    say(_("项目：{w}", w="、".join(w["label"] for w in info.works)))
    say(_("余额：¥{b}  承诺：{d}", b=info.balance, d=info.promised_on or "—"))
    for ev in details.timeline:
        step = f"{ev.from_label} → {ev.to_label}" if ev.to_status else ev.kind_label
        say(f"  {ev.at}  {ev.staff}  {step}  {ev.note}")
    return 0


def _weights(specs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for spec in specs or []:
        number, sep, grams = spec.partition("=")
        if not sep:
            raise InputError(_("重量要写成 单号=克数：'{s}'", s=spec), field="weight")
        out[number.strip().upper()] = grams.strip()
    return out


def _batch(args: argparse.Namespace) -> int:
    # the list is written before the batch is saved: a failed write saves no batch
    keep = (lambda pdf: _write_pdf(args.out, pdf)) if args.out else None
    factory, note = args.factory or "", args.note or ""
    if args.direction == "send":
        result = run_as(args, lambda c, who: c.slips.send_batch(who, args.numbers, factory=factory, note=note,
                                                                keep=keep))
    else:
        weights = _weights(args.weight)
        result = run_as(args, lambda c, who: c.slips.receive_batch(who, args.numbers, dict(weights), factory=factory,
                                                                   note=note, keep=keep))
    out = Path(args.out).expanduser() if args.out else None
    for w in result.warnings:
        _warn(w)
    if args.json:
        emit_json({"batch": result.number, "slips": list(result.slips), "warnings": list(result.warnings),
                   "pdf": str(out) if out else None})
    else:
        say(_("批次 {b}：{n} 张维修单", b=result.number, n=len(result.slips)) + (f"  {out}" if out else ""))
    return 0


def _notify(args: argparse.Namespace) -> int:
    if args.show_text:
        say(run_as(args, lambda c, _who: c.slips.notice_text(args.number)))
        return 0
    notice = run_as(args, lambda c, who: c.slips.notify(who, args.number, args.channel, text=args.text,
                                                        outcome=args.outcome, note=args.note or ""))
    if args.json:
        emit_json({"number": args.number, "status": notice.status, "text": notice.text})
    else:
        say(notice.text)
    return 0


def _lost(args: argparse.Namespace) -> int:
    report = LostReport(id_type=args.id_type, id_last4=args.id_last4, phone=args.phone, approved_by=args.approved_by,
                        approval_ref=args.approval_ref, note=args.note or "")
    slip = run_as(args, lambda c, who: c.slips.report_lost(who, args.number, report))
    say(_("{no}：已挂失，原维修单不能再用于取件。", no=slip.number))
    return 0


def _void(args: argparse.Namespace) -> int:
    slip = run_as(args, lambda c, who: c.slips.void(who, args.number, args.reason))
    say(_("{no}：已作废", no=slip.number))
    return 0


def _quote(args: argparse.Namespace) -> int:
    if args.amount is None and not (args.accept or args.refuse):
        raise InputError(_("请给出 --amount，或 --accept / --refuse。"), field="amount")
    accepted = True if args.accept else False if args.refuse else None
    slip = run_as(args, lambda c, who: c.slips.quote(who, args.number, amount=args.amount,
                                                     factory_cost=args.factory_cost, accepted=accepted,
                                                     note=args.note or ""))
    say(_("{no}：报价 {q}", no=slip.number, q=slip.factory_quote.get("amount", "—")) +
        ("  " + _("未维修退回") if slip.unrepaired else ""))
    return 0


def _settings(args: argparse.Namespace) -> int:
    changes: dict[str, str] = {}
    for spec in args.template or []:
        status, sep, text = spec.partition("=")
        if not sep:
            raise InputError(_("模板要写成 状态=文字：'{s}'", s=spec), field="template")
        try:
            changes[parse_status(status)] = text
        except ValueError as exc:
            raise InputError(str(exc), field="template") from None
    settings = run_as(args, lambda c, who: c.slips.change_settings(who, args.paper or None, changes))
    emit_json(settings.as_json())
    return 0


# --- parsers ---------------------------------------------------------------------------------


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    slip = sub.add_parser("slip", parents=parents, help=_("维修单：开单、状态、打印、送厂、取件"))
    ss = slip.add_subparsers(dest="slip_command", metavar="ACTION")

    p = ss.add_parser("create", parents=parents, help=_("从收件开维修单"))
    p.add_argument("--receipt", help=_("销售单号"))
    p.add_argument("--product", help=_("货号"))
    p.add_argument("--intake", type=int, default=None, help=_("已保存的收件编号（代替 --receipt/--product）"))
    p.add_argument("--work", action="append", help=_("维修项目代码，可重复：clean reshape prong-check refurbish "
                                                     "solder resize size-up redesign damage"))
    p.add_argument("--note", help=_("备注（两联都打印）"))
    p.add_argument("--internal-note", help=_("内部备注（只打在存根联）"))
    p.add_argument("--damaged", help=_("损坏部位"))
    p.add_argument("--defect", action="append", help=_("顾客未提及的缺陷及决定，如 \"爪头松动:refuse\""))
    p.add_argument("--weight", help=_("收件重量（克）"))
    p.add_argument("--promised", help=_("承诺取件日期"))
    p.add_argument("--shipping-fee", help=_("邮寄费"))
    p.add_argument("--repair-fee", help=_("维修费（按工厂报价表）"))
    p.add_argument("--deposit", help=_("订金"))
    p.add_argument("--accept-quote", action="store_true", help=_("顾客已同意上述维修费"))
    add_json(p)
    p.set_defaults(handler=_create)

    p = ss.add_parser("status", parents=parents, help=_("改维修单状态"))
    p.add_argument("number")
    p.add_argument("--to", required=True, help=_("received sent back notified collected cancelled（或中文）"))
    p.add_argument("--note", help=_("说明；取消时为原因"))
    add_json(p)
    p.set_defaults(handler=_status)

    p = ss.add_parser("print", parents=parents, help=_("打印维修单 PDF（顾客联与存根联）"))
    p.add_argument("number")
    p.add_argument("--out", required=True, help=_("PDF 文件"))
    p.add_argument("--size", choices=["a5", "80mm"], default=None, help=_("纸张，默认按设置"))
    p.set_defaults(handler=_print)

    p = ss.add_parser("pickup", parents=parents, help=_("凭维修单取件"))
    p.add_argument("number", help=_("维修单号或扫码内容"))
    p.add_argument("--weight", help=_("取件时称重（克）"))
    p.add_argument("--pay", help=_("本次收款"))
    p.add_argument("--override-reason", help=_("店长放行未结清取件的原因"))
    p.add_argument("--signature-png", help=_("签名图片文件（PNG）"))
    p.add_argument("--lost-id-type", help=_("遗失取件：证件类型"))
    p.add_argument("--lost-id-last4", help=_("遗失取件：证件号后四位"))
    p.add_argument("--lost-phone", help=_("遗失取件：顾客手机号"))
    p.add_argument("--approved-by", help=_("遗失取件：总部批准人"))
    p.add_argument("--approval-ref", help=_("遗失取件：批准编号"))
    add_json(p)
    p.set_defaults(handler=_pickup)

    p = ss.add_parser("list", parents=parents, help=_("维修单列表"))
    p.add_argument("--status", help=_("只看此状态"))
    p.add_argument("--search", help=_("单号、顾客、手机尾号、货号或备注"))
    p.add_argument("--overdue", action="store_true", help=_("只看逾期未回店的"))
    p.add_argument("--include-void", action="store_true", help=_("包括已作废的"))
    add_json(p)
    p.set_defaults(handler=_list)

    p = ss.add_parser("show", parents=parents, help=_("维修单详情与记录"))
    p.add_argument("number")
    add_json(p)
    p.set_defaults(handler=_show)

    p = ss.add_parser("batch", parents=parents, help=_("送厂 / 回店批次"))
    p.add_argument("direction", choices=["send", "receive"])
    p.add_argument("numbers", nargs="+", help=_("维修单号"))
    p.add_argument("--out", help=_("批次清单 PDF 文件"))
    p.add_argument("--factory", help=_("工厂名称"))
    p.add_argument("--note", help=_("备注"))
    p.add_argument("--weight", action="append", help=_("回店重量：单号=克数，可重复"))
    add_json(p)
    p.set_defaults(handler=_batch)

    p = ss.add_parser("notify", parents=parents, help=_("通知顾客取件并记录"))
    p.add_argument("number")
    p.add_argument("--channel", default="phone", help=_("phone / sms / letter / visit"))
    p.add_argument("--text", help=_("实际使用的文字（默认按模板）"))
    p.add_argument("--outcome", default="reached", choices=sorted(slip_notify.OUTCOMES), help=_("结果"))
    p.add_argument("--note", help=_("备注"))
    p.add_argument("--show-text", action="store_true", help=_("只显示模板文字，不记录"))
    add_json(p)
    p.set_defaults(handler=_notify)

    p = ss.add_parser("lost", parents=parents, help=_("维修单遗失：核对身份并记录总部批准"))
    p.add_argument("number")
    p.add_argument("--id-type", required=True, help=_("证件类型"))
    p.add_argument("--id-last4", required=True, help=_("证件号后四位"))
    p.add_argument("--phone", required=True, help=_("顾客手机号"))
    p.add_argument("--approved-by", required=True, help=_("总部批准人"))
    p.add_argument("--approval-ref", required=True, help=_("批准编号"))
    p.add_argument("--note", help=_("备注"))
    p.set_defaults(handler=_lost)

    p = ss.add_parser("void", parents=parents, help=_("作废维修单（店长）"))
    p.add_argument("number")
    p.add_argument("--reason", required=True, help=_("作废原因"))
    p.set_defaults(handler=_void)

    p = ss.add_parser("quote", parents=parents, help=_("收费项目：工厂报价与顾客决定"))
    p.add_argument("number")
    p.add_argument("--amount", help=_("工厂报价"))
    p.add_argument("--factory-cost", help=_("工厂成本（改款须与报价相同）"))
    g = p.add_mutually_exclusive_group()
    g.add_argument("--accept", action="store_true", help=_("顾客同意报价"))
    g.add_argument("--refuse", action="store_true", help=_("顾客拒绝：未维修退回"))
    p.add_argument("--note", help=_("备注"))
    p.set_defaults(handler=_quote)

    p = ss.add_parser("settings", parents=parents, help=_("维修单纸张与通知模板"))
    p.add_argument("--paper", help=_("a5 或 80mm"))
    p.add_argument("--template", action="append", help=_("状态=模板文字，占位符 {name} {number} {store} {phone}"))
    p.set_defaults(handler=_settings)
