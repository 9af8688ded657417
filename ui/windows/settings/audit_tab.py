"""Settings tab "操作记录": browse, filter and export the audit trail (managers), and verify it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain import clock
from counter_app.i18n import _
from counter_app.services.actions.admin import AuditFilter
from counter_app.services.permissions import Action
from ui.session import UiSession

ACTIONS = ("", "create", "update", "void", "override", "print", "reprint", "export", "import", "sign_off",
           "reveal_phone", "merge", "restore", "sign_in", "sign_in_failed", "anonymise")
COLUMNS = ("时间", "员工", "操作", "对象", "编号", "摘要", "改前", "改后")


class AuditTab(QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.rows: list[dict[str, object]] = []
        self.shown = AuditFilter()  # what the rows on screen were asked for: an export writes the same
        self.since = QDateEdit(QDate(clock.today()).addDays(-7))
        self.until = QDateEdit(QDate(clock.today()))
        for w in (self.since, self.until):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
        self.since.setObjectName("audit_since")
        self.until.setObjectName("audit_until")
        self.action_box = QComboBox()
        self.action_box.setObjectName("audit_action")
        self.action_box.setEditable(True)
        for a in ACTIONS:
            self.action_box.addItem(a or _("全部操作"), a)
        self.text = QLineEdit()
        self.text.setObjectName("audit_text")
        self.text.setPlaceholderText(_("摘要、编号或员工姓名"))
        self.search_button = QPushButton(_("查询"))
        self.search_button.setObjectName("audit_search")
        self.search_button.clicked.connect(self.search)
        self.text.returnPressed.connect(self.search)
        self.export_button = QPushButton(_("导出…"))
        self.export_button.setObjectName("audit_export")
        self.export_button.clicked.connect(self.export)
        self.verify_button = QPushButton(_("校验完整性"))
        self.verify_button.setObjectName("audit_verify")
        self.verify_button.clicked.connect(self.verify)
        bar = QHBoxLayout()
        for label, day in ((_("从"), self.since), (_("到"), self.until)):
            bar.addWidget(QLabel(label))
            bar.addWidget(day)
        for control in (self.action_box, self.text, self.search_button, self.export_button, self.verify_button):
            bar.addWidget(control)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("audit_table")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.message = QLabel()
        self.message.setObjectName("audit_message")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        session.actor_changed.connect(self.search)
        self.search()

    def _filters(self) -> AuditFilter:
        action = self.action_box.currentData() if self.action_box.currentText() == self.action_box.itemText(
            self.action_box.currentIndex()) else self.action_box.currentText().strip()
        since: dt.date = self.since.date().toPython()  # type: ignore[assignment]
        until: dt.date = self.until.date().toPython()  # type: ignore[assignment]
        return AuditFilter(since=since, until=until, action=action or "", text=self.text.text().strip())

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color:#b00020;" if error else "")
        self.message.setText(text)

    def search(self) -> None:
        self.table.setRowCount(0)
        self.rows = []
        actor, where = self.session.actor, self._filters()
        ok, found = self.session.call(self, lambda c: c.audit.search(actor, where), quiet=True)
        if not ok:
            self._say(found, error=True)
            return
        self.rows, self.shown = found, where
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            values = [str(r["at"]).replace("T", " "), str(r["staff_name"] or "—"), str(r["action"]),
                      str(r["entity"]), str(r["entity_id"]), str(r["summary"]),
                      json.dumps(r["before"], ensure_ascii=False) if r["before"] is not None else "",
                      json.dumps(r["after"], ensure_ascii=False) if r["after"] is not None else ""]
            for j, v in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(v))
        self.table.resizeColumnToContents(0)
        self._say(_("共 {n} 条。", n=len(self.rows)))

    def export_to(self, path: Path) -> bool:
        """Write the rows asked for on screen to CSV/XLSX; the export itself is audited."""
        actor, where = self.session.actor, self.shown
        ok, made = self.session.call(self, lambda c: c.audit.export(actor, where, path), quiet=True)
        if not ok:
            self._say(made, error=True)
            return False
        self._say(_("已导出 {n} 条操作记录到 {path}", n=len(made.rows), path=made.path))
        return True

    def export(self) -> None:
        if not self.session.actor.may(Action.VIEW_AUDIT):
            self._say(_("只有店长（体验中心主任）或其代理人可以{what}。", what=_("导出操作记录")), error=True)
            return
        target, _f = QFileDialog.getSaveFileName(self, _("导出操作记录"), str(Path.home() / "audit.xlsx"),
                                                 _("Excel 文件 (*.xlsx);;CSV 文件 (*.csv)"))
        if target:
            self.export_to(Path(target))

    def verify(self) -> None:
        ok, report = self.session.call(self, lambda c: c.backup.check(), quiet=True)
        if not ok:
            self._say(report, error=True)
            return
        if report.ok:
            self._say(_("数据库与操作记录完好。"))
        else:
            self._say("\n".join(report.problems[:10]), error=True)


def create_tab(session: UiSession) -> QWidget:
    return AuditTab(session)
