"""Rules of the repair slip (维修单): the work catalogue, status moves, fees, weight checks.

Pure functions over plain values; the services apply them to rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from counter_app.domain.money import ZERO, fen
from counter_app.domain.text import clean
from counter_app.i18n import _

# --- the work catalogue (售后服务项目) -------------------------------------------------

IN_STORE = "in_store"  # 终身免费保养: done on the spot, in front of the customer
FACTORY_FREE = "factory_free"  # 终身免工费维修: free labour, shipping fee charged
FACTORY_PAID = "factory_paid"  # 收费返厂: the factory quotes, the customer accepts first
DAMAGE = "damage"  # 人为损坏: the factory's price list 服务报价表

KIND_LABELS = {
    IN_STORE: "店内免费保养",
    FACTORY_FREE: "返厂免工费",
    FACTORY_PAID: "返厂收费",
    DAMAGE: "人为损坏收费",
}


@dataclass(frozen=True)
class WorkType:
    code: str
    label: str  # Chinese source text
    kind: str

    @property
    def in_store(self) -> bool:
        return self.kind == IN_STORE

    @property
    def needs_quote(self) -> bool:
        """Paid work: the factory's quote and the customer's acceptance come before the work."""
        return self.kind in (FACTORY_PAID, DAMAGE)

    @property
    def at_cost(self) -> bool:
        """Redesign at cost price 成本价改款: the quote is the factory's cost, no margin."""
        return self.code == "redesign"


WORKS: tuple[WorkType, ...] = (
    WorkType("clean", "清洗", IN_STORE),
    WorkType("reshape", "整形", IN_STORE),
    WorkType("prong-check", "牢固度检查", IN_STORE),
    WorkType("refurbish", "翻新", FACTORY_FREE),
    WorkType("solder", "焊接", FACTORY_FREE),
    WorkType("resize", "改手寸", FACTORY_FREE),
    WorkType("size-up", "以小换大", FACTORY_PAID),
    WorkType("redesign", "改款重做", FACTORY_PAID),
    WorkType("damage", "人为损坏维修", DAMAGE),
)
WORKS_BY_CODE = {w.code: w for w in WORKS}


def work_type(code: str) -> WorkType:
    """The catalogue entry for a code; also accepts the Chinese label."""
    key = clean(code).lower().replace("_", "-").replace(" ", "-")
    if key in WORKS_BY_CODE:
        return WORKS_BY_CODE[key]
    for w in WORKS:
        if clean(code) == w.label:
            return w
    codes = ", ".join(w.code for w in WORKS)
    raise ValueError(_("没有这个维修项目：'{code}'（可选：{codes}）", code=clean(code), codes=codes))


def parse_works(codes: Iterable[str]) -> list[WorkType]:
    """Catalogue entries for the codes, in the order given, each once; at least one."""
    out: list[WorkType] = []
    for code in codes:
        w = work_type(code)
        if w not in out:
            out.append(w)
    if not out:
        raise ValueError(_("请至少选择一个维修项目。"))
    return out


def only_in_store(works: Iterable[WorkType]) -> bool:
    return all(w.in_store for w in works)


def goes_to_factory(works: Iterable[WorkType]) -> bool:
    return any(not w.in_store for w in works)


def needs_quote(works: Iterable[WorkType]) -> bool:
    return any(w.needs_quote for w in works)


# --- status moves (维修单状态) ------------------------------------------------------------

RECEIVED, SENT, BACK, NOTIFIED, COLLECTED, CANCELLED = (
    "received", "sent", "back", "notified", "collected", "cancelled",
)
STATUSES = (RECEIVED, SENT, BACK, NOTIFIED, COLLECTED, CANCELLED)
FINAL = (COLLECTED, CANCELLED)

STATUS_LABELS = {
    RECEIVED: "已收件",
    SENT: "已送厂",
    BACK: "已回店",
    NOTIFIED: "已通知",
    COLLECTED: "已取件",
    CANCELLED: "已取消",
}

_NEXT = {
    RECEIVED: (SENT, CANCELLED),
    SENT: (BACK, CANCELLED),
    BACK: (NOTIFIED, CANCELLED),
    NOTIFIED: (COLLECTED, CANCELLED),
    COLLECTED: (),
    CANCELLED: (),
}


def status_label(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))


