"""Customer files, the call log and follow-ups, complaints, the start page's to-do list."""

from __future__ import annotations

from counter_app.services.actions import Actions


class CustomerActions(Actions):
    pass


class CallActions(Actions):
    pass


class ComplaintActions(Actions):
    pass


class HomeActions(Actions):
    pass
