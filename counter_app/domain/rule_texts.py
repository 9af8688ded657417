"""Every sentence that states a rule, with its number taken from the policy in force.

A rule's number never appears as a literal in a sentence: the verification, the quote, the
complaint clocks, the command help and the windows all say it through these functions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from counter_app.domain.money import format_money
from counter_app.domain.policy import PolicyValues, policy_labels
from counter_app.i18n import _

# The policy values that matter for each kind of quote (all are stored with the quote).
POLICY_KEYS: dict[str, tuple[str, ...]] = {
    "return": ("return_days", "quality_return_days"),
    "exchange": ("return_days", "quality_return_days", "fixed_price_only_for_fixed_price"),
    "trade_in": ("trade_in_min_ratio", "large_stone_ct", "fixed_price_only_for_fixed_price"),
    "metal": ("metal_deduction_per_g", "metal_loss_rate", "metal_min_new_weight_ratio",
              "fixed_price_only_for_fixed_price"),
}


def percent(ratio: Decimal) -> str:
    """1.10 -> "110", 1.125 -> "112.5": a ratio as the percentage people say."""
    return f"{(ratio * 100).normalize():f}"


def trade_in_rule(policy: PolicyValues) -> str:
    """以旧换新: the old piece is taken back at its original price, the new one costs at least N %."""
    return _("原价收回，新品价格不低于原价的 {pct}%", pct=percent(policy.trade_in_min_ratio))


def complaint_level(level: str, policy: PolicyValues) -> str:
    """What a complaint's escalation level means, with the day limits of the policy."""
    if level == "manager_reply":
        return _("满 {days} 天未解决：店长须答复", days=policy.complaint_manager_reply_days)
    if level == "head_office":
        return _("满 {days} 天未解决：上报总部", days=policy.complaint_escalate_days)
    if level == "handle_late":
        return _("已超过处理时限（{hours} 个工作小时）", hours=policy.complaint_handle_hours)
    if level == "max_late":
        return _("已超过最长处理时限（{hours} 小时）", hours=policy.complaint_max_hours)
    return ""


def policy_value(key: str, value: Any) -> str:
    """One policy value as a statement or a window shows it (yes/no, percent, money per gram)."""
    if isinstance(value, bool) or value in ("True", "False"):
        return _("是") if value in (True, "True") else _("否")
    if key in ("metal_loss_rate", "metal_min_new_weight_ratio"):
        return f"{percent(Decimal(str(value)))}%"
    if key == "trade_in_min_ratio":
        return f"{value} ({percent(Decimal(str(value)))}%)"
    if key == "metal_deduction_per_g":
        return format_money(Decimal(str(value))) + _("/克")
    return str(value)


def policy_summary(values: dict[str, Any], kind: str) -> list[tuple[str, str]]:
    """(label, value) of the policy values a kind of quote depends on, for windows too."""
    labels = policy_labels()
    pv = PolicyValues.from_dict(values).as_dict()
    return [(labels.get(k, k), policy_value(k, pv[k])) for k in POLICY_KEYS.get(kind, ())]
