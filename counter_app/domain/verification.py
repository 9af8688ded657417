"""Intake check (到店售后): what is on the counter against what was sold, and what may follow.

Pure rules over dataclasses: no database. The service looks the sale up and hands an
`ItemRecord` here; the window and the CLI show the same `VerificationResult`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from typing import Any

from counter_app.domain.money import money_str, parse_decimal
from counter_app.domain.policy import PolicyValues
from counter_app.domain.records import check_keys
from counter_app.domain.rule_texts import trade_in_rule
from counter_app.domain.text import clean, compare_key
from counter_app.errors import InputError
from counter_app.i18n import _

MATCH = "match"
MISMATCH = "mismatch"
MISSING = "missing"

FIELDS: tuple[str, ...] = (
    "receipt", "product", "certificate_issuer", "certificate_no", "engraving",
    "weight_g", "carat", "color", "clarity", "cut",
)
STONE_FIELDS: tuple[str, ...] = ("carat", "color", "clarity", "cut")
ELIGIBILITY_KEYS: tuple[str, ...] = ("return", "quality_return", "exchange", "trade_in", "repair")

MAX_WEIGHT_G = Decimal("2000")
MAX_CARAT = Decimal("500")


def field_labels() -> dict[str, str]:
    """What each checked field is called at the counter."""
    return {
        "receipt": _("销售单号"),
        "product": _("货号"),
        "certificate_issuer": _("证书机构"),
        "certificate_no": _("证书号"),
        "engraving": _("字印"),
        "weight_g": _("重量 (克)"),
        "carat": _("克拉"),
        "color": _("颜色"),
        "clarity": _("净度"),
        "cut": _("切工"),
    }


def eligibility_labels() -> dict[str, str]:
    return {
        "return": _("无条件退货"),
        "quality_return": _("质量问题退换货"),
        "exchange": _("无条件换货"),
        "trade_in": _("以旧换新"),
        "repair": _("维修服务"),
    }


@dataclass(frozen=True)
class Observed:
    """What the clerk sees on the counter; None = not observed."""

    cert_issuer: str | None = None
    cert_no: str | None = None
    engraving: str | None = None
    weight_g: Decimal | None = None
    carat: Decimal | None = None
    color: str | None = None
    clarity: str | None = None
    cut: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Observed:
        """Read only this record's own spelling: an unknown key (`certificate_issuer`) is refused."""
        check_keys("observed", data, {f.name for f in fields(cls)})

        def num(key: str) -> Decimal | None:
            raw = data.get(key)
            return None if raw in (None, "") else Decimal(str(raw))

        def txt(key: str) -> str | None:
            raw = data.get(key)
            return None if raw is None or clean(str(raw)) == "" else str(raw)

        return cls(cert_issuer=txt("cert_issuer"), cert_no=txt("cert_no"), engraving=txt("engraving"),
                   weight_g=num("weight_g"), carat=num("carat"), color=txt("color"),
                   clarity=txt("clarity"), cut=txt("cut"))


@dataclass(frozen=True)
class Retest:
    """Re-test of a large stone recorded on this intake (钻石复检)."""

    diamond_code: str
    color: str
    clarity: str


@dataclass(frozen=True)
class FieldCheck:
    field: str
    record: str | None
    observed: str | None
    status: str  # match | mismatch | missing


@dataclass(frozen=True)
class Eligibility:
    ok: bool
    reason: str


@dataclass(frozen=True)
class ItemRecord:
    """The sale on record for one item, as the service found it."""

    receipt_no: str
    product_code: str
    sold_on: dt.date
    sold_item_id: int | None = None
    price: Decimal | None = None
    custom_made: bool = False
    fixed_price: bool = True
    description: str = ""
    cert_issuer: str = ""
    cert_no: str = ""
    engraving: str = ""
    weight_g: Decimal | None = None
    carat: Decimal | None = None
    color: str = ""
    clarity: str = ""
    cut: str = ""
    photo_path: str = ""
    store_code: str = ""
    other_store: bool = False
    customer_id: int | None = None


