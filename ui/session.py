"""What every window needs: the open database, who is at the counter, and a refresh signal."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from counter_app.bootstrap import AppContext
from counter_app.services.context import Actor
from counter_app.services.counter import Counter
from ui import ops
from ui.changes import Area

T = TypeVar("T")


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
    def counter(self) -> Counter:
        return self.ctx.counter

    def call(self, parent: QWidget | None, fn: Callable[[Counter], T], *, changes: Iterable[Area] = (),
             quiet: bool = False) -> tuple[bool, Any]:
        """The one way a window runs a service: `fn(counter)` off the GUI thread.

        (True, result), then a notice for each area in `changes`; or (False, the refusal), shown
        in a message box, or, with `quiet`, returned as text for the dialog's message line.
        """
        def job() -> T:
            return fn(self.counter)

        ok, out = ops.quiet_call(job, self.ctx.url) if quiet else ops.call(parent, job, self.ctx.url)
        if ok:
            for area in changes:
                self.data_changed.emit(area)
        return ok, out
