"""Re-test of a large stone, the quality report, and what the checked piece is eligible for."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.verification import Eligibility, Retest, eligibility_labels, optional_text
from counter_app.i18n import _
from ui.windows.intake.common import error_label, show_error


class RetestPanel(QGroupBox):
    """Diamond code, colour and clarity from the re-test; needed before a large stone's trade-in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("大钻复检"), parent)
        self.code = QLineEdit()
        self.code.setObjectName("retest_code")
        self.color = QLineEdit()
        self.color.setObjectName("retest_color")
        self.clarity = QLineEdit()
        self.clarity.setObjectName("retest_clarity")
        self.quality_report = QCheckBox(_("有技术质量监督部门的质量检验报告"))
        self.quality_report.setObjectName("quality_report")
        self.error = error_label()
        form = QFormLayout(self)
        row = QHBoxLayout()
        for label, edit in ((_("钻石编码"), self.code), (_("颜色"), self.color), (_("净度"), self.clarity)):
            row.addWidget(QLabel(label))
            row.addWidget(edit)
        form.addRow(row)
        form.addRow(self.quality_report)
        form.addRow(self.error)

    def retest(self) -> Retest | None:
        """None until all three are typed (and says which part is missing)."""
        parts = (self.code.text(), self.color.text(), self.clarity.text())
        filled = [optional_text(p) is not None for p in parts]
        if not any(filled):
            show_error(self.error, "")
            return None
        if not all(filled):
            show_error(self.error, _("复检须同时填写钻石编码、颜色和净度。"))
            return None
        show_error(self.error, "")
        return Retest(diamond_code=parts[0], color=parts[1], clarity=parts[2])

    def incomplete(self) -> bool:
        parts = (self.code.text(), self.color.text(), self.clarity.text())
        filled = [optional_text(p) is not None for p in parts]
        return any(filled) and not all(filled)

    def clear(self) -> None:
        for edit in (self.code, self.color, self.clarity):
            edit.clear()
        self.quality_report.setChecked(False)
        show_error(self.error, "")


class EligibilityPanel(QGroupBox):
    """One line per service: ✓ green or ✗ red, with the reason in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("可办理"), parent)
        self.lines: dict[str, QLabel] = {}
        self.state: dict[str, Eligibility] = {}
        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        for key, label in eligibility_labels().items():
            line = QLabel(f"— {label}")
            line.setObjectName(f"eligibility_{key}")
            line.setWordWrap(True)
            self.lines[key] = line
            layout.addWidget(line)
        layout.addStretch(1)

    def show_result(self, verdict: str, eligibility: dict[str, Eligibility]) -> None:
        words = {"match": _("核对结论：相符"), "mismatch": _("核对结论：不符"), "incomplete": _("核对结论：未核全")}
        colours = {"match": "#1e7b34", "mismatch": "#c0392b", "incomplete": "#7f6a00"}
        self.verdict.setText(words.get(verdict, verdict))
        self.verdict.setStyleSheet(f"font-weight:bold;color:{colours.get(verdict, '#333')};")
        self.state = dict(eligibility)
        for key, label in eligibility_labels().items():
            e = eligibility[key]
            self.lines[key].setText(f"{'✓' if e.ok else '✗'} " + _("{label}：{reason}", label=label, reason=e.reason))
            self.lines[key].setStyleSheet(f"color:{'#1e7b34' if e.ok else '#c0392b'};")

    def ok(self, key: str) -> bool:
        e = self.state.get(key)
        return bool(e and e.ok)

    def clear(self) -> None:
        self.state = {}
        self.verdict.setText("")
        for key, label in eligibility_labels().items():
            self.lines[key].setText(f"— {label}")
            self.lines[key].setStyleSheet("color:#777;")
