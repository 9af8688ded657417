"""What the slip windows share: printing the slip."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ui.changes import Area
from ui.printing import output_pdf
from ui.session import UiSession


def print_slip(parent: QWidget | None, session: UiSession, number: str, size: str | None = None) -> Path | None:
    """Render (and log) the slip, then preview / print it, or save it when there is no printer."""
    actor = session.actor
    ok, printed = session.call(parent, lambda c: c.slips.print(actor, number, size), changes=[Area.SLIPS])
    if not ok:
        return None
    return output_pdf(parent, printed.pdf, printed.file_name)
