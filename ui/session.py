"""What every window needs: the open database, who is at the counter, and a refresh signal."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from counter_app.bootstrap import AppContext
from counter_app.data.uow import UnitOfWork
from counter_app.services.context import Actor


class UiSession(QObject):
    """Shared by the windows of one running program.

    `data_changed(area)` tells views to reload after a save ("slips", "customers", … or "*").
    `actor_changed` fires when another staff member takes over the counter.
    """

    data_changed = Signal(str)
    actor_changed = Signal()

    def __init__(self, ctx: AppContext, actor: Actor) -> None:
        super().__init__()
        self.ctx = ctx
        self._actor = actor

    @property
    def actor(self) -> Actor:
        return self._actor

    def set_actor(self, actor: Actor) -> None:
        self._actor = actor
        self.actor_changed.emit()

    @property
    def uow(self) -> UnitOfWork:
        return self.ctx.uow
