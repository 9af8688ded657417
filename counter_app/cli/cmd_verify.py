"""`verify`: check a piece on the counter against its receipt and certificate (reads only)."""

from __future__ import annotations

import argparse
from typing import Any

from counter_app.cli.common import add_json, add_on, date_arg, emit_json, run_as, say
from counter_app.domain.verification import (
    MATCH,
    MISMATCH,
    Observed,
    Retest,
    VerificationResult,
    eligibility_labels,
    field_labels,
    optional_text,
    parse_carat,
    parse_weight,
)
from counter_app.errors import InputError
from counter_app.i18n import _


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("verify", parents=parents, help=_("核对货品与销售单、证书是否相符"))
    p.add_argument("--receipt", required=True, help=_("销售单号"))
    p.add_argument("--product", required=True, help=_("货号"))
    p.add_argument("--cert-issuer", default=None, help=_("证书机构，如 GIA / NGTC / IGI"))
    p.add_argument("--cert-no", default=None, help=_("证书号"))
    p.add_argument("--engraving", default=None, help=_("字印"))
    p.add_argument("--weight", default=None, help=_("重量 (克)"))
    p.add_argument("--carat", default=None, help=_("克拉"))
    p.add_argument("--color", default=None, help=_("颜色"))
    p.add_argument("--clarity", default=None, help=_("净度"))
    p.add_argument("--cut", default=None, help=_("切工"))
    p.add_argument("--retest-code", default=None, help=_("复检钻石编码"))
    p.add_argument("--retest-color", default=None, help=_("复检颜色"))
    p.add_argument("--retest-clarity", default=None, help=_("复检净度"))
    p.add_argument("--quality-report", action="store_true", help=_("有技术质量监督部门的质量检验报告"))
    add_on(p)
    add_json(p)
    p.set_defaults(handler=cmd_verify)


def observed_from_args(args: argparse.Namespace) -> Observed:
    return Observed(
        cert_issuer=optional_text(args.cert_issuer),
        cert_no=optional_text(args.cert_no),
        engraving=optional_text(args.engraving),
        weight_g=parse_weight(args.weight, "--weight"),
        carat=parse_carat(args.carat, "--carat"),
        color=optional_text(args.color),
        clarity=optional_text(args.clarity),
        cut=optional_text(args.cut),
    )


def retest_from_args(args: argparse.Namespace) -> Retest | None:
    parts = (args.retest_code, args.retest_color, args.retest_clarity)
    if not any(optional_text(p) for p in parts):
        return None
    if not all(optional_text(p) for p in parts):
        raise InputError(_("复检须同时填写钻石编码、颜色和净度（--retest-code --retest-color --retest-clarity）。"),
                         field="retest")
    return Retest(diamond_code=args.retest_code, color=args.retest_color, clarity=args.retest_clarity)


def cmd_verify(args: argparse.Namespace) -> int:
    observed = observed_from_args(args)
    retest = retest_from_args(args)
    on = date_arg(args.on)
    result = run_as(args, lambda c, who: c.intake.verify(who, args.receipt, args.product, observed, on=on,
                                                         retest=retest, quality_report=args.quality_report))
    if args.json:
        emit_json(result.to_dict())
    else:
        for line in render_text(result):
            say(line)
    return 0


MARKS = {MATCH: "✓", MISMATCH: "✗"}


def render_text(result: VerificationResult) -> list[str]:
    """A table the clerk reads at a glance: ✓ match, ✗ mismatch, — missing."""
    labels = field_labels()
    verdicts = {"match": _("相符"), "mismatch": _("不符"), "incomplete": _("未核全")}
    lines = [
        _("销售单 {receipt}  货号 {product}  {desc}", receipt=result.receipt_no, product=result.product_code,
          desc=result.description),
        _("销售日 {sold}  售出门店 {store}{other}", sold=result.sold_on.isoformat() if result.sold_on else "—",
          store=result.store_code or "—", other=_("（其他门店）") if result.other_store else ""),
        "",
    ]
    width = max(_width(v) for v in labels.values())
    head = _pad(_("核对项目"), width) + "  " + _pad(_("记录"), 18) + "  " + _pad(_("实物"), 18) + "  " + _("结果")
    lines.append(head)
    for c in result.fields:
        mark = MARKS.get(c.status, "—")
        lines.append(_pad(labels[c.field], width) + "  " + _pad(c.record or "—", 18) + "  "
                     + _pad(c.observed or "—", 18) + "  " + mark)
    lines += ["", _("核对结论：{v}", v=verdicts.get(result.verdict, result.verdict)), ""]
    for key, label in eligibility_labels().items():
        e = result.eligibility[key]
        lines.append(f"{'✓' if e.ok else '✗'} " + _("{label}：{reason}", label=label, reason=e.reason))
    lines.append(_("（政策版本 {v}）", v=result.policy_version))
    return lines


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))
