"""Small pieces the intake parts share."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QLabel, QWidget

from counter_app.errors import InputError

T = TypeVar("T")


def error_label(parent: QWidget | None = None) -> QLabel:
    """The red message shown next to a field that cannot be used as typed."""
    label = QLabel(parent)
    label.setStyleSheet("color:#c0392b;")
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


def input_refusal(fn: Callable[[], T]) -> T | InputError:
    """`fn()`, or the `InputError` it raised, returned: the form shows it beside the field it names
    instead of in a message box."""
    try:
        return fn()
    except InputError as exc:
        return exc
