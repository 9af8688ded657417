"""Intake: checking a piece against its receipt and certificate, in-store maintenance."""

from __future__ import annotations

from counter_app.services.actions import Actions


class IntakeActions(Actions):
    pass
