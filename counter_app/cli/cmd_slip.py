"""`counter-app slip …`: repair slips from the command line, over the same services as the windows."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from counter_app.cli.common import actor, add_json, date_arg, emit_json, open_ctx, say
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services import (
    slip_batches,
    slip_notify,
    slip_pickup,
    slip_print,
    slip_settings,
    slips,
)


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
    ctx = open_ctx(args)
    who = actor(ctx, args)
    with ctx.uow.write() as s:
        if args.intake is not None:
            intake_id = args.intake
        else:
            intake_id = slips.intake_from_receipt(s, who, args.receipt, args.product, args.weight).id
        slip = slips.create(s, who, intake_id, draft)
        info = slips.describe(slip)
        s.commit()
    if args.json:
        emit_json({"number": info["number"], "status": info["status"], "promised_on": info["promised_on"],
                   "balance": info["balance"]})
    else:
        say(info["number"])
    return 0


def _status(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    who = actor(ctx, args)
    with ctx.uow.write() as s:
        slip = slips.change_status(s, who, args.number, args.to, args.note or "")
        info = slips.describe(slip)
        s.commit()
    if args.json:
        emit_json({"number": info["number"], "status": info["status"]})
    else:
        say(_("{no}：{s}", no=info["number"], s=info["status_label"]))
    return 0


def _print(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    who = actor(ctx, args)
    with ctx.uow.write() as s:
        pdf, reprint = slip_print.print_slip(s, who, args.number, args.size)
        out = _write_pdf(args.out, pdf)  # written before commit: a failed write logs no print
        s.commit()
    say(_("已保存 {path}", path=str(out)) + (("  " + _("补打第 {n} 次", n=reprint)) if reprint else ""))
    return 0


def _pickup(args: argparse.Namespace) -> int:
    lost_opts = (args.lost_id_type, args.lost_id_last4, args.approved_by, args.approval_ref)
    via_lost = any(lost_opts)
    signature = Path(args.signature_png).read_bytes() if args.signature_png else None
    ctx = open_ctx(args)
    who = actor(ctx, args)
    with ctx.uow.write() as s:
        if via_lost:
            slip = slips.get(s, args.number)
            if not (slip.lost or {}).get("reported"):
                if not all(lost_opts):
                    raise InputError(_("遗失取件须同时给出 --lost-id-type、--lost-id-last4、--approved-by 和 "
                                       "--approval-ref。"), field="lost")
                slip_pickup.report_lost(s, who, args.number, id_type=args.lost_id_type, id_last4=args.lost_id_last4,
                                        phone=args.lost_phone or slip.customer_phone, approved_by=args.approved_by,
                                        approval_ref=args.approval_ref)
        result = slip_pickup.pickup(
            s, who, args.number, weight_g=args.weight, pay=args.pay, override_reason=args.override_reason or "",
            signature_png=signature, signature_note="" if signature else _(slip_pickup.CLI_NO_SIGNATURE),
            via_lost=via_lost,
        )
        info = slips.describe(result.slip)
        s.commit()
    for w in result.warnings:
        _warn(w)
    if args.json:
        emit_json({"number": info["number"], "status": info["status"], "paid_now": f"{result.paid_now:.2f}",
                   "balance": info["balance"], "overridden": result.overridden, "warnings": result.warnings})
    else:
        say(_("{no}：已取件", no=info["number"]))
    return 0


def _list(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    who = actor(ctx, args)
    with ctx.uow.read() as s:
        rows = slips.list_rows(s, who, status=args.status, text=args.search or "", overdue_only=args.overdue,
                               include_void=args.include_void)
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        flag = "  " + _("逾期") if r["overdue"] else ""
        say(f"{r['number']}  {r['status_label']}  {r['customer']}  {r['product_code']}  "
            f"{r['promised_on'] or '—'}{flag}")
    if not rows:
        say(_("没有符合条件的维修单。"))
    return 0


def _show(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    with ctx.uow.read() as s:
        slip = slips.get(s, args.number)
        info = slips.describe(slip)
        info["timeline"] = slips.timeline(s, slip)
    if args.json:
        emit_json(info)
        return 0
    say(f"{info['number']}  {info['status_label']}")
    say(_("顾客：{c}  {p}", c=info["customer"], p=info["phone"]))
    say(_("饰品：{code} {d}", code=info["product_code"], d=info["description"]))
    say(_("项目：{w}", w="、".join(w["label"] for w in info["works"])))
    say(_("余额：¥{b}  承诺：{d}", b=info["balance"], d=info["promised_on"] or "—"))
    for ev in info["timeline"]:
        step = f"{ev['from_label']} → {ev['to_label']}" if ev["to"] else ev["kind_label"]
        say(f"  {ev['at']}  {ev['staff']}  {step}  {ev['note']}")
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
    ctx = open_ctx(args)
    who = actor(ctx, args)
    with ctx.uow.write() as s:
        if args.direction == "send":
            result = slip_batches.send(s, who, args.numbers, factory=args.factory or "", note=args.note or "")
        else:
            weights = _weights(args.weight)
            numbers = [slips.get(s, n).number for n in args.numbers]
            unknown = set(weights) - set(numbers)
            if unknown:
                raise InputError(_("重量给了不在本批次的单号：{n}", n="、".join(sorted(unknown))), field="weight")
            result = slip_batches.receive(s, who, [(n, weights.get(n)) for n in numbers], factory=args.factory or "",
                                          note=args.note or "")
        pdf = slip_batches.batch_pdf(s, who, result.batch)
        out = _write_pdf(args.out, pdf) if args.out else None
        number = result.batch.number
        s.commit()
    for w in result.warnings:
        _warn(w)
    if args.json:
        emit_json({"batch": number, "slips": [sl.number for sl in result.slips], "warnings": result.warnings,
                   "pdf": str(out) if out else None})
    else:
        say(_("批次 {b}：{n} 张维修单", b=number, n=len(result.slips)) + (f"  {out}" if out else ""))
    return 0


def _notify(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    who = actor(ctx, args)
    if args.show_text:
        with ctx.uow.read() as s:
            say(slip_notify.message_text(s, slips.get(s, args.number)))
        return 0
    with ctx.uow.write() as s:
        log = slip_notify.notify(s, who, args.number, args.channel, text=args.text, outcome=args.outcome,
                                 note=args.note or "")
        text, status = log.text, slips.get(s, args.number).status.value
        s.commit()
    if args.json:
        emit_json({"number": args.number, "status": status, "text": text})
    else:
        say(text)
    return 0


def _lost(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    who = actor(ctx, args)
    with ctx.uow.write() as s:
        slip = slip_pickup.report_lost(s, who, args.number, id_type=args.id_type, id_last4=args.id_last4,
                                       phone=args.phone, approved_by=args.approved_by, approval_ref=args.approval_ref,
                                       note=args.note or "")
        number = slip.number
        s.commit()
    say(_("{no}：已挂失，原维修单不能再用于取件。", no=number))
    return 0


def _void(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    who = actor(ctx, args)
    with ctx.uow.write() as s:
        slip = slips.void(s, who, args.number, args.reason)
        number = slip.number
        s.commit()
    say(_("{no}：已作废", no=number))
    return 0


def _quote(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    who = actor(ctx, args)
    with ctx.uow.write() as s:
        if args.amount is not None:
            slips.record_quote(s, who, args.number, args.amount, args.factory_cost, args.note or "")
        if args.accept or args.refuse:
            slips.decide_quote(s, who, args.number, accepted=bool(args.accept), note=args.note or "")
        elif args.amount is None:
            raise InputError(_("请给出 --amount，或 --accept / --refuse。"), field="amount")
        info = slips.describe(slips.get(s, args.number))
        s.commit()
    say(_("{no}：报价 {q}", no=info["number"], q=info["factory_quote"].get("amount", "—")) +
        ("  " + _("未维修退回") if info["unrepaired"] else ""))
    return 0


def _settings(args: argparse.Namespace) -> int:
    ctx = open_ctx(args)
    who = actor(ctx, args)
    with ctx.uow.write() as s:
        if args.paper:
            slip_settings.set_paper_size(s, who, args.paper)
        if args.template:
            changes: dict[str, str] = {}
            from counter_app.domain.slip_rules import parse_status

            for spec in args.template:
                status, sep, text = spec.partition("=")
                if not sep:
                    raise InputError(_("模板要写成 状态=文字：'{s}'", s=spec), field="template")
                try:
                    changes[parse_status(status)] = text
                except ValueError as exc:
                    raise InputError(str(exc), field="template") from None
            slip_settings.set_templates(s, who, changes)
        data: dict[str, Any] = {"paper_size": slip_settings.paper_size(s), "templates": slip_settings.templates(s)}
        s.commit()
    emit_json(data)
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
