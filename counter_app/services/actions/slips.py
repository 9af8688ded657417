"""Repair slips: intake to pickup, factory batches, printing, lost slips, notices."""

from __future__ import annotations

from counter_app.services.actions import Actions


class SlipActions(Actions):
    pass