def parse_status(text: str) -> str:
    """A status by its code (sent) or its Chinese name (已送厂 / 送厂)."""
    key = clean(text).lower()
    if key in STATUSES:
        return key
    for code, label in STATUS_LABELS.items():
        if clean(text) in (label, label[1:], _(label).lower()):
            return code
    names = "、".join(f"{c}（{STATUS_LABELS[c]}）" for c in STATUSES)
    raise ValueError(_("没有这个状态：'{s}'（可选：{names}）", s=clean(text), names=names))


def allowed_next(status: str, *, in_store_only: bool = False, unrepaired: bool = False) -> tuple[str, ...]:
    """Where a slip may go from `status`.

    Two short cuts of the handbook: in-store maintenance closes at once (received → collected),
    and an item whose paid work the customer refused never leaves: received → back (未维修退回).
    """
    nxt = _NEXT.get(status, ())
    if status == RECEIVED and in_store_only:
        return (COLLECTED, CANCELLED)
    if status == RECEIVED and unrepaired:
        return (BACK, CANCELLED)
    return nxt


def check_move(status: str, to: str, *, in_store_only: bool = False, unrepaired: bool = False) -> None:
    """Raise ValueError naming the current status and the allowed next ones for an illegal jump."""
    allowed = allowed_next(status, in_store_only=in_store_only, unrepaired=unrepaired)
    if to in allowed:
        return
    if not allowed:
        raise ValueError(_("维修单已是“{cur}”，不能再改状态。", cur=status_label(status)))
    names = "、".join(status_label(s) for s in allowed)
    raise ValueError(
        _("不能从“{cur}”改为“{to}”：下一步只能是 {names}。", cur=status_label(status), to=status_label(to),
          names=names)
    )


# --- fees ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fees:
    repair_fee: Decimal
    shipping_fee: Decimal
    deposit: Decimal
    paid: Decimal

    @property
    def total(self) -> Decimal:
        return fen(self.repair_fee + self.shipping_fee)

    @property
    def balance(self) -> Decimal:
        """What the customer still owes at pickup (negative: the store owes a refund)."""
        return fen(self.repair_fee + self.shipping_fee - self.deposit - self.paid)


def check_fees(works: Iterable[WorkType], shipping_fee: Decimal, repair_fee: Decimal, deposit: Decimal) -> None:
    """Refuse fees that make no sense for the chosen work."""
    works = list(works)
    for name, value in ((_("邮寄费"), shipping_fee), (_("维修费"), repair_fee), (_("订金"), deposit)):
        if value < ZERO:
            raise ValueError(_("{name}不能是负数。", name=name))
    if only_in_store(works) and (shipping_fee > ZERO or repair_fee > ZERO):
        raise ValueError(_("店内免费保养不收费用。"))
    if repair_fee > ZERO and not needs_quote(works):
        raise ValueError(_("免工费维修不收维修费，只收邮寄费。"))


# --- weight ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeightCheck:
    expected: Decimal | None
    actual: Decimal | None
    tolerance: Decimal

    @property
    def difference(self) -> Decimal | None:
        if self.expected is None or self.actual is None:
            return None
        return self.actual - self.expected

    @property
    def beyond_tolerance(self) -> bool:
        d = self.difference
        return d is not None and abs(d) > self.tolerance

    def warning(self) -> str:
        if not self.beyond_tolerance:
            return ""
        return _(
            "重量相差 {diff} 克（收件 {exp} 克，现称 {act} 克，允差 {tol} 克），请核对并请店长确认。",
            diff=f"{self.difference:+.3f}", exp=f"{self.expected:.3f}", act=f"{self.actual:.3f}",
            tol=f"{self.tolerance:.3f}",
        )

    def as_dict(self) -> dict[str, str | bool | None]:
        d = self.difference
        return {
            "expected_g": None if self.expected is None else f"{self.expected:.3f}",
            "actual_g": None if self.actual is None else f"{self.actual:.3f}",
            "difference_g": None if d is None else f"{d:+.3f}",
            "tolerance_g": f"{self.tolerance:.3f}",
            "beyond_tolerance": self.beyond_tolerance,
        }


def weight_check(expected: Decimal | None, actual: Decimal | None, tolerance: Decimal) -> WeightCheck:
    return WeightCheck(expected, actual, tolerance)


UNREPAIRED_MARK = "未维修退回"
REFUSAL_PREFIX = "顾客拒绝维修："
