"""What the slip windows share: saving through the services and printing the slip."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from counter_app.services import slip_print
from ui import ops
from ui.printing import output_pdf
from ui.session import UiSession


def _quiet_call(fn: Callable[[], Any], db_url: str) -> tuple[bool, Any]:
    """Like `ops.call`, but the refusal comes back as text for a label in the dialog."""
    return ops.quiet_call(fn, db_url)


def write(parent: QWidget | None, session: UiSession, fn: Callable[[Session], Any], area: str = "slips",
          *, quiet: bool = False) -> tuple[bool, Any]:
    """Run `fn(session)` in one transaction; on success commit and tell the views to reload.

    `quiet`: a refusal is returned as text (for the dialog's message line) instead of a message box.
    """

    def job() -> Any:
        with session.uow.write() as s:
            out = fn(s)
            s.commit()
            return out

    ok, result = _quiet_call(job, session.ctx.url) if quiet else ops.call(parent, job, session.ctx.url)
    if ok:
        session.data_changed.emit(area)
    return ok, result


def read(parent: QWidget | None, session: UiSession, fn: Callable[[Session], Any], *,
         quiet: bool = False) -> tuple[bool, Any]:
    def job() -> Any:
        with session.uow.read() as s:
            return fn(s)

    return _quiet_call(job, session.ctx.url) if quiet else ops.call(parent, job, session.ctx.url)


def print_slip(parent: QWidget | None, session: UiSession, number: str, size: str | None = None) -> Path | None:
    """Render (and log) the slip, then preview / print it, or save it when there is no printer."""
    ok, result = write(parent, session, lambda s: slip_print.print_slip(s, session.actor, number, size))
    if not ok:
        return None
    pdf, reprint = result
    name = f"{number}-copy{reprint}.pdf" if reprint else f"{number}.pdf"
    return output_pdf(parent, pdf, name)
