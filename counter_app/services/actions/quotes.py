"""Quotes (return, exchange, trade-in, metal) and the day's metal price board."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from counter_app.data.models import PolicyVersion, Quote
from counter_app.domain import clock
from counter_app.domain.pricing import RETURN, TRADE_IN, DayPrice, PricingResult
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services import metal_prices, quotes
from counter_app.services.actions import Actions
from counter_app.services.context import Actor
from counter_app.services.metal_prices import BoardRow
from counter_app.services.quotes import Priced, QuoteRequest


@dataclass(frozen=True)
class QuoteView:
    """A saved quote, priced again from what it stored (inputs, policy values, metal prices)."""

    number: str
    kind: str
    status: str
    on: dt.date
    allowed: bool
    print_count: int
    intake_id: int | None
    policy_version: int
    policy_values: dict[str, Any]
    inputs: dict[str, Any]
    result: PricingResult

    def as_json(self) -> dict[str, Any]:
        """Every key of the quote's JSON, as `quote show --json` prints it."""
        return {**quotes.to_json(self.result, self.policy_values, self.policy_version, self.inputs),
                "number": self.number, "status": self.status, "print_count": self.print_count}


def _view(session: Session, row: Quote) -> QuoteView:
    version = session.get(PolicyVersion, row.policy_version_id) if row.policy_version_id else None
    return QuoteView(row.number, row.kind, row.status, row.on_date, bool(row.allowed), row.print_count or 0,
                     row.intake_id, version.version if version else 0, dict(row.policy_values),
                     dict(row.inputs), quotes.recompute(row))


@dataclass(frozen=True)
class QuoteRow:
    """One line of the recent quotes list."""

    number: str
    on: dt.date
    kind: str
    status: str
    amount: Decimal  # the refund of a return, else what the customer pays

    @classmethod
    def of(cls, row: Quote) -> QuoteRow:
        return cls(row.number, row.on_date, row.kind, row.status, row.credit if row.kind == RETURN else row.to_pay)


@dataclass(frozen=True)
class ReceiptItem:
    """A piece on a receipt, to pick its product code."""

    product_code: str
    description: str


@dataclass(frozen=True)
class PrintedStatement:
    number: str
    path: Path
    print_count: int


class QuoteActions(Actions):
    def price(self, actor: Actor, req: QuoteRequest) -> Priced:
        """Look up what the request needs and price it; nothing is stored.

        The result keeps what it read, so `quotes.reprice(result, next_request)` prices the
        next keystroke without the database while the sale, day and checks stay the same.
        """
        return self._read(lambda s: quotes.price(s, actor, req))

    def save(self, actor: Actor, req: QuoteRequest) -> QuoteView:
        """Price and store the quote with everything it used; a quote from an intake marks it."""
        return self._write(lambda s: _view(s, quotes.save(s, actor, req)))

    def show(self, number: str) -> QuoteView:
        return self._read(lambda s: _view(s, quotes.get(s, number)))

    def accept(self, actor: Actor, number: str) -> QuoteView:
        """The customer agrees to the quote."""
        return self._write(lambda s: _view(s, quotes.accept(s, actor, number)))

    def void(self, actor: Actor, number: str, reason: str) -> QuoteView:
        return self._write(lambda s: _view(s, quotes.void(s, actor, number, reason)))

    def print_statement(self, actor: Actor, number: str, out: Path) -> PrintedStatement:
        """Write the statement PDF to `out` and count the print; a file that cannot be written
        leaves the count as it was."""

        def job(s: Session) -> PrintedStatement:
            pdf = quotes.print_statement(s, actor, number)
            try:
                out.write_bytes(pdf)
            except OSError as exc:
                raise InputError(_("不能写入文件 {p}：{e}", p=out, e=exc.strerror), field="out") from None
            row = quotes.get(s, number)
            return PrintedStatement(row.number, out, row.print_count or 0)

        return self._write(job)

    def recent(self, actor: Actor, limit: int = 50) -> list[QuoteRow]:
        """The newest quotes of the actor's store (all stores for someone without one)."""
        return self._read(lambda s: [QuoteRow.of(q) for q in quotes.recent(s, actor.store_id, limit)])

    def intake_request(self, actor: Actor, intake_id: int, kind: str = TRADE_IN) -> QuoteRequest:
        """A request filled from a saved intake: the sale, what was observed and brought."""
        return self._read(lambda s: quotes.intake_request(s, intake_id, kind))

    def receipt_items(self, actor: Actor, receipt_no: str) -> list[ReceiptItem]:
        return self._read(lambda s: [ReceiptItem(it.product_code, it.description)
                                     for it in quotes.receipt_items(s, receipt_no)])


@dataclass(frozen=True)
class PriceBoard:
    """The metal prices of one day: every entry, newest first per metal, each with who entered it."""

    on: dt.date
    history: tuple[BoardRow, ...]

    @property
    def in_force(self) -> tuple[BoardRow, ...]:
        return tuple(r for r in self.history if r.in_force)

    def as_json(self) -> dict[str, Any]:
        return {"on": self.on.isoformat(), "prices": [r.as_dict() for r in self.in_force],
                "history": [r.as_dict() for r in self.history]}


class PriceActions(Actions):
    def set(self, actor: Actor, metal: str, fineness: str | None, buy: str | Decimal, sell: str | Decimal,
            on: dt.date | None = None) -> DayPrice:
        """Enter (or correct) the day's price for one metal and fineness (managers)."""

        def job(s: Session) -> DayPrice:
            row = metal_prices.set_price(s, actor, metal, fineness, buy, sell, on=on)
            return DayPrice(row.metal, row.fineness, row.on_date, row.buy_per_g, row.sell_per_g, row.id)

        return self._write(job)

    def show(self, on: dt.date | None = None) -> PriceBoard:
        """The board of `on` (today by default) with its corrections."""
        day = on or clock.today()
        return self._read(lambda s: PriceBoard(day, tuple(metal_prices.history(s, day))))

    def days(self, limit: int = 30) -> list[dt.date]:
        """The latest days that have prices on the board."""
        return self._read(lambda s: metal_prices.days_with_prices(s, limit))
