"""Quotes (return, exchange, trade-in, metal) and the day's metal price board."""

from __future__ import annotations

from counter_app.services.actions import Actions


class QuoteActions(Actions):
    pass


class PriceActions(Actions):
    pass
