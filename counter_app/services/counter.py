"""`Counter`: the one object the windows and the commands hold, its parts the services.

Built once at start-up from the unit of work (`AppContext.counter`); every method of its parts
is one user action in one transaction (see `services.actions`).
"""

from __future__ import annotations

from counter_app.data.uow import UnitOfWork
from counter_app.services.actions.settings import PolicyActions, SlipSettingsActions, StaffActions


class Counter:
    def __init__(self, uow: UnitOfWork, url: str = "") -> None:
        self.policy = PolicyActions(uow, url)
        self.slip_settings = SlipSettingsActions(uow, url)
        self.staff = StaffActions(uow, url)
