"""Sign-in, the audit trail, backups and restore, drafts, sales import, demo data."""

from __future__ import annotations

from counter_app.services.actions import Actions


class AuthActions(Actions):
    pass


class AuditActions(Actions):
    pass


class BackupActions(Actions):
    pass


class DraftActions(Actions):
    pass


class ImportActions(Actions):
    pass


class DemoActions(Actions):
    pass
