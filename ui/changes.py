"""What a saved action changed: the typed notice the pages listen to, to refresh only what is theirs."""

from __future__ import annotations

from enum import Enum


class Area(str, Enum):
    """`UiSession.data_changed` carries one of these (a str, so a page can compare with "slips")."""

    SLIPS = "slips"
    CUSTOMERS = "customers"
    CALLS = "calls"
    COMPLAINTS = "complaints"
    INTAKES = "intakes"
    QUOTES = "quotes"
    PRICES = "prices"
    POLICY = "policy"
    ARCHIVE = "archive"
    STAFF = "staff"
    SETTINGS = "settings"
    EVERYTHING = "*"  # after a restore or a change of database


def concerns(area: str, *mine: Area) -> bool:
    """Does a notice about `area` concern a page that shows `mine`?"""
    return area == Area.EVERYTHING or area in mine
