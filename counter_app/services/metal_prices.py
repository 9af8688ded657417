"""The day's metal price board (当日金价): buy-back and selling price per gram.

Only managers enter prices. A correction is a new row: the newest non-void row for a day,
metal and fineness is the one in force, and the older rows stay as history with who and when.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.data.models import MetalPrice, Staff
from counter_app.domain.dates import today
from counter_app.domain.money import format_money, parse_money
from counter_app.domain.pricing import DayPrice, MetalInputError, metal_label, normalise_metal
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services import audit
from counter_app.services.context import Actor
from counter_app.services.permissions import Action

MAX_PER_G = Decimal("100000.00")


@dataclass(frozen=True)
class BoardRow:
    """One entry on the board, with who entered it and when."""

    price: DayPrice
    entered_by: str
    entered_at: dt.datetime
    in_force: bool

    def as_dict(self) -> dict[str, object]:
        return {**self.price.as_dict(), "entered_by": self.entered_by,
                "entered_at": self.entered_at.isoformat(sep=" "), "in_force": self.in_force}


def normalise(metal: str, fineness: str | None) -> tuple[str, str]:
    try:
        return normalise_metal(metal, fineness)
    except MetalInputError as exc:
        raise InputError(str(exc), field="metal") from None


def _price(text: str | Decimal, name: str) -> Decimal:
    try:
        value = parse_money(text)
    except ValueError:
        raise InputError(_("{name}不是金额：'{v}'", name=name, v=text), field=name) from None
    if value is None or value <= 0:
        raise InputError(_("{name}须大于 0：'{v}'", name=name, v=text), field=name)
    if value > MAX_PER_G:
        raise InputError(_("{name}太大：{v}/克", name=name, v=format_money(value)), field=name)
    return value


def set_price(
    session: Session, actor: Actor, metal: str, fineness: str | None, buy: str | Decimal, sell: str | Decimal,
    on: dt.date | None = None,
) -> MetalPrice:
    """Enter (or correct) the day's price for one metal and fineness."""
    actor.require(Action.SET_METAL_PRICES)
    m, f = normalise(metal, fineness)
    buy_v, sell_v = _price(buy, _("回收价")), _price(sell, _("销售价"))
    if buy_v > sell_v:
        raise InputError(_("回收价 {b} 高于销售价 {s}：请检查是否填反。", b=format_money(buy_v),
                           s=format_money(sell_v)), field="buy")
    day = on or today()
    before = in_force(session, m, f, day)
    row = MetalPrice(on_date=day, metal=m, fineness=f, buy_per_g=buy_v, sell_per_g=sell_v,
                     store_id=actor.store_id, created_by_id=actor.staff_id)
    session.add(row)
    session.flush()
    audit.record(session, actor, "update" if before else "create", "metal_price", row.id,
                 _("{day} {name} 回收 {b}/克 销售 {s}/克", day=day.isoformat(), name=metal_label(m, f),
                   b=format_money(buy_v), s=format_money(sell_v)),
                 before=before.as_dict() if before else None, after=_to_day_price(row).as_dict())
    return row


def _to_day_price(row: MetalPrice) -> DayPrice:
    return DayPrice(row.metal, row.fineness, row.on_date, row.buy_per_g, row.sell_per_g, row.id)


def _rows(session: Session, day: dt.date) -> list[MetalPrice]:
    q = (select(MetalPrice).where(MetalPrice.on_date == day, MetalPrice.voided_at.is_(None))
         .order_by(MetalPrice.metal, MetalPrice.fineness, MetalPrice.id.desc()))
    return list(session.scalars(q))


def in_force(session: Session, metal: str, fineness: str, day: dt.date) -> DayPrice | None:
    row = session.scalars(
        select(MetalPrice)
        .where(MetalPrice.on_date == day, MetalPrice.metal == metal, MetalPrice.fineness == fineness,
               MetalPrice.voided_at.is_(None))
        .order_by(MetalPrice.id.desc()).limit(1)
    ).first()
    return _to_day_price(row) if row else None


def board(session: Session, day: dt.date) -> dict[tuple[str, str], DayPrice]:
    """The prices in force on `day`, by (metal, fineness)."""
    out: dict[tuple[str, str], DayPrice] = {}
    for row in _rows(session, day):
        out.setdefault((row.metal, row.fineness), _to_day_price(row))
    return out


def history(session: Session, day: dt.date) -> list[BoardRow]:
    """Every entry of the day, newest first per metal, each with who entered it."""
    names = {sid: name for sid, name in session.execute(select(Staff.id, Staff.name))}
    seen: set[tuple[str, str]] = set()
    out = []
    for row in _rows(session, day):
        key = (row.metal, row.fineness)
        out.append(BoardRow(_to_day_price(row), names.get(row.created_by_id or -1, ""), row.created_at,
                            key not in seen))
        seen.add(key)
    return out


def days_with_prices(session: Session, limit: int = 30) -> list[dt.date]:
    q = select(MetalPrice.on_date).where(MetalPrice.voided_at.is_(None)).distinct() \
        .order_by(MetalPrice.on_date.desc()).limit(limit)
    return list(session.scalars(q))
