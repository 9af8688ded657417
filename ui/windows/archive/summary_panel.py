"""Head office's figures for a month, quarter or year: table, charts, export to PDF and XLSX."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.documents import archive_labels as L
from counter_app.documents.summary import Summary
from counter_app.domain import clock
from counter_app.domain.archive_weeks import Period, parse_period
from counter_app.i18n import _
from counter_app.services.permissions import Action
from ui.session import UiSession
from ui.widgets.charts import BarChart, LineChart

KINDS = (("month", "月度"), ("quarter", "季度"), ("year", "年度"))


class SummaryPanel(QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.summary: Summary | None = None
        self.choose_folder: Callable[[], str] = lambda: QFileDialog.getExistingDirectory(self, _("选择导出目录"))
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.kind = QComboBox()
        for code, text in KINDS:
            self.kind.addItem(_(text), code)
        self.kind.currentIndexChanged.connect(self._default_value)
        self.value = QLineEdit()
        self.value.setMaximumWidth(120)
        self.show_button = QPushButton(_("查看"))
        self.show_button.clicked.connect(self.build)
        self.export_button = QPushButton(_("导出 PDF + XLSX…"))
        self.export_button.clicked.connect(self.export)
        self.export_button.setEnabled(False)
        for w in (QLabel(_("期间：")), self.kind, self.value, self.show_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        grid = QGridLayout()
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("summary_table")
        self.table.setHorizontalHeaderLabels([_("项目"), _("数值")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setColumnWidth(0, 230)
        self.table.setMinimumWidth(400)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.line = LineChart(_("服务顾客与新开维修单"))
        self.bars = BarChart(_("投诉数量"))
        self.staff = BarChart(_("员工服务顾客与开单"))
        grid.addWidget(self.table, 0, 0, 2, 1)
        grid.addWidget(self.line, 0, 1)
        grid.addWidget(self.bars, 1, 1)
        grid.addWidget(self.staff, 2, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid, 1)
        self.files = QLabel()
        self.files.setStyleSheet("color:#555555;")
        layout.addWidget(self.files)
        self._default_value()

    def _default_value(self) -> None:
        d = clock.today()
        code = self.kind.currentData()
        self.value.setText({"month": f"{d.year}-{d.month:02d}", "quarter": f"{d.year}-Q{(d.month - 1) // 3 + 1}",
                            "year": str(d.year)}[code])

    def period(self) -> Period:
        code, text = self.kind.currentData(), self.value.text()
        return parse_period(**{code: text})

    def build(self) -> None:
        actor, code, text = self.session.actor, self.kind.currentData(), self.value.text()
        ok, result = self.session.call(self, lambda c: c.summaries.build(actor, parse_period(**{code: text})))
        if ok:
            self.show_summary(result)

    def show_summary(self, s: Summary) -> None:
        self.summary = s
        rows = L.summary_rows(s)
        rows += [(_("{kind}：已接受 / 报价", kind=L.label(L.TRADE, k)), f"{t['accepted']} / {t['quotes']}  ¥{t['to_pay']}")
                 for k, t in s.trades.items()]
        self.table.setRowCount(len(rows))
        for i, (k, v) in enumerate(rows):
            self.table.setItem(i, 0, QTableWidgetItem(k))
            self.table.setItem(i, 1, QTableWidgetItem(v))
        labels = [p.label for p in s.series]
        self.line.set_data(labels, [[p.customers for p in s.series], [p.slips for p in s.series]],
                           [_("服务顾客"), _("新开维修单")])
        self.bars.set_data(labels, [[p.complaints for p in s.series]], [_("投诉")])
        self.staff.set_data([f.name for f in s.staff], [[f.customers for f in s.staff],
                                                        [f.slips_opened for f in s.staff]], [_("服务顾客"), _("开单")])
        self.export_button.setEnabled(self.session.actor.may(Action.HEAD_OFFICE_SUMMARY))

    def export(self) -> None:
        if self.summary is None:
            return
        folder = self.choose_folder()
        if not folder:
            return
        actor, period = self.session.actor, self.summary.period
        ok, result = self.session.call(self, lambda c: c.summaries.export(actor, period, Path(folder)))
        if ok:
            self.files.setText(_("已导出：") + "\n" + "\n".join(str(p) for p in result.paths))
