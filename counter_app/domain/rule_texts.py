"""Every sentence that states a rule, with its number taken from the policy in force.

A rule's number never appears as a literal in a sentence: the verification, the quote, the
complaint clocks, the command help and the windows all say it through these functions.
"""

from __future__ import annotations

from decimal import Decimal

from counter_app.domain.policy import PolicyValues
from counter_app.i18n import _


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
