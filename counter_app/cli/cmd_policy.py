"""`policy show` / `policy set KEY VALUE --reason TEXT`: the policy values, as in the settings window."""

from __future__ import annotations

import argparse
from typing import Any

from counter_app.cli.common import add_json, emit_json, run, run_as, say
from counter_app.domain.policy import policy_labels
from counter_app.i18n import _
from counter_app.services.policy import PolicyView


def register(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("policy", parents=parents, help=_("政策参数：查看在用版本，店长修改"))
    psub = p.add_subparsers(dest="policy_command", metavar="ACTION")
    p.set_defaults(handler=None)

    show = psub.add_parser("show", parents=parents, help=_("在用的政策参数及版本号"))
    add_json(show)
    show.set_defaults(handler=cmd_show)

    keys = ", ".join(policy_labels())
    put = psub.add_parser("set", parents=parents, help=_("修改一个政策参数（店长；生成新版本）"),
                          description=_("参数：{keys}", keys=keys))
    put.add_argument("key", metavar="KEY", help=_("参数名，如 trade_in_min_ratio"))
    put.add_argument("value", metavar="VALUE", help=_("新的值，如 1.15"))
    put.add_argument("--reason", required=True, help=_("修改原因（必填）"))
    add_json(put)
    put.set_defaults(handler=cmd_set)


def _print(view: PolicyView) -> None:
    say(_("政策参数第 {v} 版（{at}{who}）：{note}", v=view.version,
          at=view.created_at.strftime("%Y-%m-%d %H:%M") if view.created_at else "",
          who=f" {view.created_by}" if view.created_by else "", note=view.note))
    labels = policy_labels()
    for key, value in view.values.as_dict().items():
        say(f"  {key:<34} {value!s:<8} {labels[key]}")


def cmd_show(args: argparse.Namespace) -> int:
    view = run(args, lambda c: c.policy.show())
    if args.json:
        emit_json(view.as_json())
    else:
        _print(view)
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    view = run_as(args, lambda c, who: c.policy.change(who, {args.key: args.value}, args.reason))
    if args.json:
        emit_json(view.as_json())
    else:
        say(_("已保存为政策参数第 {v} 版：{key} = {value}", v=view.version, key=args.key,
              value=view.values.as_dict()[args.key]))
    return 0
