"""Policy values: the numbers of the handbook, stored as defaults a manager can change.

Every quote and decision records the `PolicyValues` it used (`as_dict`), so it can be
recomputed years later with the same numbers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from decimal import Decimal
from typing import Any

from counter_app.i18n import _


def _flag(raw: Any) -> bool:
    word = str(raw).strip().lower()
    if word in ("1", "true", "yes", "on", "是"):
        return True
    if word in ("0", "false", "no", "off", "否", ""):
        return False
    raise ValueError(raw)


@dataclass(frozen=True)
class PolicyValues:
    # Returns, exchanges, trade-in (售后服务手册 第二章)
    return_days: int = 7  # 收货之日起7日内无条件退换货
    quality_return_days: int = 30  # 购买之日起30日内质量问题退换货
    trade_in_min_ratio: Decimal = Decimal("1.10")  # 新产品价格须比原产品价格高10%
    large_stone_ct: Decimal = Decimal("0.50")  # re-test before trade-in from this carat up
    # Intake tolerances
    weight_tolerance_g: Decimal = Decimal("0.02")
    carat_tolerance_ct: Decimal = Decimal("0.01")
    # Trade-in of gold and platinum by weight
    metal_deduction_per_g: Decimal = Decimal("0.00")  # e.g. "the day's price minus ¥30/g"
    metal_loss_rate: Decimal = Decimal("0.00")  # share of weight lost in melting, 0.03 = 3 %
    metal_min_new_weight_ratio: Decimal = Decimal("0.00")  # 0.30: new piece weighs >= 130 %
    fixed_price_only_for_fixed_price: bool = True  # 一口价 pieces only exchange for 一口价
    # Complaints (顾客投诉)
    complaint_handle_hours: int = 6  # working hours
    complaint_max_hours: int = 24
    complaint_manager_reply_days: int = 7
    complaint_escalate_days: int = 15
    three_strikes_count: int = 3
    # Follow-up and slips
    first_service_days: int = 30
    cleaning_interval_months: int = 6
    uncollected_alert_days: int = 30
    repair_promise_days: int = 15
    # Sign-in
    idle_lock_minutes: int = 10

    def as_dict(self) -> dict[str, Any]:
        """JSON-safe: Decimals as strings so nothing becomes a float."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            out[key] = str(value) if isinstance(value, Decimal) else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PolicyValues:
        """Rebuild from stored values; keys added in later versions take their default."""
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                continue
            raw = data[f.name]
            default = getattr(cls, f.name)
            if isinstance(default, bool):
                kwargs[f.name] = raw if isinstance(raw, bool) else _flag(raw)
            elif isinstance(default, Decimal):
                kwargs[f.name] = Decimal(str(raw))
            else:
                kwargs[f.name] = int(raw)
        return cls(**kwargs)

    def problems(self) -> list[str]:
        """Values no counter could work with, in words (empty when all is well)."""
        out = []
        for f in fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, bool) and value < 0:
                out.append(_("{label}不能是负数：{v}", label=policy_labels()[f.name], v=value))
        if self.trade_in_min_ratio < 1:
            out.append(_("以旧换新新品最低价格倍数不能小于 1：{v}", v=self.trade_in_min_ratio))
        if self.metal_loss_rate >= 1:
            out.append(_("金属回收损耗率须小于 1（0.03 即 3%）：{v}", v=self.metal_loss_rate))
        return out

    def with_changes(self, **changes: Any) -> PolicyValues:
        current = self.as_dict()
        current.update(changes)
        return PolicyValues.from_dict(current) if changes else replace(self)


def policy_labels() -> dict[str, str]:
    """What each value means, in the manager's language (shown in settings)."""
    return {
        "return_days": _("无条件退换货天数"),
        "quality_return_days": _("质量问题退换货天数"),
        "trade_in_min_ratio": _("以旧换新新品最低价格倍数"),
        "large_stone_ct": _("需复检的大钻石克拉数"),
        "weight_tolerance_g": _("重量允差 (克)"),
        "carat_tolerance_ct": _("克拉允差"),
        "metal_deduction_per_g": _("金属回收每克扣减 (元)"),
        "metal_loss_rate": _("金属回收损耗率"),
        "metal_min_new_weight_ratio": _("换新最低增重比例"),
        "fixed_price_only_for_fixed_price": _("一口价只换一口价"),
        "complaint_handle_hours": _("投诉处理时限 (工作小时)"),
        "complaint_max_hours": _("投诉最长处理时限 (小时)"),
        "complaint_manager_reply_days": _("店长须答复天数"),
        "complaint_escalate_days": _("上报上级天数"),
        "three_strikes_count": _("事不过三次数"),
        "first_service_days": _("首次服务天数"),
        "cleaning_interval_months": _("清洗保养间隔 (月)"),
        "uncollected_alert_days": _("回店未取提醒天数"),
        "repair_promise_days": _("维修承诺天数"),
        "idle_lock_minutes": _("空闲锁屏分钟数"),
    }
