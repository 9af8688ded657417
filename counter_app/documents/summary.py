"""Head office's summary of a store for a month, quarter or year, as the PDF and the window show it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from counter_app.domain.archive_weeks import Period


@dataclass
class StaffFigures:
    staff_id: int
    name: str
    customers: int = 0
    slips_opened: int = 0
    pickups: int = 0
    calls_made: int = 0
    complaints_owned: int = 0
    complaints_resolved: int = 0
    quotes: int = 0


@dataclass
class SeriesPoint:
    label: str
    customers: int = 0
    slips: int = 0
    complaints: int = 0


@dataclass
class Summary:
    store_code: str
    store_name: str
    period: Period
    customers_served: int = 0
    slips_opened: int = 0
    slips_by_type: dict[str, int] = field(default_factory=dict)
    slips_by_status: dict[str, int] = field(default_factory=dict)
    collected: int = 0
    turnaround_avg_days: Decimal | None = None
    turnaround_worst_days: Decimal | None = None
    turnaround_worst_slip: str = ""
    slips_overdue: int = 0
    calls_due: int = 0
    calls_done: int = 0
    calls_out: int = 0
    calls_in: int = 0
    complaints: dict[str, Any] = field(default_factory=dict)
    trades: dict[str, dict[str, Any]] = field(default_factory=dict)
    staff: list[StaffFigures] = field(default_factory=list)
    series: list[SeriesPoint] = field(default_factory=list)
    policy_version: int = 0

    def as_dict(self) -> dict[str, Any]:
        def conv(v: Any) -> Any:
            if isinstance(v, Decimal):
                return str(v)
            if isinstance(v, dict):
                return {k: conv(x) for k, x in v.items()}
            if isinstance(v, list):
                return [conv(x) for x in v]
            return v

        data = {k: conv(v) for k, v in asdict(self).items() if k not in ("period",)}
        data["period"] = {"key": self.period.key, "kind": self.period.kind, "first": self.period.first.isoformat(),
                          "last": self.period.last.isoformat()}
        return data
