"""`Counter`: the one object the windows and the commands hold, its parts the services.

Built once at start-up from the unit of work (`AppContext.counter`); every method of its parts
is one user action in one transaction (see `services.actions`).
"""

from __future__ import annotations

from counter_app.data.uow import UnitOfWork
from counter_app.services.actions.admin import (
    AuditActions,
    AuthActions,
    BackupActions,
    DemoActions,
    DraftActions,
    ImportActions,
)
from counter_app.services.actions.archive import ArchiveActions, SummaryActions
from counter_app.services.actions.customers import CallActions, ComplaintActions, CustomerActions, HomeActions
from counter_app.services.actions.intake import IntakeActions
from counter_app.services.actions.quotes import PriceActions, QuoteActions
from counter_app.services.actions.settings import (
    PolicyActions,
    PrivacyActions,
    SlipSettingsActions,
    StaffActions,
)
from counter_app.services.actions.slips import SlipActions


class Counter:
    def __init__(self, uow: UnitOfWork, url: str = "") -> None:
        self.slips = SlipActions(uow, url)
        self.customers = CustomerActions(uow, url)
        self.calls = CallActions(uow, url)
        self.complaints = ComplaintActions(uow, url)
        self.home = HomeActions(uow, url)
        self.intake = IntakeActions(uow, url)
        self.quotes = QuoteActions(uow, url)
        self.prices = PriceActions(uow, url)
        self.archive = ArchiveActions(uow, url)
        self.summaries = SummaryActions(uow, url)
        self.policy = PolicyActions(uow, url)
        self.slip_settings = SlipSettingsActions(uow, url)
        self.staff = StaffActions(uow, url)
        self.privacy = PrivacyActions(uow, url)
        self.auth = AuthActions(uow, url)
        self.audit = AuditActions(uow, url)
        self.backup = BackupActions(uow, url)
        self.drafts = DraftActions(uow, url)
        self.sales_import = ImportActions(uow, url)
        self.demo = DemoActions(uow, url)