@dataclass
class VerificationResult:
    fields: list[FieldCheck]
    eligibility: dict[str, Eligibility]
    verdict: str  # match | mismatch | incomplete
    sold_item_id: int | None
    receipt_no: str
    product_code: str
    price: Decimal | None
    sold_on: dt.date | None
    custom_made: bool
    other_store: bool
    policy_version: int
    policy: dict[str, Any]
    large_stone: bool = False
    description: str = ""
    store_code: str = ""
    head_office_confirmation: dict[str, Any] = field(default_factory=dict)

    def check(self, name: str) -> FieldCheck:
        return next(f for f in self.fields if f.field == name)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe (Decimals and dates as strings): the CLI output and what an intake stores."""
        return {
            "verdict": self.verdict,
            "receipt": self.receipt_no,
            "product": self.product_code,
            "description": self.description,
            "store": self.store_code,
            "sold_on": self.sold_on.isoformat() if self.sold_on else None,
            "price": money_str(self.price) if self.price is not None else None,
            "custom_made": self.custom_made,
            "other_store": self.other_store,
            "large_stone": self.large_stone,
            "head_office_confirmation": dict(self.head_office_confirmation),
            "fields": [asdict(f) for f in self.fields],
            "eligibility": {k: {"ok": e.ok, "reason": e.reason} for k, e in self.eligibility.items()},
            "policy_version": self.policy_version,
            "policy": dict(self.policy),
        }


# --- reading what the clerk typed -------------------------------------------------------

def parse_weight(text: str | Decimal | None, name: str = "weight_g") -> Decimal | None:
    """Grams: more than 0 and at most 2 kg; None when empty."""
    value = _parse_number(text, name, _("重量"))
    if value is not None and not (Decimal(0) < value <= MAX_WEIGHT_G):
        raise InputError(_("重量不对：{v} 克（应大于 0 且不超过 2000 克）", v=clean(str(text))), field=name)
    return value


def parse_carat(text: str | Decimal | None, name: str = "carat") -> Decimal | None:
    value = _parse_number(text, name, _("克拉"))
    if value is not None and not (Decimal(0) < value <= MAX_CARAT):
        raise InputError(_("克拉数不对：{v}（应大于 0）", v=clean(str(text))), field=name)
    return value


def _parse_number(text: str | Decimal | None, name: str, label: str) -> Decimal | None:
    try:
        return parse_decimal(text)
    except (ValueError, TypeError):
        raise InputError(_("{label}要填数字：'{v}'", label=label, v=clean(str(text))), field=name) from None


def optional_text(text: str | None) -> str | None:
    """None for empty input, so "not observed" and "typed nothing" are the same."""
    if text is None:
        return None
    return text if clean(text) else None


# --- field comparison -------------------------------------------------------------------

def compare_text(name: str, record: str | None, observed: str | None) -> FieldCheck:
    rec = clean(record) or None
    obs = clean(observed) or None
    if rec is None or obs is None:
        status = MISSING
    else:
        status = MATCH if compare_key(rec) == compare_key(obs) else MISMATCH
    return FieldCheck(name, rec, obs, status)


def compare_cert_no(issuer: str | None, record: str | None, observed: str | None) -> FieldCheck:
    """Certificate numbers, also when typed with the issuer in front as printed ("GIA 2141438171")."""
    check = compare_text("certificate_no", record, observed)
    if check.status == MISMATCH and issuer:
        rec, obs, pre = compare_key(record), compare_key(observed), compare_key(issuer)
        if obs == pre + rec or rec == pre + obs:
            return FieldCheck(check.field, check.record, check.observed, MATCH)
    return check


def compare_number(name: str, record: Decimal | None, observed: Decimal | None, tolerance: Decimal) -> FieldCheck:
    rec = None if record is None else str(record)
    obs = None if observed is None else str(observed)
    if record is None or observed is None:
        status = MISSING
    else:
        status = MATCH if abs(observed - record) <= tolerance else MISMATCH  # the edge itself matches
    return FieldCheck(name, rec, obs, status)


def check_fields(record: ItemRecord | None, observed: Observed, policy: PolicyValues,
                 receipt_no: str = "", product_code: str = "") -> list[FieldCheck]:
    """Every field, in the order the clerk reads them."""
    if record is None:
        # Not in the shared records (head office confirmed the sale instead).
        rec: ItemRecord = ItemRecord(receipt_no="", product_code="", sold_on=dt.date.min)
        checks = [FieldCheck("receipt", None, clean(receipt_no) or None, MISSING),
                  FieldCheck("product", None, clean(product_code) or None, MISSING)]
    else:
        rec = record
        checks = [FieldCheck("receipt", record.receipt_no, clean(receipt_no) or record.receipt_no, MATCH),
                  FieldCheck("product", record.product_code, clean(product_code) or record.product_code, MATCH)]
    checks += [
        compare_text("certificate_issuer", rec.cert_issuer, observed.cert_issuer),
        compare_cert_no(rec.cert_issuer, rec.cert_no, observed.cert_no),
        compare_text("engraving", rec.engraving, observed.engraving),
        compare_number("weight_g", rec.weight_g, observed.weight_g, policy.weight_tolerance_g),
        compare_number("carat", rec.carat, observed.carat, policy.carat_tolerance_ct),
        compare_text("color", rec.color, observed.color),
        compare_text("clarity", rec.clarity, observed.clarity),
        compare_text("cut", rec.cut, observed.cut),
    ]
    return checks


def verdict_of(checks: list[FieldCheck]) -> str:
    """mismatch if anything differs; incomplete if something on record was not looked at."""
    if any(c.status == MISMATCH for c in checks):
        return MISMATCH
    if any(c.status == MISSING and c.record is not None for c in checks):
        return "incomplete"
    if any(c.field == "receipt" and c.status == MISSING for c in checks):
        return "incomplete"
    return MATCH


def is_large_stone(record: ItemRecord | None, observed: Observed, policy: PolicyValues) -> bool:
    carat = record.carat if record is not None and record.carat is not None else observed.carat
    return carat is not None and carat >= policy.large_stone_ct


# --- eligibility ------------------------------------------------------------------------

def day_number(sold_on: dt.date, on: dt.date) -> int:
    """Days since the sale: the sale day is day 0, so "within 7 days" ends on day 7."""
    return (on - sold_on).days


def _return_like(record: ItemRecord, on: dt.date, policy: PolicyValues, what: str) -> Eligibility:
    n = day_number(record.sold_on, on)
    days = policy.return_days
    sold = record.sold_on.isoformat()
    if record.custom_made:
        return Eligibility(False, _("定制产品不能无条件{what}", what=what))
    if n > days:
        return Eligibility(False, _("已过 {days} 天无条件退换期（销售日 {sold}，今天是第 {n} 天）",
                                    days=days, sold=sold, n=n))
    return Eligibility(True, _("在 {days} 天无条件退换期内（销售日 {sold}，今天是第 {n} 天）；"
                               "须带齐外包装、售后服务手册、证书和销售单或发票", days=days, sold=sold, n=n))


def _quality_return(record: ItemRecord, on: dt.date, policy: PolicyValues, quality_report: bool) -> Eligibility:
    n = day_number(record.sold_on, on)
    days = policy.quality_return_days
    sold = record.sold_on.isoformat()
    if n > days:
        return Eligibility(False, _("已过 {days} 天质量问题退换期（销售日 {sold}，今天是第 {n} 天）",
                                    days=days, sold=sold, n=n))
    if not quality_report:
        return Eligibility(False, _("在 {days} 天内（第 {n} 天），但须有技术质量监督部门的质量检验报告",
                                    days=days, n=n))
    return Eligibility(True, _("在 {days} 天内（销售日 {sold}，今天是第 {n} 天），有质量检验报告",
                               days=days, sold=sold, n=n))


def _trade_in(record: ItemRecord, checks: list[FieldCheck], large: bool, retest: Retest | None,
              policy: PolicyValues) -> Eligibility:
    by = {c.field: c for c in checks}
    labels = field_labels()
    if not record.cert_no:
        if not record.fixed_price:
            return Eligibility(True, _("按克重计价的金/铂金饰品，凭销售单按克重以旧换新"))
        return Eligibility(False, _("没有证书记录，不能以旧换新（须有销售单和证书）"))
    for name in ("certificate_issuer", "certificate_no"):
        c = by[name]
        if c.status == MISSING:
            return Eligibility(False, _("未核对{label}：以旧换新须出示证书", label=labels[name]))
        if c.status == MISMATCH:
            return Eligibility(False, _("{label}与记录不符（记录 {rec}，实物 {obs}）",
                                        label=labels[name], rec=c.record, obs=c.observed))
    if by["engraving"].status == MISMATCH:
        c = by["engraving"]
        return Eligibility(False, _("字印与记录不符（记录 {rec}，实物 {obs}）", rec=c.record, obs=c.observed))
    for name in STONE_FIELDS:
        c = by[name]
        if c.status == MISMATCH:
            return Eligibility(False, _("钻石{label}与证书不符（证书 {rec}，实物 {obs}）",
                                        label=labels[name], rec=c.record, obs=c.observed))
    c = by["weight_g"]
    if c.status == MISMATCH:  # taken back at the original price only as sold
        return Eligibility(False, _("重量与记录不符（记录 {rec} 克，实物 {obs} 克），不能原价收回",
                                    rec=c.record, obs=c.observed))
    if large:
        ct = policy.large_stone_ct
        if retest is None or not clean(retest.diamond_code):
            return Eligibility(False, _("{ct} 克拉及以上的大钻须先复检（钻石编码、颜色、净度）才能以旧换新", ct=ct))
        if compare_key(retest.color) != compare_key(record.color):
            return Eligibility(False, _("复检颜色 {got} 与证书 {want} 不符", got=clean(retest.color),
                                        want=record.color))
        if compare_key(retest.clarity) != compare_key(record.clarity):
            return Eligibility(False, _("复检净度 {got} 与证书 {want} 不符", got=clean(retest.clarity),
                                        want=record.clarity))
        return Eligibility(True, _("销售单、证书相符，大钻复检相符（编码 {code}）：{rule}",
                                   code=clean(retest.diamond_code), rule=trade_in_rule(policy)))
    return Eligibility(True, _("销售单、证书相符：{rule}", rule=trade_in_rule(policy)))


def _repair(record: ItemRecord | None, head_office: dict[str, Any]) -> Eligibility:
    if record is None:
        return Eligibility(True, _("总部已确认（{who}，{ref}），可维修，顾客付邮费",
                                   who=head_office.get("who", ""), ref=head_office.get("reference", "")))
    if record.other_store:
        return Eligibility(True, _("其他门店售出，可维修，顾客付邮费"))
    return Eligibility(True, _("本店售出，可维修"))


def decide(record: ItemRecord | None, checks: list[FieldCheck], on: dt.date, policy: PolicyValues,
           retest: Retest | None = None, quality_report: bool = False, large: bool = False,
           head_office: dict[str, Any] | None = None) -> dict[str, Eligibility]:
    if record is None:
        no = Eligibility(False, _("销售记录中没有此货品，只能维修"))
        return {"return": no, "quality_return": no, "exchange": no, "trade_in": no,
                "repair": _repair(None, head_office or {})}
    return {
        "return": _return_like(record, on, policy, _("退货")),
        "quality_return": _quality_return(record, on, policy, quality_report),
        "exchange": _return_like(record, on, policy, _("换货")),
        "trade_in": _trade_in(record, checks, large, retest, policy),
        "repair": _repair(record, head_office or {}),
    }


def evaluate(record: ItemRecord | None, observed: Observed, on: dt.date, policy: PolicyValues,
             policy_version: int, *, retest: Retest | None = None, quality_report: bool = False,
             receipt_no: str = "", product_code: str = "",
             head_office: dict[str, Any] | None = None) -> VerificationResult:
    """The whole check: fields, verdict and eligibility, with the policy used."""
    if record is not None and on < record.sold_on:
        raise InputError(_("日期 {on} 早于销售日 {sold}", on=on.isoformat(), sold=record.sold_on.isoformat()),
                         field="on")
    checks = check_fields(record, observed, policy, receipt_no, product_code)
    large = is_large_stone(record, observed, policy)
    return VerificationResult(
        fields=checks,
        eligibility=decide(record, checks, on, policy, retest, quality_report, large, head_office),
        verdict=verdict_of(checks),
        sold_item_id=record.sold_item_id if record else None,
        receipt_no=record.receipt_no if record else clean(receipt_no),
        product_code=record.product_code if record else clean(product_code),
        price=record.price if record else None,
        sold_on=record.sold_on if record else None,
        custom_made=record.custom_made if record else False,
        other_store=record.other_store if record else True,
        policy_version=policy_version,
        policy=policy.as_dict(),
        large_stone=large,
        description=record.description if record else "",
        store_code=record.store_code if record else "",
        head_office_confirmation=dict(head_office or {}),
    )
