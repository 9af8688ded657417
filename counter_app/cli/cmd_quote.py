"""`prices` (the day's metal price board) and `quote` (return, exchange, trade-in, by weight).

A quote that is not allowed is still an answer: exit 0 with "allowed": false and the
reasons. Bad input (letters in a price, unknown receipt, bad date) exits 1 with one line.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from counter_app.cli.common import add_json, add_on, date_arg, emit_json, run, run_as, say
from counter_app.domain.money import format_money
from counter_app.domain.pricing import (
    EXCHANGE,
    METAL,
    RETURN,
    TRADE_IN,
    AsSold,
    NewPiece,
    kind_label,
    metal_label,
    show_money,
)
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services import quotes


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    _register_prices(sub, parents)
    _register_quote(sub, parents)


# --- prices -----------------------------------------------------------------------------------


def _register_prices(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("prices", parents=parents, help=_("当日金价（回收价、销售价）"))
    psub = p.add_subparsers(dest="prices_command", metavar="COMMAND")
    s = psub.add_parser("set", parents=parents, help=_("录入或更正当日金价（店长）"))
    s.add_argument("--metal", required=True, help=_("金属：gold 黄金 / platinum 铂金 / k_gold K金"))
    s.add_argument("--fineness", default=None, help=_("成色：999、9999、750、950、990、PT950 …"))
    s.add_argument("--buy", required=True, help=_("回收价（元/克）"))
    s.add_argument("--sell", required=True, help=_("销售价（元/克）"))
    add_on(s)
    add_json(s)
    s.set_defaults(handler=cmd_prices_set)
    sh = psub.add_parser("show", parents=parents, help=_("查看某日金价及录入记录"))
    add_on(sh)
    add_json(sh)
    sh.set_defaults(handler=cmd_prices_show)


def cmd_prices_set(args: argparse.Namespace) -> int:
    on = date_arg(args.on)
    entered = run_as(args, lambda c, who: c.prices.set(who, args.metal, args.fineness, args.buy, args.sell, on=on))
    price = entered.as_dict()
    if args.json:
        emit_json(price)
    else:
        say(_("已录入 {on} {name}：回收 {buy}/克，销售 {sell}/克", on=price["on"], name=price["name"],
              buy=format_money(entered.buy_per_g), sell=format_money(entered.sell_per_g)))
    return 0


def cmd_prices_show(args: argparse.Namespace) -> int:
    on = date_arg(args.on)
    board = run(args, lambda c: c.prices.show(on))
    if args.json:
        emit_json(board.as_json())
        return 0
    day = board.on
    if not board.history:
        say(_("{on} 没有录入金价。", on=day.isoformat()))
        return 0
    say(_("{on} 当日金价（元/克）", on=day.isoformat()))
    for r in board.history:
        d = r.price
        mark = "" if r.in_force else _("（已被更正）")
        say(_("{name}  回收 {buy}  销售 {sell}  {who} {at}{mark}", name=metal_label(d.metal, d.fineness),
              buy=format_money(d.buy_per_g), sell=format_money(d.sell_per_g), who=r.entered_by,
              at=r.entered_at.strftime("%Y-%m-%d %H:%M"), mark=mark))
    return 0


# --- quote ------------------------------------------------------------------------------------


def _common(p: argparse.ArgumentParser, receipt_required: bool = True) -> None:
    p.add_argument("--receipt", required=receipt_required, default="", help=_("销售单号"))
    p.add_argument("--product", required=receipt_required, default="", help=_("货号"))
    add_on(p)
    add_json(p)
    p.add_argument("--save", action="store_true", help=_("保存报价单并打印其编号"))


def _new_price_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--new-price", action="append", required=True, default=None,
                   help=_("新品价格，可多次给出（多件新品）"))
    p.add_argument("--new-code", action="append", default=None, help=_("新品货号，与 --new-price 依次对应"))


def _register_quote(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("quote", parents=parents, help=_("退货、换货、以旧换新、按克重报价"))
    qsub = p.add_subparsers(dest="quote_command", metavar="COMMAND")

    r = qsub.add_parser("return", parents=parents, help=_("退货：可否退、退多少"))
    _common(r)
    r.add_argument("--as-sold", action="store_true", help=_("已核对商品保持原样的四个要求"))
    r.add_argument("--quality-report", action="store_true", help=_("有质量检测报告"))
    r.set_defaults(handler=cmd_quote, kind=RETURN)

    e = qsub.add_parser("exchange", parents=parents, help=_("换货：新品不低于原价，补差价"))
    _common(e)
    _new_price_options(e)
    e.add_argument("--as-sold", action="store_true", help=_("已核对商品保持原样的四个要求"))
    e.add_argument("--quality-report", action="store_true", help=_("有质量检测报告"))
    e.set_defaults(handler=cmd_quote, kind=EXCHANGE)

    t = qsub.add_parser("trade-in", parents=parents, help=_("钻石饰品以旧换新：原价收回，新品价格须达到政策规定的倍数（见 policy show）"))
    _common(t)
    _new_price_options(t)
    for opt, text in (("--cert-issuer", _("证书机构，如 GIA / NGTC / IGI")), ("--cert-no", _("证书号")),
                      ("--engraving", _("字印")), ("--weight", _("重量 (克)")), ("--carat", _("克拉")),
                      ("--color", _("颜色")), ("--clarity", _("净度")), ("--cut", _("切工")),
                      ("--retest-code", _("复检钻石编码")), ("--retest-color", _("复检颜色")),
                      ("--retest-clarity", _("复检净度"))):
        t.add_argument(opt, default=None, help=text)
    t.set_defaults(handler=cmd_quote, kind=TRADE_IN, quality_report=False, as_sold=False)

    m = qsub.add_parser("metal", parents=parents, help=_("黄金、铂金按克重以旧换新"))
    _common(m, receipt_required=False)
    m.add_argument("--metal", required=True, help=_("金属：gold 黄金 / platinum 铂金 / k_gold K金"))
    m.add_argument("--fineness", default=None, help=_("成色：999、9999、750、950、990、PT950 …"))
    m.add_argument("--weight", required=True, help=_("旧料重量 (克)"))
    m.add_argument("--new-weight", default=None, help=_("新品重量 (克)"))
    m.add_argument("--new-metal", default=None, help=_("新品金属（默认与旧料相同）"))
    m.add_argument("--new-fineness", default=None, help=_("新品成色（默认与旧料相同）"))
    m.add_argument("--labour", default=None, help=_("工费（按件，元）"))
    m.add_argument("--labour-per-g", default=None, help=_("工费（元/克）"))
    m.set_defaults(handler=cmd_quote, kind=METAL)

    sh = qsub.add_parser("show", parents=parents, help=_("查看保存的报价单（按保存时的政策和金价重算）"))
    sh.add_argument("number", help=_("报价单号"))
    add_json(sh)
    sh.set_defaults(handler=cmd_quote_show)

    pr = qsub.add_parser("print", parents=parents, help=_("打印结算单 PDF（顾客联和门店联）"))
    pr.add_argument("number", help=_("报价单号"))
    pr.add_argument("--out", required=True, help=_("PDF 文件路径"))
    pr.set_defaults(handler=cmd_quote_print)

    ac = qsub.add_parser("accept", parents=parents, help=_("顾客确认报价单"))
    ac.add_argument("number", help=_("报价单号"))
    add_json(ac)
    ac.set_defaults(handler=cmd_quote_accept)

    vo = qsub.add_parser("void", parents=parents, help=_("作废报价单（须写原因）"))
    vo.add_argument("number", help=_("报价单号"))
    vo.add_argument("--reason", required=True, help=_("作废原因"))
    vo.set_defaults(handler=cmd_quote_void)


def _new_pieces(args: argparse.Namespace) -> list[NewPiece]:
    codes = list(args.new_code or [])
    pieces = []
    for i, text in enumerate(args.new_price or []):
        value = quotes.money_input(text, "--new-price", _("新品价格"), allow_zero=False)
        pieces.append(NewPiece(value, codes[i] if i < len(codes) else ""))
    return pieces


def request_from_args(args: argparse.Namespace) -> quotes.QuoteRequest:
    kind = args.kind
    req = quotes.QuoteRequest(kind=kind, on=date_arg(args.on), receipt_no=args.receipt or "",
                              product_code=args.product or "")
    if kind in (RETURN, EXCHANGE):
        req.as_sold = AsSold.all_ticked() if args.as_sold else AsSold()
        req.quality_report = bool(args.quality_report)
    if kind in (EXCHANGE, TRADE_IN):
        req.new_pieces = _new_pieces(args)
    if kind == TRADE_IN:
        from counter_app.cli.cmd_verify import observed_from_args, retest_from_args

        req.observed = observed_from_args(args).as_dict()
        retest = retest_from_args(args)
        req.retest = ({"diamond_code": retest.diamond_code, "color": retest.color, "clarity": retest.clarity}
                      if retest else None)
    if kind == METAL:
        req.metal, req.fineness = args.metal, args.fineness or ""
        req.weight = quotes.weight_input(args.weight, "--weight", _("旧料重量"))
        req.new_weight = quotes.weight_input(args.new_weight, "--new-weight", _("新品重量"))
        req.new_metal, req.new_fineness = args.new_metal or "", args.new_fineness or ""
        if args.labour is not None:
            req.labour_per_piece = quotes.money_input(args.labour, "--labour", _("工费"))
        if args.labour_per_g is not None:
            req.labour_per_g = quotes.money_input(args.labour_per_g, "--labour-per-g", _("每克工费"))
        if (args.labour is not None or args.labour_per_g is not None) and req.new_weight is None:
            raise InputError(_("有工费时须给出新品重量（--new-weight）。"), field="--new-weight")
    return req


def cmd_quote(args: argparse.Namespace) -> int:
    req = request_from_args(args)
    if args.save:
        data = run_as(args, lambda c, who: c.quotes.save(who, req)).as_json()
    else:
        data = quotes.priced_json(run_as(args, lambda c, who: c.quotes.price(who, req)))
    if args.json:
        emit_json(data)
    else:
        for line in render_text(data):
            say(line)
    return 0


def cmd_quote_show(args: argparse.Namespace) -> int:
    data = run(args, lambda c: c.quotes.show(args.number)).as_json()
    if args.json:
        emit_json(data)
    else:
        for line in render_text(data):
            say(line)
    return 0


def cmd_quote_print(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.parent and not out.parent.exists():
        raise InputError(_("文件夹不存在：{p}", p=out.parent), field="--out")
    run_as(args, lambda c, who: c.quotes.print_statement(who, args.number, out))
    say(_("已打印结算单：{p}", p=out))
    return 0


def cmd_quote_accept(args: argparse.Namespace) -> int:
    data = run_as(args, lambda c, who: c.quotes.accept(who, args.number)).as_json()
    if args.json:
        emit_json(data)
    else:
        say(_("报价单 {no} 已由顾客确认。", no=data["number"]))
    return 0


def cmd_quote_void(args: argparse.Namespace) -> int:
    voided = run_as(args, lambda c, who: c.quotes.void(who, args.number, args.reason))
    say(_("报价单 {no} 已作废。", no=voided.number))
    return 0


def render_text(d: dict[str, Any]) -> list[str]:
    """A readable Chinese statement of the lines."""
    from decimal import Decimal

    out = []
    title = _("{kind}报价", kind=kind_label(d["kind"]))
    if d.get("number"):
        title += f"  {d['number']}"
    out.append(title + f"  {d['on']}")
    if d.get("receipt"):
        out.append(_("销售单 {r}  货号 {p}", r=d["receipt"], p=d["product"]))
    out.append("")
    for ln in d["lines"]:
        out.append(f"  {ln['label']:<8} {show_money(Decimal(ln['amount'])):>14}   {ln['explanation']}")
    out.append("")
    if d["kind"] == RETURN:
        out.append(_("应退顾客：{v}", v=format_money(Decimal(d["refund"]))))
    else:
        out.append(_("旧饰品抵扣：{v}", v=format_money(Decimal(d["credit"]))))
        out.append(_("新品合计：{v}", v=format_money(Decimal(d["new_total"]))))
        if d["kind"] == TRADE_IN and d.get("minimum_new_price"):
            out.append(_("新品最低价格：{v}", v=format_money(Decimal(d["minimum_new_price"]))))
        to_pay = Decimal(d["to_pay"])
        if to_pay >= 0:
            out.append(_("顾客应补差价：{v}", v=format_money(to_pay)))
        else:
            out.append(_("本店应付顾客：{v}", v=format_money(-to_pay)))
    if d["allowed"]:
        out.append(_("结论：可以办理。依据：{basis}", basis=d["basis"]))
    else:
        out.append(_("结论：不可办理。"))
        out += [f"  ✗ {r}" for r in d["reasons"]]
    for p in d.get("prices") or []:
        out.append(_("金价 {on} {name}：回收 {buy}/克，销售 {sell}/克", on=p["on"], name=p["name"],
                     buy=format_money(Decimal(p["buy"])), sell=format_money(Decimal(p["sell"]))))
    out.append(_("（政策版本 {v}）", v=d["policy"]["version"]))
    return out
