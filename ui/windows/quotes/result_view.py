"""The right side of the quote page: the verdict, what blocks it, every line, the totals."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from counter_app.domain.money import format_money
from counter_app.domain.pricing import RETURN, TRADE_IN, PricingResult
from counter_app.domain.rule_texts import policy_summary
from counter_app.i18n import _
from ui.models.quote_models import LinesModel


class ResultView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.verdict = QLabel()
        self.verdict.setObjectName("quote_verdict")
        self.verdict.setStyleSheet("font-size:18px;font-weight:bold;")
        self.reasons = QLabel()
        self.reasons.setObjectName("quote_reasons")
        self.reasons.setWordWrap(True)
        self.reasons.setStyleSheet("color:#b00020;font-size:14px;")
        self.model = LinesModel()
        self.table = QTableView()
        self.table.setObjectName("quote_lines")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.totals = QLabel()
        self.totals.setObjectName("quote_totals")
        self.totals.setStyleSheet("font-size:15px;")
        self.policy = QLabel()
        self.policy.setObjectName("quote_policy")
        self.policy.setWordWrap(True)
        self.policy.setStyleSheet("color:#555;")
        layout = QVBoxLayout(self)
        for w in (self.verdict, self.reasons, self.table, self.totals, self.policy):
            layout.addWidget(w)
        layout.setStretch(2, 1)

    def show_message(self, text: str) -> None:
        """Nothing to calculate yet, or a refusal of the input itself."""
        self.verdict.setText(_("未能计算"))
        self.verdict.setStyleSheet("font-size:18px;font-weight:bold;color:#777;")
        self.reasons.setText(text)
        self.model.set_lines([])
        self.totals.clear()
        self.policy.clear()

    def show_result(self, result: PricingResult, policy_values: dict[str, Any], version: int) -> None:
        if result.allowed:
            self.verdict.setText(_("可以办理") + (f"：{result.basis}" if result.basis else ""))
            self.verdict.setStyleSheet("font-size:18px;font-weight:bold;color:#1b7f3b;")
            self.reasons.clear()
        else:
            self.verdict.setText(_("不可办理"))
            self.verdict.setStyleSheet("font-size:18px;font-weight:bold;color:#b00020;")
            self.reasons.setText("\n".join(f"✗ {r}" for r in result.reasons))
        self.model.set_lines(result.lines)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(2)
        parts: list[str] = []
        if result.kind == RETURN:
            parts.append(_("应退顾客：{v}", v=format_money(result.refund)))
        else:
            parts.append(_("旧饰品抵扣：{v}", v=format_money(result.credit)))
            parts.append(_("新品合计：{v}", v=format_money(result.new_total)))
            if result.kind == TRADE_IN and result.minimum_new_price is not None:
                parts.append(_("新品最低价格：{v}", v=format_money(result.minimum_new_price)))
            if result.to_pay >= 0:
                parts.append("<b>" + _("顾客应补差价：{v}", v=format_money(result.to_pay)) + "</b>")
            else:
                parts.append("<b>" + _("本店应付顾客：{v}", v=format_money(-result.to_pay)) + "</b>")
        self.totals.setText("<br>".join(parts))
        pol = "；".join(f"{label} {value}" for label, value in policy_summary(policy_values, result.kind))
        prices = "；".join(_("{name} 回收 {b}/克 销售 {s}/克", name=p.as_dict()["name"], b=format_money(p.buy_per_g),
                             s=format_money(p.sell_per_g)) for p in result.prices)
        self.policy.setText(_("政策版本 {v}：{pol}", v=version, pol=pol) + (f"\n{prices}" if prices else ""))
