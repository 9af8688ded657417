"""A line edit for yuan: accepts full-width digits, ¥ and commas; shows ¥1,234.50 when left."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from counter_app.domain.money import format_money, parse_decimal, parse_money


class MoneyEdit(QLineEdit):
    """`value()` is a Decimal rounded to the fen, None when empty; never a float.

    `valueChanged` fires on every keystroke with the value read so far (None when empty or
    not a number), so a calculation can follow the clerk's typing.
    """

    valueChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None, placeholder: str = "¥0.00") -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.textChanged.connect(self._on_text)
        self.editingFinished.connect(self._reformat)

    def is_valid(self) -> bool:
        try:
            parse_decimal(self.text())
        except (ValueError, TypeError):
            return False
        return True

    def value(self) -> Decimal | None:
        """The amount typed, or None when empty; raises ValueError for something not a number."""
        return parse_money(self.text())

    def safe_value(self) -> Decimal | None:
        try:
            return self.value()
        except (ValueError, TypeError):
            return None

    def setValue(self, value: Decimal | None) -> None:
        self.setText("" if value is None else format_money(value))

    def _on_text(self, _text: str) -> None:
        ok = self.is_valid()
        self.setStyleSheet("" if ok else "QLineEdit{background:#fde8e8;}")
        self.valueChanged.emit(self.safe_value())

    def _reformat(self) -> None:
        value = self.safe_value()
        if value is not None and self.text() != format_money(value):
            self.blockSignals(True)
            self.setText(format_money(value))
            self.blockSignals(False)
