"""What the customer brought back (the four "as sold" conditions for a return)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QWidget

from counter_app.i18n import _
from counter_app.services.intake import BROUGHT_ITEMS


class BroughtPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("顾客带来的"), parent)
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout(self)
        for i, (code, label) in enumerate(BROUGHT_ITEMS):
            box = QCheckBox(_(label))
            box.setObjectName(f"brought_{code}")
            self.boxes[code] = box
            grid.addWidget(box, i // 3, i % 3)

    def brought(self) -> dict[str, bool]:
        return {code: box.isChecked() for code, box in self.boxes.items()}

    def clear(self) -> None:
        for box in self.boxes.values():
            box.setChecked(False)
