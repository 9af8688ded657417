"""The intake comparison table: record on the left, observed on the right, a status per row.

Statuses are recomputed by the core's own comparison rules on every keystroke, so the
window and `counter-app verify` always agree.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from counter_app.domain.policy import PolicyValues
from counter_app.domain.verification import (
    FIELDS,
    MATCH,
    MISMATCH,
    MISSING,
    FieldCheck,
    ItemRecord,
    Observed,
    check_fields,
    field_labels,
    optional_text,
    parse_carat,
    parse_weight,
)
from counter_app.errors import InputError
from counter_app.i18n import _

Index = QModelIndex | QPersistentModelIndex

COL_FIELD, COL_RECORD, COL_OBSERVED, COL_STATUS = range(4)
STATUS_ROLE = Qt.ItemDataRole.UserRole + 1
INVALID = "invalid"  # typed something that is not a usable number

# Fields the clerk types on the right; receipt and product come from the look-up bar.
EDITABLE = FIELDS[2:]
OBSERVED_ATTR = {
    "certificate_issuer": "cert_issuer",
    "certificate_no": "cert_no",
    "engraving": "engraving",
    "weight_g": "weight_g",
    "carat": "carat",
    "color": "color",
    "clarity": "clarity",
    "cut": "cut",
}
COLOURS = {
    MATCH: QColor("#d8f0d8"),
    MISMATCH: QColor("#f6d0d0"),
    MISSING: QColor("#ececec"),
    INVALID: QColor("#f6d0d0"),
}
MARKS = {MATCH: "✓", MISMATCH: "✗", MISSING: "—", INVALID: "!"}


def status_words() -> dict[str, str]:
    return {MATCH: _("相符"), MISMATCH: _("不符"), MISSING: _("未核对"), INVALID: _("输入有误")}


class VerificationModel(QAbstractTableModel):
    """Rows are the checked fields in `FIELDS` order."""

    observed_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._record: ItemRecord | None = None
        self._policy = PolicyValues()
        self._receipt = ""
        self._product = ""
        self._texts: dict[str, str] = {f: "" for f in EDITABLE}
        self._errors: dict[str, str] = {}
        self._checks: list[FieldCheck] = []
        self._recompute()

    # --- state --------------------------------------------------------------------------
    def set_record(self, record: ItemRecord | None, policy: PolicyValues, receipt_no: str = "",
                   product_code: str = "") -> None:
        self.beginResetModel()
        self._record = record
        self._policy = policy
        self._receipt = receipt_no
        self._product = product_code
        self._recompute()
        self.endResetModel()
        self.observed_changed.emit()

    def clear(self) -> None:
        self.beginResetModel()
        self._record = None
        self._receipt = self._product = ""
        self._texts = {f: "" for f in EDITABLE}
        self._errors = {}
        self._recompute()
        self.endResetModel()
        self.observed_changed.emit()

    @property
    def record(self) -> ItemRecord | None:
        return self._record

    def set_observed_text(self, field: str, text: str) -> None:
        row = FIELDS.index(field)
        self.setData(self.index(row, COL_OBSERVED), text)

    def observed_text(self, field: str) -> str:
        return self._texts.get(field, "")

    def observed(self) -> Observed:
        """What the clerk typed, numbers read; bad numbers count as not observed."""
        values: dict[str, Any] = {}
        for field in EDITABLE:
            values[OBSERVED_ATTR[field]] = self._value(field)
        return Observed(**values)

    def errors(self) -> dict[str, str]:
        """Field -> message for what cannot be used as typed."""
        return dict(self._errors)

    def status(self, field: str) -> str:
        if field in self._errors:
            return INVALID
        return next(c.status for c in self._checks if c.field == field)

    def checks(self) -> list[FieldCheck]:
        return list(self._checks)

    def _value(self, field: str) -> Any:
        text = self._texts.get(field, "")
        if field in self._errors:
            return None
        if field == "weight_g":
            return parse_weight(text)
        if field == "carat":
            return parse_carat(text)
        return optional_text(text)

    def _validate(self, field: str) -> None:
        self._errors.pop(field, None)
        try:
            if field == "weight_g":
                parse_weight(self._texts[field])
            elif field == "carat":
                parse_carat(self._texts[field])
        except InputError as exc:
            self._errors[field] = str(exc)

    def _recompute(self) -> None:
        self._checks = check_fields(self._record, self.observed(), self._policy, self._receipt, self._product)

    # --- Qt model -----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FIELDS)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [_("核对项目"), _("记录"), _("实物（可输入）"), _("结果")][section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == COL_OBSERVED and FIELDS[index.row()] in EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        field = FIELDS[index.row()]
        check = self._checks[index.row()]
        status = self.status(field)
        col = index.column()
        if role == STATUS_ROLE:
            return status
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == COL_FIELD:
                return field_labels()[field]
            if col == COL_RECORD:
                return check.record or ("" if role == Qt.ItemDataRole.EditRole else "—")
            if col == COL_OBSERVED:
                if field in EDITABLE:
                    return self._texts[field]
                return check.observed or ""
            if col == COL_STATUS:
                return f"{MARKS[status]} {status_words()[status]}"
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(COLOURS[status])
        if role == Qt.ItemDataRole.ToolTipRole:
            if field in self._errors:
                return self._errors[field]
            if col == COL_OBSERVED and field in ("weight_g", "carat"):
                tol = self._policy.weight_tolerance_g if field == "weight_g" else self._policy.carat_tolerance_ct
                return _("允差 ±{tol}", tol=tol)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != COL_OBSERVED:
            return False
        field = FIELDS[index.row()]
        if field not in EDITABLE:
            return False
        text = "" if value is None else str(value)
        if text == self._texts[field]:
            return True
        self._texts[field] = text
        self._validate(field)
        self._recompute()
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), 3))
        self.observed_changed.emit()
        return True

