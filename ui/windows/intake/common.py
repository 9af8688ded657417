"""Small pieces the intake parts share."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


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
