"""The weekly customer archive and head office's summaries."""

from __future__ import annotations

from counter_app.services.actions import Actions


class ArchiveActions(Actions):
    pass


class SummaryActions(Actions):
    pass
